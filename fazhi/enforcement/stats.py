"""执法人员和双随机抽查的指标：持证行政执法人员数（存量，按期间末日计）；
抽查的市场主体数（按检查日期，同一户计一次）、部门联合抽查率（按抽取日期，按任务计）、
抽查任务完成率（检查期间在期内结束的任务中，结果已全部公示的）."""

from __future__ import annotations

import datetime

from django.db.models import Q

from fazhi.indicators.engine import Computation, Source, declare
from fazhi.indicators.periods import Period

from .models import Draw, DrawTarget, Officer, OfficerStatus

OFFICER_SOURCE = Source(
    key="officer", label="行政执法人员名录", queryset=lambda: Officer.objects.all(),
    columns=(("姓名", "name"), ("执法证号", "certificate_number"), ("执法主体", "unit__name"),
             ("有效期至", "expires_on")),
    select_related=("unit",))


def _valid_at_end(period: Period, as_of: datetime.date) -> Q:
    """A stock: certificates valid on the period's last day (or today, if earlier)."""
    day = min(period.end, as_of)
    return Q(status=OfficerStatus.ACTIVE, issued_on__lte=day, expires_on__gte=day)


CERTIFIED = Computation(
    "CERTIFIED_ENFORCEMENT_OFFICERS", OFFICER_SOURCE, _valid_at_end,
    placing_label="按期间末日（存量）",
    definition="期间末日持有有效行政执法证件、在岗的执法人员数（暂扣、注销和过期的不计）。")

declare(CERTIFIED)

DRAW_SOURCE = Source(
    key="draw", label="双随机抽查任务", queryset=lambda: Draw.objects.all(), unit="item__unit",
    columns=(("抽查事项", "item__name"), ("抽取日期", "drawn_on"), ("检查期间至", "period_end")),
    select_related=("item",))
TARGET_SOURCE = Source(
    key="draw_target", label="双随机抽中的检查对象", queryset=lambda: DrawTarget.objects.all(),
    region="draw__region", unit="draw__item__unit", changed="draw__updated_at",
    columns=(("检查对象", "entity__name"), ("信用风险等级", "grade"), ("检查日期", "result_on")),
    select_related=("entity",))

ENTITIES = Computation(
    "RANDOM_INSPECTION_ENTITIES", TARGET_SOURCE, "result_on", placing_label="按检查日期",
    where=~Q(result=""), distinct="entity_id", additive_over_units=False,
    definition="“双随机、一公开”（含部门联合）抽查并登记了结果的市场主体户数，同一户多次抽查计一户。")
JOINT = Computation(
    "JOINT_INSPECTION_RATE", DRAW_SOURCE, "drawn_on", placing_label="按抽取日期",
    numerator=Q(is_joint=True),
    definition="部门联合抽查任务 ÷ 双随机抽查任务（按任务计）。")
COMPLETION = Computation(
    "RANDOM_INSPECTION_COMPLETION_RATE", DRAW_SOURCE, "period_end", placing_label="按检查期间结束日期",
    numerator=Q(completed_on__isnull=False),
    definition="检查结果已全部公示的抽查任务 ÷ 检查期间在期内结束的抽查任务。")

declare(ENTITIES, JOINT, COMPLETION)
