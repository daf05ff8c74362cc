"""litigation: demo."""

from __future__ import annotations

import datetime
import random
from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..base import (
    OpenCase,
    work_calendar,
)
from ..details.litigation import (
    AbsenceReason,
    AppealDecision,
    AppealResult,
    Appearance,
    Appellant,
    HeadRank,
    JudgmentKind,
    Level,
    Outcome,
    lost_outcomes,
)
from ..excel import (
    replay_event,
)
from ..models import Case
from .procedure import (
    KEY,
    LitigationRegister,
)

# ------------------------------------------------------------------------ demo
# (unit short name, [(案由, the act sued, whether 出庭规定 art. 4 makes the court
# summon the head: food/drug, ecology/resources, public health, high concern)])
DEMO_DEFENDANTS: list[tuple[str, list[tuple[str, str, bool]]]] = [
    ("县市场监管局", [("行政处罚", "行政处罚决定书（食品安全）", True),
                     ("行政处罚", "行政处罚决定书（价格违法）", False),
                     ("行政登记", "撤销公司登记决定", False)]),
    ("县自然资源和规划局", [("行政处罚", "行政处罚决定书（非法占用土地）", True),
                          ("不动产登记", "不动产登记行为", False),
                          ("行政强制", "责令退还非法占用土地决定", True)]),
    ("县综合执法局", [("行政强制", "限期拆除违法建设决定书", True),
                     ("行政处罚", "行政处罚决定书（占道经营）", False)]),
    ("县人力资源社会保障局", [("工伤认定", "不予认定工伤决定书", False),
                            ("劳动保障监察", "劳动保障监察处理决定书", False)]),
    ("县公安局", [("治安管理处罚", "行政处罚决定书（治安管理）", False),
                 ("道路交通管理", "道路交通安全违法行为处罚决定", False)]),
    ("县住房城乡建设局", [("房屋征收补偿", "房屋征收补偿决定", True)]),
    ("县政府办公室", [("政府信息公开", "政府信息公开申请答复书", False)]),
]
TOWN_CAUSES = [("行政强制", "强制拆除房屋行为", True), ("不履行法定职责", "未依申请履行查处职责", False)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["建国", "志强", "海涛", "红梅", "立新", "振华", "秀英", "文博", "玉兰", "光明", "晓东",
         "春燕", "德胜", "永刚", "丽娜", "伟", "静", "磊", "敏", "军", "学文", "庆华"]
COMPANY_TRADES = ["商贸", "建材", "食品", "养殖", "物流", "置业", "农业科技", "机械"]
# A realistic spread: most suits are dismissed on the merits, withdrawn or thrown out.
OUTCOME_WEIGHTS = {
    Outcome.REJECT_CLAIM: 40, Outcome.DISMISS_SUIT: 12, Outcome.WITHDRAWN: 14, Outcome.REVOKE: 8,
    Outcome.PARTLY_REVOKE: 2, Outcome.CONFIRM_ILLEGAL: 6, Outcome.CONFIRM_VOID: 1,
    Outcome.PERFORM: 4, Outcome.PAY: 1, Outcome.ALTER: 1, Outcome.COMPENSATE: 2,
    Outcome.MEDIATION: 2, Outcome.OTHER: 1,
}
APPEAL_MODES = ("upheld", "amended", "paper", "appeal_withdrawn")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _posts(unit: Unit) -> tuple[str, str, str]:
    """(principal, deputy, staff) posts for the kind of unit."""
    if unit.kind == Unit.Kind.TOWN:
        return "镇长", "副镇长", "综合行政执法办公室主任"
    if unit.kind in (Unit.Kind.STREET, Unit.Kind.GOV_OFFICE):
        return "主任", "副主任", "法制工作负责人"
    return "局长", "副局长", "法制股股长"


def _demo_hearing(rng: random.Random, unit: Unit, people: dict[str, str], summoned: bool,
                  level: str) -> dict[str, Any]:
    principal, deputy, staff = _posts(unit)
    lawyer = rng.random() < 0.6
    roll = rng.random()
    head_rate = 0.95 if summoned else (0.85 if level == Level.FIRST else 0.7)
    if roll < head_rate:
        if rng.random() < (0.5 if summoned else 0.3):
            return {"appearance": Appearance.HEAD, "head_name": people["principal"],
                    "head_post": principal, "head_rank": HeadRank.PRINCIPAL,
                    "lawyer_attended": lawyer}
        return {"appearance": Appearance.HEAD, "head_name": people["deputy"],
                "head_post": f"党组成员、{deputy}" if rng.random() < 0.3 else deputy,
                "head_rank": HeadRank.DEPUTY, "lawyer_attended": lawyer}
    reason, proof = rng.choice([
        (AbsenceReason.DUTY, "加盖公章的情况说明（附县政府常务会议通知）"),
        (AbsenceReason.DUTY, "加盖公章的情况说明（参加上级督导检查）"),
        (AbsenceReason.OTHER, "加盖公章的情况说明（因病住院，附诊断证明）"),
    ])
    return {"appearance": Appearance.STAFF, "staff_name": people["staff"], "staff_post": staff,
            "absence_reason": reason, "absence_proof": proof, "lawyer_attended": True}


def _demo_steps(rng: random.Random, plan: dict[str, Any], people: dict[str, str]
                ) -> list[tuple[str, datetime.date, dict[str, Any]]]:
    """A case's history from receipt to its end (the loader stops at today)."""
    day = datetime.timedelta(days=1)
    unit, outcome, summoned = plan["unit"], plan["outcome"], plan["summoned"]
    received = plan["received"]
    steps: list[tuple[str, datetime.date, dict[str, Any]]] = []
    # 行诉法 art. 67: most units answer within the 15 days; a few are late.
    defence_on = received + day * (rng.randint(17, 24) if plan["late"] else rng.randint(5, 14))
    steps.append(("defence", defence_on, {}))
    if outcome == Outcome.WITHDRAWN and rng.random() < 0.5:
        steps.append(("withdraw", defence_on + day * rng.randint(5, 20),
                      {"after_change": rng.random() < 0.5}))
        return steps
    notice_on = defence_on + day * rng.randint(10, 30)
    hearing_on = notice_on + day * rng.randint(7, 21)
    steps.append(("notice", notice_on, {"hearing_on": hearing_on, "summoned": summoned}))
    steps.append(("hearing", hearing_on, _demo_hearing(rng, unit, people, summoned, Level.FIRST)))
    if outcome == Outcome.WITHDRAWN:
        steps.append(("withdraw", hearing_on + day * rng.randint(7, 30),
                      {"after_change": rng.random() < 0.5}))
        return steps
    kind = {Outcome.DISMISS_SUIT: JudgmentKind.RULING, Outcome.OTHER: JudgmentKind.RULING,
            Outcome.MEDIATION: JudgmentKind.MEDIATION}.get(outcome, JudgmentKind.JUDGMENT)
    judged_on = hearing_on + day * rng.randint(14, 45)
    # 行诉法 art. 85: the appeal period runs from service (judgment 15 days, ruling 10).
    served_on = judged_on + day * rng.randint(1, 5)
    steps.append(("judgment", judged_on, {"judgment_kind": kind, "outcome": outcome,
                                          "served_on": served_on}))
    mode = plan["appeal"]
    lost = outcome in lost_outcomes()
    if kind != JudgmentKind.MEDIATION:
        steps.append(("appeal_decision", served_on + day * rng.randint(2, 6), {
            "decision": AppealDecision.APPEAL if mode and lost else AppealDecision.NO_APPEAL,
            "approver": people["principal"]}))
    if not mode:
        period = 15 if kind == JudgmentKind.JUDGMENT else 10
        effective = work_calendar().period_end_days(served_on, period).date if kind != \
            JudgmentKind.MEDIATION else judged_on
        steps.append(("close", effective + day * rng.randint(1, 8), {}))
        return steps
    appeal_on = served_on + day * rng.randint(7, 9)
    steps.append(("appeal", appeal_on,
                  {"appealed_by": Appellant.DEFENDANT if lost else Appellant.PLAINTIFF}))
    amended_to = Outcome.REJECT_CLAIM if lost else Outcome.REVOKE
    if mode in ("upheld", "amended"):
        notice2 = appeal_on + day * rng.randint(30, 60)
        hearing2 = notice2 + day * rng.randint(7, 20)
        judged2 = hearing2 + day * rng.randint(14, 40)
        steps.append(("notice", notice2, {"hearing_on": hearing2, "summoned": summoned}))
        steps.append(("hearing", hearing2, _demo_hearing(rng, unit, people, summoned, Level.SECOND)))
        result = AppealResult.AMENDED if mode == "amended" else AppealResult.UPHELD
        steps.append(("judgment", judged2, {
            "judgment_kind": JudgmentKind.JUDGMENT, "appeal_result": result,
            "outcome": amended_to if result == AppealResult.AMENDED else ""}))
        steps.append(("close", judged2 + day * rng.randint(7, 15), {}))
    else:
        # 二审 decided on the papers (行诉法 art. 86), or the appeal withdrawn.
        decided = appeal_on + day * rng.randint(40, 90)
        result = AppealResult.UPHELD if mode == "paper" else AppealResult.WITHDRAWN
        steps.append(("close", decided + day * rng.randint(5, 12), {
            "appeal_result": result, "appeal_judged_on": decided,
            "appeal_judgment_kind": (JudgmentKind.JUDGMENT if mode == "paper"
                                     else JudgmentKind.RULING)}))
    return steps


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Demo cases of the previous calendar year and this year to date, replayed
    through the same forms and actions as the web pages. Returns how many."""
    from ..base import get_register

    reg: LitigationRegister = get_register(KEY)  # type: ignore[assignment]
    defendants = [(units[name], causes) for name, causes in DEMO_DEFENDANTS if name in units]
    defendants += [(u, TOWN_CAUSES) for name, u in units.items()
                   if name.endswith(("镇", "街道"))][:4]
    if not defendants:
        return 0
    people = {u.pk: {"principal": _person(rng), "deputy": _person(rng), "staff": _person(rng)}
              for u, _ in defendants}
    last_year = datetime.date(today.year - 1, 1, 1)
    this_year = datetime.date(today.year, 1, 1)
    # Every outcome type once, in cases received early enough to have ended,
    # then a weighted spread; a few appeals of each kind.
    outcomes = list(Outcome.values)
    outcomes += rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()), k=12)
    plans = []
    appeals = list(APPEAL_MODES)
    for i, outcome in enumerate(outcomes):
        early = i < len(Outcome.values)
        received = last_year + datetime.timedelta(days=rng.randint(0, 200 if early else 330))
        appeal = ""
        if (outcome not in (Outcome.WITHDRAWN, Outcome.MEDIATION) and received.month <= 6
                and (appeals and early or rng.random() < 0.15)):
            appeal = appeals.pop(0) if appeals else rng.choice(("upheld", "upheld", "paper"))
        plans.append({"received": received, "outcome": outcome, "appeal": appeal})
    elapsed = (today - this_year).days
    for _ in range(max(2, round(len(outcomes) * elapsed / 365))):
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        plans.append({"received": this_year + datetime.timedelta(days=rng.randint(0, max(0, elapsed))),
                      "outcome": outcome, "appeal": "upheld" if rng.random() < 0.1 else ""})
    plans.sort(key=lambda p: p["received"])
    code = (region.code or "371522")[2:6]
    serial: dict[int, int] = {}
    count = 0
    for plan in plans:
        received = plan["received"]
        if received > today:
            continue
        unit, causes = rng.choice(defendants)
        cause, act, summoned = rng.choice(causes)
        plan.update(unit=unit, summoned=summoned, late=rng.random() < 0.12)
        year = received.year
        serial[year] = serial.get(year, rng.randint(8, 30)) + rng.randint(1, 6)
        acted = received - datetime.timedelta(days=rng.randint(30, 150))
        if rng.random() < 0.6:
            plaintiff = f"{rng.choice(SURNAMES)}某{'某' if rng.random() < 0.5 else ''}"
        else:
            plaintiff = f"{region.name}某{rng.choice(COMPANY_TRADES)}有限公司"
        data = {"unit": unit, "started_on": received, "plaintiff": plaintiff, "cause": cause,
                "court_case_number": f"（{year}）鲁{code}行初{serial[year]}号",
                "court": f"{region.name}人民法院",
                "act_sued": f"{acted.year}年{acted.month}月{acted.day}日作出的{act}",
                "after_reconsideration": rng.random() < 0.2}
        case: Case = OpenCase(actor, reg, region=region, unit=unit, data=data,
                              is_demo=True).execute()  # type: ignore[assignment]
        for key, on, fields in _demo_steps(rng, plan, people[unit.pk]):
            if on > today:
                break
            case = replay_event(reg, case, actor, key, on, fields)
        count += 1
    return count
