"""The inspections' write, on the one write path (fazhi.core.actions): only
the county office (register.manage) registers an inspection; audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.org.models import Region, Unit

from ..details.rectification import Inspection, InspectionKind


class CreateInspection(Action):
    verb = "rectification.inspection.create"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以登记法治督察。"

    def __init__(self, actor: Actor, *, region: Region, title: str, kind: str, inspector: str,
                 started_on: datetime.date, units: Iterable[Unit],
                 ended_on: datetime.date | None = None, note: str = "",
                 is_demo: bool = False) -> None:
        super().__init__(actor)
        self.region, self.title, self.kind = region, title.strip(), kind
        self.inspector, self.started_on, self.ended_on = inspector.strip(), started_on, ended_on
        self.units, self.note, self.is_demo = list(units), note.strip(), is_demo

    def permission_target(self) -> Inspection:
        return Inspection(region=self.region)

    def check(self) -> None:
        super().check()
        if self.kind not in InspectionKind.values:
            raise ActionRefused(f"督察类型应为：{'、'.join(InspectionKind.labels)}。")
        if not self.title or not self.inspector:
            raise ActionRefused("请填写督察名称和督察组织单位。")
        if not self.units:
            raise ActionRefused("请选择被督察单位。")
        if any(u.region_id != self.region.pk for u in self.units):
            raise ActionRefused("被督察单位不属于该县（市、区）。")
        if self.started_on > timezone.localdate():
            raise ActionRefused("督察开始日期不能晚于今天。")
        if self.ended_on and self.ended_on < self.started_on:
            raise ActionRefused("督察结束日期不能早于开始日期。")
        if Inspection.objects.filter(region=self.region, title=self.title).exists():
            raise ActionRefused(f"“{self.title}”已经登记过。")

    def apply(self) -> Inspection:
        inspection = Inspection.objects.create(
            region=self.region, title=self.title, kind=self.kind, inspector=self.inspector,
            started_on=self.started_on, ended_on=self.ended_on, note=self.note,
            created_by=self.actor.user, is_demo=self.is_demo)
        inspection.units.set(self.units)
        return inspection
