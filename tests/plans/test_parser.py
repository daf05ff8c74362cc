"""Tests for the work-plan parser."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from fazhi.core.documents import DocumentError
from fazhi.plans.parser import (
    ParsedPlan,
    PlanParseError,
    parse_plan_document,
    parse_plan_text,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
PLAN_SEED = "003_9e5357c15ea7cd89"
REPORT_SEED = "000_101de63acc3adf00"


def _seed(name: str) -> str:
    path = SEEDS / f"{name}.txt"
    if not path.exists():
        pytest.skip("seed files (shared/seeds) are not available")
    return path.read_text(encoding="utf-8")


def _gold(name: str) -> dict:
    path = SEEDS / "gold" / f"{name}.json"
    if not path.exists():
        pytest.skip("gold files (shared/seeds/gold) are not available")
    return json.loads(path.read_text(encoding="utf-8"))


def _check_against_gold(plan: ParsedPlan, gold: dict) -> None:
    assert plan.sections == gold["sections"]
    assert len(plan.tasks) == len(gold["tasks"]) == 22
    for task, want in zip(plan.tasks, gold["tasks"], strict=True):
        assert task.number == want["number"]
        assert task.section == want["section"]
        assert task.lead_units == want["lead_units"], task.number
        assert task.responsible_units == want["responsible_units"], task.number
        assert task.text.startswith(want["text_start"]), task.number


# --- the real plan ------------------------------------------------------------


def test_seed_plan_matches_gold() -> None:
    plan = parse_plan_text(_seed(PLAN_SEED))
    gold = _gold(PLAN_SEED)
    _check_against_gold(plan, gold)
    assert plan.problems == []
    assert plan.year == gold["year"] == 2022
    assert plan.region == gold["region"] == "莘县"
    assert plan.title == "莘县 2022 年法治政府建设工作计划"


def test_seed_details() -> None:
    plan = parse_plan_text(_seed(PLAN_SEED))
    first = plan.tasks[0]
    assert first.line == 27
    assert first.text.endswith("组织开展系列法治宣传教育活动。")
    assert "〔" not in first.text and "牵头单位" not in first.text
    # a task wrapped over a blank line is joined back without a gap
    assert "做好承接落实市级行政权力工作" in plan.tasks[5].text
    # the unit block wrapped in the middle of a name ("县政府各部\n\n门")
    assert plan.tasks[1].responsible_units[0] == "县政府各部门"
    names = plan.unit_names()
    assert names[:3] == ["县政府办公室", "县司法局", "县教育体育局"]
    assert len(names) == len(set(names))
    assert "县政府办公室（县大数据局）" in names
    data = plan.to_dict()
    assert set(data) == {"sections", "tasks"}
    assert set(data["tasks"][0]) == {"number", "section", "text", "lead_units", "responsible_units"}
    json.dumps(data, ensure_ascii=False)


def test_seed_as_docx_gives_the_same_result() -> None:
    import docx

    text = _seed(PLAN_SEED)
    doc = docx.Document()
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or line == "---":
            continue
        if line.startswith("#"):
            doc.add_heading(line.lstrip("#").strip(), level=2)
        else:
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    from_docx = parse_plan_document(buf.getvalue(), "计划.docx")
    from_txt = parse_plan_text(text)
    _check_against_gold(from_docx, _gold(PLAN_SEED))
    assert from_docx.to_dict() == from_txt.to_dict()
    assert (from_docx.title, from_docx.year, from_docx.region) == ("莘县 2022 年法治政府建设工作计划", 2022, "莘县")


def test_seed_wrapped_like_pdf_output() -> None:
    """Short lines, page numbers, form feeds and a running header, as pdfminer gives them."""
    out: list[str] = []
    page = 1
    for raw in _seed(PLAN_SEED).split("\n"):
        line = raw.strip().lstrip("#").strip()
        if not line or line == "---":
            continue
        for k in range(0, len(line), 27):
            out.append(line[k : k + 27])
            if len(out) % 30 == 0:
                out += ["", f"- {page} -", "\f莘县2022年法治政府建设工作计划"]
                page += 1
        out.append("")
    plan = parse_plan_text("\n".join(out))
    _check_against_gold(plan, _gold(PLAN_SEED))
    assert all("莘县2022年法治政府建设工作计划" not in t.text for t in plan.tasks)


def test_seed_as_government_web_page() -> None:
    import html

    paras = "".join(
        f"<p>{html.escape(ln.strip().lstrip('#').strip())}</p>\n"
        for ln in _seed(PLAN_SEED).split("\n")
        if ln.strip() and ln.strip() != "---"
    )
    page = (
        '<html><head><meta charset="gbk"><title>莘县2022年法治政府建设工作计划_莘县人民政府</title>'
        '</head><body><div class="nav"><a href="/">首页</a><a href="/">1. 政策文件</a></div>'
        '<div class="main"><div class="left"><ul><li><a href="/a">通知公告</a></li>'
        '<li><a href="/b">政策解读</a></li></ul></div><div class="right">'
        "<h1>关于印发莘县2022年法治政府建设工作计划的通知</h1>"
        '<div class="info">发布日期：2022-04-12 浏览次数：100</div>'
        f'<div class="TRS_Editor">{paras}</div></div></div>'
        '<div class="bottom">主办：莘县人民政府办公室 鲁ICP备05000000号</div></body></html>'
    )
    plan = parse_plan_document(page.encode("gb18030"), "plan.html")
    _check_against_gold(plan, _gold(PLAN_SEED))
    assert (plan.year, plan.region) == (2022, "莘县")


def test_seed_as_gbk_txt_upload() -> None:
    text = _seed(PLAN_SEED)
    plan = parse_plan_document(text.encode("gb18030"), "plan.TXT")
    assert plan.to_dict() == parse_plan_text(text).to_dict()


def test_annual_report_is_not_a_plan() -> None:
    with pytest.raises(PlanParseError, match="未能识别为法治政府建设工作计划"):
        parse_plan_text(_seed(REPORT_SEED))


# --- layout variants -----------------------------------------------------------------

SIMPLE = """某某县2023年法治政府建设工作要点

为推进依法行政，制定本要点。

{h1}一、加强党的领导

1. 学习贯彻习近平法治思想。〔牵头单位：县司法局；责任单位：各镇人民政府〕

{h2}二、规范行政执法

2. 推行行政执法三项制度。〔牵头单位：县司法局、县公安局；责任单位：县政府各部门〕
"""


@pytest.mark.parametrize(("h1", "h2"), [("", ""), ("# ", "### "), ("#", "##")])
def test_markdown_headings(h1: str, h2: str) -> None:
    plan = parse_plan_text(SIMPLE.format(h1=h1, h2=h2))
    assert plan.sections == ["一、加强党的领导", "二、规范行政执法"]
    assert [t.section for t in plan.tasks] == plan.sections
    assert plan.tasks[1].lead_units == ["县司法局", "县公安局"]
    assert (plan.year, plan.region) == (2023, "某某县")


def test_heading_split_over_two_lines() -> None:
    text = (
        "## 一、持续推进学习宣传贯彻\n\n习近平法治思想\n\n"
        "1. 推动学习走深走实。〔牵头单位：县司法局；责任单位：县政府各部门〕\n"
        "二、压实第一责任人\n职责\n"
        "2. 制定年度计划。〔责任单位：县政府各部门〕\n"
    )
    plan = parse_plan_text(text)
    assert plan.sections == ["一、持续推进学习宣传贯彻习近平法治思想", "二、压实第一责任人职责"]
    assert plan.tasks[0].text == "推动学习走深走实。"
    assert plan.tasks[1].section == "二、压实第一责任人职责"


def test_large_section_numbers() -> None:
    text = "十一、推进数字政府\n11. 建设平台。〔责任单位：县大数据局〕\n二十一、其他\n12. 做好工作。〔责任单位：县司法局〕\n"
    with pytest.raises(PlanParseError, match="缺少第 1"):
        parse_plan_text(text)
    text = text.replace("11. ", "1. ").replace("12. ", "2. ")
    assert parse_plan_text(text).sections == ["十一、推进数字政府", "二十一、其他"]


def test_bracket_variants() -> None:
    text = "\n".join(
        [
            "一、各种单位栏",
            # ] closer, half-width separators and colons
            "1. 任务一。[牵头单位:县司法局,县公安局;责任单位:县政府各部门]",
            # 【】 with full-width colon
            "2．任务二。【牵头单位：县政府办公室（县大数据局）；责任单位：各镇人民政府（街道办事处）、县直各部门】",
            # no 牵头单位, （ ） brackets
            "3、任务三。（责任单位：县政府各部门，各镇人民政府（街道办事处））",
            # no closer before the next task, units separated by ；
            "4. 任务四。〔牵头单位：县司法局；责任单位：县信访局；县公安局",
            "5. 任务五。(牵头单位：县应急局)",
            # missing closer at the end of the last task
            "6. 任务六。〔牵头单位：县司法局；责任单位：县直有关部门，各镇人民政府",
        ]
    )
    plan = parse_plan_text(text)
    got = [(t.number, t.text, t.lead_units, t.responsible_units) for t in plan.tasks]
    assert got == [
        (1, "任务一。", ["县司法局", "县公安局"], ["县政府各部门"]),
        (2, "任务二。", ["县政府办公室（县大数据局）"], ["各镇人民政府（街道办事处）", "县直各部门"]),
        (3, "任务三。", [], ["县政府各部门", "各镇人民政府（街道办事处）"]),
        (4, "任务四。", ["县司法局"], ["县信访局", "县公安局"]),
        (5, "任务五。", ["县应急局"], []),
        (6, "任务六。", ["县司法局"], ["县直有关部门", "各镇人民政府"]),
    ]


def test_labels_on_their_own_lines_and_full_width_digits() -> None:
    text = "\n".join(
        [
            "一、甲",
            "１．任务一。",
            "牵头单位：县司法局",
            "责任单位：各镇人民政府（街道办事处）、县直各部门",
            "2. 任务二。〔牵头单位：县司法局；责任单位：",
            "县政府各部门〕完成时限：2022年底前。",
        ]
    )
    plan = parse_plan_text(text)
    got = [(t.number, t.text, t.lead_units, t.responsible_units) for t in plan.tasks]
    assert got == [
        (1, "任务一。", ["县司法局"], ["各镇人民政府（街道办事处）", "县直各部门"]),
        (2, "任务二。完成时限：2022年底前。", ["县司法局"], ["县政府各部门"]),
    ]


def test_parenthesised_task_numbers_and_subsections() -> None:
    text = "\n".join(
        [
            "二、主要任务",
            "（一）加强组织领导",
            "（1）健全工作机制。〔牵头单位：县司法局〕",
            "（二）推进依法行政",
            "（2）完善决策程序。〔牵头单位：县政府办公室〕",
            "三、保障措施",
            "各单位要高度重视，确保各项任务落到实处。",
        ]
    )
    plan = parse_plan_text(text)
    assert plan.sections == ["二、主要任务"]
    assert [(t.number, t.section) for t in plan.tasks] == [(1, "二、主要任务"), (2, "二、主要任务")]
    assert plan.tasks[1].text == "完善决策程序。"


def test_subsections_used_when_there_are_no_top_level_headings() -> None:
    text = "（一）加强组织领导\n1. 健全机制。〔牵头单位：县司法局〕\n（二）推进依法行政\n2. 完善程序。〔牵头单位：县政府办公室〕\n"
    plan = parse_plan_text(text)
    assert plan.sections == ["（一）加强组织领导", "（二）推进依法行政"]


def test_numbering_restarting_in_each_section() -> None:
    """Some counties number the tasks of each section from 1: read as written."""
    text = "一、甲\n1. 任务。〔责任单位：甲局〕\n2. 任务。〔责任单位：乙局〕\n二、乙\n1. 任务。〔责任单位：丙局〕\n"
    plan = parse_plan_text(text)
    assert [(t.number, t.section) for t in plan.tasks] == [(1, "一、甲"), (2, "一、甲"), (1, "二、乙")]


def test_restarting_numbering_still_checks_each_section() -> None:
    text = ("一、甲\n1. 任务。〔责任单位：甲局〕\n2. 任务。〔责任单位：乙局〕\n"
            "二、乙\n1. 任务。〔责任单位：丙局〕\n3. 任务。〔责任单位：丁局〕\n")
    with pytest.raises(PlanParseError, match="缺少第 2 项") as exc:
        parse_plan_text(text)
    assert [p.line for p in exc.value.problems] == [6]


def test_wrapped_text_with_page_breaks_and_page_numbers() -> None:
    text = "\n".join(
        [
            "某某县2024年法治政府建设工作计划",
            "一、深化行政审批制度改革",
            "1. 深化“放管服”改革。进一步深化行政审批制度改革，做好承接落",
            "",
            "- 3 -",
            "\f",
            "实市级行政权力工作，提升审批效率1.5倍，落实“1、2、3”",
            "3、4 等工作。〔牵头单位：县行政审批局、县市场监",
            "— 4 —",
            "\f管局；责任单位：县政府有关部",
            "",
            "第 5 页",
            "门，各镇人民政府（街道办事处）〕",
            "2. 推进政务公开。〔牵头单位：县政府办公室；责任单位：县政府各部门〕",
            "",
            "",
            "抄送：县委有关部门，县人大常委会办公室。",
            "3. 附件里的编号不是任务。",
        ]
    )
    plan = parse_plan_text(text)
    first = plan.tasks[0]
    assert first.text == (
        "深化“放管服”改革。进一步深化行政审批制度改革，做好承接落实市级行政权力工作，"
        "提升审批效率1.5倍，落实“1、2、3”3、4 等工作。"
    )
    assert first.lead_units == ["县行政审批局", "县市场监管局"]
    assert first.responsible_units == ["县政府有关部门", "各镇人民政府（街道办事处）"]
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.title == "某某县2024年法治政府建设工作计划"


def test_heading_like_lines_inside_a_task() -> None:
    text = "\n".join(
        [
            "一、完善制度",
            "1. 完善工作机制，制定并印发",
            "一、二季度工作安排，明确各责任单位分工（责任单位负责落实）：",
            "（一）建立台账；",
            "（二）定期调度。〔牵头单位：县司法局；责任单位：各责任单位〕",
            "二、强化监督",
            "2. 开展督察。〔牵头单位：县司法局〕",
        ]
    )
    plan = parse_plan_text(text)
    assert plan.sections == ["一、完善制度", "二、强化监督"]
    first = plan.tasks[0]
    assert first.text == (
        "完善工作机制，制定并印发一、二季度工作安排，明确各责任单位分工（责任单位负责落实）："
        "（一）建立台账；（二）定期调度。"
    )
    assert (first.lead_units, first.responsible_units) == (["县司法局"], ["各责任单位"])


def test_heading_shaped_wrap_keeps_its_continuation() -> None:
    text = "一、甲\n1. 做好\n一、二季度工作\n安排并落实\n到位。〔牵头单位：县司法局〕\n"
    plan = parse_plan_text(text)
    assert plan.tasks[0].text == "做好一、二季度工作安排并落实到位。"


def test_windows_line_endings_keep_line_numbers() -> None:
    text = "一、甲\r\n\r\n1. 任务。〔责任单位：甲局〕\r\n2. 任务。\r\n"
    with pytest.raises(PlanParseError) as exc:
        parse_plan_text(text)
    assert [p.line for p in exc.value.problems] == [4]


def test_title_year_and_region_variants() -> None:
    body = "\n一、甲\n1. 任务。〔责任单位：甲局〕\n"
    plan = parse_plan_text("2023年聊城市东昌府区法治政府建设工作要点" + body)
    assert (plan.year, plan.region) == (2023, "聊城市东昌府区")
    plan = parse_plan_text("关于印发《某某县二〇二一年法治政府建设工作计划》的通知" + body)
    assert plan.title == "某某县二〇二一年法治政府建设工作计划"
    assert (plan.year, plan.region) == (2021, "某某县")
    plan = parse_plan_text(body)
    assert (plan.title, plan.year, plan.region) == (None, None, None)


# --- files that are not (entirely) plans ----------------------------------------------------


def test_empty_file() -> None:
    with pytest.raises(DocumentError, match="文件为空"):
        parse_plan_document(b"", "plan.txt")
    with pytest.raises(PlanParseError, match="文件为空"):
        parse_plan_text(" \n\u3000\n")


def test_binary_file() -> None:
    with pytest.raises(DocumentError):
        parse_plan_document(bytes(range(256)) * 16, "plan.txt")
    with pytest.raises(DocumentError):
        parse_plan_document(b"\x89PNG\r\n\x1a\n" + bytes(200), "plan.docx")


def test_plain_prose_is_not_a_plan() -> None:
    with pytest.raises(PlanParseError, match="未能识别"):
        parse_plan_text("一、基本情况\n1. 全年办理行政复议案件91件。\n2. 出庭应诉率100%。\n")


def test_task_missing_its_unit_block_names_the_line() -> None:
    lines = _seed(PLAN_SEED).split("\n")
    line_no = next(i for i, ln in enumerate(lines, 1) if ln.startswith("7. "))
    lines[line_no - 1] = lines[line_no - 1].split("〔")[0]
    with pytest.raises(PlanParseError) as exc:
        parse_plan_text("\n".join(lines))
    assert [p.line for p in exc.value.problems] == [line_no]
    assert f"第{line_no}行" in str(exc.value)
    assert "第 7 项任务没有找到单位栏" in str(exc.value)
    # the partial result is there for the caller to show, but nothing was returned to save
    assert exc.value.plan is not None and len(exc.value.plan.tasks) == 22


def test_number_gap_is_reported() -> None:
    text = _seed(PLAN_SEED).replace("\n9. 加强行政规范性文件", "\n10. 加强行政规范性文件")
    with pytest.raises(PlanParseError, match="缺少第 9 项") as exc:
        parse_plan_text(text)
    lines = text.split("\n")
    assert exc.value.problems[0].line == lines.index(next(ln for ln in lines if "10. 加强行政规范性文件" in ln)) + 1
    # the later 10 is now a duplicate
    assert any("重复" in p.message for p in exc.value.problems)


def test_stray_fragment_between_tasks_is_reported() -> None:
    text = (
        "一、甲\n1. 任务一。〔责任单位：甲局〕\n这是一段不属于任何任务的文字\n"
        "2. 任务二。〔责任单位：乙局〕\n\n莘县人民政府办公室\n2022年4月12日\n"
    )
    with pytest.raises(PlanParseError, match="第3行") as exc:
        parse_plan_text(text)
    assert [p.line for p in exc.value.problems] == [3]


def test_unnumbered_task_with_units_is_reported() -> None:
    text = "一、甲\n1. 任务一。〔责任单位：甲局〕\n任务二。〔责任单位：乙局〕\n2. 任务三。〔责任单位：丙局〕\n"
    with pytest.raises(PlanParseError) as exc:
        parse_plan_text(text)
    assert [p.line for p in exc.value.problems] == [3]


def test_section_introductions_and_conclusions_are_not_tasks() -> None:
    """Prose right after a heading (or closing a section) is not a lost task."""
    text = ("某县2024年法治政府建设工作计划\n一、总体要求\n以新时代法治思想为指导，全面推进依法行政。\n"
            "二、重点任务\n（一）加强领导\n1. 健全机制。〔牵头单位：县司法局〕\n"
            "（二）依法行政\n各部门要严格依法行政，做到以下几点。\n2. 规范执法。〔牵头单位：县司法局〕\n"
            "三、保障措施\n各单位要高度重视，确保任务落实。\n")
    plan = parse_plan_text(text)
    assert [t.number for t in plan.tasks] == [1, 2]
    assert plan.sections == ["二、重点任务"]


def test_text_between_two_tasks_is_still_a_problem() -> None:
    text = ("一、甲\n1. 任务。〔责任单位：甲局〕\n这里有一段读不懂的话。\n"
            "2. 任务。〔责任单位：乙局〕\n")
    with pytest.raises(PlanParseError) as exc:
        parse_plan_text(text)
    assert [p.line for p in exc.value.problems] == [3]
