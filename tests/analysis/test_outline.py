from __future__ import annotations

from datetime import date

from fazhi.analysis.outline import analyse_outline, find_headings

REPORT = """中共某某县委 某某县人民政府
关于2023年度某某县法治政府建设情况的报告

中共某某市委、某某市人民政府：

现将有关情况报告如下：

一、2023年法治政府建设主要举措和成效
（一）加强统筹协调。召开委员会议2次。
1.深入推进改革。
（1）召开联席会议3次。
①完善制度。
二、存在的问题和不足
一是法治意识有待提高。
三、县政府主要负责人履行推进法治建设第一责任人职责情况
召开常务会议研究法治工作5次。
四、2024年推进法治政府建设主要安排
持续强化统筹领导。

中共某某县委
某某县人民政府
2024年3月8日
"""


def test_headings_levels() -> None:
    hs = find_headings(REPORT)
    got = [(h.level, h.marker, h.title) for h in hs]
    assert (1, "一、", "2023年法治政府建设主要举措和成效") in got
    assert (2, "（一）", "加强统筹协调") in got
    assert (3, "1.", "深入推进改革") in got
    assert (4, "（1）", "召开联席会议3次") in got
    assert (5, "①", "完善制度") in got
    for h in hs:
        assert REPORT[h.start : h.end].strip().endswith(REPORT[h.start : h.end].strip()[-1])


def test_markdown_headings() -> None:
    hs = find_headings("# 某某县2023年法治政府建设情况报告\n\n## 一、主要成效\n\n正文。\n")
    assert [(h.level, h.marker, h.title) for h in hs] == [
        (1, "#", "某某县2023年法治政府建设情况报告"),
        (1, "一、", "主要成效"),
    ]


def test_region_year_issuer_date_and_parts() -> None:
    o = analyse_outline(REPORT)
    assert o.region == "某某县"
    assert o.year == 2023
    assert o.issuer == "中共某某县委、某某县人民政府"
    assert o.date == date(2024, 3, 8)
    assert REPORT[o.date_span[0] : o.date_span[1]] == "2024年3月8日"
    assert o.sections == {
        "measures_and_results": True,
        "shortcomings": True,
        "first_responsible_duty": True,
        "next_year_plan": True,
    }


def test_duty_reported_by_a_passage() -> None:
    text = (
        "某某县2023年法治政府建设情况报告\n"
        "一、主要工作开展情况\n"
        "（一）加强组织领导。县长认真履行推进法治建设第一责任人职责，亲自部署重要工作。\n"
        "二、存在的问题\n不足。\n三、下一步工作打算\n继续努力。\n"
    )
    o = analyse_outline(text)
    assert all(o.sections.values())


def test_duty_only_promised_or_cited_is_not_reported() -> None:
    text = (
        "某某县2023年法治政府建设情况报告\n"
        "一、主要工作开展情况\n按照《党政主要负责人履行推进法治建设第一责任人职责规定》开展工作。\n"
        "二、存在的问题\n不足。\n"
        "三、下一步工作打算\n严格履行推进法治政府建设第一责任人职责。\n"
    )
    o = analyse_outline(text)
    assert o.sections["first_responsible_duty"] is False
    assert (
        o.sections["next_year_plan"]
        and o.sections["shortcomings"]
        and o.sections["measures_and_results"]
    )


def test_web_page_metadata() -> None:
    text = (
        "当前位置: 首页 > 政务公开 > 法治政府建设报告\n"
        "某某县2023年度法治政府建设情况的报告\n时间: 2024-04-19 09:52\n"
        "发布机构\n\n某某县司法局\n\n发文日期\n\n2024-04-19\n\n正文。\n"
    )
    o = analyse_outline(text)
    assert o.title == "某某县2023年度法治政府建设情况的报告"
    assert o.region == "某某县" and o.year == 2023
    assert o.date == date(2024, 4, 19)
    assert o.issuer == "某某县司法局"


def test_chinese_date_signature() -> None:
    o = analyse_outline(
        "某某区2023年法治政府建设情况报告\n正文。\n某某区人民政府\n二〇二四年三月二十日\n"
    )
    assert o.date == date(2024, 3, 20)
    assert o.issuer == "某某区人民政府"
    assert o.region == "某某区"


def test_seed_reports(seeds) -> None:
    import json

    for gold_path in sorted((seeds / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("kind") != "annual_report":
            continue
        o = analyse_outline((seeds / gold["doc"]).read_text(encoding="utf-8"))
        assert o.region == gold["region"]
        assert o.year == gold["year"]
        assert o.sections == gold["sections"]
        assert o.issuer


def _report(*headings: str) -> str:
    body = "".join(
        f"{h}\n（一）某项工作。全年开展活动5次。\n（二）另一项工作。办理案件3件。\n"
        for h in headings
    )
    return "某某县2023年法治政府建设情况的报告\n2023年，某某县扎实推进法治政府建设。\n" + body


def test_topical_headings_that_tackle_problems_are_not_the_shortcomings_part() -> None:
    o = analyse_outline(
        _report(
            "一、坚持问题导向，深化放管服改革",
            "二、聚焦工作重点，强化执法监督",
            "三、补齐基层短板，着力解决群众急难愁盼问题",
        )
    )
    assert o.sections["measures_and_results"]
    assert not o.sections["shortcomings"] and not o.sections["next_year_plan"]


def test_other_wordings_of_the_required_parts() -> None:
    o = analyse_outline(
        _report("一、2023年工作开展情况", "二、需要改进的地方", "三、2024年工作展望")
    )
    assert o.sections["shortcomings"] and o.sections["next_year_plan"]
    o = analyse_outline(_report("一、主要成效", "二、存在的短板弱项", "三、今后工作方向"))
    assert o.sections["shortcomings"] and o.sections["next_year_plan"]


def test_region_after_a_year_or_a_document_number() -> None:
    text = "2022年某山区法治政府建设情况报告\n2022年，某山区扎实推进依法行政。\n"
    assert analyse_outline(text).region == "某山区"
    text = "某政发〔2024〕3号某河县2023年度法治政府建设情况报告\n某河县全年办理案件5件。\n"
    o = analyse_outline(text)
    assert o.region == "某河县" and o.year == 2023


def test_region_from_prose_when_there_is_no_title_line() -> None:
    text = (
        "2023年，青石县坚持以习近平法治思想为指导，按照市委部署推进依法治县。\n"
        "一、主要举措和成效\n全县办理案件5件，我县示范县创建有序推进。\n"
    )
    assert analyse_outline(text).region == "青石县"
    # nothing that names a region: none rather than a guess
    text = "2023年，我县按照市委部署推进依法治县，全县办理案件5件。\n"
    assert analyse_outline(text).region is None


def test_web_page_label_is_not_part_of_the_title() -> None:
    text = "名称:某河区2024年法治政府建设工作报告\n发布日期:2025-02-28\n正文。\n"
    assert analyse_outline(text).title == "某河区2024年法治政府建设工作报告"


def test_towns_and_streets_are_regions_with_their_county() -> None:
    from fazhi.analysis.reader import analyze_text

    r = analyze_text("鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告\n"
                     "一、基本情况\n街道聘请法律顾问。")
    assert (r.region, r.county) == ("金龙街道", "鲤城区")
    r = analyze_text("澧浦镇2023年度法治政府建设工作报告\n一、主要举措\n今年组织审查13次。")
    assert (r.region, r.county) == ("澧浦镇", None)
    # named in the opening sentence only
    r = analyze_text("一、主要举措\n今年以来,白楼乡开展法治宣传活动6场。白楼乡获评先进。")
    assert r.region == "白楼乡"
    # a county report keeps its county, and lists of towns are not the reporter
    r = analyze_text("某某县2023年度法治政府建设情况的报告\n一、主要举措\n"
                     "指导甲镇、乙镇等3个镇开展审查。")
    assert (r.region, r.county) == ("某某县", None)
    assert analyze_text("一、主要举措\n全镇备案率达100%。").region is None
