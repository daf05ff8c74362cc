"""Hand-reported indicators: the figures no register computes (法律明白人人数、
普法活动场次 …), reported by units per year, quarter or month and reviewed like
progress reports.

草稿 → 待单位审核（经办人提交）→ 待依法治县办审核（单位负责人审核）→ 已采纳 /
已退回（依法治县办，须写明理由）. Accepting writes the figure into the one store
as an ``IndicatorValue`` of source “单位填报”; withdrawing an acceptance (退回 an
accepted report) deletes it again. Every write is an Action on the one write path.
"""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor, StateTransition
from fazhi.core.uploads import EVIDENCE_TYPES, check_upload
from fazhi.org.models import Region, Unit
from fazhi.org.policy import Policy

from . import catalogue, engine
from .models import IndicatorReport, IndicatorValue
from .periods import Period
from .services import delete_values, format_decimal, replace_values, to_decimal

State = IndicatorReport.State

# What the county office (and the city) sees: reports that reached the office.
# Drafts and returned reports stay with their unit (the rule of issue 11).
OFFICE_STATES = (State.APPROVED, State.ACCEPTED)

# Rates that may be negative or exceed 100 % (a year-on-year change).
UNBOUNDED_RATES = frozenset({"PETITION_VOLUME_YOY"})

YES, NO = "yes", "no"
BOOLEAN_CHOICES = [(YES, "是"), (NO, "否")]

PERIOD_CHOICES: list[tuple[str, str]] = [
    ("Y", "年度"),
    *[(f"Q{q}", f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)],
    *[(f"M{m}", f"{m}月") for m in range(1, 13)],
]


# ---------------------------------------------------------------- catalogue
def reportable() -> list[catalogue.Indicator]:
    """Catalogue indicators units report by hand: every code no register computes."""
    computed = engine.computed_codes()
    return [ind for ind in catalogue.all() if ind.code not in computed]


def reportable_indicator(code: str) -> catalogue.Indicator:
    """The indicator to report under ``code``, or a refusal saying why not."""
    ind = catalogue.find(code)
    if ind is None:
        raise ActionRefused(f"指标代码“{code}”不在指标目录中。")
    if code in engine.computed_codes():
        raise ActionRefused(f"“{ind.name}”由系统根据登记簿和台账自动计算，不需要也不能由单位填报。")
    return ind


# ------------------------------------------------------------------ periods
def period_of(year: int, choice: str) -> Period:
    """年度 / 第N季度 / N月 of ``year`` as a Period."""
    if choice == "Y":
        return Period.year(year)
    if choice[:1] == "Q" and choice[1:].isdigit() and 1 <= int(choice[1:]) <= 4:
        return Period.quarter(year, int(choice[1:]))
    if choice[:1] == "M" and choice[1:].isdigit() and 1 <= int(choice[1:]) <= 12:
        return Period.month(year, int(choice[1:]))
    raise ActionRefused("请选择填报期间：年度、季度或月份。")


def choice_of(period: Period) -> str:
    """The form's period choice for a stored period (the inverse of ``period_of``)."""
    key = period.key
    if "Q" in key:
        return "Q" + key.rsplit("Q", 1)[1]
    if "-" in key and ".." not in key:
        return f"M{int(key.rsplit('-', 1)[1])}"
    return "Y"


# ------------------------------------------------------------------ figures
@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def _number(raw: Any, field: str, label: str) -> Decimal:
    if raw is None or raw == "":
        raise ActionRefused({field: f"请填写{label}。"})
    d = to_decimal(raw)
    if d is None:
        raise ActionRefused({field: f"{label}不是有效的数字。"})
    return d


def figure_of(ind: catalogue.Indicator, *, value: Any = None, numerator: Any = None,
              denominator: Any = None, flag: str | None = None) -> Figure:
    """The stored figure of what the unit entered, by the indicator's kind; a
    ValidationError keyed by form field (value / numerator / denominator / flag)."""
    if ind.kind == "boolean":
        if flag not in (YES, NO):
            raise ActionRefused({"flag": "请选择“是”或“否”。"})
        return Figure(Decimal(1) if flag == YES else Decimal(0))
    if ind.kind == "rate":
        num = _number(numerator, "numerator", "分子")
        den = _number(denominator, "denominator", "分母")
        if den == 0:
            raise ActionRefused({"denominator": "分母为0时比率无意义，不能填报；请核对分母，"
                                                "或在说明中写明本期无此类事项。"})
        if ind.code not in UNBOUNDED_RATES:
            if num < 0 or den < 0:
                raise ActionRefused({"numerator": "分子、分母不能为负数。"})
            if num > den:
                raise ActionRefused({"numerator": "分子不能大于分母（比率不能超过100%）。"})
        value = to_decimal(Decimal(100) * num / den)
        return Figure(value, num, den)
    label = "金额" if ind.kind == "amount" else "数值"
    v = _number(value, "value", label)
    if v < 0:
        raise ActionRefused({"value": f"{label}不能为负数。"})
    if ind.kind == "count" and v != v.to_integral_value():
        raise ActionRefused({"value": f"“{ind.name}”是计数，应填写整数。"})
    return Figure(v)


def value_text(report: IndicatorReport) -> str:
    """“120人”, “93.3%（分子28 / 分母30）”, “是”, “—” (nothing entered yet)."""
    ind = report.indicator
    if report.value is None:
        return "—"
    if ind is not None and ind.kind == "boolean":
        return "是" if report.value else "否"
    unit = ind.unit if ind else ""
    if ind is not None and ind.kind == "rate":
        return (f"{format_decimal(report.value.quantize(Decimal('0.1')))}%"
                f"（{format_decimal(report.numerator)}/{format_decimal(report.denominator)}）")
    return f"{format_decimal(report.value)}{unit}"


# --------------------------------------------------------------- visibility
def visible(policy: Policy, qs: models.QuerySet[IndicatorReport] | None = None
            ) -> models.QuerySet[IndicatorReport]:
    """Reports this person may read: their own units' in every state; other
    readers (the county office, the city) only those that reached the office."""
    qs = policy.scope(qs if qs is not None else IndicatorReport.objects.all())
    return qs.filter(Q(unit_id__in=policy.unit_ids) | Q(state__in=OFFICE_STATES))


def safe_storage_name(name: str) -> str:
    """A storage name that keeps the extension but none of the user's path."""
    return f"{uuid.uuid4().hex}{os.path.splitext(name)[1].lower()[:10]}"


# ------------------------------------------------------------------ actions
class SaveIndicatorReport(Action):
    """The clerk fills in (or corrects) a unit's figure for a period; ``submit``
    sends it on to the unit leader in the same step."""

    verb = "indicator_report.save"
    permission = "indicators.report"
    denied_message = "只有本单位经办人可以填报指标。"

    def permission_target(self) -> IndicatorReport:
        if self.obj is not None:
            return self.obj  # type: ignore[return-value]
        unit: Unit = self.params["unit"]
        return IndicatorReport(unit=unit, region=unit.region)

    def check(self) -> None:
        super().check()
        report: IndicatorReport | None = self.obj  # type: ignore[assignment]
        if report is not None:
            if not report.is_editable:
                raise ActionRefused(f"该填报当前状态为“{report.get_state_display()}”，不能修改。")
            expected = self.params.get("version")
            if expected is not None and report.version != expected:
                raise ActionRefused("该填报已被他人修改，请刷新页面后重新填写。")
        unit: Unit = report.unit if report is not None else self.params["unit"]
        if unit.region.level != Region.Level.COUNTY:
            raise ActionRefused("填报单位须属于县（市、区）。")
        code = report.code if report is not None else self.params["code"]
        self.indicator = reportable_indicator(code)
        period: Period = self.params["period"]
        if period.start > timezone.localdate():
            raise ActionRefused({"period": f"{period.label}尚未开始，不能填报。"})
        self.figure = figure_of(self.indicator, value=self.params.get("value"),
                                numerator=self.params.get("numerator"),
                                denominator=self.params.get("denominator"),
                                flag=self.params.get("flag"))
        upload = self.params.get("evidence")
        if upload:
            try:
                check_upload(upload, EVIDENCE_TYPES)
            except ValidationError as exc:
                raise ActionRefused({"evidence": exc.messages}) from exc
        _refuse_overlap(unit, code, period, exclude=report)

    def apply(self) -> IndicatorReport:
        report: IndicatorReport | None = self.obj  # type: ignore[assignment]
        if report is None:
            unit: Unit = self.params["unit"]
            report = IndicatorReport(unit=unit, region=unit.region, code=self.params["code"],
                                     created_by=self.actor.user)
        else:
            report.version += 1
        period: Period = self.params["period"]
        report.year, report.period_start, report.period_end = (period.start.year, period.start,
                                                               period.end)
        report.value = self.figure.value
        report.numerator, report.denominator = self.figure.numerator, self.figure.denominator
        report.note = (self.params.get("note") or "").strip()
        upload = self.params.get("evidence")
        if upload:
            report.evidence_name = (upload.name or "")[:255]
            report.evidence.save(safe_storage_name(upload.name or ""), upload, save=False)
        if self.params.get("submit"):
            _submit(report, self.actor)
        report.save()
        return report


def _refuse_overlap(unit: Unit, code: str, period: Period,
                    exclude: IndicatorReport | None) -> None:
    """A unit reports a figure once per stretch of time: a year beside its own
    quarters would be counted twice when the figures are summed."""
    clash = (IndicatorReport.objects.filter(unit=unit, code=code,
                                            period_start__lte=period.end,
                                            period_end__gte=period.start)
             .exclude(state=State.RETURNED))
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    other = clash.order_by("period_start").first()
    if other is None:
        return
    same = (other.period_start, other.period_end) == (period.start, period.end)
    raise ActionRefused({"period": (
        f"本单位已填报“{other.name}”{other.period_label}的数值（{other.get_state_display()}），"
        + ("请在原填报上修改。" if same else "与所选期间重叠，同一指标的填报期间不能重叠。"))})


def _submit(report: IndicatorReport, actor: Actor) -> None:
    """Mark the report submitted (the caller saves it)."""
    if report.value is None:
        raise ActionRefused("尚未填写数值，不能提交。")
    _refuse_overlap(report.unit, report.code, Period(report.period_start, report.period_end),
                    exclude=report)
    report.state = State.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor.user
    report.approved_at = report.approved_by = None
    report.return_reason = ""


class _Transition(StateTransition):
    """A state change: allowed only from ``sources``. Each one moves the
    version, so an edit form opened before it is refused."""

    refused_message = "该填报当前状态为“{state}”，不能执行此操作。"

    def _moved(self, report: IndicatorReport) -> IndicatorReport:
        report.version += 1
        report.save()
        return report


class SubmitIndicatorReport(_Transition):
    verb = "indicator_report.submit"
    permission = "indicators.report"
    denied_message = "只有本单位经办人可以提交指标填报。"
    sources = (State.DRAFT, State.RETURNED)

    def apply(self) -> IndicatorReport:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        reportable_indicator(report.code)
        _submit(report, self.actor)
        return self._moved(report)


class ApproveIndicatorReport(_Transition):
    verb = "indicator_report.approve"
    permission = "indicators.approve"
    denied_message = "只有本单位负责人可以审核本单位的指标填报。"
    sources = (State.SUBMITTED,)

    def apply(self) -> IndicatorReport:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        report.state = State.APPROVED
        report.approved_at = timezone.now()
        report.approved_by = self.actor.user
        return self._moved(report)


class AcceptIndicatorReport(_Transition):
    """The county office accepts: the figure enters the store as the unit's
    reported value for the period (replacing what this report wrote before)."""

    verb = "indicator_report.accept"
    permission = "indicators.review"
    denied_message = "只有本县依法治县办可以采纳指标填报。"
    sources = (State.APPROVED,)

    def apply(self) -> IndicatorReport:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        reportable_indicator(report.code)
        report.state = State.ACCEPTED
        report.accepted_at = timezone.now()
        report.accepted_by = self.actor.user
        report.return_reason = ""
        self._moved(report)
        region = report.region
        replace_values(report.origin, [IndicatorValue(
            source=IndicatorValue.Source.REPORTED, code=report.code, region=region,
            region_name=region.name, unit=report.unit, year=report.year,
            period_start=report.period_start, period_end=report.period_end,
            value=report.value, numerator=report.numerator, denominator=report.denominator,
            # (no "unit" key: for extracted values it is the unit of measure)
            provenance={"report": report.pk, "note": report.note},
        )])
        return report


class ReturnIndicatorReport(_Transition):
    """Returned with a reason: by the unit leader before approval, by the
    county office after it. Returning an accepted report withdraws its value."""

    verb = "indicator_report.return"
    sources = (State.SUBMITTED, State.APPROVED, State.ACCEPTED)

    def check(self) -> None:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        if report.state == State.SUBMITTED:
            allowed, who = self.actor.can("indicators.approve", report), "本单位负责人"
        else:
            allowed, who = self.actor.can("indicators.review", report), "本县依法治县办"
        if not allowed:
            raise PermissionDenied(f"当前阶段只有{who}可以退回。")
        super().check()
        if not (self.params.get("reason") or "").strip():
            raise ActionRefused({"reason": "退回时必须填写退回理由。"})

    def apply(self) -> IndicatorReport:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        if report.state == State.ACCEPTED:
            delete_values(report.origin)
            report.accepted_at = report.accepted_by = None
        report.state = State.RETURNED
        report.return_reason = self.params["reason"].strip()
        report.returned_at = timezone.now()
        report.returned_by = self.actor.user
        return self._moved(report)


class DeleteIndicatorReport(Action):
    """The clerk discards a draft or a returned report (nothing was accepted)."""

    verb = "indicator_report.delete"
    permission = "indicators.report"
    denied_message = "只有本单位经办人可以删除本单位的指标填报。"
    deletes = True

    def check(self) -> None:
        super().check()
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        if not report.is_editable:
            raise ActionRefused(f"该填报当前状态为“{report.get_state_display()}”，不能删除。")

    def apply(self) -> IndicatorReport:
        report: IndicatorReport = self.obj  # type: ignore[assignment]
        pk = report.pk
        report.delete()
        report.pk = pk  # the audit entry names the deleted row
        return report


def default_year(today: datetime.date | None = None) -> int:
    """Early in a year units mostly report the year just ended."""
    today = today or timezone.localdate()
    return today.year - 1 if today.month <= 2 else today.year
