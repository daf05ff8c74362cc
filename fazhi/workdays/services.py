"""The calendar the application uses, and loading a year's holiday schedule.

``current_calendar()`` = chinese-calendar's years overridden, year by year, by
the CalendarYear rows in the database. It is cached per process and keyed by
the database's CalendarStamp token, so one cheap query per call tells every
server process whether another one changed the data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from fazhi.audit import service as audit

from .calendar import WorkCalendar, YearData
from .holiday_file import ParsedYear
from .models import CalendarDay, CalendarStamp, CalendarYear, bump_stamp
from .signals import send_calendar_changed

DAYS_KEY = "节假日与调休安排"

_lock = threading.Lock()
_builtin: WorkCalendar | None = None
_cached: tuple[str, WorkCalendar] | None = None


def builtin_calendar() -> WorkCalendar:
    """chinese-calendar's data alone (constant for the process)."""
    global _builtin
    if _builtin is None:
        _builtin = WorkCalendar.builtin()
    return _builtin


def current_stamp() -> str:
    return CalendarStamp.objects.filter(key="calendar").values_list("token", flat=True).first() or ""


def database_years() -> list[YearData]:
    years: dict[int, tuple[str, dict, dict]] = {
        y.year: (y.source, {}, {}) for y in CalendarYear.objects.all()
    }
    for day in CalendarDay.objects.select_related("year").order_by("date"):
        _, holidays, workdays = years[day.year.year]
        target = holidays if day.kind == CalendarDay.Kind.HOLIDAY else workdays
        target[day.date] = day.name
    return [YearData(year, holidays, workdays, source)
            for year, (source, holidays, workdays) in years.items()]


def current_calendar() -> WorkCalendar:
    """Built-in data overridden by the administrator's years; rebuilt when the
    database's version token differs from the cached one; during a bulk import
    (fazhi.core.staging), checked once."""
    from fazhi.core import staging

    if staging.active() is not None:
        return staging.memo("work-calendar", _current_calendar)
    return _current_calendar()


def _current_calendar() -> WorkCalendar:
    global _cached
    token = current_stamp()
    cached = _cached
    if cached is not None and cached[0] == token:
        return cached[1]
    with _lock:
        calendar = builtin_calendar().with_years(database_years())
        _cached = (token, calendar)
    return calendar


# -- loading ----------------------------------------------------------------


@dataclass
class LoadResult:
    year: int
    replaced: bool  # the year was already in the database
    holidays: int
    workdays: int


def year_snapshot(calendar_year: CalendarYear) -> dict[str, Any]:
    """The year's fields plus its days, for the audit entry."""
    data = audit.snapshot(calendar_year)
    data[DAYS_KEY] = [
        f"{d.date.isoformat()} {d.get_kind_display()} {d.name}".strip()
        for d in calendar_year.days.order_by("date")
    ]
    return data


def load_years(years: list[ParsedYear], *, actor: Any = None) -> list[LoadResult]:
    """Replace each year's rows with the parsed data, all years in one
    transaction, one audit entry per year; then announce calendar_changed."""
    results: list[LoadResult] = []
    with transaction.atomic():
        for parsed in years:
            existing = CalendarYear.objects.select_for_update().filter(year=parsed.year).first()
            before = year_snapshot(existing) if existing else None
            if existing is not None:
                existing.days.all().delete()
                calendar_year = existing
            else:
                calendar_year = CalendarYear(year=parsed.year)
            calendar_year.source = parsed.source
            calendar_year.note = parsed.note
            calendar_year.loaded_by = actor if getattr(actor, "is_authenticated", False) else None
            calendar_year.loaded_at = timezone.now()
            calendar_year.save()
            rows = [CalendarDay(year=calendar_year, date=d, kind=CalendarDay.Kind.HOLIDAY, name=n)
                    for d, n in sorted(parsed.holidays.items())]
            rows += [CalendarDay(year=calendar_year, date=d, kind=CalendarDay.Kind.WORKDAY, name=n)
                     for d, n in sorted(parsed.workdays.items())]
            for row in rows:
                row.full_clean()
            CalendarDay.objects.bulk_create(rows)  # sends no signals: the stamp is bumped below
            audit.record(
                actor=actor, action="calendar.load", obj=calendar_year, before=before,
                after=year_snapshot(calendar_year),
                note=(f"载入{parsed.year}年节假日安排（{parsed.source}）："
                      f"放假{len(parsed.holidays)}天，调休上班{len(parsed.workdays)}天"
                      + ("，替换原有数据" if existing else "")),
                role="" if actor is not None else "系统",
            )
            results.append(LoadResult(parsed.year, existing is not None,
                                      len(parsed.holidays), len(parsed.workdays)))
        bump_stamp()
        send_calendar_changed([r.year for r in results], sender=CalendarYear)
    return results
