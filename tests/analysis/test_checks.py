from __future__ import annotations

from datetime import date

from fazhi.analysis.reader import ReportAnalysis, analyze_text

FULL = (
    "某某县2023年度法治政府建设情况的报告\n"
    "一、2023年主要举措和成效\n{body}\n"
    "二、存在的不足\n不足。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
    "四、2024年工作安排\n继续努力。\n"
    "某某县人民政府\n{date}\n"
)


def report(body: str, when: str = "2024年3月1日") -> ReportAnalysis:
    return analyze_text(FULL.format(body=body, date=when), "r.txt")


def kinds(r: ReportAnalysis) -> list[str]:
    return [c.kind for c in r.checks]


def sentence(r: ReportAnalysis, kind: str) -> str:
    c = next(c for c in r.checks if c.kind == kind)
    assert c.start is not None and c.end is not None
    return r.text[c.start : c.end]


def test_clean_report_has_no_checks() -> None:
    r = report(
        "接收行政复议申请91件,受理73件,不予受理6件。全县共建调委会 122 个，其中乡镇调委会 9 个、村调委会 113 个。"
    )
    assert r.checks == []


def test_rate_above_100() -> None:
    r = report("审计查出问题388条，整改到位率952%。信访总量同比增长120%。")
    assert kinds(r) == ["rate_over_100"]
    assert "952%" in sentence(r, "rate_over_100")


def test_part_larger_than_whole() -> None:
    r = report("2023年接收行政复议申请91件,受理98件,不予受理6件。")
    assert "part_exceeds_whole" in kinds(r)
    assert "受理98件" in sentence(r, "part_exceeds_whole")
    assert "parts_do_not_add_up" in kinds(r)  # 98 + 6 > 91


def test_parts_not_adding_up() -> None:
    r = report(
        "全县共建各类调委会 122 个，其中行业调委会 5 个、乡镇人民调委会 9 个、村人民调委会 100 个。"
    )
    assert kinds(r) == ["parts_do_not_add_up"]
    c = r.checks[0]
    assert "114" in c.message and "122" in c.message


def test_missing_part() -> None:
    text = "某某县2023年度法治政府建设情况的报告\n一、主要工作开展情况\n开展庭审观摩32次。\n二、存在的问题\n不足。\n"
    r = analyze_text(text, "r.txt")
    missing = [c for c in r.checks if c.kind == "missing_section"]
    assert len(missing) == 2
    assert any("第一责任人" in c.message for c in missing)
    assert any("下一年度" in c.message for c in missing)


def test_late_publication() -> None:
    assert "late_publication" not in kinds(report("开展庭审观摩32次。", "2024年4月1日"))
    r = report("开展庭审观摩32次。", "2024年4月15日")
    assert kinds(r) == ["late_publication"]
    assert sentence(r, "late_publication") == "2024年4月15日"
    assert r.date == date(2024, 4, 15)


def test_contradiction_and_jump_across_reports() -> None:
    a = report("开展庭审观摩32次。接收行政复议申请91件。")
    b = analyze_text(
        FULL.format(body="开展庭审观摩35次。", date="2024年3月2日"), "b.txt", others=[a]
    )
    assert kinds(b) == ["contradiction"]
    assert "r.txt" in b.checks[0].message
    assert "庭审观摩35次" in sentence(b, "contradiction")
    previous = analyze_text(
        FULL.format(body="接收行政复议申请3件。", date="2023年3月2日")
        .replace("2023年度", "2022年度")
        .replace("2024年工作安排", "2023年工作安排"),
        "prev.txt",
    )
    assert previous.year == 2022
    c = analyze_text(
        FULL.format(body="接收行政复议申请91件。", date="2024年3月2日"), "c.txt", others=[previous]
    )
    assert kinds(c) == ["implausible_jump"]
    other_region = analyze_text(
        FULL.format(body="开展庭审观摩35次。", date="2024年3月2日").replace("某某县", "另一县"),
        "d.txt",
        others=[a],
    )
    assert other_region.region == "另一县" and other_region.checks == []


def test_breakdown_ends_where_its_list_ends() -> None:
    r = report("受理行政诉讼案件38件，其中一审案件35件、二审案件3件，败诉4件，败诉率10.5%。")
    assert r.checks == []
    r = report("全年共收到依申请公开14件(其中信件申请10件,网络申请4件),已办结12件。")
    assert r.checks == []
    r = report("全年共收到依申请公开14件(其中信件申请10件,网络申请5件),已办结12件。")
    assert kinds(r) == ["parts_do_not_add_up"]


def test_money_compared_across_units() -> None:
    a = report("核减工程价款1.2亿元。")
    b = analyze_text(
        FULL.format(body="核减工程价款12000万元。", date="2024年3月2日"), "b.txt", others=[a]
    )
    assert b.checks == []


def test_a_part_stated_only_in_the_closing_sentences_is_found_but_weak() -> None:
    text = (
        "某某县2023年度法治政府建设情况的报告\n"
        "一、主要举措和成效\n2023年受理行政复议申请73件。开展庭审观摩32次。\n"
        "二、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
        "同时也要看到，我县法治政府建设仍存在一些短板，基层执法力量不足。"
        "下一步，我县将继续深化法治政府建设。\n"
        "某某县人民政府\n2024年3月1日\n"
    )
    r = analyze_text(text, "r.txt")
    assert r.sections["shortcomings"] and r.sections["next_year_plan"]
    weak = [c for c in r.checks if c.kind == "weak_section"]
    assert len(weak) == 2 and "存在的不足" in weak[0].message + weak[1].message
    assert all(text[c.start : c.end].strip() for c in weak)
    assert not [c for c in r.checks if c.kind == "missing_section"]
    # a report that has no such sentence still misses the parts
    bare = text.replace("同时也要看到，我县法治政府建设仍存在一些短板，基层执法力量不足。", "") \
        .replace("下一步，我县将继续深化法治政府建设。", "")
    missing = {c.message for c in analyze_text(bare, "r.txt").checks if c.kind == "missing_section"}
    assert any("存在的不足" in m for m in missing) and any("下一年度" in m for m in missing)
