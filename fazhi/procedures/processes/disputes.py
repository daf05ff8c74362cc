"""行政复议、行政应诉、政府信息公开 (rules.md §1–§3)."""

from __future__ import annotations

from ..declarations import (
    APPEARANCE_RULES,
    CD,
    CIVIL_PROCEDURE_LAW,
    DISCLOSURE_REGULATION,
    LITIGATION_LAW,
    RECONSIDERATION_LAW,
    SUSPENSION_READING,
    WD,
    Confidence,
    DeadlineRule,
    Gate,
    Process,
    State,
    Transition,
)

# ---------------------------------------------------------------------------
# 1. 行政复议 (rules.md §1; 行政复议法 2023, all C1; art. 88: 三日/五日/七日/十日 = WD)
# ---------------------------------------------------------------------------

RECONSIDERATION = Process(
    key="reconsideration",
    label="行政复议",
    rules=(
        DeadlineRule(
            "reconsideration", "acceptance", "受理审查", "收到行政复议申请之日", WD, 5,
            f"{RECONSIDERATION_LAW}第三十条、第八十八条", Confidence.C1,
            deemed_outcome="期限内未作出不予受理决定的，审查期限届满之日起视为受理（第三十条）",
        ),
        DeadlineRule(
            "reconsideration", "correction_notice", "通知补正", "收到行政复议申请之日", WD, 5,
            f"{RECONSIDERATION_LAW}第三十一条、第八十八条", Confidence.C1,
            note="一次性书面通知补正；申请人补正后重新按第三十条审查",
        ),
        DeadlineRule(
            "reconsideration", "applicant_correction", "申请人补正（申请人一方的期限）",
            "申请人收到补正通知之日", WD, 10,
            f"{RECONSIDERATION_LAW}第三十一条第二款、第八十八条", Confidence.C1,
            deemed_outcome="申请人无正当理由逾期不补正的，视为放弃行政复议申请（第三十一条第二款）",
            note="有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限",
        ),
        DeadlineRule(
            "reconsideration", "decision", "作出复议决定（普通程序）", "受理之日", CD, 60,
            f"{RECONSIDERATION_LAW}第六十二条第一款", Confidence.C1, extension=30,
            extension_basis="情况复杂的，经行政复议机构负责人批准并书面告知当事人，可以适当延长，"
                            f"延长期限最多不得超过三十日，按批准的延长期限计算（{RECONSIDERATION_LAW}第六十二条第一款）",
        ),
        DeadlineRule(
            "reconsideration", "simple_decision", "作出复议决定（简易程序）", "受理之日", CD, 30,
            f"{RECONSIDERATION_LAW}第六十二条第二款", Confidence.C1,
        ),
    ),
    initial="received",
    states=(
        State("received", "已收到申请"),
        State("correction_requested", "待补正"),
        State("accepted", "已受理",
              entry_rule=f"只有收到申请并经受理审查（或期满视为受理）后才能受理（{RECONSIDERATION_LAW}第三十条）"),
        State("rejected", "不予受理", final=True),
        State("abandoned", "视为放弃申请", final=True),
        State("suspended", "中止审理"),
        State("decided", "已作出复议决定", final=True,
              entry_rule=f"复议决定只能在受理后作出（{RECONSIDERATION_LAW}第三十条、第六十二条）"),
        State("mediated", "调解结案", final=True),
        State("dismissed", "驳回申请", final=True),
        State("terminated", "终止", final=True),
    ),
    transitions=(
        Transition("received", "correction_requested", "一次性通知补正",
                   f"{RECONSIDERATION_LAW}第三十一条"),
        Transition("correction_requested", "received", "申请人补正，重新审查",
                   f"{RECONSIDERATION_LAW}第三十一条"),
        Transition("correction_requested", "abandoned", "无正当理由逾期不补正，视为放弃",
                   f"{RECONSIDERATION_LAW}第三十一条",
                   gates=(Gate("补正期限尚未届满，不能视为放弃申请",
                               f"{RECONSIDERATION_LAW}第三十一条",
                               requires=("correction_period_expired",)),)),
        Transition("received", "accepted", "受理（含审查期满视为受理）",
                   f"{RECONSIDERATION_LAW}第三十条",
                   gates=(Gate("简易程序只适用于第五十三条第一款所列案件（当场作出的行政行为；警告或者通报批评；"
                               "涉及款额三千元以下；政府信息公开案件），其他案件须当事人各方同意适用简易程序",
                               f"{RECONSIDERATION_LAW}第五十三条",
                               applies_if=("simple_procedure",),
                               requires=("simple_procedure_allowed",)),)),
        Transition("received", "rejected", "决定不予受理并说明理由",
                   f"{RECONSIDERATION_LAW}第三十条",
                   gates=(Gate("受理审查期限已届满，依法视为受理，不能再决定不予受理",
                               f"{RECONSIDERATION_LAW}第三十条",
                               forbids=("acceptance_period_expired",)),)),
        # Art. 39 lists the grounds for suspending; that the suspended time is not
        # counted in the decision period is the usual reading, not its text (M).
        Transition("accepted", "suspended", "中止审理", f"{RECONSIDERATION_LAW}第三十九条"),
        Transition("suspended", "accepted", "恢复审理", f"{RECONSIDERATION_LAW}第三十九条"),
        Transition("suspended", "terminated", "中止满六十日仍无人参加等情形，终止",
                   f"{RECONSIDERATION_LAW}第四十一条"),
        Transition("accepted", "decided", "作出行政复议决定",
                   f"{RECONSIDERATION_LAW}第六十一条至第七十二条"),
        Transition("accepted", "mediated", "调解达成协议，制作调解书",
                   f"{RECONSIDERATION_LAW}第七十三条"),
        Transition("accepted", "dismissed", "受理后发现不符合受理条件，驳回申请",
                   f"{RECONSIDERATION_LAW}第三十三条"),
        # Withdrawal is open to the applicant before the decision, including
        # before acceptance (art. 74: 撤回申请 at any time before the decision).
        *(Transition(source, "terminated", "受理前申请人撤回申请，终止",
                     f"{RECONSIDERATION_LAW}第七十四条")
          for source in ("received", "correction_requested")),
        Transition("accepted", "terminated", "申请人撤回申请（含和解后撤回）等，终止",
                   f"{RECONSIDERATION_LAW}第四十一条、第七十四条"),
    ),
    period_basis=f"{RECONSIDERATION_LAW}第八十八条第一款适用的{CIVIL_PROCEDURE_LAW}第八十五条",
    notes=(SUSPENSION_READING,),
)

# ---------------------------------------------------------------------------
# 2. 行政应诉 (rules.md §2)
# ---------------------------------------------------------------------------

LITIGATION = Process(
    key="litigation",
    label="行政应诉",
    rules=(
        DeadlineRule(
            "litigation", "defence", "提交答辩状、证据和依据", "收到起诉状副本之日", CD, 15,
            f"{LITIGATION_LAW}第六十七条", Confidence.C1,
            note="逾期不提供或无正当理由逾期提供证据的，视为没有相应证据（第三十四条第二款）",
        ),
        DeadlineRule(
            "litigation", "appeal_judgment", "上诉期限（第一审判决）", "判决书送达之日", CD, 15,
            f"{LITIGATION_LAW}第八十五条", Confidence.C1,
            deemed_outcome="逾期不提起上诉的，第一审判决发生法律效力（第八十五条）",
        ),
        DeadlineRule(
            "litigation", "appeal_ruling", "上诉期限（第一审裁定）", "裁定书送达之日", CD, 10,
            f"{LITIGATION_LAW}第八十五条", Confidence.C1,
            deemed_outcome="逾期不提起上诉的，第一审裁定发生法律效力（第八十五条）",
        ),
    ),
    initial="complaint_received",
    states=(
        State("complaint_received", "已收到起诉状副本"),
        State("defended", "已答辩举证"),
        State("hearing_scheduled", "已通知开庭"),
        State("heard", "已开庭审理", entry_rule="须先收到开庭通知"),
        State("judged", "已作出裁判"),
        State("appealed", "已上诉"),
        State("remanded", "发回重审",
              entry_rule=f"只有第二审人民法院才能裁定发回重审（{LITIGATION_LAW}第八十九条）"),
        State("closed", "已结案", final=True),
        State("withdrawn", "原告撤诉", final=True),
    ),
    transitions=(
        Transition("complaint_received", "defended", "提交答辩状、证据和所依据的规范性文件",
                   f"{LITIGATION_LAW}第六十七条"),
        Transition("complaint_received", "hearing_scheduled",
                   "收到开庭通知（未答辩举证的，视为没有相应证据）",
                   f"{LITIGATION_LAW}第三十四条第二款"),
        Transition("defended", "hearing_scheduled", "收到开庭通知及出庭通知书",
                   f"{APPEARANCE_RULES}第五条"),
        # The agency's duty to appear (行诉法 art. 3③; 解释 art. 128) is not a
        # condition for the hearing: a hearing where only a lawyer or nobody
        # appeared for it takes place (出庭规定 arts. 6②, 12) and is recorded
        # as a breach; the register warns and counts it against 出庭应诉率.
        Transition("hearing_scheduled", "heard", "开庭审理，登记出庭情况",
                   f"{LITIGATION_LAW}第三条第三款；{APPEARANCE_RULES}第六条、第十二条",
                   gates=(Gate("须登记本次开庭被诉行政机关的出庭情况（负责人、相应工作人员、仅律师或无人出庭）",
                               f"{LITIGATION_LAW}第三条第三款", requires=("appearance_stated",)),)),
        Transition("heard", "judged", "人民法院作出判决或裁定", f"{LITIGATION_LAW}第六十九条至第七十八条"),
        Transition("judged", "appealed", "提起上诉（判决十五日、裁定十日内）", f"{LITIGATION_LAW}第八十五条"),
        Transition("judged", "closed", "裁判生效，结案", f"{LITIGATION_LAW}第八十五条",
                   gates=(Gate("上诉期限尚未届满，第一审裁判尚未发生法律效力",
                               f"{LITIGATION_LAW}第八十五条", requires=("judgment_effective",)),)),
        Transition("appealed", "hearing_scheduled", "二审通知开庭", f"{LITIGATION_LAW}第八十五条及第二审程序有关规定"),
        Transition("appealed", "closed", "二审裁判生效，结案", f"{LITIGATION_LAW}第二审程序有关规定"),
        *(Transition(source, "remanded", "第二审人民法院裁定撤销原判决，发回原审人民法院重审",
                     f"{LITIGATION_LAW}第八十九条第一款第三项、第四项",
                     gates=(Gate("只有第二审程序中才能发回重审", f"{LITIGATION_LAW}第八十九条",
                                 requires=("second_instance",)),
                            Gate("原审人民法院对发回重审的案件作出判决后，当事人提起上诉的，"
                                 "第二审人民法院不得再次发回重审", f"{LITIGATION_LAW}第八十九条第二款",
                                 forbids=("remanded_before",))))
          for source in ("appealed", "heard")),
        Transition("remanded", "hearing_scheduled", "重审（第一审程序）通知开庭",
                   f"{LITIGATION_LAW}第八十九条第二款"),
        *(Transition(source, "withdrawn", "原告申请撤诉，人民法院准许", f"{LITIGATION_LAW}第六十二条")
          for source in ("complaint_received", "defended", "hearing_scheduled", "heard", "remanded")),
    ),
    period_basis=f"{LITIGATION_LAW}第一百零一条适用的{CIVIL_PROCEDURE_LAW}第八十五条",
)

# ---------------------------------------------------------------------------
# 3. 政府信息公开 (rules.md §3; 条例 2019, C1; periods written as 工作日)
# ---------------------------------------------------------------------------

DISCLOSURE = Process(
    key="disclosure",
    label="政府信息公开",
    rules=(
        DeadlineRule(
            "disclosure", "reply", "依申请公开答复", "收到申请之日", WD, 20,
            f"{DISCLOSURE_REGULATION}第三十三条", Confidence.C1, extension=20,
            extension_basis="经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日，"
                            f"按同意的延长期限计算（{DISCLOSURE_REGULATION}第三十三条第二款）",
            note="征求第三方或其他机关意见所需时间不计入（第三十二条至第三十四条）；"
                 "收到申请之日依第三十一条确定",
        ),
        DeadlineRule(
            "disclosure", "correction_notice", "一次性告知补正", "收到申请之日", WD, 7,
            f"{DISCLOSURE_REGULATION}第三十条", Confidence.C1,
            note="答复期限自收到补正后的申请之日起计算",
        ),
        DeadlineRule(
            "disclosure", "applicant_correction", "申请人补正（申请人一方的期限）", "告知补正之日", WD, 15,
            f"{DISCLOSURE_REGULATION}第三十条", Confidence.M, configurable=True,
            deemed_outcome="申请人无正当理由逾期不补正的，视为放弃申请（第三十条）",
            note="第三十条只要求告知“合理的补正期限”，没有规定天数；默认15个工作日为通行做法，可按地区配置，"
                 "告知书载明的期限优先",
        ),
        DeadlineRule(
            "disclosure", "consultation_answer", "被征求意见方提出意见（第三方或其他机关的期限）",
            "被征求意见方收到征求意见书之日", WD, 15,
            f"{DISCLOSURE_REGULATION}第三十二条、第三十四条", Confidence.C1,
            deemed_outcome="第三方逾期未提出意见的，由行政机关依法决定是否公开（第三十二条）；"
                           "其他机关逾期未提出意见的，视为同意公开（第三十四条）",
        ),
        DeadlineRule(
            "disclosure", "proactive", "主动公开", "信息形成或者变更之日", WD, 20,
            f"{DISCLOSURE_REGULATION}第二十六条", Confidence.C1,
            note="法律、法规对期限另有规定的从其规定",
        ),
    ),
    initial="submitted",
    states=(
        State("submitted", "申请已提交，待确认收到"),
        State("received", "已收到申请（起算答复期限）"),
        State("correction_requested", "待补正"),
        State("extended", "已延长答复期限"),
        State("replied", "已答复", final=True,
              entry_rule=f"只能在收到申请后答复（{DISCLOSURE_REGULATION}第三十一条、第三十三条）"),
        State("abandoned", "视为放弃申请", final=True),
    ),
    transitions=(
        Transition("submitted", "received", "确认收到申请（起算答复期限）",
                   f"{DISCLOSURE_REGULATION}第三十一条",
                   gates=(Gate("须登记收到申请的日期", f"{DISCLOSURE_REGULATION}第三十一条",
                               requires=("receipt_date",)),)),
        Transition("received", "correction_requested", "一次性告知申请人补正",
                   f"{DISCLOSURE_REGULATION}第三十条",
                   gates=(Gate("补正只能一次性告知，已经告知过补正", f"{DISCLOSURE_REGULATION}第三十条",
                               forbids=("correction_already_requested",)),)),
        Transition("correction_requested", "received", "申请人补正，答复期限重新起算",
                   f"{DISCLOSURE_REGULATION}第三十条"),
        Transition("correction_requested", "abandoned", "无正当理由逾期不补正，视为放弃申请",
                   f"{DISCLOSURE_REGULATION}第三十条",
                   gates=(Gate("补正期限尚未届满，不能视为放弃申请", f"{DISCLOSURE_REGULATION}第三十条",
                               requires=("correction_period_expired",)),)),
        Transition("received", "extended", "延长答复期限（最长20个工作日）",
                   f"{DISCLOSURE_REGULATION}第三十三条",
                   gates=(
                       Gate("延长答复期限须经政府信息公开工作机构负责人同意",
                            f"{DISCLOSURE_REGULATION}第三十三条", requires=("extension_approved",)),
                       Gate("延长答复期限须告知申请人", f"{DISCLOSURE_REGULATION}第三十三条",
                            requires=("applicant_notified",)),
                   )),
        *(Transition(source, "replied", "作出答复", f"{DISCLOSURE_REGULATION}第三十三条、第三十六条",
                     gates=(Gate("只能在收到申请后答复：尚未登记收到申请的日期",
                                 f"{DISCLOSURE_REGULATION}第三十一条、第三十三条",
                                 requires=("receipt_date",)),))
          for source in ("received", "extended")),
    ),
)

# ---------------------------------------------------------------------------
