"""Committees and mediators, on the one write path (fazhi.core.actions): only
the county office (register.manage) keeps the list; audited."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.org.models import Region, Unit

from ..details.mediation import CommitteeKind, MediationCommittee, Mediator


class CreateCommittee(Action):
    verb = "mediation.committee.create"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以登记人民调解组织。"

    def __init__(self, actor: Actor, *, region: Region, unit: Unit, name: str, kind: str,
                 established_on: datetime.date, is_demo: bool = False) -> None:
        super().__init__(actor)
        self.region, self.unit, self.name, self.kind = region, unit, name.strip(), kind
        self.established_on, self.is_demo = established_on, is_demo

    def permission_target(self) -> MediationCommittee:
        return MediationCommittee(region=self.region, unit=self.unit)

    def check(self) -> None:
        super().check()
        if self.unit.region_id != self.region.pk:
            raise ActionRefused("指导单位不属于该县（市、区）。")
        if self.kind not in CommitteeKind.values:
            raise ActionRefused(f"类型应为：{'、'.join(CommitteeKind.labels)}。")
        if self.established_on > timezone.localdate():
            raise ActionRefused("设立日期不能晚于今天。")
        if MediationCommittee.objects.filter(region=self.region, name=self.name).exists():
            raise ActionRefused(f"“{self.name}”已经登记过。")

    def apply(self) -> MediationCommittee:
        return MediationCommittee.objects.create(
            region=self.region, unit=self.unit, name=self.name, kind=self.kind,
            established_on=self.established_on, is_demo=self.is_demo)


class AddMediator(Action):
    verb = "mediation.mediator.add"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以登记人民调解员。"

    def __init__(self, actor: Actor, committee: MediationCommittee, *, name: str,
                 joined_on: datetime.date, full_time: bool = False) -> None:
        super().__init__(actor, committee)
        self.name, self.joined_on, self.full_time = name.strip(), joined_on, full_time

    def check(self) -> None:
        super().check()
        committee: MediationCommittee = self.obj  # type: ignore[assignment]
        if not self.name:
            raise ActionRefused("请填写调解员姓名。")
        if self.joined_on < committee.established_on:
            raise ActionRefused("选聘日期不能早于调委会设立日期。")
        if self.joined_on > timezone.localdate():
            raise ActionRefused("选聘日期不能晚于今天。")

    def apply(self) -> Mediator:
        return Mediator.objects.create(committee=self.obj, name=self.name,  # type: ignore[misc]
                                       joined_on=self.joined_on, full_time=self.full_time)
