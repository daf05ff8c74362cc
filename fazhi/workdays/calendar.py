"""中国工作日历与期间计算（纯 Python，不访问数据库）。

A ``WorkCalendar`` is built from year data: for each year it holds, the days
off inside holiday blocks (法定节假日及连休的休息日) and the weekend days
moved to work (调休上班日). Any other day is a working day from Monday to
Friday and a rest day on Saturday and Sunday (国务院关于职工工作时间的规定
arts. 3, 7). In a year the calendar does not hold, the holidays that
《全国年节及纪念日放假办法》 art. 2 fixes (元旦, 春节, 清明, 劳动节, 端午, 中秋,
国庆: fazhi.workdays.statutory) are days off; 补假 and 调休 are unknown, so
every result touching such a year is marked provisional.

Period rules (design/rules.md §0):

* the start day is never counted (民事诉讼法 art. 85; 民法典 art. 201);
* working-day periods skip weekends and holidays and count 调休上班日;
* a calendar-day or month period whose last day is not a working day ends on
  the next working day (民法典 arts. 203–204 in general; 民事诉讼法 art. 85
  applied through 行政复议法 art. 88 or 行政诉讼法 art. 101 — the caller
  passes the basis of its procedure as ``roll_basis``; a weekday inside a holiday block is not a working day, a 调休
  Saturday is);
* a month period ends on the corresponding day of the last month, or on that
  month's last day when there is none (民法典 art. 202).

``fazhi.workdays.services.current_calendar()`` builds the calendar the
application uses (built-in data overridden by the administrator's years).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .statutory import HOLIDAY_MEASURES

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# chinese-calendar names its holidays in English; the Chinese legal names.
BUILTIN_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
BUILTIN_SOURCE = "国务院办公厅年度放假通知（系统内置 chinese-calendar 数据）"

CIVIL_PROCEDURE_ART_85 = "《中华人民共和国民事诉讼法》第八十五条"
CIVIL_CODE_ART_202 = "《中华人民共和国民法典》第二百零二条"
# The general rule for a period ending on a rest day (民法典 arts. 203–204):
# the default when no procedural law applies its own.
CIVIL_CODE_ART_203 = "《中华人民共和国民法典》第二百零三条、第二百零四条"


class PeriodUnit(StrEnum):
    """How a period is counted. The values are the keys of design/rules.md."""

    WORKING_DAYS = "WD"
    CALENDAR_DAYS = "CD"
    MONTHS = "months"

    @property
    def label(self) -> str:
        return {"WD": "个工作日", "CD": "日", "months": "个月"}[self.value]


class DayKind(StrEnum):
    WORKDAY = "workday"  # ordinary Monday–Friday
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休上班日 (a weekend day worked)
    HOLIDAY = "holiday"  # day off inside a holiday block (法定节假日及连休)
    WEEKEND = "weekend"  # ordinary Saturday or Sunday

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)


@dataclass(frozen=True)
class YearData:
    """One year's holiday notice: days off and 调休 workdays, by date, with names."""

    year: int
    holidays: Mapping[datetime.date, str] = field(default_factory=dict)
    workdays: Mapping[datetime.date, str] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        for day in [*self.holidays, *self.workdays]:
            if day.year != self.year:
                raise ValueError(f"{fmt_date(day)}不在{self.year}年内")
        both = set(self.holidays) & set(self.workdays)
        if both:
            raise ValueError(f"{fmt_date(min(both))}不能既是节假日又是调休上班日")


PERIOD_CACHE_SIZE = 50_000  # periods kept per calendar (each a short sentence)


@dataclass(frozen=True)
class DueDate:
    """The last day of a period. ``provisional``: it depends on a year whose
    holiday schedule the system does not hold, counted on weekends only."""

    date: datetime.date
    provisional: bool
    explanation: str


def fmt_date(day: datetime.date, *, with_year: bool = True) -> str:
    """2025年9月26日 (the interface's date format)."""
    if with_year:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.month}月{day.day}日"


def add_months(start: datetime.date, months: int) -> tuple[datetime.date, bool]:
    """The corresponding day ``months`` later, or that month's last day when there
    is none (民法典 art. 202). Returns (day, had_corresponding_day)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    if start.day <= last:
        return datetime.date(year, month, start.day), True
    return datetime.date(year, month, last), False


def builtin_years() -> dict[int, YearData]:
    """The years chinese-calendar holds (1.11: 2004–2026), as YearData."""
    from chinese_calendar import constants  # third-party data, read once per call

    holidays: dict[int, dict[datetime.date, str]] = {}
    workdays: dict[int, dict[datetime.date, str]] = {}
    for day, name in constants.holidays.items():
        holidays.setdefault(day.year, {})[day] = BUILTIN_HOLIDAY_NAMES.get(str(name), str(name))
    for day, name in constants.workdays.items():
        workdays.setdefault(day.year, {})[day] = BUILTIN_HOLIDAY_NAMES.get(str(name), str(name))
    # The library refuses every year outside [first, last] of its holiday table.
    first, last = min(holidays), max(holidays)
    return {
        year: YearData(year, holidays.get(year, {}), workdays.get(year, {}), BUILTIN_SOURCE)
        for year in range(first, last + 1)
    }


class WorkCalendar:
    """Working days and period arithmetic over the years it holds."""

    def __init__(self, years: Mapping[int, YearData] | Iterable[YearData] = ()) -> None:
        items = years.values() if isinstance(years, Mapping) else years
        self._years: dict[int, YearData] = {y.year: y for y in items}
        # A calendar never changes once built (a change builds a new one), so
        # a period's end is computed once per (start, amount, unit, rule): an
        # import of thousands of rows asks the same few hundred again and again.
        self._periods: dict[tuple, DueDate] = {}

    @classmethod
    def builtin(cls) -> WorkCalendar:
        return cls(builtin_years())

    def with_years(self, years: Iterable[YearData]) -> WorkCalendar:
        """A new calendar in which each given year replaces the same year whole."""
        merged = dict(self._years)
        merged.update({y.year: y for y in years})
        return WorkCalendar(merged)

    # -- days ---------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def covers(self, year: int) -> bool:
        return year in self._years

    def source(self, year: int) -> str:
        data = self._years.get(year)
        return data.source if data else ""

    def day_kind(self, day: datetime.date) -> DayKind:
        data = self._years.get(day.year)
        if data is not None:
            if day in data.workdays:
                return DayKind.ADJUSTED_WORKDAY
            if day in data.holidays:
                return DayKind.HOLIDAY
        elif day in _statutory(day.year):
            return DayKind.HOLIDAY  # 放假办法 art. 2, in a year without a notice
        return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY

    def holiday_name(self, day: datetime.date) -> str:
        data = self._years.get(day.year)
        if data is None:
            return _statutory(day.year).get(day, "")
        return data.holidays.get(day) or data.workdays.get(day) or ""

    def is_working_day(self, day: datetime.date) -> bool:
        return self.day_kind(day).is_working

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    # -- periods ------------------------------------------------------------

    def add_working_days(self, start: datetime.date, n: int) -> DueDate:
        """The n-th working day after ``start`` (start not counted)."""
        _check_amount(n)
        day, counted, adjusted = start, 0, []
        while counted < n:
            day += datetime.timedelta(days=1)
            kind = self.day_kind(day)
            if kind.is_working:
                counted += 1
                if kind is DayKind.ADJUSTED_WORKDAY:
                    adjusted.append(day)
        parts = [f"自{fmt_date(start)}次日起算{n}个工作日（周六、周日和法定节假日不计，调休上班日计入）"]
        if not self.is_working_day(start) and n:
            parts.append(f"{fmt_date(start)}为{self._rest_label(start)}，自其后第一个工作日开始计数")
        blocks = self._holiday_blocks(start + datetime.timedelta(days=1), day, start.year)
        if blocks:
            parts.append("跳过" + "、".join(blocks))
        if adjusted:
            parts.append("计入调休上班日" + "、".join(
                f"{fmt_date(d, with_year=d.year != start.year)}（{WEEKDAY_NAMES[d.weekday()]}）"
                for d in adjusted))
        parts.append(f"第{n}个工作日为{self._describe(day)}" if n else f"期限即为{fmt_date(day)}")
        return self._result(day, parts, start + datetime.timedelta(days=1), day)

    def period_end_days(self, start: datetime.date, n: int, *,
                        roll_basis: str = CIVIL_CODE_ART_203) -> DueDate:
        """N calendar days after ``start`` (start not counted); a last day that is
        not a working day moves to the next working day."""
        _check_amount(n)
        end = start + datetime.timedelta(days=n)
        parts = [f"自{fmt_date(start)}次日起算{n}日，期间最后一日为{self._describe(end)}"]
        due = self._roll(end, parts, roll_basis)
        return self._result(due, parts, end, due)

    def period_end_months(self, start: datetime.date, n: int, *,
                          roll_basis: str = CIVIL_CODE_ART_203) -> DueDate:
        """The corresponding day ``n`` months after ``start`` (or that month's last
        day), then moved to the next working day if it is not one."""
        _check_amount(n)
        end, corresponding = add_months(start, n)
        if corresponding:
            text = f"到期月的对应日{self._describe(end)}为期间最后一日"
        else:
            text = (f"到期月（{end.year}年{end.month}月）没有对应日，"
                    f"以月末日{self._describe(end)}为期间最后一日")
        parts = [f"自{fmt_date(start)}起按月计算{n}个月，{text}（{CIVIL_CODE_ART_202}）"]
        due = self._roll(end, parts, roll_basis)
        return self._result(due, parts, end, due)

    def period_end(self, start: datetime.date, n: int, unit: PeriodUnit | str, *,
                   roll_basis: str = CIVIL_CODE_ART_203) -> DueDate:
        """``roll_basis``: the rule that moves a last day off a rest day, as the
        procedure applies it (e.g. 民诉 art. 85 via 行政复议法 art. 88)."""
        key = (start, n, unit, roll_basis)
        due = self._periods.get(key)
        if due is None:
            unit = PeriodUnit(unit)
            if unit is PeriodUnit.WORKING_DAYS:
                due = self.add_working_days(start, n)
            elif unit is PeriodUnit.CALENDAR_DAYS:
                due = self.period_end_days(start, n, roll_basis=roll_basis)
            else:
                due = self.period_end_months(start, n, roll_basis=roll_basis)
            if len(self._periods) >= PERIOD_CACHE_SIZE:  # bounded in a long-lived process
                self._periods.clear()
            self._periods[key] = due
        return due

    # -- helpers ------------------------------------------------------------

    def _roll(self, end: datetime.date, parts: list[str], basis: str) -> datetime.date:
        due = self.next_working_day(end)
        if due != end:
            blocks = self._holiday_blocks(end, due - datetime.timedelta(days=1), end.year)
            joined = f"（连休：{'、'.join(blocks)}）" if blocks else ""
            parts.append(f"该日为{self._rest_label(end)}{joined}，依{basis}"
                         f"顺延至其后第一个工作日{self._describe(due)}")
        else:
            parts.append("该日为工作日，不顺延")
        return due

    def _result(self, due: datetime.date, parts: list[str], first: datetime.date,
                last: datetime.date) -> DueDate:
        """Join the sentence and flag the years in [first, last] the calendar lacks."""
        years = range(min(first, last).year, max(first, last).year + 1)
        missing = [y for y in years if not self.covers(y)]
        held = [y for y in years if self.covers(y)]
        text = "；".join(parts) + "。"
        if held:
            text += "节假日依据：" + "；".join(f"{y}年——{self.source(y)}" for y in held) + "。"
        if missing:
            listed = "、".join(f"{y}年" for y in missing)
            text += (f"【暂定】系统尚未载入{listed}的节假日安排：该年按周六、周日和"
                     f"{HOLIDAY_MEASURES}规定的节日（元旦、春节、清明节、劳动节、端午节、中秋节、国庆节）"
                     "休息计算，补假、调休尚不确定，国务院办公厅公布放假安排并载入后须复核。")
        return DueDate(date=due, provisional=bool(missing), explanation=text)

    def _rest_label(self, day: datetime.date) -> str:
        kind = self.day_kind(day)
        if kind is DayKind.HOLIDAY:
            return f"{self.holiday_name(day) or '法定节假日'}假期（非工作日）"
        return f"{WEEKDAY_NAMES[day.weekday()]}（休息日）"

    def _describe(self, day: datetime.date) -> str:
        kind = self.day_kind(day)
        label = WEEKDAY_NAMES[day.weekday()]
        if kind is DayKind.ADJUSTED_WORKDAY:
            label += "，调休上班日"
        elif kind is DayKind.HOLIDAY:
            label += f"，{self.holiday_name(day) or '法定节假日'}假期"
        return f"{fmt_date(day)}（{label}）"

    def _holiday_blocks(self, first: datetime.date, last: datetime.date, ref_year: int) -> list[str]:
        """'国庆节、中秋节（10月1日—10月8日）' for each run of rest days in
        [first, last] that contains a holiday (weekends joined to it included)."""
        blocks: list[str] = []
        run: list[datetime.date] = []
        day = first
        while day <= last + datetime.timedelta(days=1):
            if day <= last and not self.is_working_day(day):
                run.append(day)
            else:
                names: list[str] = []
                for d in run:
                    if self.day_kind(d) is DayKind.HOLIDAY:
                        for name in (self.holiday_name(d) or "法定节假日").split("、"):
                            if name not in names:
                                names.append(name)
                if names:
                    a, b = run[0], run[-1]
                    span = fmt_date(a, with_year=a.year != ref_year)
                    if b != a:
                        span += "—" + fmt_date(b, with_year=b.year != ref_year)
                    blocks.append(f"{'、'.join(names)}（{span}）")
                run = []
            day += datetime.timedelta(days=1)
        return blocks


def _statutory(year: int) -> dict[datetime.date, str]:
    from .statutory import statutory_holidays

    return statutory_holidays(year)


def _check_amount(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"期间数必须是非负整数，收到：{n!r}")
