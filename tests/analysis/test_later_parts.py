"""Later parts of a report: plan-part figures, issuer and region taken from prose."""

from __future__ import annotations

from fazhi.analysis.facts import extract_facts
from fazhi.analysis.outline import find_issuer, find_region
from fazhi.analysis.reader import analyze_text

PLAN_REPORT = (
    "甲乙县2024年法治政府建设情况报告\n"
    "一、主要举措和成效\n全年办理行政复议案件35件，行政复议纠错率为12%。\n"
    "二、存在的问题\n基层执法力量仍然薄弱。\n"
    "三、2025年工作打算\n力争行政复议纠错率达到15%，组织执法培训6次。\n"
)


def test_plan_part_figures_are_kept_but_not_coded() -> None:
    r = analyze_text(PLAN_REPORT, "a.txt")
    assert r.sections["next_year_plan"]
    plan_start = PLAN_REPORT.index("三、")
    plan = [f for f in r.facts if f.start >= plan_start]
    done = [f for f in r.facts if f.start < plan_start]
    assert {f.value for f in plan} == {15, 6}
    assert all(f.code is None for f in plan)
    assert any(f.code for f in done)


def test_issuer_not_taken_from_a_sentence_citing_decisions() -> None:
    text = (
        "丙丁区2023年度法治政府建设情况报告\n\n"
        "一、区长履行推进法治建设第一责任人职责情况\n\n"
        "认真执行省委和省政府关于法治政府建设的工作要求，年内听取法治建设情况报告两次。\n"
    )
    assert find_issuer(text, "丙丁区2023年度法治政府建设情况报告", None) is None


def test_issuer_from_title_line_still_found() -> None:
    text = "中共戊己县委戊己县人民政府关于2023年度法治政府建设情况的报告\n正文。\n"
    assert find_issuer(text, None, None) == "中共戊己县委、戊己县人民政府"


def test_region_in_prose_does_not_start_with_a_verb() -> None:
    text = (
        "一、主要举措和成效\n"
        "全年组织干部学法8次。完成庚辛市干部在线学法任务，40名干部全部通过考试。\n"
    )
    assert find_region(text, None) != "完成庚辛市"


def test_counted_matters_phrase_drops_among() -> None:
    facts = extract_facts("全县1200项依申请事项中，1100项实现网上办理。")
    assert facts[0].phrase.endswith("依申请事项")
    assert facts[0].value == 1200
