"""The engine every register runs on.

A register (行政复议、行政应诉、依申请公开 …) is a subclass of ``Register``
declared in its own module and added to ``REGISTERS``. It names its procedure
in fazhi.procedures (states, transitions, gates and deadline rules are
declared there once), its detail model, the forms that open a case and
record its events, and what each event does to the detail and the clocks.

All writes go through two actions on the one write path
(fazhi.core.actions): ``OpenCase`` and ``RecordEvent`` — check permission
and the procedure's transition and gates → lock the case → change → audit
→ notify. Views, Excel import and the demo loader use the same two.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.core.actions import Action, ActionRefused, Actor, record_related
from fazhi.org.models import Region, Unit
from fazhi.procedures.deadlines import compute_deadline
from fazhi.procedures.definitions import Process, can_transition, get_process

from .models import Attachment, Case, CaseEvent, Deadline


@dataclass(frozen=True)
class EventType:
    """Something that can happen to a case of a register.

    ``target``: the state it moves to (checked against the procedure's
    transitions and gates), or None for an event that leaves the state as it
    is (a hearing, a third-party consultation); ``allowed_in`` then lists the
    states where it may be recorded.
    """

    key: str
    label: str
    target: str | None = None
    allowed_in: tuple[str, ...] = ()
    form: type[forms.Form] | None = None
    help: str = ""


@dataclass
class EventContext:
    """What a handler gets: the case, its detail row, the event row just
    written, the cleaned form data, and who acts."""

    case: Case
    detail: models.Model
    event: CaseEvent
    data: Mapping[str, Any]
    actor: Actor
    register: Register
    messages: list[str] = field(default_factory=list)


class Register:
    key: ClassVar[str]
    label: ClassVar[str]
    process_key: ClassVar[str]
    detail_model: ClassVar[type[models.Model]]
    open_form: ClassVar[type[forms.Form]]
    events: ClassVar[tuple[EventType, ...]]
    number_prefix: ClassVar[str] = ""

    # -- declarations read by the engine and the views ------------------------
    @property
    def process(self) -> Process:
        return get_process(self.process_key)

    def state_label(self, state: str) -> str:
        try:
            return self.process.state(state).label
        except LookupError:
            return state

    def state_choices(self) -> list[tuple[str, str]]:
        return [(s.key, s.label) for s in self.process.states]

    def final_states(self) -> set[str]:
        return {s.key for s in self.process.states if s.final}

    def event(self, key: str) -> EventType:
        for event in self.events:
            if event.key == key:
                return event
        raise KeyError(key)

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        """Facts for the procedure's gates (e.g. ``acceptance_period_expired``)."""
        return {}

    def available_events(self, case: Case) -> list[EventType]:
        out = []
        for event in self.events:
            if event.target is None:
                if case.state in event.allowed_in:
                    out.append(event)
            elif any(t.source == case.state and t.target == event.target
                     for t in self.process.transitions):
                out.append(event)
        return out

    # -- hooks ------------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> models.Model:
        raise NotImplementedError

    def on_open(self, ctx: EventContext) -> None:
        """Start the clocks that run from the receipt."""

    def on_event(self, ctx: EventContext) -> None:
        """Apply an event to the detail and the clocks."""

    def title_for(self, data: Mapping[str, Any]) -> str:
        return str(data.get("title") or "")

    def excel_columns(self) -> list:  # list[ExcelColumn]
        return []

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Case:
        raise NotImplementedError

    def detail_of(self, case: Case) -> models.Model:
        return self.detail_model._default_manager.get(case=case)

    def detail_accessor(self) -> str:
        """The case's reverse one-to-one to the detail (e.g. ``case.reconsideration``)."""
        return self.detail_model._meta.get_field("case").remote_field.get_accessor_name()

    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """The cases to export with everything ``excel_columns`` getters read,
        so that an export runs a fixed number of queries however many cases it
        has: the unit, region and detail joined; the events and deadlines
        prefetched (by id; read them with ``case_events``/``case_deadlines``).
        Registers whose getters read more (hearings, consultations) extend it."""
        return qs.select_related("unit", "region", self.detail_accessor()).prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.order_by("id")),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("id")),
        )

    def detail_rows(self, detail: models.Model) -> list[tuple[str, str]]:
        """(label, value) of the detail's fields, for the case page."""
        from fazhi.core.templatetags.fazhi_tags import cn_date

        rows = []
        for f in detail._meta.concrete_fields:
            if f.name in ("id", "case"):
                continue
            value = getattr(detail, f.name)
            if f.choices and value:
                value = getattr(detail, f"get_{f.name}_display")()
            elif isinstance(value, bool):
                value = "是" if value else "否"
            elif isinstance(value, datetime.date):
                value = cn_date(value)
            elif value in (None, ""):
                value = "—"
            rows.append((str(f.verbose_name), str(value)))
        return rows


REGISTERS: dict[str, Register] = {}


def register(cls: type[Register]) -> type[Register]:
    REGISTERS[cls.key] = cls()
    return cls


def case_events(case: Case, *kinds: str) -> list[CaseEvent]:
    """The case's events (of ``kinds`` if given) in the order recorded (by id),
    filtered in Python from ``case.events.all()``: no query when prefetched
    (``Register.export_queryset``)."""
    events = sorted(case.events.all(), key=lambda e: e.pk)
    return [e for e in events if e.kind in kinds] if kinds else events


def case_deadlines(case: Case, *steps: str) -> list[Deadline]:
    """The case's deadlines (of ``steps`` if given) in the order computed (by
    id), from ``case.deadlines.all()`` like ``case_events``."""
    deadlines = sorted(case.deadlines.all(), key=lambda d: d.pk)
    return [d for d in deadlines if d.step in steps] if steps else deadlines


def get_register(key: str) -> Register:
    try:
        return REGISTERS[key]
    except KeyError:
        raise LookupError(f"未知的登记簿：{key}。可用：{'、'.join(REGISTERS)}") from None


# --------------------------------------------------------------- the clocks
def start_clock(ctx: EventContext, step: str, start: datetime.date, *,
                extended: bool = False) -> Deadline:
    """Compute and store a deadline; an open one of the same step is
    superseded (an extension, or a restart after 补正)."""
    case = ctx.case
    result = compute_deadline(ctx.register.process_key, step, start, extended=extended,
                              region=case.region)
    Deadline.objects.filter(case=case, step=step, status=Deadline.Status.OPEN).update(
        status=Deadline.Status.SUPERSEDED)
    return Deadline.objects.create(
        case=case, process=ctx.register.process_key, step=step, label=result.label,
        start=start, due=result.due, provisional=result.provisional, basis=result.basis,
        unit=result.unit, amount=result.amount, extended=extended,
        explanation=result.explanation, caused_by=ctx.event,
    )


def finish_clock(ctx: EventContext, step: str, on: datetime.date) -> Deadline | None:
    """The step was done on ``on``: met if on or before the due date."""
    deadline = Deadline.objects.filter(case=ctx.case, step=step,
                                       status=Deadline.Status.OPEN).first()
    if deadline is None:
        return None
    deadline.status = Deadline.Status.MET if on <= deadline.due else Deadline.Status.MISSED
    deadline.done_on = on
    deadline.save(update_fields=["status", "done_on"])
    return deadline


def cancel_clocks(ctx: EventContext, *steps: str) -> None:
    qs = Deadline.objects.filter(case=ctx.case, status=Deadline.Status.OPEN)
    if steps:
        qs = qs.filter(step__in=steps)
    qs.update(status=Deadline.Status.CANCELLED)


def open_deadline(case: Case, step: str) -> Deadline | None:
    return Deadline.objects.filter(case=case, step=step, status=Deadline.Status.OPEN).first()


def refresh_next_due(case: Case) -> None:
    nearest = (Deadline.objects.filter(case=case, status=Deadline.Status.OPEN)
               .order_by("due").values("due", "provisional").first())
    case.next_due = nearest["due"] if nearest else None
    case.next_due_provisional = bool(nearest and nearest["provisional"])


# -------------------------------------------------------------- the actions
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
        out[key] = value
    return out


class OpenCase(Action):
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
        if number and Case.objects.filter(register=self.register.key, region=self.region,
                                          number=number).exists():
            raise ActionRefused(f"编号“{number}”已登记过，不能重复登记。")

    def apply(self) -> Case:
        reg, data = self.register, self.data
        started = data["started_on"]
        case = Case.objects.create(
            register=reg.key, region=self.region, unit=self.unit,
            number=data.get("number") or _next_number(reg, self.region, started),
            title=reg.title_for(data)[:300], started_on=started, state=reg.process.initial,
            created_by=self.actor.user, is_demo=self.is_demo,
        )
        detail = reg.create_detail(case, data)
        event = CaseEvent.objects.create(
            case=case, kind="open", label="登记", occurred_on=started, to_state=case.state,
            data=_json_safe(data), recorded_by=self.actor.user)
        ctx = EventContext(case=case, detail=detail, event=event, data=data, actor=self.actor,
                           register=reg)
        reg.on_open(ctx)
        self.messages = ctx.messages
        _save_files(ctx, self.files)
        refresh_next_due(case)
        case.save(update_fields=["next_due", "next_due_provisional"])
        return case


def _next_number(reg: Register, region: Region, started: datetime.date) -> str:
    count = Case.objects.filter(register=reg.key, region=region,
                                started_on__year=started.year).count()
    return f"{region.name}{reg.number_prefix}〔{started.year}〕{count + 1}号"


class RecordEvent(Action):
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
        event = self.event_type
        if event.target is None:
            if case.state not in event.allowed_in:
                allowed = "、".join(f"“{self.register.state_label(s)}”" for s in event.allowed_in)
                raise ActionRefused(f"当前状态为“{self.register.state_label(case.state)}”，"
                                    f"不能{event.label}；只能在{allowed}时办理。")
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
        event = CaseEvent.objects.create(
            case=case, kind=self.event_type.key, label=self.event_type.label,
            occurred_on=self.occurred_on, from_state=case.state, to_state=target,
            data=_json_safe(self.data), note=self.note, recorded_by=self.actor.user)
        ctx = EventContext(case=case, detail=detail, event=event, data=self.data,
                           actor=self.actor, register=reg)
        reg.on_event(ctx)
        self.messages = ctx.messages
        detail.save()
        entering_final = target in reg.final_states() and target != case.state
        case.state = target
        # Only entering a final state closes the case: an event recorded after
        # it (e.g. a later reconsideration of a disclosure reply) keeps the date.
        if entering_final:
            case.closed_on = self.occurred_on
            # Clocks still open when the case ends are settled by that date.
            for deadline in Deadline.objects.filter(case=case, status=Deadline.Status.OPEN):
                finish_clock(ctx, deadline.step, self.occurred_on)
        _save_files(ctx, self.files)
        refresh_next_due(case)
        case.version += 1
        case.save()
        return case


def ensure_can_view(actor: Actor, case: Case) -> None:
    if not actor.is_system and not actor.policy.can_view(case):
        raise PermissionDenied("您无权查看该事项。")


# ------------------------------------------------- calendar changes
def recompute_open_deadlines(years: tuple[int, ...]) -> int:
    """Recompute the open deadlines whose period touches a changed year; each
    change is recorded as an event on its case."""
    if not years:
        return 0
    first, last = datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN, due__gte=first, start__lte=last)
    return _recompute(qs, "节假日安排调整，重新计算期限", "节假日安排调整")


def recompute_for_rule(process: str, step: str) -> int:
    """A regional rule parameter (RuleSetting) changed: recompute the open
    deadlines of that step."""
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN, process=process, step=step)
    return _recompute(qs, "期限规则参数调整，重新计算期限", "期限规则参数调整")


def _recompute(qs: models.QuerySet, label: str, why: str) -> int:
    changed = 0
    for deadline in qs.select_related("case__region"):
        result = compute_deadline(deadline.process, deadline.step, deadline.start,
                                  extended=deadline.extended, region=deadline.case.region)
        if result.due == deadline.due and result.provisional == deadline.provisional:
            continue
        event = CaseEvent.objects.create(
            case=deadline.case, kind="recomputed", label=label,
            occurred_on=timezone.localdate(), from_state=deadline.case.state,
            to_state=deadline.case.state,
            data={"step": deadline.step, "old_due": deadline.due.isoformat(),
                  "new_due": result.due.isoformat()})
        Deadline.objects.filter(pk=deadline.pk).update(status=Deadline.Status.SUPERSEDED)
        audit.record(actor=None, action="deadline.recompute", obj=deadline.case,
                     note=f"{deadline.label}：{deadline.due} → {result.due}（{why}）",
                     region_id=deadline.case.region_id)
        Deadline.objects.create(
            case=deadline.case, process=deadline.process, step=deadline.step,
            label=deadline.label, start=deadline.start, due=result.due,
            provisional=result.provisional, basis=result.basis, unit=result.unit,
            amount=result.amount, extended=deadline.extended, explanation=result.explanation,
            caused_by=event)
        case = deadline.case
        refresh_next_due(case)
        case.save(update_fields=["next_due", "next_due_provisional"])
        changed += 1
    return changed
