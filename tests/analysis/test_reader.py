from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fazhi.analysis.reader import MAX_CHARS, analyze_document, analyze_path, analyze_paths
from fazhi.core.documents import Document

REPORT = (
    "某某县2023年度法治政府建设情况的报告\n"
    "一、主要举措和成效\n2023年接收行政复议申请91件,受理73件。开展庭审观摩32次。\n"
    "二、存在的不足\n不足。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
    "四、2024年工作安排\n继续努力。\n"
    "某某县人民政府\n2024年3月1日\n"
)


def is_chinese(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def test_analyze_document_shape() -> None:
    r = analyze_document(Document(text=REPORT, kind="txt", encoding="utf-8", title=None), "a.txt")
    d = r.to_dict()
    for key in ("file", "region", "year", "sections", "facts", "checks"):
        assert key in d
    assert d["file"] == "a.txt" and d["region"] == "某某县" and d["year"] == 2023
    assert d["date"] == "2024-03-01" and d["issuer"] == "某某县人民政府"
    assert set(d["sections"]) == {
        "measures_and_results",
        "shortcomings",
        "first_responsible_duty",
        "next_year_plan",
    }
    for f in d["facts"]:
        assert REPORT[f["start"] : f["end"]] == f["quote"]
    json.dumps(d, ensure_ascii=False)


def test_gbk_file_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(REPORT.encode("gbk"))
    r = analyze_path(p)
    assert r.error is None
    assert [f.value for f in r.facts] == [91, 73, 32]
    for f in r.facts:
        assert r.text[f.start : f.end] == f.quote


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", b"   \n\n "),
        ("binary.txt", bytes(range(256)) * 40),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("broken.pdf", b"%PDF-1.4 garbage"),
        ("report.xyz", b"something"),
    ],
)
def test_unreadable_files_give_chinese_errors(tmp_path: Path, name: str, data: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    r = analyze_path(p)
    assert r.error and is_chinese(r.error)
    assert r.to_dict() == {"file": str(p), "error": r.error}


def test_missing_file(tmp_path: Path) -> None:
    r = analyze_path(tmp_path / "nope.txt")
    assert r.error and is_chinese(r.error)


def test_huge_file(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    chunk = "开展庭审观摩32次，覆盖国家机关工作人员960余人次。\n".encode()
    p.write_bytes(chunk * (10 * 1024 * 1024 // len(chunk) + 1))
    assert p.stat().st_size >= 10 * 1024 * 1024
    r = analyze_path(p)
    assert r.error and is_chinese(r.error)
    assert str(MAX_CHARS // 10000) in r.error


def test_text_without_figures(tmp_path: Path) -> None:
    p = tmp_path / "plain.txt"
    p.write_text("这是一段没有任何数字的文字。", encoding="utf-8")
    r = analyze_path(p)
    assert r.error is None and r.facts == []
    assert {c.kind for c in r.checks} == {"missing_section"}


def test_paths_keep_order_and_continue_after_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    results = analyze_paths([bad, good])
    assert [r.file for r in results] == [str(bad), str(good)]
    assert results[0].error and results[1].error is None


def run(*args: str) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("analyze", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue()


def test_command_json(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    code, out = run(str(good), str(bad), str(good), "--json")
    assert code == 1
    data = json.loads(out)
    assert [d["file"] for d in data] == [str(good), str(bad), str(good)]
    assert data[0]["region"] == "某某县" and data[0]["facts"]
    assert set(data[1]) == {"file", "error"}
    fact = data[0]["facts"][0]
    assert set(fact) == {"phrase", "value", "unit", "approx", "code", "confidence", "start", "end", "quote"}


def test_command_summary(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    code, out = run(str(good))
    assert code == 0
    assert "地区：某某县" in out and "年度：2023" in out
    assert "接收行政复议申请：91件" in out
    assert "RECON_RECEIVED" in out


def test_docx_and_html_reports(tmp_path: Path) -> None:
    import docx

    lines = REPORT.strip().split("\n")
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(tmp_path / "r.docx")
    body = "".join(f"<p>{line}</p>" for line in lines)
    (tmp_path / "r.html").write_text(
        f"<html><head><meta charset='utf-8'></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    for name in ("r.docx", "r.html"):
        r = analyze_path(tmp_path / name)
        assert r.error is None, r.error
        assert r.region == "某某县" and r.year == 2023
        assert [(f.value, f.code) for f in r.facts] == [
            (91, "RECON_RECEIVED"),
            (73, "RECON_ACCEPTED"),
            (32, "COURT_OBSERVATION_SESSIONS"),
        ]
        assert all(r.text[f.start : f.end] == f.quote for f in r.facts)
        assert all(r.sections.values())
