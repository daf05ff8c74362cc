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
from fazhi.core.actions import ActionRefused
from fazhi.procedures.deadlines import BadExtension, compute_deadline

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
    case = ctx.case
    try:
        result = compute_deadline(ctx.register.process_key, step, start, extended=extended,
                                  extension=extension, region=case.region,
                                  event_on=event_on, shift=shift)
    except BadExtension as exc:
        raise ActionRefused(str(exc)) from None
    Deadline.objects.filter(case=case, step=step, status=Deadline.Status.OPEN).update(
        status=Deadline.Status.SUPERSEDED)
    return Deadline.objects.create(
        case=case, process=ctx.register.process_key, step=step, label=result.label,
        start=start, due=result.due, provisional=result.provisional, basis=result.basis,
        unit=result.unit, amount=result.amount, extended=extended,
        extension=extension if extended else None,
        event_on=event_on if event_on != start else None, shift_note=shift[:300],
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
