"""合法性审查登记簿的演示数据：往年和今年至今，镇街和部门送审的行政协议（合同）、
重大事项和规范性文件草案，覆盖各种办理状态（规范性文件和重大行政决策登记簿的
送审另由各自的演示数据经 ``open_review`` 生成）。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.legality_review import Adoption, MatterKind, Opinion, ReviewerKind
from .service import KEY

TOWN_MATTERS = (
    (MatterKind.AGREEMENT, "{village}土地经营权流转合同"),
    (MatterKind.AGREEMENT, "{village}集体资产租赁合同"),
    (MatterKind.AGREEMENT, "{town}农村人居环境整治项目施工合同"),
    (MatterKind.AGREEMENT, "{town}保洁服务采购合同"),
    (MatterKind.OTHER, "{town}农村集体经营性建设用地入市方案"),
    (MatterKind.OTHER, "{town}违法建设专项整治工作方案"),
    (MatterKind.OTHER, "{village}村规民约（修订稿）"),
    (MatterKind.AGREEMENT, "{town}招商引资合作协议"),
)
DEPARTMENT_MATTERS = (
    (MatterKind.AGREEMENT, "{unit}政府购买服务合同"),
    (MatterKind.AGREEMENT, "{unit}特许经营协议"),
    (MatterKind.AGREEMENT, "{unit}国有土地使用权出让合同"),
    (MatterKind.OTHER, "{unit}行政执法事项清单（调整）"),
    (MatterKind.OTHER, "{unit}重大行政执法决定（法制审核）"),
    (MatterKind.AGREEMENT, "{unit}房屋征收补偿协议（范本）"),
)
VILLAGES = ("王庄村", "李楼村", "张寨村", "刘集村", "东关村", "前营村", "北街村", "后屯村", "西屯村")
REASONS = (
    "合同第八条违约责任约定不对等，建议增加对方违约时的解除条款和违约金标准。",
    "方案中“一律拆除”的表述缺少法律依据，建议按《中华人民共和国城乡规划法》第六十五条区分情形处理。",
    "协议约定的补偿标准低于县政府公布的标准，须按现行标准修改。",
    "涉及减损公民权利的条款缺少法律、法规依据，建议删除。",
)
UNLAWFUL_REASONS = (
    "方案设定了罚款，乡镇人民政府无权设定行政处罚（《中华人民共和国行政处罚法》第十六条），不得实施。",
    "合同约定以集体土地作抵押担保，违反法律规定，合同条款无效。",
)


def _reviewer(unit: Unit) -> tuple[str, str]:
    if unit.kind in (Unit.Kind.TOWN, Unit.Kind.STREET):
        return ReviewerKind.JUSTICE_OFFICE, f"{unit.short_name or unit.name}司法所"
    return ReviewerKind.JUSTICE_BUREAU, "县司法局合法性审查科"


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """About 250 reviews a year from the towns, streets and departments; the
    older ones closed, the recent ones in every state (one overdue)."""
    from ..base import get_register

    reg = get_register(KEY)
    towns = [u for u in units.values() if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    departments = [u for u in units.values() if u.kind == Unit.Kind.DEPARTMENT]
    if not towns and not departments:
        return 0
    start = datetime.date(today.year - 1, 1, 1)
    plans: list[tuple[datetime.date, Unit, str, str]] = []
    for unit in towns:
        for _ in range(rng.randint(7, 10) * 2 * today.timetuple().tm_yday // 365 + 4):
            kind, pattern = rng.choice(TOWN_MATTERS)
            name = unit.short_name or unit.name
            plans.append((start + datetime.timedelta(days=rng.randint(0, (today - start).days)),
                          unit, kind, pattern.format(town=name, village=name + rng.choice(VILLAGES))))
    for unit in departments:
        for _ in range(rng.randint(1, 3)):
            kind, pattern = rng.choice(DEPARTMENT_MATTERS)
            plans.append((start + datetime.timedelta(days=rng.randint(0, (today - start).days)),
                          unit, kind, pattern.format(unit=unit.short_name or unit.name)))
    plans.sort(key=lambda p: p[0])
    overdue_done = False
    for sent, unit, kind, title in plans:
        reviewer_kind, reviewer_name = _reviewer(unit)
        case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
            "title": title, "started_on": sent, "matter_kind": kind,
            "reviewer_kind": reviewer_kind, "reviewer_name": reviewer_name}).execute()
        age = (today - sent).days
        if age < 3 or (not overdue_done and 12 < age < 40 and rng.random() < 0.3):
            overdue_done = overdue_done or age >= 12
            continue  # still under review (one of them past its period)
        day = sent
        if rng.random() < 0.06 and age > 20:
            day = sent + datetime.timedelta(days=2)
            case = RecordEvent(actor, case, reg, "request_supplement", occurred_on=day, data={
                "supplement_items": "请补充合同相对方的资质证明和项目立项批复。"}).execute()
            if age < 25:
                continue
            day += datetime.timedelta(days=rng.randint(3, 6))
            case = RecordEvent(actor, case, reg, "supplement_received", occurred_on=day).execute()
        if rng.random() < 0.02:
            RecordEvent(actor, case, reg, "withdraw", occurred_on=day + datetime.timedelta(days=1),
                        data={"withdrawal_reason": "项目暂缓实施，送审单位撤回。"}).execute()
            continue
        roll = rng.random()
        opinion = (Opinion.UNLAWFUL if roll < 0.02 else
                   Opinion.LAWFUL_AFTER_CHANGES if roll < 0.14 else Opinion.LAWFUL)
        reasons = (rng.choice(UNLAWFUL_REASONS) if opinion == Opinion.UNLAWFUL else
                   rng.choice(REASONS) if opinion == Opinion.LAWFUL_AFTER_CHANGES else "")
        opinion_on = min(today, day + datetime.timedelta(days=rng.choice((2, 3, 4, 5, 6, 7, 9))))
        case = RecordEvent(actor, case, reg, "opinion", occurred_on=opinion_on, data={
            "opinion": opinion, "opinion_reasons": reasons, "counsel_consulted": rng.random() < 0.5,
            "opinion_number": f"{reviewer_name[:6]}审〔{opinion_on.year}〕{case.pk}号"}).execute()
        if (today - opinion_on).days < 5:
            continue
        adoption = (Adoption.NOT_ADOPTED if opinion == Opinion.UNLAWFUL and rng.random() < 0.3
                    else Adoption.PARTLY if rng.random() < 0.05 else Adoption.ADOPTED)
        RecordEvent(actor, case, reg, "adoption",
                    occurred_on=min(today, opinion_on + datetime.timedelta(days=rng.randint(1, 6))),
                    data={"adoption": adoption,
                          "adoption_note": "已按审查意见修改。" if opinion != Opinion.LAWFUL else ""}
                    ).execute()
    return len(plans)
