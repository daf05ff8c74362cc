"""行政复议登记簿的演示数据：往年和今年的申请，覆盖各种办理状态。"""

from __future__ import annotations

import datetime
import random
from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..base import (
    OpenCase,
    RecordEvent,
    work_calendar,
)
from ..details.reconsideration import (
    CONTRACT_TYPES,
    SIMPLE_AMOUNT_LIMIT,
    ActKind,
    ApplicantType,
    Channel,
    DecisionType,
    Procedure,
    SimpleGround,
)
from .procedure import CLOSING_EVENT, CORRECTION_PERIOD_WD

# -------------------------------------------------------------------- demo
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田"
GIVEN_NAMES = ("建国", "秀兰", "志强", "桂英", "海燕", "立新", "红梅", "文博", "春生", "玉兰",
               "明亮", "国庆", "淑芬", "振华", "晓东", "丽娟", "金山", "德胜", "凤英", "学军",
               "庆华", "永刚", "素珍", "洪涛", "俊杰", "雪梅", "长青", "保国", "艳丽", "广平")
COMPANY_WORDS = ("惠民", "鑫源", "金穗", "宏达", "鲁西", "瑞丰", "恒通", "兴旺", "福润", "康泰")
COMPANY_TRADES = ("商贸", "农资", "建材", "食品", "物流", "机械", "餐饮管理", "蔬菜种植专业合作社")

# respondent → (contested act, kind, suitable for the simple procedure); "{n}" a number,
# "{amount}" a fine in yuan.
ACTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "县市场监管局": (
        ("市监罚〔{year}〕{n}号行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("查封经营场所的行政强制措施", ActKind.COERCION, False),
        ("食品经营许可申请不予许可决定", ActKind.LICENCE, False),
        ("投诉举报不予立案告知（未履行查处职责）", ActKind.INACTION, True),
    ),
    "县自然资源和规划局": (
        ("不动产登记行为（房屋所有权首次登记）", ActKind.CONFIRMATION, False),
        ("自然资罚〔{year}〕{n}号责令退还非法占用土地的行政处罚决定", ActKind.PENALTY, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
    "县综合执法局": (
        ("限期拆除违法建设决定", ActKind.COERCION, False),
        ("综执罚〔{year}〕{n}号行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("扣押经营工具的行政强制措施", ActKind.COERCION, False),
    ),
    "县公安局": (
        ("公（治）行罚决字〔{year}〕{n}号行政拘留五日的处罚决定", ActKind.PENALTY, False),
        ("治安管理处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("道路交通安全违法行为处理决定（罚款200元）", ActKind.PENALTY, True),
    ),
    "县人力资源和社会保障局": (
        ("人社工伤认字〔{year}〕{n}号不予认定工伤决定", ActKind.WORK_INJURY, False),
        ("劳动保障监察投诉处理答复", ActKind.INACTION, True),
    ),
    "县住房和城乡建设局": (
        ("国有土地上房屋征收补偿决定", ActKind.EXPROPRIATION, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
    "县农业农村局": (
        ("农村土地承包经营纠纷处理决定", ActKind.OTHER, False),
        ("农资经营行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
    ),
    "朝城镇人民政府": (
        ("未履行集体土地征收补偿安置法定职责", ActKind.INACTION, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
}

WEIGHTS: dict[str, int] = {
    DecisionType.UPHOLD: 30, DecisionType.REJECT_CLAIM: 12, DecisionType.SETTLEMENT: 14,
    DecisionType.REVOKE: 6, DecisionType.PARTLY_REVOKE: 3, DecisionType.CONFIRM_ILLEGAL: 6,
    DecisionType.ALTER: 2, DecisionType.CONFIRM_VOID: 1, DecisionType.ORDER_PERFORM: 3,
    DecisionType.MEDIATION: 5, DecisionType.TERMINATED: 3, DecisionType.DISMISS_APPLICATION: 3,
    DecisionType.NOT_ACCEPTED: 6, DecisionType.ABANDONED: 2,
}
CORRECTION_ITEMS = (
    "请补充提供被申请复议的行政行为的决定书复印件。",
    "请写明具体的行政复议请求和事实理由。",
    "请补充申请人身份证明材料；委托代理的，请提交授权委托书。",
    "请明确被申请人，并补充提供知道该行政行为的日期的证明材料。",
)
REFUSAL_REASONS = (
    ("申请超过法定申请期限，且无正当理由（第二十条）。", ""),
    ("申请事项属于信访事项，不属于行政复议范围（第十一条、第十二条）。", ""),
    ("申请人已就同一行政行为向人民法院提起行政诉讼，人民法院已经依法受理（第三十条）。", ""),
    ("被申请人为市级行政机关，本机关无管辖权（第二十四条）。", "聊城市人民政府"),
)
TERMINATION_REASONS = (
    "作为申请人的自然人死亡，其近亲属放弃行政复议权利（第四十一条）。",
    "申请人对行政拘留不服申请复议后，因同一违法行为涉嫌犯罪，该行政拘留变更为刑事拘留（第四十一条）。",
)
DISMISSAL_REASONS = (
    "受理后查明申请人与被申请复议的行政行为没有利害关系（第三十三条）。",
    "受理后查明申请人提出申请前已就同一事项提起行政诉讼（第三十三条）。",
)
SUSPENSION_GROUNDS = (
    "案件涉及法律适用问题，需要有权机关作出解释或者确认（第三十九条）。",
    "案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结（第三十九条）。",
    "作为申请人的自然人下落不明（第三十九条）。",
)
APPROVERS = ("孙立军", "周慧敏")  # 复议机构负责人 (demo names)
AGREEMENT_ACT = ("房屋征收补偿协议（未按照约定履行、单方变更协议）", ActKind.EXPROPRIATION, False)


def _demo_applicant(region: Region, rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.72:
        return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), ApplicantType.PERSON
    name = f"{region.name}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}"
    if not name.endswith("合作社"):
        name += "有限公司"
    return name, ApplicantType.ORGANISATION


def _demo_case(region: Region, unit: Unit, actor: Actor, today: datetime.date,
               rng: random.Random, received: datetime.date, outcome: str | None,
               counters: dict[str, int]) -> None:
    """One case, replayed through the actions up to ``today``. ``outcome``
    None: the case stays open (overdue once its decision period has run)."""
    from ..base import get_register

    reg = get_register("reconsideration")
    cal = work_calendar()
    days = datetime.timedelta
    year = received.year
    short = region.name[:1]
    respondent = rng.choice(list(ACTS))
    act, kind, simple_ok = rng.choice(ACTS[respondent])
    if outcome in CONTRACT_TYPES:  # art. 71: the case is about an administrative agreement
        respondent, (act, kind, simple_ok) = "县住房和城乡建设局", AGREEMENT_ACT
    amount = rng.choice((500, 2000, 3000, 5000, 20000, 50000))
    if "{amount}" not in act:
        amount = 200 if "罚款200元" in act else None
    act = act.format(year=year, n=rng.randint(10, 320), amount=amount)
    if "〔" in act and not act.startswith(short):
        act = short + act
    applicant, applicant_type = _demo_applicant(region, rng)
    simple = simple_ok and rng.random() < 0.45 and outcome not in (DecisionType.MEDIATION,)
    # 行政复议法 art. 53: ① lists the cases; any other needs every party's consent (②).
    ground = ""
    if kind == ActKind.DISCLOSURE:
        ground = SimpleGround.DISCLOSURE
    elif amount is not None and amount <= SIMPLE_AMOUNT_LIMIT:
        ground = SimpleGround.SMALL_AMOUNT
    consent = simple and not ground
    needs_correction = outcome == DecisionType.ABANDONED or rng.random() < 0.1
    if kind == ActKind.INACTION:
        title = f"申请责令{respondent}履行法定职责"
    else:
        title = f"不服{respondent}{act.split('（')[0].split('号')[-1] or act}"
    case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
        "title": title[:300], "started_on": received, "applicant": applicant,
        "applicant_type": applicant_type, "respondent": respondent, "contested_act": act,
        "act_kind": kind, "channel": rng.choice(
            [Channel.IN_PERSON] * 5 + [Channel.POST] * 3 + [Channel.ONLINE] * 3
            + [Channel.FAX, Channel.ORAL]),
        "procedure": Procedure.SIMPLE if simple else Procedure.ORDINARY,
        "simple_ground": ground if simple else "",
        "amount_involved": str(amount) if amount is not None else None,
        "parties_consent": consent,
        "needs_correction": needs_correction,
    }).execute()

    steps: list[tuple[datetime.date, str, dict[str, Any]]] = []
    review_from = received
    if needs_correction:
        notice = cal.add_working_days(received, rng.randint(1, 4)).date
        steps.append((notice, "request_correction", {"items": rng.choice(CORRECTION_ITEMS)}))
        if outcome == DecisionType.ABANDONED:
            due = cal.add_working_days(notice, CORRECTION_PERIOD_WD).date
            steps.append((due + days(rng.randint(1, 6)), "abandon", {}))
            outcome = "done"
        else:
            review_from = cal.add_working_days(notice, rng.randint(2, 9)).date
            steps.append((review_from, "correction_received", {}))
    if outcome == DecisionType.NOT_ACCEPTED:
        reason, body = rng.choice(REFUSAL_REASONS)
        counters["refuse"] += 1
        steps.append((cal.add_working_days(review_from, rng.randint(2, 5)).date, "refuse", {
            "reason": reason, "competent_body": body,
            "decision_number": f"{short}政复不受〔{year}〕{counters['refuse']}号"}))
    elif outcome != "done":
        review_due = cal.add_working_days(review_from, 5).date
        if rng.random() < 0.08:  # silence: deemed accepted when the 5 WD ran out (art. 30)
            accepted_on = review_due
            steps.append((review_due + days(rng.randint(1, 3)), "deem_accepted", {}))
        else:
            accepted_on = cal.add_working_days(review_from, rng.randint(1, 5)).date
            steps.append((accepted_on, "accept", {}))
        limit = 30 if simple else 60
        shift = 0
        if simple and rng.random() < 0.15:
            steps.append((accepted_on + days(rng.randint(4, 12)), "switch_procedure",
                          {"procedure": Procedure.ORDINARY, "approver": rng.choice(APPROVERS)}))
            simple, limit = False, 60
        elif not simple:
            if rng.random() < 0.12:
                steps.append((accepted_on + days(rng.randint(12, 22)), "hearing",
                              {"respondent_head": f"{respondent}副局长"}))
            if rng.random() < 0.07:
                start = accepted_on + days(rng.randint(25, 35))
                shift = rng.randint(10, 40)
                steps.append((start, "suspend", {"ground": rng.choice(SUSPENSION_GROUNDS)}))
                steps.append((start + days(shift), "resume", {}))
        extended = not simple and outcome is not None and rng.random() < 0.2
        if extended:
            steps.append((accepted_on + days(shift + rng.randint(48, 58)), "extend",
                          {"approver": rng.choice(APPROVERS), "notified_on": None}))
            limit += 30
        if outcome is not None:
            if extended:
                close = accepted_on + days(shift + rng.randint(62, limit - 1))
            elif rng.random() < 0.05:  # a few decided late
                close = accepted_on + days(shift + limit + rng.randint(3, 12))
            else:
                close = accepted_on + days(shift + rng.randint(max(limit // 3, 8), limit - 1))
            # Never before the last step already planned (a resumption, an extension).
            floor = max(on for on, _, _ in steps)
            close = cal.next_working_day(max(close, floor + days(rng.randint(3, 10))))
            event = CLOSING_EVENT[outcome]
            counters[event] += 1
            number = {"decide": "决", "mediate": "调", "withdraw": "终", "terminate": "终",
                      "dismiss": "驳"}.get(event, "")
            data: dict[str, Any] = {"decision_number": f"{short}政复{number}〔{close.year}〕"
                                                       f"{counters[event]}号"}
            if event == "decide":
                data["decision_type"] = outcome
            elif event == "withdraw":
                data["settled"] = rng.random() < 0.6
            elif event == "terminate":
                data["reason"] = rng.choice(TERMINATION_REASONS)
            elif event == "dismiss":
                data["reason"] = rng.choice(DISMISSAL_REASONS)
            steps.append((close, event, data))

    for on, event, data in steps:
        if on > today:
            break  # the rest has not happened yet
        case = RecordEvent(actor, case, reg, event, occurred_on=on, data=data).execute()


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Realistic 行政复议 records for last year and this year to date, handled by
    the county's 复议机构 (县司法局): most decided on time, some extended, a few
    with 补正, some decided late or still open past their deadline, and every
    decision type at least once. Returns the number of cases."""
    unit = units["县司法局"]
    cal = work_calendar()
    first = datetime.date(today.year - 1, 1, 1)
    span = (today - first).days
    total = 45 + round(45 * today.timetuple().tm_yday / 366)
    received = sorted(cal.next_working_day(first + datetime.timedelta(days=rng.randrange(span)))
                      for _ in range(total))
    # Every decision type at least once, on cases received long enough ago to
    # have ended by today (the longest path here takes about 170 days).
    outcomes: list[str | None] = [None] * total
    mature = [i for i, day in enumerate(received) if (today - day).days >= 180]
    mandatory = list(DecisionType.values)
    for slot, outcome in zip(rng.sample(mature, min(len(mature), len(mandatory))), mandatory,
                             strict=False):
        outcomes[slot] = outcome
    types, weights = zip(*WEIGHTS.items(), strict=True)
    outcomes = [o if o is not None else rng.choices(types, weights=weights)[0] for o in outcomes]
    plan: list[tuple[datetime.date, str | None]] = list(zip(received, outcomes, strict=True))
    # A few open cases past their deadline: received 80–150 days ago, never decided.
    for _ in range(3):
        day = cal.next_working_day(today - datetime.timedelta(days=rng.randint(80, 150)))
        if day >= first:
            plan.append((day, None))
    plan.sort(key=lambda p: p[0])
    counters: dict[str, int] = dict.fromkeys(
        ("refuse", "decide", "mediate", "withdraw", "terminate", "dismiss", "abandon"), 0)
    for day, outcome in plan:
        _demo_case(region, unit, actor, today, rng, day, outcome, counters)
    return len(plan)
