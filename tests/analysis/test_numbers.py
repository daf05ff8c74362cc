from __future__ import annotations

import pytest

from fazhi.analysis.numbers import find_quantities, parse_chinese, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("三十五", 35),
        ("一百零三", 103),
        ("二百", 200),
        ("两千零五", 2005),
        ("一万二千", 12000),
        ("十二万", 120000),
        ("三亿", 300_000_000),
        ("二〇二三", None),
        ("八五", None),
        ("十四五", None),
    ],
)
def test_parse_chinese(text: str, value: int | None) -> None:
    assert parse_chinese(text) == value


def test_parse_number() -> None:
    assert parse_number("1,234") == 1234
    assert parse_number("1.2万") == 12000
    assert parse_number("１２") == 12
    assert parse_number("三十五") == 35


def one(text: str) -> tuple[float, str, bool, str]:
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    q = qs[0]
    return q.value, q.unit, q.approx, text[q.start : q.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两次", (2, "次", False, "两次")),
        ("十余个", (10, "个", True, "十余个")),
        ("三十五人", (35, "人", False, "三十五人")),
        ("8万余份", (80000, "份", True, "8万余份")),
        ("1.2万人次", (12000, "人次", False, "1.2万人次")),
        ("一百零三件", (103, "件", False, "一百零三件")),
        ("324万余元", (324, "万元", True, "324万余元")),
        ("6500 多万元", (6500, "万元", True, "6500 多万元")),
        ("260余万元", (260, "万元", True, "260余万元")),
        ("1.5亿元", (1.5, "亿元", False, "1.5亿元")),
        ("98%以上", (98, "%", True, "98%以上")),
        ("百分之九十五", (95, "%", False, "百分之九十五")),
        ("近300家", (300, "家", True, "近300家")),
        ("约 200 人", (200, "人", True, "约 200 人")),
        ("超过50场", (50, "场", True, "超过50场")),
        ("1,234件", (1234, "件", False, "1,234件")),
        ("１２件", (12, "件", False, "１２件")),
        ("连续54个月", (54, "个月", False, "54个月")),
    ],
)
def test_quantities(text: str, expected: tuple[float, str, bool, str]) -> None:
    assert one(text) == expected


def test_words_are_not_numbers() -> None:
    for text in ("千方百计", "万家灯火", "二〇二三年", "八五普法", "十四五规划", "项目建设"):
        assert find_quantities(text) == [], text


def test_a_bare_magnitude_after_an_approximation_is_a_number() -> None:
    # 近千人, 近百万件, 超万人; 近千万元 counts in 万元 like 三十万元
    got = [(q.value, q.unit, q.approx) for t in ("惠及师生近千人", "解答咨询近百万件", "服务超万人",
                                                  "投入资金近千万元", "千方百计服务万家")
           for q in find_quantities(t)]
    assert got == [(1000, "人", True), (1_000_000, "件", True), (10_000, "人", True),
                   (1000, "万元", True)]


def test_save_is_not_about() -> None:
    # 节约 is "save", not 约 "about".
    assert one("节约40万元")[2] is False


def test_visit_and_case_measure_words() -> None:
    got = [
        (q.value, q.unit)
        for q in find_quantities("检查企业86项次，出动车辆32台次，办理案件9例，共2例如下")
    ]
    assert got == [(86, "项次"), (32, "台次"), (9, "例")]
