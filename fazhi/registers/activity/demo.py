"""学法、述法、普法活动登记簿的演示数据：往年和今年至今约150项活动（每年约75项），
县政府常务会议会前学法、听取汇报，各部门党组研究法治建设和中心组学法，年终述法，
讲座培训、旁听庭审、普法宣传和法律明白人培训。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase
from ..details.activity import ActivityKind as K
from .service import KEY

LAWS = ("《中华人民共和国行政复议法》", "《中华人民共和国行政处罚法》", "《中华人民共和国宪法》",
        "《中华人民共和国民法典》", "《重大行政决策程序暂行条例》", "《优化营商环境条例》",
        "《中华人民共和国安全生产法》", "《信访工作条例》")
PUBLICITY = ("“宪法宣传周”集中宣传", "“民法典宣传月”进社区", "法治文艺演出进乡村", "“八五”普法进企业",
             "防范电信网络诈骗宣传", "农民工工资支付法律宣传")


def _plan(year: int, months: int, rng: random.Random) -> list[tuple[str, int]]:
    """(kind, month) for one year up to ``months``: about 75 in a full year."""
    per_year = ((K.EXEC_STUDY, 8), (K.EXEC_REPORT, 2), (K.PARTY_MEETING, 8), (K.CENTRAL_GROUP, 6),
                (K.REPORTING, 12), (K.LECTURE, 12), (K.TRIAL, 5), (K.PUBLICITY, 18), (K.LITERATE, 4))
    out = []
    for kind, n in per_year:
        for i in range(n):
            month = 12 if kind == K.REPORTING else 1 + (i * 12 // n + rng.randint(0, 1)) % 12
            if month <= months:
                out.append((kind, month))
    return out


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    from ..base import get_register

    reg = get_register(KEY)
    mine = [u for u in units.values() if u.region_id == region.pk]
    gov = next((u for u in mine if u.kind == Unit.Kind.GOV_OFFICE), None)
    departments = [u for u in mine if u.kind == Unit.Kind.DEPARTMENT]
    towns = [u for u in mine if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    if gov is None or not departments:
        return 0
    count = 0
    for year in (today.year - 1, today.year):
        months = 12 if year < today.year else today.month - (1 if today.day < 5 else 0)
        for kind, month in _plan(year, months, rng):
            on = datetime.date(year, month, rng.randint(1, 28))
            if on > today:
                continue
            law = rng.choice(LAWS)
            unit = (gov if kind in (K.EXEC_STUDY, K.EXEC_REPORT) else
                    rng.choice(towns or departments) if kind in (K.PUBLICITY, K.LITERATE) else
                    rng.choice(departments))
            name = unit.short_name or unit.name
            title, data = {
                K.EXEC_STUDY: (f"县政府常务会议会前学法{law}", {"meeting": "县政府常务会议",
                                                           "topic": law, "participants": 25}),
                K.EXEC_REPORT: ("县政府常务会议听取法治政府建设情况汇报", {"meeting": "县政府常务会议",
                                                                "participants": 25}),
                K.PARTY_MEETING: (f"{name}党组会议专题研究法治建设", {"meeting": f"{name}党组会议"}),
                K.CENTRAL_GROUP: (f"{name}理论学习中心组集体学习{law}", {"topic": law}),
                K.REPORTING: (f"{name}主要负责人{year}年度述法", {
                    "reporter": rng.choice("王李张刘陈杨赵") + rng.choice(("建军", "卫东", "志刚", "红梅")),
                    "reporter_post": "局长" if unit.kind == Unit.Kind.DEPARTMENT else "主任"}),
                K.LECTURE: (f"{name}法治专题讲座：{law}", {"topic": law, "presenter": "县法律顾问团律师",
                                                     "participants": rng.randint(30, 120)}),
                K.TRIAL: (f"{name}组织旁听行政案件庭审", {"venue": "莘县人民法院",
                                                 "participants": rng.randint(10, 40)}),
                K.PUBLICITY: (f"{name}{rng.choice(PUBLICITY)}", {"participants": rng.randint(80, 600)}),
                K.LITERATE: (f"{name}“法律明白人”培训班", {"participants": rng.randint(20, 60)}),
            }[kind]
            OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
                "title": title, "started_on": on, "kind": kind,
                "evidence_note": "会议纪要、签到表、现场照片", **data}).execute()
            count += 1
    return count
