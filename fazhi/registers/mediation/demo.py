"""人民调解登记簿的演示数据：约20个调解组织（每个镇街的乡镇调委会和若干村调委会，
行业性调委会和品牌调解室），每个组织2至5名调解员，往年和今年约200件纠纷。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.mediation import Agreement, CommitteeKind, DisputeType, Performance
from .actions import AddMediator, CreateCommittee
from .service import KEY

VILLAGES = ("王庄村", "李楼村", "张寨村", "刘集村", "东关村", "前营村", "北街社区", "后屯村")
INDUSTRIES = (("医疗纠纷人民调解委员会", "卫生"), ("道路交通事故纠纷人民调解委员会", "公安"),
              ("劳动争议人民调解委员会", "人力"), ("物业纠纷人民调解委员会", "住建"))
NAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("秀兰", "建华", "德明", "玉梅", "长青", "振海", "淑芳", "国强")
TITLES = {
    DisputeType.NEIGHBOUR: "{a}与{b}排水沟邻里纠纷", DisputeType.FAMILY: "{a}与{b}赡养纠纷",
    DisputeType.LAND: "{a}与{b}宅基地边界纠纷", DisputeType.DEBT: "{a}与{b}借款纠纷",
    DisputeType.WAGES: "{a}等人追索劳务费纠纷", DisputeType.TRAFFIC: "{a}与{b}交通事故赔偿纠纷",
    DisputeType.MEDICAL: "{a}与县医院医疗纠纷", DisputeType.PROPERTY: "{a}与物业公司物业费纠纷",
    DisputeType.OTHER: "{a}与{b}买卖纠纷",
}


def _person(rng: random.Random) -> str:
    return rng.choice(NAMES) + rng.choice(GIVEN)


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    from ..base import get_register

    reg = get_register(KEY)
    mine = [u for u in units.values() if u.region_id == region.pk]
    towns = [u for u in mine if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    departments = [u for u in mine if u.kind == Unit.Kind.DEPARTMENT]
    justice = next((u for u in departments if "司法" in u.name), departments[0] if departments else None)
    if not towns or justice is None:
        return 0
    founded = datetime.date(today.year - 6, 3, 1)
    committees = []
    plans: list[tuple[str, str, Unit]] = []
    for town in towns:
        name = town.short_name or town.name
        plans.append((f"{name}人民调解委员会", CommitteeKind.TOWNSHIP, town))
        for village in rng.sample(VILLAGES, 2 if len(towns) > 4 else 3):
            plans.append((f"{name}{village}人民调解委员会", CommitteeKind.VILLAGE, town))
    for title, trade in INDUSTRIES:
        unit = next((u for u in departments if trade in u.name), justice)
        plans.append((f"莘县{title}", CommitteeKind.INDUSTRY, unit))
    plans.append(("“老党员”品牌调解室", CommitteeKind.ROOM, towns[0]))
    for name, kind, unit in plans[:22]:
        committee = CreateCommittee(actor, region=region, unit=unit, name=name, kind=kind,
                                    established_on=founded, is_demo=True).execute()
        committees.append(committee)
        for n in range(rng.randint(2, 5)):
            AddMediator(actor, committee, name=_person(rng), full_time=n == 0 and kind != CommitteeKind.VILLAGE,
                        joined_on=founded + datetime.timedelta(days=rng.randint(0, 900))).execute()
    start = datetime.date(today.year - 1, 1, 1)
    span = (today - start).days
    count = 0
    for _ in range(200 * span // 700):
        committee = rng.choice(committees)
        kind = (rng.choice((DisputeType.MEDICAL,)) if "医疗" in committee.name else
                DisputeType.TRAFFIC if "交通" in committee.name else
                DisputeType.WAGES if "劳动" in committee.name else
                DisputeType.PROPERTY if "物业" in committee.name else
                rng.choice((DisputeType.NEIGHBOUR, DisputeType.FAMILY, DisputeType.LAND,
                            DisputeType.DEBT, DisputeType.OTHER)))
        a, b = _person(rng), _person(rng)
        on = start + datetime.timedelta(days=rng.randint(0, span))
        case = OpenCase(actor, reg, region=region, unit=committee.unit, is_demo=True, data={
            "title": TITLES[kind].format(a=a, b=b), "started_on": on, "committee": committee,
            "dispute_type": kind, "parties": f"{a}、{b}", "mediator": _person(rng)}).execute()
        count += 1
        ended = on + datetime.timedelta(days=rng.randint(1, 25))
        if ended >= today:
            continue
        if rng.random() < 0.93:
            written = rng.random() < 0.7
            case = RecordEvent(actor, case, reg, "succeed", occurred_on=ended, data={
                "agreement": Agreement.WRITTEN if written else Agreement.ORAL,
                "agreement_summary": "双方同意一次性给付并互不追究。"}).execute()
            visit = ended + datetime.timedelta(days=30)
            if visit < today:
                RecordEvent(actor, case, reg, "performance", occurred_on=visit, data={
                    "performance": rng.choice((Performance.PERFORMED,) * 9 + (Performance.PARTLY,))
                }).execute()
        else:
            RecordEvent(actor, case, reg, "fail", occurred_on=ended, data={
                "failure_reason": "双方分歧较大，已告知可以向人民法院起诉。"}).execute()
    return count
