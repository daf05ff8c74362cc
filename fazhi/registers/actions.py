"""The actions every register's writes go through (fazhi.core.actions):
``OpenCase``, ``RecordEvent`` and ``CorrectEntry`` (registration details) —
check permission and the procedure's transition and gates → lock the case →
change → audit → notify. Views, Excel import and the demo loader use them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.core import staging
from fazhi.core.actions import Action, ActionRefused, Actor, record_related, region_id_of
from fazhi.org.models import Region, Unit
from fazhi.procedures.definitions import can_transition

from .base import EventContext, Register
from .clocks import finish_clock, open_deadlines, refresh_next_due
from .models import Attachment, Case, CaseEvent


def _save_files(ctx: EventContext, files: list) -> None:
    from fazhi.plans.services import safe_storage_name

    for upload in files or []:
        attachment = Attachment(case=ctx.case, event=ctx.event, original_name=upload.name[:255],
                                content_type=getattr(upload, "content_type", "") or "",
                                size=upload.size, uploaded_by=ctx.actor.user)
        attachment.file.save(safe_storage_name(upload.name), upload, save=True)
        record_related(ctx.actor, "attachment.upload", attachment)


def _json_safe(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if key == "files":
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, models.Model):
            value = str(value)
        elif isinstance(value, list | tuple | models.QuerySet):  # a multiple choice of rows
            value = [str(v) if isinstance(v, models.Model) else v for v in value]
        out[key] = value
    return out


class StagedAction(Action):
    """An action that, while a staging is active (a bulk import), builds its
    records in memory: the same check and apply, the audit entry prepared
    and written with the batch (fazhi.registers.bulk)."""

    def execute(self) -> Case:  # type: ignore[override]
        st = staging.active()
        if st is None or (self.obj is not None and self.obj.pk is not None):
            return super().execute()  # type: ignore[return-value]
        before = audit.snapshot(self.obj) if self.obj is not None else None
        self.check()
        result = self.apply()
        after = audit.snapshot(result)
        # A new record's changes are computed when it is written (its id and
        # number known only then), so not here as well.
        st.audit.append({"obj": result, "created": before is None, "after": after,
                         "fields": audit.prepare(
            actor=self.actor.user, action=self.verb, obj=result, before=before,
            after=after if before is not None else None,
            note=self.audit_note(), role=self.actor.role_label, unit=self.actor.unit_label,
            region_id=region_id_of(result))})
        return result


class OpenCase(StagedAction):
    """Register a new matter: the case, its detail, the opening event and
    the clocks that start with it."""

    verb = "case.open"
    permission = "register.edit"
    denied_message = "只有承办单位经办人或依法治县办可以登记。"

    def __init__(self, actor: Actor, register: Register, *, region: Region, unit: Unit,
                 data: Mapping[str, Any], files: list | None = None, is_demo: bool = False) -> None:
        super().__init__(actor)
        self.register = register
        self.region = region
        self.unit = unit
        self.data = data
        self.files = files or []
        self.is_demo = is_demo
        self.messages: list[str] = []  # warnings the handlers raised (EventContext.messages)

    def permission_target(self) -> Case:
        return Case(region=self.region, unit=self.unit)

    def check(self) -> None:
        super().check()
        if self.unit.region_id != self.region.pk:
            raise ActionRefused("承办单位不属于该县（市、区）。")
        number = self.data.get("number")
        if number and _number_taken(self.register, self.region, number):
            raise ActionRefused(f"编号“{number}”已登记过，不能重复登记。")

    def apply(self) -> Case:
        reg, data = self.register, self.data
        started = data["started_on"]
        case = staging.create(
            Case, register=reg.key, region=self.region, unit=self.unit,
            number=data.get("number") or _next_number(reg, self.region, started),
            title=reg.title_for(data)[:300], started_on=started, state=reg.process.initial,
            created_by=self.actor.user, is_demo=self.is_demo,
        )
        if staging.active() is not None:
            from .bulk import case_numbers

            case_numbers(reg, self.region).add(case, auto=not data.get("number"))
        detail = reg.create_detail(case, data)
        event = staging.create(
            CaseEvent, case=case, kind="open", label="登记", occurred_on=started, to_state=case.state,
            data=_json_safe(data), recorded_by=self.actor.user)
        ctx = EventContext(case=case, detail=detail, event=event, data=data, actor=self.actor,
                           register=reg)
        reg.on_open(ctx)
        self.messages = ctx.messages
        _save_files(ctx, self.files)
        refresh_next_due(case)
        staging.save(case, update_fields=["next_due", "next_due_provisional"])
        return case


def _number_taken(reg: Register, region: Region, number: str) -> bool:
    if staging.active() is not None:
        from .bulk import case_numbers

        return case_numbers(reg, region).taken(number)
    return Case.objects.filter(register=reg.key, region=region, number=number).exists()


def _next_number(reg: Register, region: Region, started: datetime.date) -> str:
    """From a per-register, per-county, per-year counter under a row lock
    (fazhi.core.numbering): concurrent registrations never share a number."""
    from fazhi.core.numbering import next_value

    if staging.active() is not None:
        from .bulk import case_numbers

        return case_numbers(reg, region).provisional(started.year)

    def text(n: int) -> str:
        return f"{region.name}{reg.number_prefix}〔{started.year}〕{n}号"

    n = next_value(
        f"case:{reg.key}", region.pk, started.year,
        start=lambda: Case.objects.filter(register=reg.key, region=region,
                                          started_on__year=started.year).count(),
        taken=lambda n: Case.objects.filter(register=reg.key, region=region, number=text(n)).exists())
    return text(n)


class RecordEvent(StagedAction):
    """Record one event on a case: only if the procedure allows it now."""

    verb = "case.event"
    permission = "register.edit"
    denied_message = "只有承办单位经办人或依法治县办可以办理此事项。"

    def __init__(self, actor: Actor, case: Case, register: Register, event_key: str, *,
                 occurred_on: datetime.date, data: Mapping[str, Any] | None = None,
                 note: str = "", files: list | None = None, version: int | None = None) -> None:
        super().__init__(actor, case)
        self.register = register
        self.event_type = register.event(event_key)
        self.occurred_on = occurred_on
        self.data = dict(data or {})
        self.note = note
        self.files = files or []
        self.version = version
        self.verb = f"{register.key}.{event_key}"  # type: ignore[misc]
        self.messages: list[str] = []  # warnings the handler raised (EventContext.messages)

    def check(self) -> None:
        super().check()
        case: Case = self.obj  # type: ignore[assignment]
        if self.version is not None and case.version != self.version:
            raise ActionRefused("该事项已被他人更新，请刷新页面后重新操作。")
        if self.occurred_on < case.started_on:
            raise ActionRefused("事件日期不能早于收到（立案）日期。")
        if self.occurred_on > timezone.localdate() + datetime.timedelta(days=1):
            raise ActionRefused("事件日期不能晚于今天。")
        event, reg = self.event_type, self.register
        # Without any transition from this state to the target, the
        # procedure's own rule says why (can_transition below); otherwise the
        # event's declared states (恢复审理 only from 中止审理).
        reachable = event.target is not None and any(
            t.source == case.state and t.target == event.target for t in reg.process.transitions)
        refusal = reg.state_refusal(case.state, event)
        if refusal and (event.target is None or reachable):
            raise ActionRefused(refusal)
        if event.target is None:
            return
        detail = self.register.detail_of(case)
        facts = self.register.facts(case, detail, self.data, self.occurred_on)
        ok, reason = can_transition(self.register.process_key, case.state, event.target, facts)
        if not ok:
            raise ActionRefused(reason)

    def audit_note(self) -> str:
        return f"{self.event_type.label}（{self.occurred_on.isoformat()}）{self.note}"

    def apply(self) -> Case:
        case: Case = self.obj  # type: ignore[assignment]
        reg = self.register
        detail = reg.detail_of(case)
        target = self.event_type.target or case.state
        event = staging.create(
            CaseEvent, case=case, kind=self.event_type.key, label=self.event_type.label,
            occurred_on=self.occurred_on, from_state=case.state, to_state=target,
            data=_json_safe(self.data), note=self.note, recorded_by=self.actor.user)
        ctx = EventContext(case=case, detail=detail, event=event, data=self.data,
                           actor=self.actor, register=reg)
        reg.on_event(ctx)
        self.messages = ctx.messages
        staging.save(detail)
        entering_final = target in reg.final_states() and target != case.state
        case.state = target
        # Only entering a final state closes the case: an event recorded after
        # it (e.g. a later reconsideration of a disclosure reply) keeps the date.
        if entering_final:
            case.closed_on = self.occurred_on
            # Clocks still open when the case ends are settled by that date.
            for deadline in open_deadlines(case):
                finish_clock(ctx, deadline.step, self.occurred_on)
        _save_files(ctx, self.files)
        refresh_next_due(case)
        case.version += 1
        staging.save(case)
        return case


class CorrectEntry(Action):
    """Correct a case's registration details (fazhi.registers.entry_corrections):
    the office or the case's unit, with a reason; an event on the timeline with
    the old → new values, the clocks that counted from a corrected date
    recomputed. Nothing is deleted."""

    verb = "case.correct"
    permission = "register.edit"
    denied_message = "只有承办单位经办人或依法治县办可以更正登记信息。"

    def __init__(self, actor: Actor, case: Case, register: Register, *,
                 data: Mapping[str, Any], reason: str, version: int | None = None) -> None:
        super().__init__(actor, case)
        self.register = register
        self.data = dict(data)
        self.reason = (reason or "").strip()
        self.version = version
        self.changes: list = []

    def check(self) -> None:
        from . import entry_corrections

        super().check()
        case: Case = self.obj  # type: ignore[assignment]
        if self.version is not None and case.version != self.version:
            raise ActionRefused("该事项已被他人更新，请刷新页面后重新操作。")
        self.detail = self.register.detail_of(case)
        self.changes = entry_corrections.changes_for(self.register, case, self.detail, self.data)
        entry_corrections.check(self.register, case, self.detail, self.changes, self.reason,
                                self.actor)

    def audit_note(self) -> str:
        lines = "；".join(f"{c.label}：{c.old_text} → {c.new_text}" for c in self.changes)
        return f"{lines}（理由：{self.reason}）"

    def apply(self) -> Case:
        from . import entry_corrections

        case: Case = self.obj  # type: ignore[assignment]
        entry_corrections.apply(self.register, case, self.detail, self.changes, self.reason,
                                self.actor.user)
        refresh_next_due(case)
        case.version += 1
        case.save()
        return case


def ensure_can_view(actor: Actor, case: Case) -> None:
    if not actor.is_system and not actor.policy.can_view(case):
        raise PermissionDenied("您无权查看该事项。")


