"""Working-day arithmetic, written from design/rules.md §0 and its "Annual 国务院办公厅
holiday notices" (C2). Expected dates were counted by hand on a paper calendar,
not produced by the code.

Modes: WD = n-th working day after start (start not counted); CD = n calendar
days after start, rolled to the next working day; M = n months (corresponding
day or month-end, 民法典 art. 202), rolled likewise.
"""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest

from fazhi.workdays.calendar import WorkCalendar, YearData, add_months

D = datetime.date
CAL = WorkCalendar.builtin()


def compute(start: datetime.date, n: int, mode: str, cal: WorkCalendar = CAL):
    return {"WD": cal.add_working_days, "CD": cal.period_end_days,
            "M": cal.period_end_months}[mode](start, n)


# (start, n, mode, expected)
SPRING_FESTIVAL_2025 = [
    # Off 1/28 (Tue)–2/4 (Tue); 调休 workdays Sun 1/26 and Sat 2/8.
    (D(2025, 1, 24), 1, "WD", D(2025, 1, 26)),   # Fri → the 调休 Sunday counts
    (D(2025, 1, 24), 2, "WD", D(2025, 1, 27)),
    (D(2025, 1, 24), 3, "WD", D(2025, 2, 5)),    # skips the whole block
    (D(2025, 1, 27), 1, "WD", D(2025, 2, 5)),
    (D(2025, 2, 5), 3, "WD", D(2025, 2, 8)),     # Sat 2/8 is a working day
    (D(2025, 1, 20), 10, "CD", D(2025, 2, 5)),   # 1/30 in the block → 2/5
    (D(2025, 1, 24), 10, "CD", D(2025, 2, 5)),   # 2/3 (Mon, inside the block) → 2/5
]

SPRING_FESTIVAL_2026 = [
    # Off 2/15 (Sun)–2/23 (Mon); 调休 workdays Sat 2/14 and Sat 2/28.
    (D(2026, 2, 12), 1, "WD", D(2026, 2, 13)),
    (D(2026, 2, 12), 2, "WD", D(2026, 2, 14)),   # Sat 2/14 counts
    (D(2026, 2, 12), 3, "WD", D(2026, 2, 24)),
    (D(2026, 2, 24), 4, "WD", D(2026, 2, 28)),   # Sat 2/28 counts
    (D(2026, 2, 24), 5, "WD", D(2026, 3, 2)),
    (D(2026, 2, 1), 15, "CD", D(2026, 2, 24)),   # 2/16 in the block → 2/24
    (D(2026, 2, 13), 15, "CD", D(2026, 2, 28)),  # ends on a 调休 Saturday: no roll
    (D(2026, 1, 30), 15, "CD", D(2026, 2, 14)),  # ends on the 调休 Saturday 2/14: no roll
]

NATIONAL_DAY_2025 = [
    # Off 10/1–10/8 (国庆节、中秋节); 调休 workdays Sun 9/28 and Sat 10/11.
    (D(2025, 9, 26), 1, "WD", D(2025, 9, 28)),
    (D(2025, 9, 26), 3, "WD", D(2025, 9, 30)),
    (D(2025, 9, 26), 4, "WD", D(2025, 10, 9)),
    (D(2025, 9, 26), 5, "WD", D(2025, 10, 10)),
    (D(2025, 9, 26), 6, "WD", D(2025, 10, 11)),
    (D(2025, 9, 26), 20, "WD", D(2025, 10, 30)),  # disclosure reply example
    (D(2025, 9, 20), 15, "CD", D(2025, 10, 9)),   # 10/5 holiday → 10/9
    (D(2025, 9, 26), 15, "CD", D(2025, 10, 11)),  # 10/11 调休 Saturday: no roll
    (D(2025, 9, 13), 15, "CD", D(2025, 9, 28)),   # 9/28 调休 Sunday: no roll
    (D(2025, 9, 27), 1, "CD", D(2025, 9, 28)),
]

MAY_DAY_2024 = [
    # Off 5/1–5/5; 调休 workdays Sun 4/28 and Sat 5/11.
    (D(2024, 4, 26), 1, "WD", D(2024, 4, 28)),
    (D(2024, 4, 26), 2, "WD", D(2024, 4, 29)),
    (D(2024, 4, 26), 3, "WD", D(2024, 4, 30)),
    (D(2024, 4, 26), 4, "WD", D(2024, 5, 6)),
    (D(2024, 5, 6), 5, "WD", D(2024, 5, 11)),
    (D(2024, 5, 6), 6, "WD", D(2024, 5, 13)),
    (D(2024, 4, 20), 11, "CD", D(2024, 5, 6)),    # 5/1 → 5/6
    (D(2024, 4, 21), 7, "CD", D(2024, 4, 28)),    # 调休 Sunday: no roll
    (D(2024, 6, 1), 7, "CD", D(2024, 6, 11)),     # Sat 6/8 + 端午 6/10 joined → Tue 6/11
]

MONTHS = [
    (D(2025, 1, 31), 1, "M", D(2025, 2, 28)),     # no 2/31 → month-end (Fri)
    (D(2024, 1, 31), 1, "M", D(2024, 2, 29)),     # leap year month-end (Thu)
    (D(2026, 1, 31), 1, "M", D(2026, 2, 28)),     # month-end is the 调休 Saturday: no roll
    (D(2025, 1, 31), 3, "M", D(2025, 4, 30)),
    (D(2025, 1, 31), 6, "M", D(2025, 7, 31)),
    (D(2025, 7, 1), 3, "M", D(2025, 10, 9)),      # 10/1 holiday → 10/9
    (D(2025, 3, 15), 1, "M", D(2025, 4, 15)),
    (D(2025, 11, 30), 3, "M", D(2026, 2, 28)),    # no 2/30 → 2/28, a 调休 Saturday: no roll
    (D(2025, 8, 30), 1, "M", D(2025, 9, 30)),
    (D(2025, 4, 5), 1, "M", D(2025, 5, 6)),       # 5/5 in the May Day block → 5/6
]

START_ON_HOLIDAY = [
    (D(2025, 10, 3), 1, "WD", D(2025, 10, 9)),    # counting starts with the first working day
    (D(2025, 10, 3), 3, "WD", D(2025, 10, 11)),
    (D(2025, 10, 3), 5, "CD", D(2025, 10, 9)),    # 10/8 holiday → 10/9
    (D(2025, 10, 1), 10, "CD", D(2025, 10, 11)),  # start day not counted even on a holiday
    (D(2026, 2, 15), 1, "WD", D(2026, 2, 24)),
]

ALL_ROWS = (SPRING_FESTIVAL_2025 + SPRING_FESTIVAL_2026 + NATIONAL_DAY_2025 + MAY_DAY_2024
            + MONTHS + START_ON_HOLIDAY)


@pytest.mark.parametrize(("start", "n", "mode", "expected"), ALL_ROWS)
def test_period_table(start: datetime.date, n: int, mode: str, expected: datetime.date) -> None:
    result = compute(start, n, mode)
    assert result.date == expected, result.explanation
    assert result.provisional is False


@pytest.mark.parametrize(("day", "working"), [
    (D(2025, 1, 26), True),    # 调休 Sunday
    (D(2025, 1, 28), False),   # 除夕, a Tuesday
    (D(2025, 2, 3), False),    # Monday inside the block
    (D(2025, 2, 8), True),     # 调休 Saturday
    (D(2025, 2, 9), False),
    (D(2025, 9, 28), True),
    (D(2025, 10, 8), False),   # Wednesday inside the block
    (D(2025, 10, 11), True),
    (D(2024, 4, 28), True),
    (D(2024, 5, 11), True),
    (D(2024, 5, 3), False),
    (D(2026, 2, 14), True),
    (D(2026, 2, 28), True),
    (D(2026, 2, 23), False),   # Monday, last day of the block
    (D(2026, 3, 7), False),    # ordinary Saturday
    (D(2026, 3, 9), True),     # ordinary Monday
])
def test_is_working_day(day: datetime.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_chinese_calendar_range_is_2004_to_2026() -> None:
    # chinese-calendar 1.11 raises NotImplementedError outside [2004, 2026].
    for year in (2003, 2027):
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(D(year, 6, 1))
    chinese_calendar.is_workday(D(2004, 1, 1))
    chinese_calendar.is_workday(D(2026, 12, 31))
    assert CAL.years == tuple(range(2004, 2027))


def test_builtin_data_matches_the_notices_in_rules_md() -> None:
    # 2025: Off 1/1; 1/28–2/4; 4/4–4/6; 5/1–5/5; 5/31–6/2; 10/1–10/8. Work days: 1/26, 2/8, 4/27, 9/28, 10/11.
    off = {D(2025, 1, 1)} | _span(D(2025, 1, 28), D(2025, 2, 4)) | _span(D(2025, 4, 4), D(2025, 4, 6)) \
        | _span(D(2025, 5, 1), D(2025, 5, 5)) | _span(D(2025, 5, 31), D(2025, 6, 2)) \
        | _span(D(2025, 10, 1), D(2025, 10, 8))
    work = {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)}
    for day in _span(D(2025, 1, 1), D(2025, 12, 31)):
        expected = day in work or (day.weekday() < 5 and day not in off)
        assert CAL.is_working_day(day) is expected, day


def _span(a: datetime.date, b: datetime.date) -> set[datetime.date]:
    return {a + datetime.timedelta(days=i) for i in range((b - a).days + 1)}


# -- beyond the data: provisional; the holidays 放假办法 art. 2 fixes still count,
# 补假 and 调休 are unknown ----------------------------------------------------

PROVISIONAL = [
    # (start, n, mode, expected, provisional)
    (D(2026, 12, 20), 20, "WD", D(2027, 1, 18), True),   # into 2027: 元旦 Fri 1/1 skipped
    (D(2026, 12, 1), 20, "WD", D(2026, 12, 29), False),  # stays inside 2026
    (D(2026, 12, 20), 15, "CD", D(2027, 1, 4), True),
    (D(2026, 12, 1), 30, "CD", D(2026, 12, 31), False),
    (D(2026, 12, 2), 30, "CD", D(2027, 1, 4), True),     # 元旦 1/1 (art. 2) → Monday 1/4
    (D(2003, 6, 2), 5, "WD", D(2003, 6, 9), True),       # before the data
    (D(2026, 11, 30), 2, "M", D(2027, 2, 1), True),     # 1/30/2027 Saturday → Monday
]


@pytest.mark.parametrize(("start", "n", "mode", "expected", "provisional"), PROVISIONAL)
def test_beyond_data_is_provisional(start: datetime.date, n: int, mode: str,
                                    expected: datetime.date, provisional: bool) -> None:
    result = compute(start, n, mode)
    assert result.date == expected
    assert result.provisional is provisional
    assert ("暂定" in result.explanation) is provisional


def test_year_data_overrides_builtin_year() -> None:
    # A made-up 2025 in which 10/9 is also off and Sat 10/11 is not worked.
    custom = YearData(2025, {D(2025, 10, 1) + datetime.timedelta(days=i): "国庆节" for i in range(9)},
                      {D(2025, 9, 28): "国庆节"}, "测试通知")
    cal = CAL.with_years([custom])
    assert not cal.is_working_day(D(2025, 10, 9))
    assert not cal.is_working_day(D(2025, 10, 11))
    # The whole year is replaced: this made-up year has no 春节 block, so the
    # Tuesday 1/28 and the Monday 2/3 are ordinary working days.
    assert cal.is_working_day(D(2025, 1, 28))
    assert cal.is_working_day(D(2025, 2, 3))
    assert CAL.is_working_day(D(2025, 10, 9))  # the original calendar is unchanged
    assert cal.add_working_days(D(2025, 9, 26), 4).date == D(2025, 10, 10)


def test_explanation_names_the_skipped_holidays_and_adjusted_days() -> None:
    text = CAL.add_working_days(D(2025, 9, 26), 20).explanation
    assert "自2025年9月26日次日起算20个工作日" in text
    assert "国庆节、中秋节（10月1日—10月8日）" in text
    assert "9月28日（星期日）" in text and "10月11日（星期六）" in text
    # The roll-over's basis: 民法典 arts. 203–204 unless the procedure applies
    # 民诉 art. 85 (复议法 art. 88, 行诉法 art. 101), which the caller passes.
    rolled = CAL.period_end_days(D(2025, 9, 20), 15).explanation
    assert "顺延" in rolled and "民法典》第二百零三条、第二百零四条" in rolled
    assert "民事诉讼法" not in rolled
    rolled = CAL.period_end_days(D(2025, 9, 20), 15, roll_basis="《行政诉讼法》第一百零一条").explanation
    assert "依《行政诉讼法》第一百零一条顺延" in rolled
    month = CAL.period_end_months(D(2025, 1, 31), 1).explanation
    assert "没有对应日" in month and "月末日" in month


def test_add_months_helper() -> None:
    assert add_months(D(2025, 8, 31), 1) == (D(2025, 9, 30), False)
    assert add_months(D(2025, 12, 15), 2) == (D(2026, 2, 15), True)


def test_rejects_negative_amounts() -> None:
    with pytest.raises(ValueError, match="非负整数"):
        CAL.add_working_days(D(2025, 1, 1), -1)


# -- 放假办法 art. 2 in a year without a notice (lunar dates, solar term) ------
@pytest.mark.parametrize(("day", "name"), [
    (D(2027, 1, 1), "元旦"),
    (D(2027, 2, 5), "春节"), (D(2027, 2, 6), "春节"), (D(2027, 2, 8), "春节"),  # 除夕–初三
    (D(2027, 4, 5), "清明节"),  # the solar term 清明
    (D(2027, 5, 1), "劳动节"), (D(2027, 5, 2), "劳动节"),
    (D(2027, 6, 9), "端午节"),  # 五月初五
    (D(2027, 9, 15), "中秋节"),  # 八月十五
    (D(2027, 10, 1), "国庆节"), (D(2027, 10, 3), "国庆节"),
])
def test_statutory_holidays_of_a_year_without_a_notice(day: datetime.date, name: str) -> None:
    assert not CAL.covers(2027)
    assert CAL.day_kind(day).value == "holiday" and CAL.holiday_name(day) == name


def test_statutory_holidays_are_thirteen_days_and_only_those() -> None:
    from fazhi.workdays.statutory import statutory_holidays

    assert len(statutory_holidays(2027)) == 13 and len(statutory_holidays(2030)) == 13
    # The days around them (补假, 调休) are unknown: ordinary days.
    assert CAL.is_working_day(D(2027, 2, 9)) and CAL.is_working_day(D(2027, 10, 4))
    assert CAL.is_working_day(D(2027, 5, 3))  # Monday 5/3: not a fixed holiday
    # Known years keep the State Council's data: 2026 中秋 9/25 off, 2/28 (Sat) worked.
    assert not CAL.is_working_day(D(2026, 9, 25)) and CAL.is_working_day(D(2026, 2, 28))
