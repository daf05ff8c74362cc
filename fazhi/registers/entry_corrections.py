"""Correcting a case's registration details (登记信息更正), for every register
on the engine.

What can be corrected: the case's 事由, 承办单位 and 收到（立案）日期, and the
detail fields the register's opening form asks for (parties, 事由 details,
dates), except booleans and links that steer the procedure (those have
their own events, e.g. 转换审理程序) and what the register excludes
(``Register.correction_exclude``); a register may add detail fields set by
its events (``Register.correction_extra``, e.g. the disclosure's 收到申请之日).

Nothing is overwritten silently: the correction is an event on the timeline
with every old → new value as the user sees it and the reason, audited
(``fazhi.registers.actions.CorrectEntry``, the one write path). A corrected
date moves the clocks that counted from it: each deadline whose start event
was the old date is recomputed from the new one (the old row superseded, a
finished one judged again against its done date) — the same computation as
the recomputation after a holiday change (fazhi.registers.clocks).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils import timezone

from fazhi.core.actions import ActionRefused
from fazhi.org.models import Unit
from fazhi.procedures.deadlines import compute_deadline
from fazhi.workdays.calendar import fmt_date

from .models import Case, CaseEvent, Deadline

if TYPE_CHECKING:
    from .base import Register

#: The case's own fields that can be corrected, with their labels.
CASE_FIELDS = {"title": "事由", "unit": "承办单位", "started_on": "收到（立案）日期"}
#: Events that are not steps of the procedure (their dates bound no correction).
HOUSEKEEPING = ("open", "recomputed", "correct")
KIND = "correct"
LABEL = "更正登记信息"


@dataclass(frozen=True)
class Change:
    name: str
    label: str
    old: Any
    new: Any
    old_text: str
    new_text: str
    #: The model requires a value (blank=False): it cannot be emptied.
    required: bool = False
    #: Set by an event, not at registration (``correction_extra``).
    from_event: bool = False


def detail_fields(reg: Register) -> list[str]:
    """The detail fields of the register that a correction may change."""
    from .forms import open_form_class

    model_fields = {f.name: f for f in reg.detail_model._meta.concrete_fields}
    names = [n for n in open_form_class(reg).base_fields if n in model_fields]
    names += [n for n in getattr(reg, "correction_extra", ()) if n in model_fields and n not in names]
    excluded = set(getattr(reg, "correction_exclude", ()))
    return [n for n in names if n not in excluded and n not in CASE_FIELDS
            and not isinstance(model_fields[n], models.BooleanField | models.ForeignKey)]


def display(value: Any, field: models.Field | None = None) -> str:
    """A value as the user sees it: choice labels, 2026年3月1日, names, — for empty."""
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return fmt_date(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def correction_form_class(reg: Register) -> type[forms.Form]:
    """The form: every correctable field (initially the stored value) and the
    required reason."""
    from fazhi.core.forms import DateInput, StyledForm

    from .forms import detail_form_fields

    names = detail_fields(reg)
    attrs: dict[str, Any] = {
        "title": forms.CharField(label="事由", max_length=300),
        "unit": forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none()),
        "started_on": forms.DateField(label="收到（立案）日期", widget=DateInput()),
        **detail_form_fields(reg, tuple(names)),
        "reason": forms.CharField(label="更正理由", widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=500, help_text="必填：为什么更正（如：登记时误录收到日期）"),
    }
    for name in names:
        attrs[name].required = False

    def init(self: forms.Form, *args: Any, units: Any = None, **kwargs: Any) -> None:
        StyledForm.__init__(self, *args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()

    attrs["__init__"] = init
    return type(f"{reg.key.title()}CorrectionForm", (StyledForm,), attrs)


def initial_values(reg: Register, case: Case, detail: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {"title": case.title, "unit": case.unit_id, "started_on": case.started_on}
    for name in detail_fields(reg):
        values[name] = getattr(detail, name)
    return values


def changes_for(reg: Register, case: Case, detail: models.Model,
                data: dict[str, Any]) -> list[Change]:
    """The fields whose submitted value differs from the stored one."""
    out = []
    for name, label in CASE_FIELDS.items():
        if name not in data:
            continue
        old = case.unit if name == "unit" else getattr(case, name)
        new = data[name]
        if isinstance(new, str):
            new = new.strip()
        if (old.pk if name == "unit" else old) != (getattr(new, "pk", new) if name == "unit" else new):
            out.append(Change(name, label, old, new, display(old), display(new)))
    for name in detail_fields(reg):
        if name not in data:
            continue
        field = reg.detail_model._meta.get_field(name)
        old, new = getattr(detail, name), data[name]
        if isinstance(new, str):
            new = new.strip()
        if new in (None, "") and not field.null:
            new = "" if isinstance(field, models.CharField | models.TextField) else old
        if isinstance(field, models.DecimalField) and new not in (None, ""):
            new = Decimal(str(new))
        if (old if old is not None else "") != (new if new is not None else ""):
            out.append(Change(name, str(field.verbose_name), old, new,
                              display(old, field), display(new, field), required=not field.blank,
                              from_event=name in getattr(reg, "correction_extra", ())))
    return out


def check(reg: Register, case: Case, detail: models.Model, changes: list[Change],
          reason: str, actor: Any) -> None:
    """Refuse a bad correction with a Chinese message, before anything is written."""
    if not reason.strip():
        raise ActionRefused("请填写更正理由。")
    if not changes:
        raise ActionRefused("没有需要更正的内容：各项与登记信息相同。")
    today = timezone.localdate()
    steps = list(CaseEvent.objects.filter(case=case).exclude(kind__in=HOUSEKEEPING)
                 .order_by("occurred_on", "id").values_list("occurred_on", "label"))
    for change in changes:
        if change.name == "title" and not change.new:
            raise ActionRefused("事由不能为空。")
        if change.name == "unit":
            unit: Unit = change.new
            if unit.region_id != case.region_id or not unit.is_active:
                raise ActionRefused(f"“{unit}”不是{case.region}的在用单位，不能作为承办单位。")
            if not actor.can("register.edit", Case(region=case.region, unit=unit)):
                raise ActionRefused(f"“{unit}”不在您可以办理的单位范围内，不能把事项改由该单位承办。")
        if change.required and change.new in (None, ""):
            raise ActionRefused(f"“{change.label}”不能为空。")
        if change.from_event and change.old in (None, ""):
            raise ActionRefused(f"“{change.label}”尚未登记，请通过相应的办理事项登记，不能以更正代替。")
        if isinstance(change.new, datetime.date):
            if change.new > today:
                raise ActionRefused(f"“{change.label}”不能晚于今天。")
            # A start date precedes every step; another date the steps after it.
            later = steps if change.name == "started_on" else [
                s for s in steps if change.old is None or s[0] > change.old]
            if later and change.new > later[0][0]:
                raise ActionRefused(
                    f"“{change.label}”更正为{fmt_date(change.new)}，晚于其后的办理经过"
                    f"“{later[0][1]}”的日期（{fmt_date(later[0][0])}），请核对日期。")
        elif change.name == "started_on":
            raise ActionRefused(f"“{change.label}”不能为空。")


def apply(reg: Register, case: Case, detail: models.Model, changes: list[Change],
          reason: str, user: Any) -> CaseEvent:
    """Write the changes, the timeline event and the recomputed clocks."""
    for change in changes:
        setattr(case if change.name in CASE_FIELDS else detail, change.name, change.new)
    lines = [f"{c.label}：{c.old_text} → {c.new_text}" for c in changes]
    event = CaseEvent.objects.create(
        case=case, kind=KIND, label=LABEL, occurred_on=timezone.localdate(),
        from_state=case.state, to_state=case.state, recorded_by=user,
        data={"reason": reason, "changes": [
            {"field": c.name, "label": c.label, "old": c.old_text, "new": c.new_text}
            for c in changes]},
        note="\n".join([*lines, f"更正理由：{reason}"]))
    moved: list[str] = []
    for change in changes:
        if isinstance(change.old, datetime.date) and isinstance(change.new, datetime.date):
            for name in getattr(reg, "correction_links", {}).get(change.name, ()):
                # A detail date that was the same day follows it (收到申请之日 = 收到日期).
                if getattr(detail, name) == change.old:
                    setattr(detail, name, change.new)
            moved += recompute_clocks(case, change.old, change.new, event)
    if moved:
        CaseEvent.objects.filter(pk=event.pk).update(note=event.note + "\n" + "\n".join(moved))
        event.note += "\n" + "\n".join(moved)
    detail.save()
    return event


def recompute_clocks(case: Case, old: datetime.date, new: datetime.date,
                     event: CaseEvent) -> list[str]:
    """Every clock of ``case`` that counted from ``old`` now counts from
    ``new``: the row is superseded by one computed by the same rule; a
    finished clock is judged again (按期/逾期) against its done date."""
    shift = new - old
    out = []
    live = (Deadline.Status.OPEN, Deadline.Status.MET, Deadline.Status.MISSED)
    for d in Deadline.objects.filter(case=case, status__in=live).select_related("case__region"):
        start_event = d.event_on or d.start
        if start_event != old:
            continue
        start = d.start + shift
        event_on = d.event_on + shift if d.event_on else None
        result = compute_deadline(d.process, d.step, start, extended=d.extended,
                                  extension=d.extension, region=case.region,
                                  event_on=event_on, shift=d.shift_note)
        status = d.status
        if d.done_on is not None:
            status = Deadline.Status.MET if d.done_on <= result.due else Deadline.Status.MISSED
        Deadline.objects.filter(pk=d.pk).update(status=Deadline.Status.SUPERSEDED)
        Deadline.objects.create(
            case=case, process=d.process, step=d.step, label=d.label, start=start,
            due=result.due, provisional=result.provisional, basis=result.basis, unit=result.unit,
            amount=result.amount, extended=d.extended, extension=d.extension, event_on=event_on,
            shift_note=d.shift_note, explanation=result.explanation, status=status,
            done_on=d.done_on, caused_by=event)
        out.append(f"{d.label}：届满日 {fmt_date(d.due)} → {fmt_date(result.due)}")
    return out
