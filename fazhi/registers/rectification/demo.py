"""督察整改登记簿的演示数据：往年的年度考核和今年的专项督察，共约三十个问题（部分已销号、
部分逾期未整改），以及由其他登记簿的风险提示转办的问题。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.rectification import InspectionKind
from .actions import CreateInspection
from .service import KEY, raise_finding, signals

PROBLEMS = (
    ("行政处罚案卷未载明法制审核意见", "抽查的行政处罚案卷中，部分重大执法决定未见法制审核意见书。"),
    ("执法全过程记录不完整", "现场检查未按规定进行音像记录，记录资料未归档。"),
    ("行政执法公示不及时", "行政处罚决定未在7个工作日内向社会公示。"),
    ("规范性文件未按期清理", "部分规范性文件超过有效期未清理，仍在执行。"),
    ("合同未经合法性审查即签订", "部分政府采购合同签订前未送合法性审查。"),
    ("领导干部学法制度落实不到位", "党组（党委）理论学习中心组全年集体学法少于规定次数。"),
    ("政务公开栏目更新滞后", "政府信息公开年度报告未在规定时间公布。"),
    ("行政复议决定履行不到位", "复议决定责令重新作出行政行为后，未在规定期限内重新作出。"),
    ("法律顾问作用发挥不充分", "重大事项决策前未听取法律顾问意见。"),
    ("执法人员持证上岗不规范", "个别执法人员未持有效执法证件从事执法活动。"),
)
MEASURES = "已组织专题整改会议，逐案补正相关材料，修订内部工作制度并开展培训。"
EVIDENCE = "整改报告1份、补正后的案卷目录、修订后的工作制度文本、培训签到表。"


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Two inspections (last year's annual assessment, this year's special
    inspection) with about fifteen findings each; last year's nearly all 销号,
    this year's in every state, a few overdue; and up to five findings raised
    from the other registers' risk signals."""
    from ..base import get_register

    reg = get_register(KEY)
    pool = [u for u in units.values() if u.region_id == region.pk
            and u.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.TOWN, Unit.Kind.STREET)]
    if len(pool) < 3:
        return 0
    plans = (
        (datetime.date(today.year - 1, 11, 10), InspectionKind.ANNUAL,
         f"{today.year - 1}年度法治政府建设考核", "县委依法治县办"),
        (min(today - datetime.timedelta(days=90), datetime.date(today.year, 6, 16)),
         InspectionKind.SPECIAL, f"{today.year}年行政执法专项督察", "县委依法治县办、县司法局"),
    )
    count = 0
    for started, kind, title, inspector in plans:
        inspected = rng.sample(pool, min(len(pool), 10))
        inspection = CreateInspection(
            actor, region=region, title=title, kind=kind, inspector=inspector,
            started_on=started, ended_on=started + datetime.timedelta(days=12),
            units=inspected, note="采取听取汇报、查阅资料、抽查案卷、个别访谈等方式开展。",
            is_demo=True).execute()
        found_on = started + datetime.timedelta(days=20)
        for n in range(15):
            unit = inspected[n % len(inspected)]
            short, problem = PROBLEMS[(n + len(title)) % len(PROBLEMS)]
            rectify_by = found_on + datetime.timedelta(days=rng.choice((30, 45, 60, 90)))
            case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
                "title": short, "started_on": found_on, "inspection": inspection,
                "problem": problem, "typical_case": n == 3, "rectify_by": rectify_by}).execute()
            count += 1
            roll = rng.random()
            if roll < 0.2:
                continue  # still rectifying (overdue when the date has passed)
            reported = min(today, rectify_by - datetime.timedelta(days=rng.randint(-10, 20)))
            reported = max(reported, found_on)
            if reported >= today:
                continue
            case = RecordEvent(actor, case, reg, "report", occurred_on=reported, data={
                "measures": MEASURES, "evidence_note": EVIDENCE if roll > 0.25 else ""}).execute()
            verify_on = reported + datetime.timedelta(days=rng.randint(3, 15))
            if verify_on >= today:
                continue
            if roll <= 0.25:
                RecordEvent(actor, case, reg, "send_back", occurred_on=verify_on, data={
                    "return_reason": "未提供整改到位的佐证材料，请补充后重新报送。"}).execute()
                continue
            RecordEvent(actor, case, reg, "close", occurred_on=verify_on, data={
                "verification": "经查阅佐证材料、抽查案卷，问题已整改到位，同意销号。"}).execute()
    for signal in signals(region, today)[:5]:
        raise_finding(actor, signal.case, signal.kind, today)
        count += 1
    return count
