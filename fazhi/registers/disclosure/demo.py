"""disclosure: demo."""

from __future__ import annotations

import datetime
import random
from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.workdays.calendar import WorkCalendar

from ..base import (
    OpenCase,
    RecordEvent,
    work_calendar,
)
from ..details.disclosure import (
    RECEIPT_ON_ARRIVAL,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    FormWanted,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
)
from .procedure import (
    CONSULTATION_LIMIT_WD,
    KEY,
    correction_period_wd,
)

# ----------------------------------------------------------------------- demo
# (unit short name, weight, requests it typically gets). Land, housing and
# 征收 dominate county disclosure requests; towns get village accounts.
DEMO_UNITS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("县自然资源和规划局", 24, (
        "{town}{village}集体土地征收的征地批复文件、征地补偿安置方案及公告",
        "本人房屋所在地块的国有建设用地使用权出让合同及出让公告",
        "{town}某商住项目的建设用地规划许可证及附图",
        "{town}{village}土地利用总体规划调整方案及批复",
        "对本人举报的{village}违法占地行为的调查处理结果",
    )),
    ("县住房城乡建设局", 15, (
        "城区棚户区改造项目房屋征收补偿方案及社会稳定风险评估报告",
        "某小区商品房预售许可证及竣工验收备案材料",
        "{year}年度老旧小区改造项目清单及资金安排",
        "某住宅项目施工许可证及工程质量监督报告",
    )),
    ("县政府办公室", 12, (
        "县人民政府关于{town}某项目的会议纪要",
        "县政府{year}年第{n}次常务会议研究征地补偿事项的决定",
        "县人民政府作出的某房屋征收决定及公告",
        "县政府与某公司签订的招商引资协议",
    )),
    ("县人力资源社会保障局", 6, (
        "{year}年事业单位公开招聘拟聘用人员名单及考试成绩",
        "某公司职工工伤认定的调查材料",
        "本人养老保险缴费记录及视同缴费年限核定依据",
    )),
    ("县市场监管局", 6, (
        "对本人投诉某超市销售过期食品的处理结果",
        "某公司的食品经营许可审查材料",
        "{year}年度食品安全监督抽检结果",
    )),
    ("县农业农村局", 5, (
        "{town}{village}土地承包经营权确权登记颁证资料",
        "{year}年耕地地力保护补贴发放名单及标准",
    )),
    ("县财政局", 4, (
        "{year}年度{town}专项资金拨付明细",
        "某道路建设项目财政资金使用情况",
    )),
    ("县公安局", 3, (
        "某道路交通事故认定的依据材料",
        "对本人报警事项的处理结果",
    )),
)
TOWN_REQUESTS = (
    "{village}{year}年度村级财务收支明细及集体资产处置情况",
    "{village}拆迁安置补偿名单、面积及补偿标准",
    "{village}{year}年低保户评定名单及评议记录",
)
VILLAGES = ("王庄村", "李楼村", "张寨村", "刘集村", "东关村", "前营村", "北街村", "后屯村")
SURNAMES_DEMO = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁"
GIVEN_DEMO = ("桂芝", "建华", "秀云", "志刚", "玉梅", "国强", "春霞", "新民", "凤琴", "长海",
              "金花", "明远", "保平", "爱莲", "宪军", "荣华", "学良", "翠英", "广志", "书田")
ORGS: dict[str, tuple[str, ...]] = {
    ApplicantType.BUSINESS: ("{county}鑫隆建材有限公司", "{county}丰源食品有限公司",
                             "山东润泽置业有限公司", "{county}宏远物流有限公司"),
    ApplicantType.RESEARCH: ("鲁西农业发展研究所", "聊城城乡规划研究中心"),
    ApplicantType.PUBLIC_WELFARE: ("聊城市绿源环保公益服务中心", "{county}爱心助学志愿者协会"),
    ApplicantType.LEGAL_SERVICE: ("山东鲁衡律师事务所", "{county}明正法律服务所"),
    ApplicantType.OTHER_ORG: ("{county}城南花园小区业主委员会", "{county}东关村股份经济合作社"),
}
APPLICANT_WEIGHTS = {ApplicantType.PERSON: 86, ApplicantType.BUSINESS: 6,
                     ApplicantType.LEGAL_SERVICE: 4, ApplicantType.OTHER_ORG: 2,
                     ApplicantType.PUBLIC_WELFARE: 1, ApplicantType.RESEARCH: 1}
CHANNEL_WEIGHTS = {Channel.ONLINE: 45, Channel.IN_PERSON: 28, Channel.REGISTERED_POST: 16,
                   Channel.ORDINARY_POST: 6, Channel.FAX: 5}
# (reply type, sub-category) → weight, roughly as county reports show them.
OUTCOME_WEIGHTS: dict[tuple[str, str], int] = {
    (ReplyType.GRANTED, ""): 38, (ReplyType.PARTIAL, ""): 8,
    (ReplyType.WITHHELD, ReplyReason.STATE_SECRET): 1,
    (ReplyType.WITHHELD, ReplyReason.PROHIBITED): 1,
    (ReplyType.WITHHELD, ReplyReason.THREE_SAFETIES): 1,
    (ReplyType.WITHHELD, ReplyReason.THIRD_PARTY): 2,
    (ReplyType.WITHHELD, ReplyReason.INTERNAL): 2,
    (ReplyType.WITHHELD, ReplyReason.PROCESS): 3,
    (ReplyType.WITHHELD, ReplyReason.ENFORCEMENT_FILE): 1,
    (ReplyType.WITHHELD, ReplyReason.INQUIRY): 1,
    (ReplyType.UNAVAILABLE, ReplyReason.NOT_HELD): 16,
    (ReplyType.UNAVAILABLE, ReplyReason.NEEDS_CREATION): 4,
    (ReplyType.UNAVAILABLE, ReplyReason.STILL_UNCLEAR): 2,
    (ReplyType.NOT_PROCESSED, ReplyReason.PETITION): 3,
    (ReplyType.NOT_PROCESSED, ReplyReason.REPEATED): 3,
    (ReplyType.NOT_PROCESSED, ReplyReason.PUBLICATION): 1,
    (ReplyType.NOT_PROCESSED, ReplyReason.EXCESSIVE): 1,
    (ReplyType.NOT_PROCESSED, ReplyReason.CONFIRMATION): 1,
    (ReplyType.OTHER, ReplyReason.OVERDUE_CORRECTION): 3,
    (ReplyType.OTHER, ReplyReason.FEE_UNPAID): 1,
    (ReplyType.OTHER, ReplyReason.OTHER): 1,
}
APPROVERS_DEMO = ("马文涛", "韩素梅")  # 政府信息公开工作机构负责人 (demo names)
CORRECTION_ITEMS_DEMO = (
    "请明确所申请信息的名称、文号或者所涉项目、地块的具体位置及时间范围。",
    "申请内容表述为“相关材料”，请具体描述所需政府信息的特征。",
    "请补充申请人身份证明复印件及联系方式。",
)
THIRD_PARTIES = ("{county}鑫隆建材有限公司", "山东润泽置业有限公司", "{county}宏远物流有限公司")


def _demo_applicant(region: Region, rng: random.Random) -> tuple[str, str]:
    types, weights = zip(*APPLICANT_WEIGHTS.items(), strict=True)
    kind = rng.choices(types, weights=weights)[0]
    if kind == ApplicantType.PERSON:
        return rng.choice(SURNAMES_DEMO) + rng.choice(GIVEN_DEMO), kind
    return rng.choice(ORGS[kind]).format(county=region.name), kind


def _demo_request(units: dict[str, Unit], rng: random.Random,
                  year: int) -> tuple[Unit, str]:
    towns = [u for u in units.values()
             if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    choices: list[tuple[Unit, tuple[str, ...], int]] = [
        (units[name], requests, weight) for name, weight, requests in DEMO_UNITS if name in units]
    choices += [(town, TOWN_REQUESTS, 2) for town in towns[:6]]
    if not choices:  # a county without these units: any unit will do
        choices = [(u, TOWN_REQUESTS, 1) for u in units.values()]
    unit, requests, _ = rng.choices(choices, weights=[c[2] for c in choices])[0]
    town = rng.choice(towns).short_name if towns else "某镇"
    text = rng.choice(requests).format(town=town, village=rng.choice(VILLAGES), year=year - 1,
                                       n=rng.randint(3, 30))
    return unit, text


def _demo_plan(rng: random.Random, cal: WorkCalendar, arrival: datetime.date, channel: str,
               outcome: tuple[str, str] | None, features: set[str], today: datetime.date,
               region: Region) -> list[tuple[datetime.date, str, dict[str, Any]]]:
    """The case's events in order; ``outcome`` None: never replied (overdue)."""
    add = lambda day, n: cal.add_working_days(day, n).date  # noqa: E731
    days = datetime.timedelta
    steps: list[tuple[datetime.date, str, dict[str, Any]]] = []
    confirm = arrival
    if channel not in RECEIPT_ON_ARRIVAL and rng.random() < 0.25:
        confirm = add(arrival, 1)  # confirmed with the applicant the next working day
    kind, reason = outcome or ("", "")
    correction = ("correction" in features
                  or reason in (ReplyReason.OVERDUE_CORRECTION, ReplyReason.STILL_UNCLEAR))
    steps.append((confirm, "confirm_receipt",
                  {"needs_correction": correction and rng.random() < 0.7}))
    base = confirm
    if correction:
        notice = add(base, rng.randint(2, 6))
        steps.append((notice, "request_correction", {"items": rng.choice(CORRECTION_ITEMS_DEMO)}))
        if reason == ReplyReason.OVERDUE_CORRECTION:
            due = add(notice, correction_period_wd())
            steps.append((due + days(rng.randint(1, 6)), "abandon", {}))
            return steps
        base = add(notice, rng.randint(2, 9))
        steps.append((base, "correction_received", {}))
    excluded = 0
    if "consult" in features or reason == ReplyReason.THIRD_PARTY:
        sent = add(base, rng.randint(2, 6))
        party = rng.choice(THIRD_PARTIES).format(county=region.name)
        steps.append((sent, "consult", {"kind": ConsultationKind.THIRD_PARTY, "party": party}))
        if rng.random() < 0.2:
            answered, answer = add(sent, 16), ConsultationAnswer.NO_ANSWER
            excluded = CONSULTATION_LIMIT_WD
        else:
            excluded = rng.randint(4, 14)
            answered = add(sent, excluded)
            answer = (ConsultationAnswer.DISAGREE if kind in (ReplyType.WITHHELD, ReplyType.PARTIAL)
                      else ConsultationAnswer.AGREE)
        steps.append((answered, "consult_answer", {"party": party, "answer": answer}))
    limit = 20 + excluded
    floor = steps[-1][0]
    if "extend" in features:
        on = max(add(base, limit - rng.randint(1, 4)), floor)
        steps.append((on, "extend", {"approver": rng.choice(APPROVERS_DEMO), "notified_on": on}))
        limit += 20
        floor = on
    if outcome is None:
        return steps
    if "late" in features:
        reply = add(base, limit + rng.randint(1, 6))
    else:
        reply = add(base, rng.randint(min(3, limit), limit))
    reply = max(reply, floor)
    steps.append((reply, "reply", {"reply_type": kind, "reply_reason": reason,
                                   "fee_amount": 100 if reason == ReplyReason.FEE_UNPAID else None}))
    if "followup" in features:
        filed = reply + days(rng.randint(15, 55))
        direct = rng.random() < 0.35
        which = "litigation" if direct else "reconsideration"
        steps.append((filed, "followup", {"kind": which, "outcome": ReviewOutcome.PENDING}))
        decided = filed + days(rng.randint(45, 80))
        result = rng.choices([ReviewOutcome.UPHELD, ReviewOutcome.CORRECTED, ReviewOutcome.OTHER],
                             weights=[6, 2, 1])[0]
        steps.append((decided, "followup", {"kind": which, "outcome": result}))
        if not direct and result == ReviewOutcome.UPHELD and rng.random() < 0.5:
            sued = decided + days(rng.randint(7, 14))
            steps.append((sued, "followup", {"kind": "litigation", "after_reconsideration": True,
                                             "outcome": ReviewOutcome.PENDING}))
    return steps


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Realistic 依申请公开 records for last year and this year to date: most
    replied on time, some extended, a few with 补正 or third-party
    consultation, a few replied late or still open past their deadline, every
    reply type and sub-category of the annual report at least once, and a few
    followed by reconsideration or litigation. Returns the number of cases."""
    from ..base import get_register

    reg = get_register(KEY)
    cal = work_calendar()
    first = datetime.date(today.year - 1, 1, 1)
    span = max((today - first).days, 1)
    total = 70 + round(70 * today.timetuple().tm_yday / 366)
    arrivals = sorted(cal.next_working_day(first + datetime.timedelta(days=rng.randrange(span)))
                      for _ in range(total))
    arrivals = [a for a in arrivals if a <= today]
    # Every category at least once, on cases old enough to have been answered.
    mature = [i for i, a in enumerate(arrivals) if (today - a).days >= 150]
    outcomes: list[tuple[str, str] | None] = [None] * len(arrivals)
    picks = rng.sample(mature, min(len(mature), len(OUTCOME_WEIGHTS)))
    for slot, outcome in zip(picks, OUTCOME_WEIGHTS, strict=False):
        outcomes[slot] = outcome
    keys, weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
    outcomes = [o if o is not None else rng.choices(keys, weights=weights)[0] for o in outcomes]
    features: list[set[str]] = [set() for _ in arrivals]
    for i, outcome in enumerate(outcomes):
        assert outcome is not None
        roll = rng.random()
        if roll < 0.09:
            features[i].add("extend")
        elif roll < 0.13:
            features[i].add("late")
        if rng.random() < 0.05:
            features[i].add("correction")
        if rng.random() < 0.04 and outcome[0] in (ReplyType.GRANTED, ReplyType.PARTIAL):
            features[i].add("consult")
        if outcome[0] in (ReplyType.WITHHELD, ReplyType.UNAVAILABLE, ReplyType.NOT_PROCESSED,
                          ReplyType.PARTIAL) and rng.random() < 0.15:
            features[i].add("followup")
    # A few of each feature for sure, on mature cases whose outcome allows it.
    answered = [i for i in mature if outcomes[i] and outcomes[i][1] != ReplyReason.OVERDUE_CORRECTION]
    for feature, n in (("extend", 3), ("late", 2), ("correction", 2), ("consult", 2),
                       ("followup", 3)):
        for i in rng.sample(answered, min(len(answered), n)):
            features[i].add(feature)
    plan: list[tuple[datetime.date, tuple[str, str] | None, set[str]]] = list(
        zip(arrivals, outcomes, features, strict=True))
    # A few still open past their reply deadline.
    for _ in range(3):
        day = cal.next_working_day(today - datetime.timedelta(days=rng.randint(40, 90)))
        if day >= first:
            plan.append((day, None, set()))
    plan.sort(key=lambda p: p[0])
    replies = 0
    for arrival, outcome, feats in plan:
        unit, content = _demo_request(units, rng, arrival.year)
        applicant, kind = _demo_applicant(region, rng)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        channel = rng.choices(channels, weights=channel_weights)[0]
        case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
            "started_on": arrival, "submitted_on": arrival - datetime.timedelta(
                days=rng.choice((0, 0, 0, 1, 2)) if channel.endswith("post") else 0),
            "applicant": applicant, "applicant_type": kind, "channel": channel,
            "content": content, "form_wanted": rng.choice(FormWanted.values)}).execute()
        for on, event, data in _demo_plan(rng, cal, arrival, channel, outcome, feats, today,
                                          region):
            if on > today:
                break  # the rest has not happened yet
            if event == "reply":
                replies += 1
                data = {**data, "reply_number": f"{region.name}依申请答〔{on.year}〕{replies}号"}
            case = RecordEvent(actor, case, reg, event, occurred_on=on, data=data).execute()
    return len(plan)
