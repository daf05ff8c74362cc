"""The engine every register runs on.

A register (行政复议、行政应诉、依申请公开 …) is a package
``fazhi/registers/<key>/`` of small modules (docs/registers.md):

* ``procedure`` — the ``Register`` subclass: its events and the handlers
  that apply them to the detail and the clocks, with their citations. The
  states, transitions, gates and deadline rules are declared once in
  fazhi.procedures;
* ``forms`` — the opening form and the event forms;
* ``excel`` — ``columns(register)`` and ``import_row(...)``;
* ``stats`` — the ``Source``/``Computation`` declarations the indicators read;
* ``demo`` — ``load_demo(...)``.

The engine finds ``excel`` and ``demo`` by that convention. All writes go
through the two actions of ``fazhi.registers.actions`` (``OpenCase``,
``RecordEvent``); the clocks are in ``fazhi.registers.clocks``.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from django import forms
from django.db import models
from django.db.models import F, Prefetch, Q, QuerySet

from fazhi.core import staging
from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Region
from fazhi.procedures.definitions import Process, get_process
from fazhi.workdays.calendar import fmt_date

from .models import Case, CaseEvent, Deadline

if TYPE_CHECKING:
    from fazhi.workdays.calendar import WorkCalendar


def refuse(message: str) -> NoReturn:
    """Refuse an event from its handler: raised inside the action's
    transaction, so nothing of the event is kept."""
    raise ActionRefused(message)


def work_calendar() -> WorkCalendar:
    """The working-day calendar with the holiday data loaded (fazhi.workdays)."""
    from fazhi.workdays.services import current_calendar

    return current_calendar()


def with_blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    """Choices with an empty first option (an optional select)."""
    return [("", label), *choices]


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
    #: Fields of the register's detail model that the event's form asks for
    #: (built from the model: label, choices, help) and that the engine copies
    #: onto the detail before the handler runs — a register declares them
    #: instead of writing a form and a handler for plain facts.
    fields: tuple[str, ...] = ()
    #: Of ``fields``, those the form requires.
    required: tuple[str, ...] = ()
    #: A detail date field set to the event's date (e.g. ``published_on``).
    date_field: str = ""
    #: The form's name for the event's date (default 日期).
    date_label: str = ""
    #: For an event with a ``target``: the states it starts from, when the
    #: procedure reaches that target from several states for different
    #: reasons (恢复审理 only from 中止审理, while 受理 reaches the same state
    #: from 已收到申请). Empty: every source of a declared transition to the
    #: target. Each must be such a source (tests/registers/test_available_events.py).
    sources: tuple[str, ...] = ()


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
    #: The register's handlers read and write a new case's rows through the
    #: engine (fazhi.core.staging), so an Excel import can build rows in
    #: memory and write them in bulk (fazhi.registers.bulk).
    bulk_import: ClassVar[bool] = False
    #: Events whose date need not follow the previous step (a late filing, a
    #: follow-up recorded afterwards); the engine still checks the receipt.
    order_exempt: ClassVar[tuple[str, ...]] = ()
    #: True: an event cannot predate any earlier event (litigation: a hearing
    #: follows its notice, a judgment its hearing); False: only the step that
    #: put the case in its state.
    order_after_every_event: ClassVar[bool] = False
    #: 更正登记信息 (fazhi.registers.entry_corrections): opening-form fields
    #: that are not corrected (they have their own event), detail fields set
    #: by events that are, and detail dates that follow a corrected date when
    #: they were the same day.
    correction_exclude: ClassVar[tuple[str, ...]] = ()
    correction_extra: ClassVar[tuple[str, ...]] = ()
    correction_links: ClassVar[dict[str, tuple[str, ...]]] = {}

    # -- the package's modules (by convention: fazhi/registers/<key>/<name>.py) --
    def module(self, name: str) -> ModuleType:
        package = type(self).__module__.rpartition(".")[0]
        return importlib.import_module(f"{package}.{name}")

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

    def event_states(self, event: EventType) -> tuple[str, ...]:
        """The states in which ``event`` may be recorded: its ``allowed_in``
        (an event that keeps the state), else the sources of the procedure's
        transitions to its target, narrowed to its declared ``sources``."""
        if event.target is None:
            return event.allowed_in
        declared = tuple(t.source for t in self.process.transitions if t.target == event.target)
        return tuple(s for s in declared if s in event.sources) if event.sources else declared

    def state_refusal(self, state: str, event: EventType) -> str:
        """Why ``event`` cannot be recorded in ``state`` (empty: it can, as far
        as the state goes; the gates are checked on the facts when recorded)."""
        states = self.event_states(event)
        if state in states:
            return ""
        allowed = "、".join(f"“{self.state_label(s)}”" for s in dict.fromkeys(states))
        return (f"当前状态为“{self.state_label(state)}”，不能{event.label}"
                + (f"；只能在{allowed}时办理。" if allowed else "。"))

    def available_events(self, case: Case) -> list[EventType]:
        """The events possible in the case's current state, for its buttons."""
        return [e for e in self.events if not self.state_refusal(case.state, e)]

    # -- hooks ------------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> models.Model:
        raise NotImplementedError

    def on_open(self, ctx: EventContext) -> None:
        """Start the clocks that run from the receipt."""

    def on_event(self, ctx: EventContext) -> None:
        """Apply an event to the detail and the clocks: check that its date
        follows the case's history, then call the handler ``_on_<event key>``
        if the register has one."""
        self.check_order(ctx)
        self.apply_declared(ctx)
        handler: Callable[[EventContext], None] | None = getattr(
            self, f"_on_{ctx.event.kind}", None)
        if handler is not None:
            handler(ctx)

    def apply_declared(self, ctx: EventContext) -> None:
        """Copy the event's declared fields and date onto the detail."""
        event = self.event(ctx.event.kind)
        for name in event.fields:
            field_obj = self.detail_model._meta.get_field(name)
            value = ctx.data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if name in event.required and value in (None, ""):
                refuse(f"{event.label}：请填写“{field_obj.verbose_name}”。")
            if field_obj.choices and value not in (None, "") and str(value) not in {
                    str(v) for v, _ in field_obj.flatchoices}:
                labels = "、".join(str(lbl) for v, lbl in field_obj.flatchoices if v != "")
                refuse(f"“{field_obj.verbose_name}”应为：{labels}。")
            if name in ctx.data:
                if value is None and not field_obj.null:
                    value = "" if isinstance(field_obj, models.CharField | models.TextField) \
                        else field_obj.get_default()
                setattr(ctx.detail, name, value)
        if event.date_field:
            setattr(ctx.detail, event.date_field, ctx.event.occurred_on)

    # -- the order of event dates ---------------------------------------------
    def previous_event(self, ctx: EventContext) -> CaseEvent | None:
        """The event the new one must not predate."""
        if staging.of(ctx.case) is not None:
            return self._previous_staged(ctx)
        earlier = CaseEvent.objects.filter(case=ctx.case).exclude(pk=ctx.event.pk)
        if self.order_after_every_event:
            return (earlier.exclude(kind__in=("recomputed", *self.order_exempt))
                    .order_by("-occurred_on", "-id").first())
        return (earlier.filter(Q(kind="open") | ~Q(from_state=F("to_state")))
                .order_by("-id").first())

    def _previous_staged(self, ctx: EventContext) -> CaseEvent | None:
        """``previous_event`` of a staged case, from its events in memory."""
        earlier = [e for e in staging.children(ctx.case, CaseEvent) if e is not ctx.event]
        if self.order_after_every_event:
            rows = [e for e in earlier if e.kind not in ("recomputed", *self.order_exempt)]
            return max(rows, key=lambda e: (e.occurred_on, staging.order_of(e)), default=None)
        rows = [e for e in earlier if e.kind == "open" or e.from_state != e.to_state]
        return rows[-1] if rows else None

    def previous_date(self, ctx: EventContext, previous: CaseEvent) -> datetime.date:
        """The date of ``previous`` that counts (a register may override, e.g.
        an acceptance by operation of law dates from the period's last day)."""
        return previous.occurred_on

    def check_order(self, ctx: EventContext) -> None:
        if ctx.event.kind in self.order_exempt:
            return
        previous = self.previous_event(ctx)
        if previous is None:
            return
        since = self.previous_date(ctx, previous)
        if ctx.event.occurred_on < since:
            refuse(f"“{ctx.event.label}”的日期（{fmt_date(ctx.event.occurred_on)}）不能早于"
                   f"上一项办理经过“{previous.label}”的日期（{fmt_date(since)}），请核对日期。")

    def title_for(self, data: Mapping[str, Any]) -> str:
        return str(data.get("title") or "")

    def excel_columns(self) -> list:  # list[ExcelColumn]
        """The package's ``excel.columns(register)``."""
        return self.module("excel").columns(self)

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Case:
        """The package's ``excel.import_row(register, values, region, actor)``."""
        return self.module("excel").import_row(self, values, region, actor)

    def detail_of(self, case: Case) -> models.Model:
        if staging.of(case) is not None:
            return staging.children(case, self.detail_model)[0]
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




# The engine's other parts, importable from here as before.
from .actions import OpenCase, RecordEvent, ensure_can_view  # noqa: E402
from .clocks import (  # noqa: E402
    cancel_clocks,
    finish_clock,
    open_deadline,
    recompute_for_rule,
    recompute_open_deadlines,
    refresh_next_due,
    start_clock,
)

__all__ = [
    "REGISTERS", "EventContext", "EventType", "OpenCase", "RecordEvent", "Register",
    "cancel_clocks", "case_deadlines", "case_events", "ensure_can_view", "finish_clock",
    "get_register", "open_deadline", "recompute_for_rule", "recompute_open_deadlines",
    "refresh_next_due", "refuse", "register", "start_clock", "with_blank", "work_calendar",
]
