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

# 条例 periods are "15日", "60日", "30日" (calendar days: start day not counted,
# a last day on a rest day moves to the next working day, 民法典 arts. 201–203)
# except art. 23③'s "5个工作日". Art. 34's 60 (+30) days apply only to matters
# handled under art. 31(六) (信访处理意见书); claims under art. 31(一)–(五) are
# routed into their own legal procedures and follow those periods. The
# petitioner's own periods to ask for 复查/复核 (arts. 35–36) are computed by
# the same rules but kept on the register's detail (not the body's deadline).
ART = PETITION_REGULATION
PETITION = Process(
    key="petition",
    label="信访事项办理",
    rules=(
        DeadlineRule(
            "petition", "notice", "书面告知信访人（直接提出的信访事项）", "收到信访事项之日", CD, 15,
            f"{ART}第二十三条第二款", Confidence.C1,
            note="能够当场告知的应当当场书面告知；信访人的姓名（名称）、住址不清的除外",
        ),
        DeadlineRule(
            "petition", "notice_assigned", "书面告知信访人（转送、交办的信访事项）", "收到转送、交办之日",
            CD, 15, f"{ART}第二十三条第三款", Confidence.C1,
        ),
        DeadlineRule(
            "petition", "objection", "对不属于本机关职权范围的转送、交办提出异议", "收到转送、交办之日",
            WD, 5, f"{ART}第二十三条第三款", Confidence.C1,
            note="只适用于认为不属于本机关、单位或者本系统职权范围的转送、交办事项",
        ),
        DeadlineRule(
            "petition", "handling", "办结信访事项（第三十一条第六项的事项）", "受理之日", CD, 60,
            f"{ART}第三十四条", Confidence.C1, extension=30,
            extension_basis="情况复杂的，经本机关、单位负责人批准，可以适当延长，延长期限不得超过30日，"
                            f"并告知信访人延期理由（{ART}第三十四条）",
            configurable=True,
            note="只适用于依第三十一条第六项办理、出具信访处理意见书的事项；第三十一条第一项至第五项的事项"
                 "导入诉讼、仲裁、行政复议等相应程序，按该程序的期限办理",
        ),
        DeadlineRule(
            "petition", "review_request", "信访人请求复查", "信访人收到书面答复（信访处理意见书）之日",
            CD, 30, f"{ART}第三十五条", Confidence.C1,
            note="信访人一方的期限：逾期请求复查的不予受理",
        ),
        DeadlineRule(
            "petition", "review", "提出复查意见并书面答复", "收到复查请求之日", CD, 30,
            f"{ART}第三十五条", Confidence.C1,
        ),
        DeadlineRule(
            "petition", "recheck_request", "信访人请求复核", "信访人收到复查意见书面答复之日", CD, 30,
            f"{ART}第三十六条第一款", Confidence.C1,
            note="信访人一方的期限：逾期请求复核的不予受理",
        ),
        DeadlineRule(
            "petition", "recheck", "提出复核意见", "收到复核请求之日", CD, 30,
            f"{ART}第三十六条第一款", Confidence.C1,
            note="举行听证的，听证所需时间不计算在期限内（第三十六条第二款）",
        ),
    ),
    initial="received",
    states=(
        State("received", "已登记（待告知、受理）"),
        State("objected", "已提出异议（待转送、交办机关核实）"),
        State("returned", "异议经核实同意，已交还材料", final=True),
        State("transferred", "已转送、交办或告知向有权机关提出", final=True),
        State("routed", "已导入相应法定程序", final=True),
        State("studying", "已受理（建议意见类，研究论证中）"),
        State("replied", "已回复建议意见", final=True),
        State("handling", "已受理，按第三十一条第六项办理（调查核实）"),
        State("concluded", "已出具信访处理意见书",
              entry_rule=f"信访处理意见书只适用于第三十一条第六项的事项（{ART}第三十一条）"),
        State("reviewing", "复查中"),
        State("reviewed", "已出具复查意见"),
        State("rechecking", "复核中"),
        State("rechecked", "已出具复核意见（不再受理）", final=True),
        State("closed", "已办结", final=True),
    ),
    transitions=(
        Transition("received", "routed", "导入诉讼、仲裁、复议等相应程序或依法履行职责",
                   f"{ART}第三十一条第一项至第五项",
                   gates=(Gate("属于第三十一条第六项的事项，应当听取陈述、调查核实并出具信访处理意见书",
                               f"{ART}第三十一条", forbids=("residual_matter",)),
                          Gate("导入法定程序的是申诉求决类事项；建议意见类、检举控告类事项按第二十九条、第三十条办理",
                               f"{ART}第三十一条", forbids=("not_claim",)))),
        Transition("received", "handling", "受理并告知信访人，听取陈述和理由、调查核实（60日办结期限起算）",
                   f"{ART}第二十三条、第三十一条第六项、第三十四条",
                   gates=(Gate("应当通过诉讼、仲裁、复议等法定程序处理的事项，导入相应程序，不适用第三十四条的期限",
                               f"{ART}第三十一条第一项至第五项",
                               requires=("residual_matter",)),
                          Gate("按第三十一条第六项办理的是申诉求决类事项",
                               f"{ART}第三十一条", forbids=("not_claim",)))),
        Transition("received", "studying", "受理建议意见类事项并告知信访人",
                   f"{ART}第二十三条、第二十九条",
                   gates=(Gate("只有建议意见类事项按第二十九条研究论证",
                               f"{ART}第二十九条", requires=("suggestion",)),)),
        Transition("studying", "replied", "研究论证并回复", f"{ART}第二十九条"),
        Transition("received", "transferred", "转送、交办有权处理的机关，或告知信访人向有权处理的机关提出",
                   f"{ART}第二十二条、第二十三条第一款、第三十条"),
        Transition("received", "objected", "提出异议：不属于本机关、单位或者本系统职权范围",
                   f"{ART}第二十三条第三款",
                   gates=(Gate("只有转送、交办的信访事项才向转送、交办机关提出异议；信访人直接提出的，"
                               "告知其向有权处理的机关、单位提出",
                               f"{ART}第二十三条", requires=("assigned",)),
                          Gate("提出异议应当详细说明理由", f"{ART}第二十三条第三款",
                               requires=("objection_explained",)))),
        Transition("objected", "returned", "转送、交办机关核实同意，交还相关材料", f"{ART}第二十三条第三款"),
        Transition("objected", "received", "转送、交办机关不同意异议，继续办理", f"{ART}第二十三条第三款"),
        Transition("handling", "concluded", "出具信访处理意见书",
                   f"{ART}第三十一条第六项、第三十二条",
                   gates=(Gate("信访处理意见书应当载明信访人投诉请求、事实和理由、处理意见及其法律法规依据",
                               f"{ART}第三十二条", requires=("opinion_complete",)),)),
        Transition("concluded", "reviewing", "信访人请求复查", f"{ART}第三十五条",
                   gates=(Gate("信访人应当自收到书面答复之日起30日内请求复查，逾期的不予受理",
                               f"{ART}第三十五条", requires=("review_in_time",)),)),
        Transition("concluded", "closed", "办结（期满未请求复查）", f"{ART}第三十五条",
                   gates=(Gate("请求复查的期限（收到书面答复之日起30日）届满后才能按期满未请求复查办结",
                               f"{ART}第三十五条", requires=("request_period_over",)),)),
        Transition("reviewing", "reviewed", "提出复查意见并书面答复", f"{ART}第三十五条"),
        Transition("reviewed", "rechecking", "信访人请求复核", f"{ART}第三十六条第一款",
                   gates=(Gate("信访人应当自收到复查意见书面答复之日起30日内请求复核，逾期的不予受理",
                               f"{ART}第三十六条第一款", requires=("recheck_in_time",)),)),
        Transition("reviewed", "closed", "办结（期满未请求复核）", f"{ART}第三十六条第一款",
                   gates=(Gate("请求复核的期限（收到复查意见之日起30日）届满后才能按期满未请求复核办结",
                               f"{ART}第三十六条第一款", requires=("request_period_over",)),)),
        Transition("rechecking", "rechecked", "提出复核意见", f"{ART}第三十六条"),
    ),
)

# ---------------------------------------------------------------------------
