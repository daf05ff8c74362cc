"""重大行政决策、行政规范性文件、合法性审查、年度报告 (rules.md §4, §5, §9)."""

from __future__ import annotations

from ..declarations import (
    CD,
    MAJOR_DECISION_REGULATION,
    MONTHS,
    NORMATIVE_DOCUMENT_OPINION,
    NORMATIVE_REVIEW_OPINION,
    SHANDONG_FILING_RULES,
    SUPERVISION_RULES,
    WD,
    Confidence,
    DeadlineRule,
    Gate,
    Process,
    State,
    Transition,
)

# 5. 重大行政决策 (rules.md §5; 条例 国务院令第713号, all C1)
# ---------------------------------------------------------------------------

_LEGALITY_REVIEW_GATES = (
    Gate("未经合法性审查，不得提交集体讨论", f"{MAJOR_DECISION_REGULATION}第二十五条第二款",
         requires=("legality_review_done",)),
    Gate("经合法性审查认为不合法的，不得提交集体讨论（国家尚无明确规定的探索性改革决策事项，"
         "明示法律风险的除外）",
         f"{MAJOR_DECISION_REGULATION}第二十五条第二款",
         forbids=("found_unlawful",), waived_by=("exploratory_reform_risk_stated",)),
)
_BEFORE_REVIEW_GATES = (
    Gate("须先开展公众参与（依法不予公开或者已登记不需要公众参与的理由的除外）",
         f"{MAJOR_DECISION_REGULATION}第十四条",
         requires=("public_participation_done",), waived_by=("not_public",)),
    Gate("专业性、技术性较强的决策事项须先组织专家论证", f"{MAJOR_DECISION_REGULATION}第十九条",
         requires=("expert_argument_done",), applies_if=("technical_matter",)),
    Gate("可能影响社会稳定、公共安全的决策事项须先开展风险评估",
         f"{MAJOR_DECISION_REGULATION}第二十二条",
         requires=("risk_assessment_done",), applies_if=("risk_possible",)),
    Gate("已送请的合法性审查尚未出具意见，不能重复送审", f"{MAJOR_DECISION_REGULATION}第二十六条",
         forbids=("review_pending",)),
)
# 党委请示报告 only where the rules require it (条例 art. 31 “按照规定”).
_PARTY_REPORT_GATE = Gate("按照规定须向同级党委请示报告的决策，报告后才能出台",
                          f"{MAJOR_DECISION_REGULATION}第三十一条",
                          requires=("party_reported",), applies_if=("party_report_required",))
_ADOPTED_GATE = Gate("集体讨论未决定通过的决策草案，不得公布或者出台",
                     f"{MAJOR_DECISION_REGULATION}第三十条第一款", requires=("decision_adopted",))
_PUBLISH_GATES = (_ADOPTED_GATE, _PARTY_REPORT_GATE)
# Archiving without publication only for a decision not to be made public (art. 32 “依法不予公开的除外”).
_ARCHIVE_UNPUBLISHED_GATES = (
    _ADOPTED_GATE, _PARTY_REPORT_GATE,
    Gate("重大行政决策应当及时公布后归档（依法不予公开的除外）",
         f"{MAJOR_DECISION_REGULATION}第三十二条", requires=("not_disclosed",)),
)

MAJOR_DECISION = Process(
    key="major_decision",
    label="重大行政决策",
    rules=(
        DeadlineRule(
            "major_decision", "legality_review", "合法性审查（最短期限）", "送请合法性审查之日", WD, 7,
            f"{MAJOR_DECISION_REGULATION}第二十六条第二款", Confidence.C1, minimum=True,
            note="审查时间一般不少于7个工作日；未经审查不得提交集体讨论（第二十五条第二款）",
        ),
        DeadlineRule(
            "major_decision", "public_comment", "公开征求意见（最短期限）", "公布征求意见稿之日", CD, 30,
            f"{MAJOR_DECISION_REGULATION}第十五条", Confidence.C1, minimum=True,
            note="征求意见期限一般不少于30日；因情况紧急等需要缩短的，应当予以说明",
        ),
    ),
    initial="started",
    states=(
        State("started", "已启动"),
        State("consultation", "公众参与、专家论证、风险评估"),
        State("legality_review", "合法性审查"),
        State("discussed", "集体讨论决定",
              entry_rule=f"未经合法性审查不得提交集体讨论（{MAJOR_DECISION_REGULATION}第二十五条第二款）"),
        State("reported", "已向同级党委请示报告"),
        State("published", "已公布"),
        # Implementation reports (arts. 34–35) and the optional post-decision
        # evaluation (art. 36) are recorded on the archived file, not states.
        State("archived", "已归档", final=True),
        State("terminated", "决策终止", final=True),
    ),
    transitions=(
        *(Transition(source, "consultation", "开展公众参与、专家论证、风险评估",
                     f"{MAJOR_DECISION_REGULATION}第十四条至第二十四条")
          for source in ("started", "consultation")),
        *(Transition(source, "legality_review", "送请合法性审查",
                     f"{MAJOR_DECISION_REGULATION}第二十五条第一款、第二十六条",
                     gates=_BEFORE_REVIEW_GATES)
          for source in ("started", "consultation", "legality_review")),
        Transition("legality_review", "discussed", "提交决策机关常务会议或全体会议集体讨论决定",
                   f"{MAJOR_DECISION_REGULATION}第二十五条第二款、第三十条", gates=_LEGALITY_REVIEW_GATES),
        Transition("discussed", "reported", "按规定向同级党委请示报告",
                   f"{MAJOR_DECISION_REGULATION}第三十一条", gates=(_ADOPTED_GATE,)),
        *(Transition(source, "published", "公布决策并说明公众意见采纳情况",
                     f"{MAJOR_DECISION_REGULATION}第三十二条", gates=_PUBLISH_GATES)
          for source in ("discussed", "reported")),
        Transition("published", "archived", "决策过程记录和材料立卷归档",
                   f"{MAJOR_DECISION_REGULATION}第三十三条"),
        *(Transition(source, "archived", "决策过程记录和材料立卷归档（依法不予公开的决策）",
                     f"{MAJOR_DECISION_REGULATION}第三十二条、第三十三条",
                     gates=_ARCHIVE_UNPUBLISHED_GATES)
          for source in ("discussed", "reported")),
        *(Transition(source, "terminated", "决策机关决定终止决策程序",
                     f"{MAJOR_DECISION_REGULATION}第十条、第三十条")
          for source in ("started", "consultation", "legality_review", "discussed")),
    ),
)

# ---------------------------------------------------------------------------
# 4. 行政规范性文件 (rules.md §4; filing period varies by region: configurable)
# ---------------------------------------------------------------------------

# Sources of the normative-document rules besides 37号 and 115号 (rules.md §4).
BUSINESS_ENVIRONMENT_REGULATION = "《优化营商环境条例》"
DEMONSTRATION_INDICATORS = "《市县法治政府建设示范指标体系》"
SHANDONG_NORMATIVE_RULES = "《山东省行政规范性文件制定和监督管理办法》（省政府令第353号）"
SHANDONG_GOVERNMENT_FILING = "《山东省规章和行政规范性文件备案规定》（省政府令第337号）"

_ND_STEPS = ("drafting", "public_comment", "legality_review", "deliberated")

NORMATIVE_DOCUMENT = Process(
    key="normative_document",
    label="行政规范性文件",
    rules=(
        DeadlineRule(
            "normative_document", "public_comment_business", "公开征求意见（与市场主体生产经营活动密切相关，最短期限）",
            "公布征求意见稿之日", CD, 30, f"{BUSINESS_ENVIRONMENT_REGULATION}第六十二条第二款",
            Confidence.C1, minimum=True, configurable=True,
            note="向社会公开征求意见的期限一般不少于30日；本县规定更长的，在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "normative_document", "public_comment", "公开征求意见（最短期限）", "公布征求意见稿之日",
            WD, 7, f"{DEMONSTRATION_INDICATORS}第24项；{NORMATIVE_DOCUMENT_OPINION}", Confidence.C2,
            minimum=True, configurable=True,
            note="涉及群众切身利益或者对公民、法人和其他组织权利义务有重大影响的，征求意见一般不少于7个工作日",
        ),
        DeadlineRule(
            "normative_document", "filing_government", "报送上级政府备案", "公布之日", CD, 30,
            f"本县（市、区）规定的备案期限（地区设置；参见{SHANDONG_GOVERNMENT_FILING}）", Confidence.M,
            configurable=True,
            note="国家没有统一的向政府备案期限，各省规定不同（所见有15日、10日、3个工作日）；"
                 "默认30日仅为占位的地区设置，须按本省规定在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "normative_document", "filing", "报送人大常委会备案", "公布之日", CD, 30,
            f"{SHANDONG_FILING_RULES}第七条", Confidence.C1, configurable=True,
            note="默认值为山东省向人大常委会备案的期限（地区设置）；县政府制定的文件报县人大常委会备案",
        ),
        DeadlineRule(
            "normative_document", "validity", "有效期届满（评估清理）", "施行之日", MONTHS, 60,
            "各省行政规范性文件管理规定的通行做法（有效期一般不超过5年）", Confidence.M,
            configurable=True,
            note="山东省的规定未经核对；届满前应当评估，需要继续施行的重新公布，否则自动失效",
        ),
        DeadlineRule(
            "normative_document", "validity_provisional", "有效期届满（暂行、试行，评估清理）", "施行之日",
            MONTHS, 24, "各省行政规范性文件管理规定的通行做法（标明“暂行”“试行”的一般不超过2年）",
            Confidence.M, configurable=True, note="山东省的规定未经核对",
        ),
    ),
    initial="drafting",
    states=(
        State("drafting", "起草"),
        State("public_comment", "公开征求意见"),
        State("legality_review", "合法性审核"),
        State("deliberated", "集体审议",
              entry_rule=f"未经合法性审核不得提交集体审议（{NORMATIVE_REVIEW_OPINION}）"),
        State("published", "已公布",
              entry_rule=f"未经合法性审核和集体审议的，不得公布（{NORMATIVE_DOCUMENT_OPINION}）"),
        State("filed", "已报送备案"),
        State("repealed", "已废止", final=True),
        State("lapsed", "已失效", final=True),
        State("abandoned", "终止制定", final=True),
    ),
    transitions=(
        Transition("drafting", "public_comment", "公开征求意见", NORMATIVE_DOCUMENT_OPINION),
        Transition("drafting", "legality_review", "送请合法性审核", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("未公开征求意见的，应当说明理由", NORMATIVE_DOCUMENT_OPINION,
                               requires=("comment_omission_reasoned",)),)),
        Transition("public_comment", "legality_review", "送请合法性审核", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("征求意见的期限不得少于本县规定的最短期限（与市场主体生产经营活动密切相关的"
                               "一般不少于30日，其他一般不少于7个工作日）",
                               f"{BUSINESS_ENVIRONMENT_REGULATION}第六十二条第二款；{DEMONSTRATION_INDICATORS}第24项",
                               requires=("comment_period_met",)),)),
        Transition("legality_review", "deliberated", "提交集体审议", NORMATIVE_REVIEW_OPINION,
                   gates=(Gate("尚未出具合法性审核意见的，不得提交集体审议", NORMATIVE_REVIEW_OPINION,
                               requires=("legality_review_done",)),
                          Gate("经审核不合法的，不得提交集体审议；应当修改后重新送审或者终止制定",
                               NORMATIVE_REVIEW_OPINION, forbids=("found_unlawful",)))),
        Transition("deliberated", "published", "统一登记、统一编号、统一印发并公开发布",
                   NORMATIVE_DOCUMENT_OPINION,
                   gates=(Gate("未经合法性审核或者审核未通过的，不得公布", NORMATIVE_REVIEW_OPINION,
                               requires=("legality_review_passed",)),
                          Gate("未经集体审议的，不得公布", NORMATIVE_DOCUMENT_OPINION,
                               requires=("deliberated",)))),
        Transition("published", "filed", "报送上级政府备案",
                   f"{NORMATIVE_DOCUMENT_OPINION}；{SHANDONG_GOVERNMENT_FILING}"),
        *(Transition(source, "repealed", "清理：废止", NORMATIVE_DOCUMENT_OPINION)
          for source in ("published", "filed")),
        *(Transition(source, "lapsed", "清理：宣布失效", NORMATIVE_DOCUMENT_OPINION)
          for source in ("published", "filed")),
        *(Transition(source, "abandoned", "终止制定", NORMATIVE_DOCUMENT_OPINION)
          for source in _ND_STEPS),
    ),
    notes=("本程序的步骤与门槛依据国办发〔2018〕37号、115号，rules.md 标为 M（通行做法，未经核对原文）；"
           f"{SHANDONG_NORMATIVE_RULES}的征求意见、审核、编号、备案期限和有效期未检索到（C2，部分）。",),
)

# ---------------------------------------------------------------------------
# 4–5. 合法性审查 (the shared review step of normative documents, major
# decisions, administrative agreements and other matters; rules.md §4, §5)
# ---------------------------------------------------------------------------

LEGALITY_REVIEW = Process(
    key="legality_review",
    label="合法性审查",
    rules=(
        DeadlineRule(
            "legality_review", "opinion_normative", "规范性文件合法性审核意见", "收到送审材料之日",
            WD, 5, NORMATIVE_REVIEW_OPINION, Confidence.M, configurable=True,
            note="审核时间一般不少于5个工作日、最长不超过15个工作日；本县规定的期限在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "legality_review", "opinion_decision", "重大行政决策合法性审查意见", "收到送审材料之日",
            WD, 7, f"{MAJOR_DECISION_REGULATION}第二十六条第二款", Confidence.C1, configurable=True,
            note="送请审查应当保证必要的审查时间，一般不少于7个工作日",
        ),
        DeadlineRule(
            "legality_review", "opinion_agreement", "行政协议（合同）合法性审查意见", "收到送审材料之日",
            WD, 5, "各地行政机关合同管理规定（通行做法）", Confidence.M, configurable=True,
            note="国家未规定统一期限；默认5个工作日，按本县规定设置",
        ),
        DeadlineRule(
            "legality_review", "opinion_other", "其他事项合法性审查意见", "收到送审材料之日",
            WD, 5, "各地合法性审查工作规定（通行做法）", Confidence.M, configurable=True,
            note="国家未规定统一期限；默认5个工作日，按本县规定设置",
        ),
    ),
    initial="received",
    states=(
        State("received", "审查中"),
        State("supplement_requested", "退回补充材料"),
        State("opined", "已出具审查意见"),
        State("closed", "已办结", final=True),
        State("withdrawn", "已撤回", final=True),
    ),
    transitions=(
        Transition("received", "supplement_requested", "退回或者要求补充材料",
                   f"{MAJOR_DECISION_REGULATION}第二十六条第一款"),
        Transition("supplement_requested", "received", "收到补充材料",
                   f"{MAJOR_DECISION_REGULATION}第二十六条第一款"),
        Transition("received", "opined", "出具合法性审查意见",
                   f"{MAJOR_DECISION_REGULATION}第二十八条；{NORMATIVE_REVIEW_OPINION}",
                   gates=(Gate("认为不合法或者需要修改后才合法的，应当写明理由和修改意见",
                               f"{MAJOR_DECISION_REGULATION}第二十七条、第二十八条",
                               requires=("opinion_reasoned",), waived_by=("opinion_lawful",)),)),
        Transition("opined", "closed", "登记审查意见采纳情况",
                   f"{MAJOR_DECISION_REGULATION}第二十八条"),
        *(Transition(source, "withdrawn", "送审单位撤回", "送审单位书面撤回送审（通行做法）")
          for source in ("received", "supplement_requested")),
    ),
)

# ---------------------------------------------------------------------------
# 9. 法治政府建设年度报告 (rules.md §9; 督察工作规定 art. 24, C2)
# ---------------------------------------------------------------------------

ANNUAL_REPORT = Process(
    key="annual_report",
    label="法治政府建设年度报告",
    rules=(
        DeadlineRule(
            "annual_report", "publication", "年度报告向社会公开", "报告年度结束之日（12月31日）", CD, 0,
            f"{SUPERVISION_RULES}第二十四条", Confidence.C2, fixed_month_day=(4, 1),
            note="每年4月1日之前公开上一年度报告；固定日期，不因节假日顺延",
        ),
    ),
)

