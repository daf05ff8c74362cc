"""行政执法、建议提案、督察整改、学法普法、人民调解、信访 (rules.md §6–§8)."""

from __future__ import annotations

from ..declarations import (
    CD,
    DEPUTIES_LAW,
    ENFORCEMENT_OPINION,
    MONTHS,
    PENALTY_LAW,
    PETITION_REGULATION,
    SUPERVISION_RULES,
    WD,
    Confidence,
    DeadlineRule,
    Gate,
    Process,
    State,
    Transition,
)

# 6. 行政执法 (rules.md §6): publicity (118号, C2; 7 and 20 WD coexist, so set per
# sector → configurable) and the penalty decision (处罚法 art. 60, C1)
# ---------------------------------------------------------------------------

MARKET_PUBLICITY_RULES = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第九条至第十三条"

ENFORCEMENT = Process(
    key="enforcement",
    label="行政执法",
    rules=(
        DeadlineRule(
            "enforcement", "publicity_penalty", "行政许可、行政处罚决定公示", "作出决定之日", WD, 7,
            ENFORCEMENT_OPINION, Confidence.C2, configurable=True,
            note="法律、行政法规另有规定的从其规定；行业规定可能不同（如市场监管信息公示20个工作日）",
        ),
        DeadlineRule(
            "enforcement", "publicity_other", "其他行政执法决定公示", "作出决定之日", WD, 20,
            ENFORCEMENT_OPINION, Confidence.C2, configurable=True,
        ),
        DeadlineRule(
            "enforcement", "penalty_decision", "作出行政处罚决定", "立案之日", CD, 90,
            f"{PENALTY_LAW}第六十条", Confidence.C1, extension=30,
            extension_basis="延长期限由行业规定（如市场监管：经批准可延长三十日），按地区、行业配置",
            extension_confidence=Confidence.M, configurable=True,
            note="法律、法规、规章另有规定的从其规定",
        ),
        # 第四十八条第二款 "三日内"; 第八十五条: 三日 = working days. Statutory: not configurable.
        DeadlineRule(
            "enforcement", "withdrawal", "撤回行政处罚决定信息并公开说明理由",
            "公开的决定被变更、撤销或确认违法、无效之日", WD, 3,
            f"{PENALTY_LAW}第四十八条第二款、第八十五条", Confidence.C1,
        ),
        # Sector settings (rules.md §6): the 市场监管 periods as their own steps; a
        # case of that sector uses them (EnforcementCaseDetail.sector), a county
        # sets them like any configurable rule.
        DeadlineRule(
            "enforcement", "publicity_penalty_market", "市场监管行政处罚信息公示", "作出决定之日", WD, 20,
            MARKET_PUBLICITY_RULES, Confidence.C1, configurable=True,
            note="通过国家企业信用信息公示系统公示；跨省的10个工作日内推送",
        ),
        DeadlineRule(
            "enforcement", "penalty_decision_market", "市场监管作出行政处罚决定", "立案之日", CD, 90,
            f"{PENALTY_LAW}第六十条", Confidence.C1, extension=30,
            extension_basis="经市场监管部门负责人批准可以延长三十日（行业规定，按地区配置）",
            extension_confidence=Confidence.M, configurable=True,
        ),
    ),
    initial="filed",
    states=(
        State("filed", "已立案·调查中"),
        State("decided", "已作出决定"),
        State("published", "已公示"),
        State("revoked", "决定被变更或撤销"),
        State("closed", "已结案", final=True),
        State("terminated", "已撤销立案", final=True),
    ),
    transitions=(
        Transition("filed", "decided", "作出执法决定", f"{PENALTY_LAW}第五十七条",
                   gates=(
                       Gate("重大执法决定未经法制审核或者审核未通过的，不得作出决定",
                            f"{PENALTY_LAW}第五十八条第一款", applies_if=("is_major",),
                            requires=("review_passed",)),
                       Gate("初次从事法制审核的人员应当取得法律职业资格，本案法制审核人员不符合要求",
                            f"{PENALTY_LAW}第五十八条第二款", applies_if=("is_major",),
                            requires=("reviewer_qualified",)),
                       Gate("简易程序只适用于对公民处以二百元以下、对法人或者其他组织处以三千元以下"
                            "罚款或者警告", f"{PENALTY_LAW}第五十一条",
                            applies_if=("simple_procedure",), requires=("within_simple_limits",)),
                       Gate("违法行为在二年内（涉及生命健康安全、金融安全且有危害后果的五年内）未被发现的，"
                            "不再给予行政处罚", f"{PENALTY_LAW}第三十六条",
                            applies_if=("penalising",), forbids=("limitation_expired",)),
                       Gate("不予处罚、减轻处罚的，应当写明适用的不罚轻罚清单事项或者法律条款",
                            f"{PENALTY_LAW}第三十二条、第三十三条",
                            applies_if=("lenient",), requires=("lenient_basis_cited",)),
                       Gate("处以罚款的，应当写明罚款金额（元）", f"{PENALTY_LAW}第五十九条",
                            applies_if=("fine",), requires=("fine_amount_given",)),
                   )),
        Transition("decided", "published", "公示执法决定", ENFORCEMENT_OPINION),
        Transition("decided", "closed", "结案（不予公示）", ENFORCEMENT_OPINION,
                   gates=(Gate("执法决定应当公示；不公示的，先登记不予公示的理由",
                               ENFORCEMENT_OPINION, requires=("publication_exempt",)),)),
        Transition("published", "closed", "结案", f"{PENALTY_LAW}第四十七条"),
        *(Transition(source, "revoked", "决定被变更、撤销或者确认违法、无效",
                     f"{PENALTY_LAW}第四十八条第二款") for source in ("decided", "published")),
        Transition("revoked", "closed", "结案", f"{PENALTY_LAW}第四十八条第二款",
                   gates=(Gate("已公开的决定被变更、撤销的，应当先撤回决定信息并公开说明理由",
                               f"{PENALTY_LAW}第四十八条第二款", applies_if=("was_published",),
                               requires=("publication_withdrawn",)),)),
        Transition("filed", "terminated", "撤销立案（终止调查）", f"{PENALTY_LAW}第五十七条"),
    ),
)

# ---------------------------------------------------------------------------
# 7. 人大代表建议、政协提案 (rules.md §7)
# ---------------------------------------------------------------------------

# 代表法 art. 51②: reply within three months of 交办, six months for matters
# that are wide-ranging or hard to handle. 政协提案: the national 提案工作条例's
# periods were not retrieved (rules.md §7), so the 政协 clock is its own
# configurable rule with the common local default. The Shandong 条例 (rules.md
# §7) gives the 协办 units one month to send their views to the 主办 unit and a
# dissatisfied 代表 a re-handling within one month; both are regional settings.
SHANDONG_SUGGESTION_RULES = "《山东省各级人民代表大会代表建议、批评和意见办理工作条例》"

SUGGESTION = Process(
    key="suggestion",
    label="人大代表建议和政协提案办理",
    rules=(
        DeadlineRule(
            "suggestion", "reply", "答复人大代表建议", "交办之日", MONTHS, 3,
            f"{DEPUTIES_LAW}第五十一条第二款", Confidence.C1, extension=3,
            extension_basis=f"涉及面广、处理难度大的建议，自交办之日起六个月内答复（{DEPUTIES_LAW}第五十一条第二款）",
            extension_confidence=Confidence.C1, configurable=True,
            note="期限自交办之日起按月计算；届满日为法定休假日的，顺延至休假日后的第一个工作日",
        ),
        DeadlineRule(
            "suggestion", "reply_proposal", "答复政协委员提案", "交办之日", MONTHS, 3,
            "政协提案工作条例及本地提案办理办法（通行做法）", Confidence.M, extension=3,
            extension_basis="情况复杂、需要较长时间办理的，一般不超过六个月（按本地规定）",
            extension_confidence=Confidence.M, configurable=True,
            note="国家层面的具体期限未核实；按本地提案办理办法设置（如四川省会议期间提案五个月）",
        ),
        DeadlineRule(
            "suggestion", "co_opinion", "协办单位向主办单位送达协办意见", "交办之日", MONTHS, 1,
            SHANDONG_SUGGESTION_RULES, Confidence.C1, configurable=True,
            note="协办单位在一个月内将协办意见送主办单位；各地规定不同，可在“期限规则参数”中设置",
        ),
        DeadlineRule(
            "suggestion", "rehandle", "代表不满意的重新办理答复", "代表反馈不满意之日", MONTHS, 1,
            SHANDONG_SUGGESTION_RULES, Confidence.C1, configurable=True,
            note="代表对答复不满意的，承办单位重新研究办理，一个月内再次答复",
        ),
        DeadlineRule(
            "suggestion", "rehandle_proposal", "委员不满意的重新办理答复", "委员反馈不满意之日", MONTHS, 1,
            "本地提案办理办法（通行做法）", Confidence.M, configurable=True,
            note="各地规定不同（如四川省三个月内再次答复），按本地规定设置",
        ),
    ),
    initial="assigned",
    states=(
        State("assigned", "办理中"),
        State("replied", "已答复，待反馈"),
        State("rehandling", "不满意，重新办理"),
        State("closed", "已办结", final=True),
        State("returned", "已退回交办机关", final=True),
    ),
    transitions=(
        *(Transition(source, "replied", "答复代表（委员）", f"{DEPUTIES_LAW}第五十一条第二款",
                     gates=(Gate("答复前应当与代表（委员）联系沟通，充分听取意见",
                                 f"{DEPUTIES_LAW}第五十一条第二款", requires=("contacted",)),
                            Gate("答复应当注明办理结果类别（A类、B类、C类）",
                                 "建议提案答复分类（通行做法）", requires=("reply_classed",)),
                            Gate("列为C类（因条件限制暂不能解决）的，答复中应当说明原因",
                                 "建议提案答复分类（通行做法）", requires=("reply_explained",),
                                 applies_if=("class_c",))))
          for source in ("assigned", "rehandling")),
        Transition("replied", "closed", "登记代表（委员）反馈意见", SHANDONG_SUGGESTION_RULES,
                   gates=(Gate("代表（委员）对答复不满意的，应当重新研究办理并再次答复，不能直接办结",
                               SHANDONG_SUGGESTION_RULES, forbids=("dissatisfied",),
                               waived_by=("rehandled",)),)),
        Transition("replied", "rehandling", "代表（委员）不满意，重新研究办理",
                   SHANDONG_SUGGESTION_RULES),
        Transition("assigned", "returned", "不属于本单位职责，说明理由退回交办机关",
                   SHANDONG_SUGGESTION_RULES),
    ),
)

# Further processes of the accountability registers (issue 16) follow their
# own blocks below.

# ---------------------------------------------------------------------------
# 7a. 法治督察与整改 (督察工作规定: 督察发现的问题督促整改, C2; the dates are
# the inspectors'). The rectification deadline is the date the inspection's
# 整改通知 sets (a date, moved off a rest day like any period's end); a finding
# raised from a risk signal gets the county's default period.
# ---------------------------------------------------------------------------

RECTIFICATION = Process(
    key="rectification",
    label="法治督察问题整改",
    rules=(
        DeadlineRule(
            "rectification", "rectify", "督察问题整改到位", "督察组在整改通知中确定的整改期限", CD, 0,
            f"{SUPERVISION_RULES}（督察发现问题的整改）", Confidence.C2,
            note="整改期限由督察组在整改通知中确定；期限末日为法定休假日的，顺延至其后第一个工作日",
        ),
        DeadlineRule(
            "rectification", "signal_rectify", "风险提示转办问题的整改期限", "转为整改问题之日", CD, 30,
            "本县督察整改工作规定（通行做法）", Confidence.M, configurable=True,
            note="由复议纠错、诉讼败诉等风险提示转为整改问题的，默认30日内整改到位，按本县规定设置",
        ),
    ),
    initial="rectifying",
    states=(
        State("rectifying", "整改中"),
        State("reported", "已报送整改情况，待核验"),
        State("closed", "已销号", final=True),
    ),
    transitions=(
        Transition("rectifying", "reported", "责任单位报送整改情况", SUPERVISION_RULES,
                   gates=(Gate("报送整改情况须写明已采取的整改措施", SUPERVISION_RULES,
                               requires=("measures_given",)),)),
        Transition("reported", "rectifying", "核验未通过，退回重新整改", SUPERVISION_RULES),
        Transition("reported", "closed", "核验通过，依法治县办销号", SUPERVISION_RULES,
                   gates=(Gate("没有整改到位的佐证材料，不能销号", SUPERVISION_RULES,
                               requires=("has_evidence",)),
                          Gate("销号前须填写核验意见", SUPERVISION_RULES,
                               requires=("verified",)))),
    ),
)

# ---------------------------------------------------------------------------
# 7b. 学法、述法、普法 (法治政府建设实施纲要 §九 领导干部学法、述法; 谁执法谁普法):
# records of what was held, no statutory clock. A wrong entry is voided with a
# reason rather than deleted, so the audit trail keeps it.
# ---------------------------------------------------------------------------

ACTIVITY = Process(
    key="activity",
    label="学法、述法、普法活动",
    initial="held",
    states=(
        State("held", "已开展"),
        State("void", "登记有误，已作废", final=True),
    ),
    transitions=(
        Transition("held", "void", "作废登记有误的活动", "登记更正（通行做法）",
                   gates=(Gate("作废须写明理由", "登记更正（通行做法）", requires=("reason_given",)),)),
    ),
)

# ---------------------------------------------------------------------------
# 7c. 人民调解 (《中华人民共和国人民调解法》 arts. 26, 28, 31; the text is not in
# design/statutes — cited from the published law, to verify): no period in the
# law, so no clock; the outcome is gated on what the law asks to be recorded.
# ---------------------------------------------------------------------------

MEDIATION_LAW = "《中华人民共和国人民调解法》"

MEDIATION = Process(
    key="mediation",
    label="人民调解",
    initial="mediating",
    states=(
        State("mediating", "调解中"),
        State("succeeded", "调解成功", final=True),
        State("failed", "调解不成功", final=True),
    ),
    transitions=(
        Transition("mediating", "succeeded", "达成调解协议", f"{MEDIATION_LAW}第二十八条",
                   gates=(Gate("达成调解协议的，应当制作调解协议书或者记录口头协议的内容",
                               f"{MEDIATION_LAW}第二十八条", requires=("agreement_recorded",)),)),
        Transition("mediating", "failed", "调解不成，终止调解", f"{MEDIATION_LAW}第二十六条",
                   gates=(Gate("调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护权利",
                               f"{MEDIATION_LAW}第二十六条", requires=("parties_told",)),)),
    ),
)

# ---------------------------------------------------------------------------
# 8. 信访 (rules.md §8)
# ---------------------------------------------------------------------------

# Art. 34's 60 (+30) days apply only to matters handled under art. 31(六)
# (信访处理意见书); claims under art. 31(一)–(五) are routed into their own
# legal procedures (litigation, 复议, arbitration …) and follow those periods.
PETITION = Process(
    key="petition",
    label="信访事项办理",
    rules=(
        DeadlineRule(
            "petition", "handling", "办结信访事项（第三十一条第六项的事项）", "受理之日", CD, 60,
            f"{PETITION_REGULATION}第三十四条", Confidence.C1, extension=30,
            extension_basis="情况复杂的，经本机关、单位负责人批准，可以适当延长，延长期限不得超过30日，"
                            f"并告知信访人延期理由（{PETITION_REGULATION}第三十四条）",
            configurable=True,
            note="只适用于依第三十一条第六项办理、出具信访处理意见书的事项；第三十一条第一项至第五项的事项"
                 "导入诉讼、仲裁、行政复议等相应程序，按该程序的期限办理",
        ),
    ),
    initial="received",
    states=(
        State("received", "已受理"),
        State("routed", "已导入相应法定程序", final=True),
        State("handling", "按第三十一条第六项办理（调查核实）"),
        State("concluded", "已出具信访处理意见书", final=True,
              entry_rule=f"信访处理意见书只适用于第三十一条第六项的事项（{PETITION_REGULATION}第三十一条）"),
    ),
    transitions=(
        Transition("received", "routed", "导入诉讼、仲裁、复议等相应程序或依法履行职责",
                   f"{PETITION_REGULATION}第三十一条第一项至第五项",
                   gates=(Gate("属于第三十一条第六项的事项，应当听取陈述、调查核实并出具信访处理意见书",
                               f"{PETITION_REGULATION}第三十一条", forbids=("residual_matter",)),)),
        Transition("received", "handling", "听取陈述和理由、调查核实（60日办结期限起算）",
                   f"{PETITION_REGULATION}第三十一条第六项、第三十四条",
                   gates=(Gate("应当通过诉讼、仲裁、复议等法定程序处理的事项，导入相应程序，不适用第三十四条的期限",
                               f"{PETITION_REGULATION}第三十一条第一项至第五项",
                               requires=("residual_matter",)),)),
        Transition("handling", "concluded", "出具信访处理意见书",
                   f"{PETITION_REGULATION}第三十一条第六项、第三十二条"),
    ),
)

# ---------------------------------------------------------------------------
