"""计算法定期限：compute_deadline(process, step, start) → DeadlineResult.

The rule comes from fazhi.procedures.definitions (design/rules.md); for a
configurable rule the most specific RuleSetting row (the region, its
ancestors, then the national row) overrides the declared default. The
arithmetic is fazhi.workdays' calendar (start day not counted; WD skip
holidays and count 调休 workdays; a CD or month period ending on a rest day
moves to the next working day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fazhi.workdays.calendar import CIVIL_CODE_ART_203, PeriodUnit, WorkCalendar, fmt_date

from .definitions import DeadlineRule, get_process, get_rule

if TYPE_CHECKING:
    from fazhi.org.models import Region

    from .models import RuleSetting

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class NoExtension(ValueError):
    """``extended=True`` for a step whose rule has no extension."""


class UnknownRegion(LookupError):
    pass


class BadExtension(ValueError):
    """An extension longer than the law allows (at most …), or not positive."""


@dataclass(frozen=True)
class DeadlineResult:
    process: str
    step: str
    start: datetime.date
    due: datetime.date
    provisional: bool
    basis: str
    unit: str  # "WD", "CD" or "months"
    amount: int  # the number counted, extension included
    explanation: str
    label: str = ""
    confidence: str = ""
    extended: bool = False
    minimum: bool = False  # "at least N": ``due`` is the earliest end
    deemed_outcome: str = ""
    setting_id: int | None = None  # the RuleSetting row applied, if any

    def as_json(self) -> dict[str, Any]:
        """The fields of ``fazhi deadline --json``."""
        return {
            "process": self.process,
            "step": self.step,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "basis": self.basis,
            "unit": self.unit,
            "amount": self.amount,
        }


@dataclass(frozen=True)
class EffectiveRule:
    """A declared rule after applying the region's RuleSetting, if any."""

    rule: DeadlineRule
    amount: int
    unit: PeriodUnit
    extension: int | None
    basis: str
    setting: RuleSetting | None = None

    @property
    def origin(self) -> str:
        if self.setting is None:
            return ""
        where = f"{self.setting.region}" if self.setting.region_id else "全国"
        return f"本期限采用{where}配置的参数（{self.amount}{self.unit.label}）" + (
            f"：{self.setting.note}" if self.setting.note else "")


def _region_ids(region: Region | int | None) -> list[int]:
    """The region and its ancestors, most specific first."""
    if region is None:
        return []
    from fazhi.org.models import Region

    if not isinstance(region, Region):
        found = Region.objects.filter(pk=region).first()
        if found is None:
            raise UnknownRegion(f"地区编号“{region}”不存在。")
        region = found
    ids = [int(x) for x in region.path.strip("/").split("/") if x] or [region.pk]
    return list(reversed(ids))


def effective_rule(process: str, step: str, region: Region | int | None = None) -> EffectiveRule:
    rule = get_rule(process, step)
    ids = _region_ids(region)
    if rule.configurable:
        from fazhi.core import staging

        from .models import RuleSetting

        rows = staging.memo(("rule-settings", process, step), lambda: {
            s.region_id: s for s in RuleSetting.objects.filter(process=process, step=step)
            .select_related("region")})
        for key in [*ids, None]:
            setting = rows.get(key)
            if setting is not None:
                return EffectiveRule(
                    rule=rule, amount=setting.amount, unit=PeriodUnit(setting.unit),
                    extension=(setting.extension_amount if setting.extension_amount is not None
                               else rule.extension),
                    basis=setting.basis or rule.basis, setting=setting,
                )
    return EffectiveRule(rule=rule, amount=rule.amount, unit=rule.unit, extension=rule.extension,
                         basis=rule.basis)


def compute_deadline(process: str, step: str, start: datetime.date, *, extended: bool = False,
                     extension: int | None = None,
                     region: Region | int | None = None,
                     calendar: WorkCalendar | None = None,
                     event_on: datetime.date | None = None, shift: str = "") -> DeadlineResult:
    """The due date of ``process``/``step`` for an event on ``start``.

    ``extension``: the approved length of an extension, at most the rule's
    (复议法 art. 62① "最多不得超过三十日", 条例 art. 33② "最长不得超过20个工作日",
    信访工作条例 art. 34 "不得超过30日"); None = the maximum. ``event_on`` and
    ``shift``: when ``start`` is the start event's date moved later (time not
    counted: a suspension, a consultation), the real event date and the words
    for the shift, so that the explanation states both.

    Raises ProcedureLookupError for unknown keys, NoExtension when
    ``extended`` is asked of a step without one, BadExtension for an extension
    above the maximum, UnknownRegion for a bad region.
    ``calendar`` defaults to the application's current calendar (database).
    """
    definition = get_process(process)
    effective = effective_rule(process, step, region)
    rule = effective.rule
    if extended and not effective.extension:
        raise NoExtension(f"“{definition.label}·{rule.label}”（{process} {step}）没有法定延长期限，"
                          "不能使用 --extended。")
    if calendar is None:
        from fazhi.workdays.services import current_calendar

        calendar = current_calendar()

    if event_on is not None and event_on != start:
        head = (f"【{definition.label}·{rule.label}】{rule.start_event}为{fmt_date(event_on)}；"
                f"{shift or '起算日顺延'}，起算日为{fmt_date(start)}。")
    else:
        head = f"【{definition.label}·{rule.label}】{rule.start_event}为{fmt_date(start)}。"
    if rule.fixed_month_day is not None:
        return _fixed_date(rule, effective, start, head)

    added, maximum = 0, effective.extension or 0
    if extended:
        added = maximum if extension is None else extension
        if isinstance(added, bool) or not isinstance(added, int) or added < 1:
            raise BadExtension(f"延长的期限应为正整数，收到：{extension!r}。")
        if added > maximum:
            raise BadExtension(f"“{definition.label}·{rule.label}”延长的期限最多为{maximum}"
                               f"{effective.unit.label}，不能延长{added}{effective.unit.label}"
                               f"（{rule.extension_basis or effective.basis}）。")
    amount = effective.amount + added
    due = calendar.period_end(start, amount, effective.unit,
                              roll_basis=definition.period_basis or CIVIL_CODE_ART_203)
    parts = [head]
    if extended:
        at_most = "" if added == maximum else f"（最多可延长{maximum}{effective.unit.label}）"
        parts.append(f"期限已延长：{effective.amount}{effective.unit.label}"
                     f"＋延长{added}{effective.unit.label}{at_most}"
                     f"＝{amount}{effective.unit.label}（{rule.extension_basis or '依法延长'}）。")
    if effective.origin:
        parts.append(effective.origin + "。")
    parts.append(due.explanation)
    if rule.minimum:
        parts.append(f"此为最短期限（“不少于{effective.amount}{effective.unit.label}”）："
                     f"最早于{fmt_date(due.date)}（{WEEKDAYS[due.date.weekday()]}）届满，不得早于该日结束。")
    else:
        parts.append(f"截止日期：{fmt_date(due.date)}（{WEEKDAYS[due.date.weekday()]}）。")
    if rule.deemed_outcome:
        parts.append(f"{rule.deemed_outcome}。")
    parts.append(f"依据：{effective.basis}（{rule.confidence}，{rule.confidence.label}）。")
    if rule.note:
        parts.append(f"注：{rule.note}。")
    return DeadlineResult(
        process=process, step=step, start=start, due=due.date, provisional=due.provisional,
        basis=effective.basis, unit=effective.unit.value, amount=amount, explanation="".join(parts),
        label=rule.label, confidence=rule.confidence.value, extended=extended,
        minimum=rule.minimum, deemed_outcome=rule.deemed_outcome,
        setting_id=effective.setting.pk if effective.setting else None,
    )


def _fixed_date(rule: DeadlineRule, effective: EffectiveRule, start: datetime.date,
                head: str) -> DeadlineResult:
    """A deadline that is a date of the year (e.g. 4月1日): the first one after
    ``start``. It is a date set by the rule, not a period, so it is not moved
    off a rest day (which could only make it later than the rule says)."""
    month, day = rule.fixed_month_day or (1, 1)
    due = datetime.date(start.year, month, day)
    if due <= start:
        due = datetime.date(start.year + 1, month, day)
    amount = (due - start).days
    text = (f"{head}应于{month}月{day}日前完成，即{fmt_date(due)}（{WEEKDAYS[due.weekday()]}），"
            f"距起算日{amount}日；该期限为固定日期，不因节假日顺延。"
            f"截止日期：{fmt_date(due)}。依据：{effective.basis}（{rule.confidence}，"
            f"{rule.confidence.label}）。" + (f"注：{rule.note}。" if rule.note else ""))
    return DeadlineResult(
        process=rule.process, step=rule.step, start=start, due=due, provisional=False,
        basis=effective.basis, unit=PeriodUnit.CALENDAR_DAYS.value, amount=amount,
        explanation=text, label=rule.label, confidence=rule.confidence.value,
    )
