"""Periods a figure is computed for: a year, a quarter, a month or a date range.

Boundaries are inclusive calendar dates in Asia/Shanghai: a case received on
31 December belongs to that year.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


class PeriodError(ValueError):
    """A period the user typed cannot be read; the message is Chinese."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first, last = QUARTERS[quarter]
        return cls(cls.month(year, first).start, cls.month(year, last).end)

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
            and self.start.year == self.end.year

    @property
    def year_number(self) -> int:
        return self.start.year

    def months(self) -> list[Period]:
        out = []
        y, m = self.start.year, self.start.month
        while datetime.date(y, m, 1) <= self.end:
            out.append(Period.month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def years(self) -> list[int]:
        """Years whose 31 December lies in the period (ledger tasks without a due
        date are due at the end of their plan's year)."""
        return [y for y in range(self.start.year, self.end.year + 1)
                if self.start <= datetime.date(y, 12, 31) <= self.end]

    @property
    def key(self) -> str:
        """The form the command and URLs accept back (see ``parse``)."""
        if self.is_year:
            return str(self.start.year)
        if self.start.day == 1 and self == Period.month(self.start.year, self.start.month):
            return f"{self.start.year}-{self.start.month:02d}"
        for q in QUARTERS:
            if self == Period.quarter(self.start.year, q):
                return f"{self.start.year}Q{q}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        if self.is_year:
            return f"{self.start.year}年"
        if self == Period.month(self.start.year, self.start.month):
            return f"{self.start.year}年{self.start.month}月"
        for q in QUARTERS:
            if self == Period.quarter(self.start.year, q):
                return f"{self.start.year}年第{'一二三四'[q - 1]}季度"
        return f"{_cn(self.start)}至{_cn(self.end)}"


def _cn(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def parse(text: str, year: int | None = None) -> Period:
    """Read a period: ``2026``, ``2026Q1`` (or ``Q1`` with ``year``), ``2026-03``
    (or ``03``/``3`` with ``year``) or ``2026-01-01..2026-06-30``."""
    raw = (text or "").strip().upper().replace("～", "..").replace("至", "..")
    try:
        if re.fullmatch(r"\d{4}", raw):
            return Period.year(int(raw))
        m = re.fullmatch(r"(\d{4})?-?Q([1-4])", raw)
        if m and (m.group(1) or year):
            return Period.quarter(int(m.group(1) or year), int(m.group(2)))
        m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", raw)
        if m and (m.group(1) or year) and 1 <= int(m.group(2)) <= 12:
            return Period.month(int(m.group(1) or year), int(m.group(2)))
        m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", raw)
        if m:
            start = datetime.date.fromisoformat(m.group(1))
            end = datetime.date.fromisoformat(m.group(2))
            if end < start:
                raise PeriodError("期间的结束日期不能早于开始日期。")
            return Period(start, end)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"无法识别的期间“{text}”：日期无效。") from exc
    raise PeriodError(f"无法识别的期间“{text}”：可写 2026、2026Q1、2026-03 或 "
                      "2026-01-01..2026-06-30。")
