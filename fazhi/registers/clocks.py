"""The clocks of a case: each step's deadline computed from the procedure's
rule (fazhi.procedures), stored, finished, superseded or cancelled; and the
recomputation of open deadlines when a year's holidays or a regional rule
parameter change. Handlers of every register call these."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.core import staging
from fazhi.core.actions import ActionRefused
from fazhi.procedures.deadlines import BadExtension, DeadlineResult, compute_deadline

from .models import Case, CaseEvent, Deadline

if TYPE_CHECKING:
    from .base import EventContext


def start_clock(ctx: EventContext, step: str, start: datetime.date, *,
                extended: bool = False, extension: int | None = None,
                event_on: datetime.date | None = None, shift: str = "") -> Deadline:
    """Compute and store a deadline; an open one of the same step is
    superseded (an extension, or a restart after 补正).

    ``extension``: the approved length when ``extended`` (None = the rule's
    maximum; a longer one is refused). ``event_on``/``shift``: ``start`` is
    the start event's date moved later by time not counted; the explanation
    states the real event date, then the shift (kept for recomputation)."""
    try:
        return store_clock(ctx.case, ctx.register.process_key, step, start, ctx.event,
                           extended=extended, extension=extension, event_on=event_on, shift=shift)
    except BadExtension as exc:
        raise ActionRefused(str(exc)) from None


def store_clock(case: Case, process: str, step: str, start: datetime.date,
                caused_by: CaseEvent | None, *, extended: bool = False,
                extension: int | None = None, event_on: datetime.date | None = None,
                shift: str = "") -> Deadline:
    """``start_clock`` without an event context (data corrections)."""
    def compute() -> DeadlineResult:
        return compute_deadline(process, step, start, extended=extended, extension=extension,
                                region=case.region, event_on=event_on, shift=shift)

    staged = staging.of(case) is not None
    # During an import the calendar and the rule settings are fixed (read
    # once): the same clock from the same day is computed once per file.
    result = staging.memo(("deadline", process, step, start, extended, extension, case.region_id,
                           event_on, shift), compute) if staged else compute()
    if staged:
        for d in open_deadlines(case, step):
            d.status = Deadline.Status.SUPERSEDED
    else:
        Deadline.objects.filter(case=case, step=step, status=Deadline.Status.OPEN).update(
            status=Deadline.Status.SUPERSEDED)
    return staging.create(
        Deadline, case=case, process=process, step=step, label=result.label,
        start=start, due=result.due, provisional=result.provisional, basis=result.basis,
        unit=result.unit, amount=result.amount, extended=extended,
        extension=extension if extended else None,
        event_on=event_on if event_on != start else None, shift_note=shift[:300],
        explanation=result.explanation, caused_by=caused_by,
    )


def finish_clock(ctx: EventContext, step: str, on: datetime.date) -> Deadline | None:
    """The step was done on ``on``: met if on or before the due date."""
    deadline = open_deadline(ctx.case, step)
    if deadline is None:
        return None
    deadline.status = Deadline.Status.MET if on <= deadline.due else Deadline.Status.MISSED
    deadline.done_on = on
    staging.save(deadline, update_fields=["status", "done_on"])
    return deadline


def cancel_clocks(ctx: EventContext, *steps: str) -> None:
    if staging.of(ctx.case) is not None:
        for d in open_deadlines(ctx.case):
            if not steps or d.step in steps:
                d.status = Deadline.Status.CANCELLED
        return
    qs = Deadline.objects.filter(case=ctx.case, status=Deadline.Status.OPEN)
    if steps:
        qs = qs.filter(step__in=steps)
    qs.update(status=Deadline.Status.CANCELLED)


def supersede_clocks(ctx: EventContext, *steps: str) -> None:
    """Set the open clocks of ``steps`` aside (a suspension): superseded, not met."""
    if staging.of(ctx.case) is not None:
        for d in open_deadlines(ctx.case, *steps):
            d.status = Deadline.Status.SUPERSEDED
        return
    Deadline.objects.filter(case=ctx.case, step__in=steps, status=Deadline.Status.OPEN).update(
        status=Deadline.Status.SUPERSEDED)


def open_deadlines(case: Case, *steps: str) -> list[Deadline] | models.QuerySet[Deadline]:
    """The case's open clocks (of ``steps`` if given), by due date then id;
    a staged case's from memory."""
    if staging.of(case) is not None:
        rows = [d for d in staging.children(case, Deadline) if d.status == Deadline.Status.OPEN
                and (not steps or d.step in steps)]
        return sorted(rows, key=lambda d: (d.due, staging.order_of(d)))
    qs = Deadline.objects.filter(case=case, status=Deadline.Status.OPEN)
    return qs.filter(step__in=steps) if steps else qs


def first_open_deadline(case: Case, *steps: str) -> Deadline | None:
    """The open clock of ``steps`` due first."""
    rows = open_deadlines(case, *steps)
    if isinstance(rows, list):
        return rows[0] if rows else None
    return rows.first()


def open_deadline(case: Case, step: str) -> Deadline | None:
    if staging.of(case) is not None:
        rows = open_deadlines(case, step)
        return rows[0] if rows else None
    return Deadline.objects.filter(case=case, step=step, status=Deadline.Status.OPEN).first()


def refresh_next_due(case: Case) -> None:
    if staging.of(case) is not None:
        rows = open_deadlines(case)
        nearest = {"due": rows[0].due, "provisional": rows[0].provisional} if rows else None
    else:
        nearest = (Deadline.objects.filter(case=case, status=Deadline.Status.OPEN)
                   .order_by("due").values("due", "provisional").first())
    case.next_due = nearest["due"] if nearest else None
    case.next_due_provisional = bool(nearest and nearest["provisional"])


# ------------------------------------------------- calendar changes
def recompute_open_deadlines(years: tuple[int, ...]) -> int:
    """Recompute the open deadlines whose period touches a changed year; each
    change is recorded as an event on its case."""
    if not years:
        return 0
    first, last = datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN, due__gte=first, start__lte=last)
    changed = _recompute(qs, "节假日安排调整，重新计算期限", "节假日安排调整")
    # The parties' own periods (补正, a consulted party's answer) are kept on
    # the registers' details; each register recomputes its own.
    from .base import REGISTERS

    for reg in REGISTERS.values():
        hook = getattr(reg, "recompute_party_periods", None)
        if hook is not None:
            changed += hook(first, last)
    return changed


def recompute_for_law_change(label: str, why: str) -> int:
    """Every open deadline recomputed under corrected rules (a data
    migration): the registers first say which start event a shifted clock
    counts from (``law_start_event``), then each clock whose date, flag or
    explanation changes is superseded, with an event on its case."""
    from .base import REGISTERS

    changed = 0
    for deadline in Deadline.objects.filter(status=Deadline.Status.OPEN).select_related(
            "case__region"):
        hook = _corrections(REGISTERS.get(deadline.case.register), "law_start_event")
        if hook is not None and deadline.event_on is None:
            found = hook(deadline)
            if found is not None:
                deadline.event_on, deadline.shift_note = found
        result = compute_deadline(deadline.process, deadline.step, deadline.start,
                                  extended=deadline.extended, extension=deadline.extension,
                                  region=deadline.case.region, event_on=deadline.event_on,
                                  shift=deadline.shift_note)
        if (result.due, result.provisional, result.explanation) == (
                deadline.due, deadline.provisional, deadline.explanation):
            continue
        case = deadline.case
        event = record_recomputation(
            case, label, {"step": deadline.step, "old_due": deadline.due.isoformat(),
                          "new_due": result.due.isoformat()},
            f"{deadline.label}：{deadline.due} → {result.due}（{why}）")
        store_clock(case, deadline.process, deadline.step, deadline.start, event,
                    extended=deadline.extended, extension=deadline.extension,
                    event_on=deadline.event_on, shift=deadline.shift_note)
        refresh_next_due(case)
        case.save(update_fields=["next_due", "next_due_provisional"])
        changed += 1
    return changed


def correct_stored_data() -> int:
    """Each register's ``corrections.correct_stored_data()`` (issue 9), then
    every open clock recomputed under the corrected rules."""
    from .base import REGISTERS

    changed = 0
    for reg in REGISTERS.values():
        hook = _corrections(reg, "correct_stored_data")
        if hook is not None:
            changed += hook()
    return changed + recompute_for_law_change("依法更正期限计算，重新计算期限",
                                              "依法更正期限计算")


def _corrections(reg: object, name: str):  # noqa: ANN202 - a function or None
    """``name`` of the register package's ``corrections`` module, if it has one."""
    if reg is None:
        return None
    try:
        module = reg.module("corrections")  # type: ignore[attr-defined]
    except ModuleNotFoundError:
        return None
    return getattr(module, name, None)


def record_recomputation(case: Case, label: str, data: dict, note: str) -> CaseEvent:
    """The event and audit entry of a recomputed period on ``case``."""
    event = CaseEvent.objects.create(
        case=case, kind="recomputed", label=label, occurred_on=timezone.localdate(),
        from_state=case.state, to_state=case.state, data=data)
    audit.record(actor=None, action="deadline.recompute", obj=case, note=note,
                 region_id=case.region_id)
    return event


def recompute_for_rule(process: str, step: str) -> int:
    """A regional rule parameter (RuleSetting) changed: recompute the open
    deadlines of that step."""
    qs = Deadline.objects.filter(status=Deadline.Status.OPEN, process=process, step=step)
    return _recompute(qs, "期限规则参数调整，重新计算期限", "期限规则参数调整")


def _recompute(qs: models.QuerySet, label: str, why: str) -> int:
    changed = 0
    for deadline in qs.select_related("case__region"):
        result = compute_deadline(deadline.process, deadline.step, deadline.start,
                                  extended=deadline.extended, extension=deadline.extension,
                                  region=deadline.case.region, event_on=deadline.event_on,
                                  shift=deadline.shift_note)
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
            amount=result.amount, extended=deadline.extended, extension=deadline.extension,
            event_on=deadline.event_on, shift_note=deadline.shift_note,
            explanation=result.explanation, caused_by=event)
        case = deadline.case
        refresh_next_due(case)
        case.save(update_fields=["next_due", "next_due_provisional"])
        changed += 1
    return changed
