"""The region of a report by the full names of China's divisions
(``fazhi.analysis.gazetteer``), and what a town's report changes in coding
(``TOWN_COUNTERPARTS``), on texts of our own making."""

from __future__ import annotations

from fazhi.analysis.gazetteer import gazetteer
from fazhi.analysis.outline import find_region
from fazhi.analysis.reader import analyze_text


def test_a_name_is_read_whole_not_cut_to_three_characters() -> None:
    text = "2023年，哈尔滨市坚持依法行政，全市办理行政复议案件120件。哈尔滨市司法局组织培训。"
    assert find_region(text, None) == "哈尔滨市"
    text = "石嘴山市发挥政府法律顾问作用\n今年以来，石嘴山市政府聘请法律顾问12名。"
    assert find_region(text, None) == "石嘴山市"


def test_a_county_is_taken_before_the_city_or_province_that_qualifies_it() -> None:
    assert find_region("重庆市石柱土家族自治县2021年政府信息公开工作年度报告\n全县主动公开信息。\n重庆市级部门。", None) == "石柱土家族自治县"
    assert find_region("2019年，江苏省海门市人民法院受理各类案件16572件。", None) == "海门市"
    # a city's own report lists its counties once each: the city stays
    text = "宁波市2022年法治政府建设情况\n宁波市坚持依法行政。象山县、宁海县建成示范点。宁波市各部门……"
    assert find_region(text, None) == "宁波市"


def test_a_two_character_county_needs_a_boundary() -> None:
    gz = gazetteer()
    assert "和县" not in gz.mentions("建立市和县两级联动机制。")
    assert gz.mentions("山东省冠县人民法院推进诉源治理。")["冠县"] == 1
    assert find_region("为促进社会治理，山东省冠县人民法院主动融入大格局。冠县法院……", None) == "冠县"


def test_a_town_named_after_its_county_is_the_region_of_its_own_report() -> None:
    text = "今年以来，泾县琴溪镇多措并举开展人民调解。琴溪镇调委会调解纠纷56件。"
    assert find_region(text, None) == "琴溪镇"
    # a county's report that names one of its towns stays the county's
    text = "2020年，定安县司法局推广枫桥经验。如4月3日，定安县新竹镇叶某因鱼塘排水与邻居发生纠纷。"
    assert find_region(text, None) == "定安县"


def test_a_longer_name_the_gazetteer_does_not_know_is_kept() -> None:
    # (东山阳县 is made up; 山阳县 is real)
    text = "东山阳县2023年度法治政府建设情况的报告\n一、主要举措\n东山阳县人民政府\n"
    assert find_region(text, None) == "东山阳县"


def _codes(text: str) -> list[str | None]:
    return [f.code for f in analyze_text(text, "x.txt").facts]


def test_a_towns_own_reviews_are_the_towns() -> None:
    report = "金龙街道2024年法治政府建设情况报告\n一、主要举措和成效\n{}\n"
    # the street's own 合法性审查 of contracts; its legal counsel's work stays the counsel's
    assert _codes(report.format("全年审核合同5份，开展重大行政决策合法性审查13次。街道法律顾问审查法律文书32份。")) == [
        "TOWN_LEGALITY_REVIEWS",
        "TOWN_LEGALITY_REVIEWS",
        "LEGAL_COUNSEL_MATTERS",
    ]


def test_an_excerpt_naming_no_region_is_a_towns_when_it_speaks_as_one() -> None:
    # (no name of a place: the excerpt's own words say whose report it is)
    town = "一、主要举措和成效\n2024年，街道坚持问题导向，街道党工委专题研究法治建设。全年审核合同5份。\n"
    assert analyze_text(town, "x.txt").region is None
    assert _codes(town) == ["TOWN_LEGALITY_REVIEWS"]
    county = "一、主要举措和成效\n2024年，县委坚持问题导向，全县推进法治建设，镇党委配合。全年审核合同5份。\n"
    assert _codes(county) == ["LEGAL_COUNSEL_MATTERS"]


def test_a_county_report_counts_town_reviews_only_where_it_names_the_towns() -> None:
    report = "东阿县2024年法治政府建设情况报告\n一、主要举措和成效\n{}\n"
    assert _codes(report.format("全年合法性审查事项总量120件。")) == [None]
    assert _codes(report.format("全县镇街合法性审查事项总量120件。")) == ["TOWN_LEGALITY_REVIEWS"]


def test_an_opening_paragraph_ending_in_a_colon_still_names_the_region() -> None:
    # "……报告如下：" ends the opening paragraph, not an addressee line (县人民政府：)
    text = (
        "2025年，横岗街道坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下：\n"
        "一、主要举措和成效\n全年开展法治宣传活动20场。\n"
    )
    assert find_region(text, None) == "横岗街道"
