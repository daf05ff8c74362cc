"""演示数据：莘县的执法主体和职权、约300名执法人员、约5000户检查对象（按信用风险等级）、
各执法部门的抽查事项和几次双随机抽取及结果. The directories are created in bulk
(they are lists, not procedures); the draws and their results go through
``PerformDraw`` and ``RecordResult`` like the pages and commands."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from .inspections import PerformDraw, RecordResult
from .models import (
    BodyProfile,
    Draw,
    Entity,
    InspectionItem,
    InspectionResult,
    InspectorConflict,
    Officer,
    OfficerStatus,
    SamplingRule,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "建国秀英志强桂兰海涛丽娟国庆晓东玉梅春生振华文静明亮红霞"
INDUSTRIES = ("食品销售", "餐饮服务", "农资经营", "建材销售", "成品油零售", "药品零售", "道路运输",
              "建筑施工", "娱乐场所", "养殖", "机动车维修", "废旧物资回收")
WORDS = ("鑫源", "华盛", "恒达", "金穗", "广利", "宏运", "德润", "兴隆", "福瑞", "顺安", "益民", "嘉禾")
ITEMS = ("对{field}经营者的监督检查", "对{field}单位安全生产的监督检查", "对{field}许可事项的事中事后监管")
N_OFFICERS, N_ENTITIES = 300, 5000
# The demo county's ratios per task (rules.md §10 ranges — A ≤ 5%, B 5–20%, C 21–60%,
# D 61–100% — are a year's; the demo draws small tasks, each result through the write path).
DEMO_FREQUENCY = {"A": 1, "B": 1, "C": 2, "D": 2}  # two rounds a year: 1–6月 all, 7–12月 C and D
DEMO_RATIOS = {"A": Decimal("0.005"), "B": Decimal("0.01"), "C": Decimal("0.04"), "D": Decimal("0.12")}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))


def load_directory(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
                   rng: random.Random) -> int:
    from fazhi.registers.enforcement_case.rules import make_credit_code

    bodies = [u for u in units.values() if u.is_law_enforcement]
    if not bodies or Officer.objects.filter(region=region).exists():
        return 0
    BodyProfile.objects.bulk_create(BodyProfile(
        unit=u, legal_basis=f"《{region.name}人民政府关于印发县政府工作部门职能配置的通知》",
        powers=f"行政处罚：{u.short_name}职责范围内的行政处罚\n行政检查：{u.short_name}职责范围内的监督检查",
        powers_published_on=datetime.date(today.year - 2, 3, 1)) for u in bodies)
    officers = []
    for n in range(N_OFFICERS):
        unit = bodies[n % len(bodies)]
        issued = datetime.date(today.year - rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28))
        expires = issued.replace(year=issued.year + 5)
        officers.append(Officer(
            region=region, unit=unit, name=_name(rng), certificate_number=f"3715{n + 1:06d}",
            issued_on=issued, expires_on=expires,
            status=OfficerStatus.SUSPENDED if rng.random() < 0.01 else OfficerStatus.ACTIVE,
            is_legal_reviewer=rng.random() < 0.06,
            bar_qualified=rng.random() < 0.5, training_hours=rng.randint(20, 72),
            training_year=today.year, is_demo=True))
    Officer.objects.bulk_create(officers)
    grades = rng.choices("ABCD", weights=(30, 50, 15, 5), k=N_ENTITIES)
    Entity.objects.bulk_create(Entity(
        region=region, name=f"{region.name}{rng.choice(WORDS)}{rng.choice(INDUSTRIES)}{i + 1}号",
        credit_code=make_credit_code(f"91371522{i:09d}"), industry=rng.choice(INDUSTRIES),
        address=f"{region.name}{rng.choice(('燕塔', '莘亭', '莘州', '东鲁'))}街道{rng.randint(1, 300)}号",
        grade=g, is_demo=True) for i, g in enumerate(grades))
    SamplingRule.objects.bulk_create(SamplingRule(region=region, grade=g, ratio=r,
                                                  frequency=DEMO_FREQUENCY[g])
                                     for g, r in DEMO_RATIOS.items())
    items = InspectionItem.objects.bulk_create(InspectionItem(
        region=region, unit=u, name=ITEMS[i % len(ITEMS)].format(field=u.short_name.removeprefix("县")
                                                                 .removesuffix("局")),
        basis="依据本部门随机抽查事项清单", is_demo=True) for i, u in enumerate(bodies))
    entities = list(Entity.objects.filter(region=region).order_by("id")[:40])
    staff = list(Officer.objects.filter(region=region).order_by("id")[:40])
    InspectorConflict.objects.bulk_create(
        InspectorConflict(officer=o, entity=e, reason="近亲属经营") for o, e in zip(staff, entities, strict=False))
    _draws(region, bodies, items, actor, today, rng)
    return N_OFFICERS + N_ENTITIES


def _draws(region: Region, bodies: list[Unit], items: list[InspectionItem], actor: Actor,
           today: datetime.date, rng: random.Random) -> None:
    """Two years of the yearly plan's rounds (fazhi.enforcement.plan) for two of
    the items — one of them joint —, each round drawn early in its period with
    only its grades, with results; the other items' rounds stay undrawn, as the
    plan page shows (逾期未抽)."""
    from .plan import grade_rules, rounds_for

    rules = grade_rules(region)
    for year in (today.year - 1, today.year):
        for rnd in rounds_for(rules, year):
            start = rnd.start + datetime.timedelta(days=14)
            if start > today:
                continue
            for joint, item in enumerate(items[:2]):
                departments = [item.unit]
                if joint:  # 部门联合抽查：进一次门、查多项事
                    departments.append(next(u for u in bodies if u != item.unit))
                end = min(start + datetime.timedelta(days=27), rnd.end)
                draw = PerformDraw(
                    actor, item=item, departments=departments, grades=rnd.grade_codes,
                    seed=f"{start - datetime.timedelta(days=7)} 公布的上证综指收盘价",
                    seed_source=f"{region.name}人民政府门户网站{start - datetime.timedelta(days=10)}公告",
                    period=(start, end), drawn_on=start - datetime.timedelta(days=3),
                    is_demo=True).execute()
                _results(draw, start, today, actor, rng)


def _results(draw: Draw, start: datetime.date, today: datetime.date, actor: Actor,
             rng: random.Random) -> None:
    for target in draw.targets.all():
        checked = start + datetime.timedelta(days=rng.randint(0, 27))
        if checked > today:
            continue
        failed = rng.random() < 0.08
        published = checked + datetime.timedelta(days=rng.randint(5, 25))
        RecordResult(actor, target,
                     result=InspectionResult.FAILED if failed else InspectionResult.PASSED,
                     result_on=checked,
                     follow_up="责令限期整改，复查合格" if failed else "",
                     published_on=published if published <= today else None).execute()
