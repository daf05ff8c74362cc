from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.analysis import facts as facts_module
from fazhi.analysis import numbers
from fazhi.analysis.facts import extract_facts
from fazhi.analysis.learned import shipped_coder


def figures(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.unit) for f in extract_facts(text)]


def test_list_sharing_one_subject() -> None:
    text = "2023年接收行政复议申请91件,受理73件,不予受理6件,纠错3件,化解33件。"
    facts = extract_facts(text)
    assert [(f.value, f.unit) for f in facts] == [
        (91, "件"),
        (73, "件"),
        (6, "件"),
        (3, "件"),
        (33, "件"),
    ]
    assert [f.code for f in facts] == [
        "RECON_RECEIVED",
        "RECON_ACCEPTED",
        "RECON_REJECTED",
        "RECON_CORRECTED",
        "RECON_MEDIATED",
    ]
    # the shared subject is carried into each phrase
    assert all("行政复议" in f.phrase for f in facts)
    assert facts[1].phrase.endswith("受理") and facts[4].phrase.endswith("化解")


def test_enumeration_with_dunhao() -> None:
    text = "办理了市人大代表建议2件、市政协委员提案1件、县人大代表建议113件、县政协委员提案255件,答复率100%。"
    facts = extract_facts(text)
    assert [f.value for f in facts] == [2, 1, 113, 255, 100]
    assert [f.code for f in facts[:4]] == ["SUGGESTIONS_HANDLED"] * 4
    assert facts[4].code == "SUGGESTIONS_REPLY_RATE"


def test_spans_are_clauses_of_the_text() -> None:
    text = "一、主要成效\n\n全县共建各类调委会 122 个，其中行业协调委会 5 个、乡镇人民调委会 9 个。\n开展庭审观摩32次"
    for f in extract_facts(text):
        assert f.quote == text[f.start : f.end]
        assert "\n" not in f.quote and len(f.quote) <= 80
        assert f.start <= f.num_start < f.num_end <= f.end


def test_dates_document_numbers_ordinals_and_names_are_not_figures() -> None:
    text = (
        "印发《关于推进合法性审查的意见》（东法委办〔2023〕10号），2024年1月30日召开会议。"
        "联合纪委开展第十五届县委第五轮巡察，深入学习党的二十大精神，推进“八五”普法规划，"
        "落实行政执法三项制度，执法人数位居全市第三，发布2023年第20期简报，"
        "值班人员24小时值班制度，索引号11371525004442025C/2024-45323361，"
        "“两代表一委员”监督员，共印 10 份。完成第二、三批示范项目评审，第4至6批另行安排，经二次办理后答复。"
    )
    assert figures(text) == []


def test_a_reference_to_an_attachment_keeps_the_paragraphs_figures() -> None:
    text = "全年主动公开政府信息1200条（详见附件2），受理依申请公开36件。\n附件：1. 2023年统计表（共3页）"
    assert figures(text) == [(1200, "条"), (36, "件")]


def test_chinese_numeral_figures() -> None:
    assert figures("连续两年荣获表彰。") == [(2, "年")]
    assert figures("涉及农业农村、文化旅游、交通运输等三个领域。") == [(3, "个")]
    assert figures("建成十余个调解室，培训一百零三人。") == [(10, "个"), (103, "人")]


def test_approx_and_wan() -> None:
    facts = extract_facts("发放宣传材料8万余份，解答群众咨询6500余人次，覆盖1.2万人次。")
    assert [(f.value, f.unit, f.approx) for f in facts] == [
        (80000, "份", True),
        (6500, "人次", True),
        (12000, "人次", False),
    ]


def test_rates_and_money_are_coded() -> None:
    facts = extract_facts(
        "行政机关负责人出庭应诉率100%。审计促进增收节支和挽回经济损失7530.02万元。"
    )
    assert [(f.value, f.unit, f.code) for f in facts] == [
        (100, "%", "HEAD_APPEARANCE_RATE"),
        (7530.02, "万元", "AUDIT_FINANCIAL_EFFECT"),
    ]


def test_uncatalogued_figure_has_no_code() -> None:
    facts = extract_facts("通过“免申即享”领取实体印章22320枚。")
    assert [(f.value, f.unit, f.code) for f in facts] == [(22320, "枚", None)]


def test_to_dict_shape() -> None:
    f = extract_facts("开展庭审观摩32次。")[0]
    d = f.to_dict()
    assert set(d) == {"phrase", "value", "unit", "approx", "code", "confidence", "start", "end", "quote"}
    assert d["value"] == 32 and isinstance(d["value"], int)


def test_time_frames_and_slogans_are_not_figures() -> None:
    text = "五年来，全县推进“三个一批”工作，3个月内完成整改，国家发改委等六部委予以肯定。"
    assert figures(text) == []


def test_change_takes_the_subject_before_it() -> None:
    facts = extract_facts("全县信访总量同比下降26.51%。行政处罚137.07万宗,同比下降35.98%。")
    assert facts[0].code == "PETITION_VOLUME_YOY"
    assert facts[2].phrase == "行政处罚同比下降"
    assert facts[2].code is None  # a fall in penalties is not a fall in petitions


def test_breakdown_in_brackets() -> None:
    facts = extract_facts("全年共收到依申请公开14件(其中信件申请10件,网络申请4件),已办结12件。")
    assert [f.value for f in facts] == [14, 10, 4, 12]
    assert facts[0].code == "DISCLOSURE_REQUESTS"
    assert facts[1].phrase == "信件申请"
    # "已办结" leans on the request count, not on the last item in brackets
    assert facts[3].subject_of == 0


def test_a_breakdown_list_keeps_the_totals_code_past_its_reach() -> None:
    # the last items are more than 60 characters from the total: they lean on
    # the item before them; the sentence after the list is not part of it
    facts = extract_facts(
        "全县共受理行政复议案件236件，其中涉及公安领域的45件，自然资源领域的38件，市场监管领域的27件，"
        "人力资源社会保障领域的21件，住房城乡建设领域的19件，交通运输领域的12件。另有信访事项12件。"
    )
    assert [f.value for f in facts] == [236, 45, 38, 27, 21, 19, 12, 12]
    assert facts[0].code == "RECON_ACCEPTED"
    assert facts[6].code == "RECON_ACCEPTED"
    assert facts[6].confidence < facts[0].confidence
    assert facts[7].code != "RECON_ACCEPTED"


def test_a_breakdown_reaches_past_a_comparison_to_its_total() -> None:
    # 比上年的824件增加438件 compares; the 其中 list breaks down the 1262
    facts = extract_facts(
        "全市共收到行政复议申请1262件，比上年的824件增加438件。其中，甲区412件，乙区385件。"
    )
    assert [f.code for f in facts] == ["RECON_RECEIVED", None, None] + ["RECON_RECEIVED"] * 2


def test_ji_opens_a_breakdown_as_qizhong_does() -> None:
    facts = extract_facts("全市共收到行政复议申请1262件，即甲区412件、乙区385件、丙区465件。")
    assert [f.code for f in facts] == ["RECON_RECEIVED"] * 4


def test_a_total_followed_by_zhong_is_broken_down() -> None:
    # "……151件中，" opens a breakdown as 其中 does
    facts = extract_facts("全县新受理行政复议案件151件中，县政府部门140件，乡镇政府11件。")
    assert [f.code for f in facts] == ["RECON_ACCEPTED"] * 3
    assert facts[1].confidence < facts[0].confidence


def test_law_study_needs_the_law_in_its_sentence() -> None:
    # the same 学习 counted as 学法 only where the sentence names the law (a
    # 常务会议's 集体学法 is its 会前学法: bench/corpus/README, seventh batch)
    assert [f.code for f in extract_facts("县政府常务会议开展集体学法12次。")] == [
        "EXEC_MEETING_LAW_LECTURES"
    ]
    assert [f.code for f in extract_facts("全年组织“第一议题”专题学习45场，机关各支部理论学习60余次。")] == [
        None,
        None,
    ]


def test_a_shut_gate_leaves_the_figure_uncoded_rather_than_coded_otherwise() -> None:
    # no 罚 or 没收 in sight: not a fine, and not the next best code either
    assert [f.code for f in extract_facts("累计已交金额共计120万元。")] == [None]
    assert [f.code for f in extract_facts("已缴纳金额共计120万元。")] == [None]
    assert [f.code for f in extract_facts("没收违法所得金额共计120万元。")] == ["FINES_COLLECTED"]
    assert [f.code for f in extract_facts("全年收缴罚没款250万元。")] == ["FINES_COLLECTED"]


def test_disclosure_on_request_is_not_proactive_disclosure() -> None:
    # 依申请 narrows: never counted as 主动公开, whether or not it is coded otherwise
    for text in ("依申请公开信息223条。", "通过网站依申请公开信息40条。"):
        assert [f.code for f in extract_facts(text)] != ["PROACTIVE_DISCLOSURE_ITEMS"], text
    assert [f.code for f in extract_facts("全年主动公开政府信息3021条。")] == [
        "PROACTIVE_DISCLOSURE_ITEMS"
    ]


def test_people_trained_are_not_the_count_of_what_they_are() -> None:
    # 培训 narrows: mediators who attend a training are trainees, not the mediators' number
    assert [f.code for f in extract_facts("共有180多名人民调解员参加了培训班。")] != ["MEDIATORS"]
    assert [f.code for f in extract_facts("全县共有人民调解员1460人。")] == ["MEDIATORS"]


def test_pre_litigation_narrows_the_whole_sentence() -> None:
    # 诉前 names the channel of the sentence: its successes are 诉前 successes
    court = extract_facts("全县法院诉前调解民商事纠纷3200件，调解成功1860件。")
    assert court[1].code == "PRE_LITIGATION_RESOLVED"
    people = extract_facts("全县人民调解组织调解纠纷3200件，调解成功3100件。")
    assert [f.code for f in people] == ["DISPUTES_MEDIATED"] * 2


def test_political_slogans_are_not_figures() -> None:
    text = "坚决做到两个维护，深刻领会两个确立，落实八项规定精神，开展五个一工程，推进“三个一批”。"
    assert figures(text) == []
    assert figures("建成三个调解室，召开两次会议，聘请三名律师。") == [
        (3, "个"),
        (2, "次"),
        (3, "名"),
    ]


def test_bare_figures_of_an_enumeration_count_what_the_first_counts() -> None:
    facts = extract_facts("2021年至2023年，全市行政复议纠错率分别为12.5%、10.3%和9.8%，办结12件、8件。")
    assert [f.code for f in facts[:3]] == ["RECON_CORRECTION_RATE"] * 3
    assert facts[0].confidence > facts[1].confidence > facts[2].confidence  # each a step further
    assert facts[3].unit == "件" and facts[3].code != "RECON_CORRECTION_RATE"  # another unit


def test_the_old_time_limit_of_a_shortening_is_a_figure() -> None:
    text = "审批时限由20个工作日压缩至5个工作日，从30天缩短到7天，由3天内办结。"
    assert figures(text) == [(20, "个工作日"), (5, "个工作日"), (30, "天"), (7, "天")]


def test_numbered_sessions_after_jie_are_ordinals() -> None:
    text = "认真落实市委九届四次全会和县委十四届二次全会部署，区委十二届3次全体会议作出安排，全年召开常务会议8次。"
    assert figures(text) == [(8, "次")]
    # … also with the body between 届 and the session; 届时 is "then", not a 届.
    text = "办理县第十七届人大二次会议代表建议88件、县政协十届三次全体会议委员提案61件，届时召开两次会议。"
    assert figures(text) == [(88, "件"), (61, "件"), (2, "次")]


def test_ranges_are_a_value_with_low_and_high() -> None:
    got = [(f.value, f.high, f.unit) for f in extract_facts(
        "每个镇配备3至5个调解室，审批压缩至3—5天，每次安排1-2部法规，每村培养3个到5个法律明白人。")]
    assert got == [(3, 5, "个"), (3, 5, "天"), (1, 2, "部"), (3, 5, "个")]
    f = extract_facts("每个社区配备二至三名调解员。")[0]
    assert (f.value, f.high) == (2, 3) and f.to_dict()["high"] == 3
    # not ranges: a period before a figure, a plan's years, an identifier
    assert [(f.value, f.high) for f in extract_facts("今年1-6月新收案件96件。")] == [(96, None)]
    assert extract_facts("《规划(2021—2025年)》。") == []
    assert "high" not in extract_facts("受理73件。")[0].to_dict()


_PIECES = [*"0123456789０１.,，、。；：！ \u3000-—*#（）“”", *"一二三四五六七八九十百千万亿两零",
           "个", "件", "人", "次", "项", "万元", "元", "%", "个百分点", "个工作日", "以上", "左右",
           "余", "多", "来", "约", "近", "超过", "百分之", "受理", "案件", "其中", "\n", "年", "项目", "条例"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_a_clause_without_its_quantities_as_a_scan_of_the_clause_would_find(text: str) -> None:
    # (extract_facts takes a clause's quantities from those of the whole text)
    t = numbers.normalise_digits(text)
    every = numbers.find_quantities(t)
    starts = [q.num_start for q in every]
    for sent in facts_module._segments(t, 0, len(t), facts_module._SENTENCE_DELIMS):
        for c in facts_module._segments(t, sent.start, sent.end, facts_module._CLAUSE_DELIMS):
            # (a clause, and its pieces between 、, as lists of figures are split)
            cuts = [c.start - 1, *(i for i in range(c.start, c.end) if t[i] == "、"), c.end]
            for lo, hi in [(c.start - 1, c.end), *zip(cuts, cuts[1:], strict=False)]:
                cs, ce = facts_module._trim(t, lo + 1, hi)
                assert numbers.clause_without_quantities(t, cs, ce, every, starts) == (
                    numbers.without_quantities(t[cs:ce])
                )


def test_figures_coded_in_small_batches_are_those_coded_at_once(monkeypatch) -> None:  # noqa: ANN001
    text = "全年收到行政复议申请91件，受理73件，不予受理6件。组织培训12期、参训1256人次，办结率98.5%。"
    at_once = [f.to_dict() for f in extract_facts(text)]
    monkeypatch.setattr(facts_module, "_BATCH", 2)
    assert [f.to_dict() for f in extract_facts(text)] == at_once
    monkeypatch.setattr(facts_module, "_BATCH_CHARS", 0)
    assert [f.to_dict() for f in extract_facts(text)] == at_once


def test_a_target_or_a_standard_per_unit_counts_nothing() -> None:
    # the annotation rules: targets, floors and standards per unit stay uncoded
    for text in (
        "每个行政村至少培养2名法律明白人。",
        "各单位每季度集体学法不少于1次。",
        "每个村（居）委会有1个人民调解委员会。",
    ):
        assert [f.code for f in extract_facts(text)] == [None], text
    # 每年 states a year's total, not a standard
    assert [f.code for f in extract_facts("全县人民调解组织每年调解纠纷3200件。")] == [
        "DISPUTES_MEDIATED"
    ]
    assert [f.code for f in extract_facts("全县共培养法律明白人2100名。")] == [
        "LEGAL_LITERATE_PERSONS"
    ]


def test_an_outcome_outside_the_catalogue_takes_no_code_from_its_total() -> None:
    # 胜诉 and 未审结 are no stage any indicator counts, even in a breakdown
    got = extract_facts("办理行政应诉案件42件，其中审结30件，胜诉12件，未审结12件。")
    assert [f.code for f in got][0] == "LITIGATION_CASES"
    assert [f.code for f in got][2:] == [None, None]


def test_a_sentence_pointing_back_breaks_down_the_total_before_it() -> None:
    text = (
        "县人大常委会交由县政府办理的建议共81件，均已全部办复。"
        "在这些建议中，涉及水务方面的有19件，交通方面的有14件。"
    )
    assert [f.code for f in extract_facts(text)] == ["SUGGESTIONS_HANDLED"] * 3


def test_an_item_named_as_a_category_counts_what_its_total_counts() -> None:
    # 行政处罚类 is a kind of the reconsideration cases, not a penalty decision
    got = extract_facts("全年受理行政复议案件34件，其中行政处罚类17件，行政强制类1件。")
    assert [f.code for f in got] == ["RECON_ACCEPTED"] * 3


def test_the_people_a_training_reached_are_its_participants() -> None:
    got = extract_facts("组织干部职工开展法治培训10场次，覆盖500余人次。")
    assert [f.code for f in got] == ["LAW_TRAINING_SESSIONS", "ENFORCEMENT_TRAINING_PARTICIPANTS"]
    # the people a publicity event reached are no trainees
    got = extract_facts("开展普法宣传活动20场，覆盖群众5000余人次。")
    assert got[1].code != "ENFORCEMENT_TRAINING_PARTICIPANTS"


def test_trainees_count_only_when_their_training_is_about_law() -> None:
    # the gate opens only by the law named in the figure's own sentence, not
    # in the sentence before (依法行政 is a sentence gate)
    coder = shipped_coder()
    before = "组织领导干部参加法治大讲堂学习5期，培训学员320余人次。"
    for sentence, open_ in (
        ("举办学习贯彻党的二十大精神专题轮训班2期，培训学员514人", False),
        ("举办行政执法人员培训班3期，培训学员514人", True),
    ):
        context = sentence.removesuffix("514人")
        gates = coder.admissible("人", "培训学员", "培训学员", "", "", context, before + sentence)
        assert ("ENFORCEMENT_TRAINING_PARTICIPANTS" in gates) is open_, sentence


def test_the_session_family_is_told_apart_by_who_meets() -> None:
    # (the annotation rules: 宣讲 is publicity, a 中心组's study is 学法, a
    # 常务会's study its 会前学法, a 培训 a training; a joint count stays as coded)
    codes = [f.code for f in extract_facts(
        "全年开展习近平法治思想宣讲75场次。县委理论学习中心组开展法治专题培训3期。"
        "县政府常务会议会前学法12次。举办行政执法人员法治培训6期。"
    )]
    assert codes == [
        "PUBLICITY_EVENTS",
        "LAW_STUDY_SESSIONS",
        "EXEC_MEETING_LAW_LECTURES",
        "LAW_TRAINING_SESSIONS",
    ]


def test_a_law_lecture_is_a_training_for_officials_and_publicity_for_the_public() -> None:
    # (annotation rules, sixth batch: 领导干部法治讲座 → LAW_TRAINING_SESSIONS; the
    # activity register counts 法治讲座、培训 the same way; the catalogue no longer
    # vouches for 举办法治讲座 as publicity, which only its audience makes it:
    # 面向群众、学校的法制讲座与法制课 → PUBLICITY_EVENTS)
    got = extract_facts("抓实领导干部学法，全年举办法治讲座3场。")
    assert [f.code for f in got] == ["LAW_TRAINING_SESSIONS"]
    got = extract_facts("深入社区开展普法宣传，为群众举办法治讲座15场。")
    assert [f.code for f in got] == ["PUBLICITY_EVENTS"]


def test_a_courts_own_caseload_is_not_the_governments_litigation() -> None:
    # (LITIGATION_CASES counts the cases the government is sued in)
    court = "县人民法院发布行政审判白皮书。2025年，该院共受理各类行政诉讼案件69件，结案61件。"
    assert [f.code for f in extract_facts(court)] == [None, None]
    # the government a party, though the sentence before names the court
    ours = "督促各单位履行法院生效判决。全年司法局代理县政府作为当事人的行政诉讼案件40件。"
    assert [f.code for f in extract_facts(ours)] == ["LITIGATION_CASES"]


def test_suggestions_received_are_suggestions_handled() -> None:
    # (SUGGESTIONS_HANDLED counts what the government system handles, from the
    # moment it receives them: the catalogue coder alone knows 收到…建议N件)
    from fazhi.analysis.coding import default_coder

    got = extract_facts("县政府系统共收到市人大代表建议87件，已全部按时办结。", default_coder())
    assert [f.code for f in got] == ["SUGGESTIONS_HANDLED"]


def test_ge_counting_people_is_a_count_of_people() -> None:
    # (个 is a general measure word: what it counts is the noun before it)
    people = extract_facts("全镇人民调解组织现有调解员52个。各乡镇调委会共有调解员86个。")
    assert [f.code for f in people] == ["MEDIATORS", "MEDIATORS"]
    assert [f.unit for f in people] == ["个", "个"]  # (the figure keeps the report's unit)
    orgs = extract_facts("全县建成人民调解委员会325个。")
    assert [f.code for f in orgs] == ["MEDIATION_ORGS"]


def test_the_items_of_a_power_list_count_its_powers() -> None:
    # (the annotation rules: 权力清单里的分项 count towards POWER_LIST_ITEMS)
    got = extract_facts("梳理公布全县权责清单事项4210项，其中行政许可236项、行政检查318项、行政处罚2895项。")
    assert [f.code for f in got] == ["POWER_LIST_ITEMS"] * 4
    # an item of another total keeps its own code (受理 is a stage, not a kind)
    got = extract_facts("全年收到行政复议申请45件，其中受理41件。")
    assert [f.code for f in got] == ["RECON_RECEIVED", "RECON_ACCEPTED"]
