"""The holidays 《全国年节及纪念日放假办法》 art. 2 fixes for every year.

In a year whose State Council notice the system does not hold, these days
are still known (design/rules.md §0): 元旦 1月1日, 劳动节 5月1日–2日, 国庆节
10月1日–3日 by date; 春节 (农历除夕、正月初一至初三), 清明 (the solar term),
端午 (五月初五) and 中秋 (八月十五) by the lunar calendar. Only 补假 (art. 6)
and 调休 (art. 7) are unknown, so a period touching such a year stays
provisional. The lunar dates and the solar term come from lunar-python
(pure Python, no data files, no network).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

HOLIDAY_MEASURES = "《全国年节及纪念日放假办法》第二条"
SOURCE = (f"{HOLIDAY_MEASURES}规定的全体公民放假的节日（元旦、劳动节、国庆节按公历日期，"
          "春节、清明节、端午节、中秋节按农历和节气推算）；补假、调休安排尚未公布")


# The 2024 revision (in force 2025-01-01) is the text applied; earlier years
# had other holidays (no 除夕 or 5月2日; before 2008 no 清明、端午、中秋), and the
# years the calendar lacks are the future ones anyway.
FIRST_YEAR = 2025


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The days off of 放假办法 art. 2 in ``year`` (2024 revision: 13 days);
    none before FIRST_YEAR (counted on weekends only, still provisional)."""
    if year < FIRST_YEAR:
        return {}
    from lunar_python import Lunar

    def lunar(month: int, day: int) -> datetime.date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())

    days: dict[datetime.date, str] = {datetime.date(year, 1, 1): "元旦"}
    # 春节: 除夕 (the day before 正月初一, the last day of the previous lunar
    # year: 腊月廿九 or 三十) and 初一 to 初三 (art. 2(二)).
    new_year = lunar(1, 1)
    for offset in range(-1, 3):
        days[new_year + datetime.timedelta(days=offset)] = "春节"
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days[datetime.date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[datetime.date(year, 5, 1)] = days[datetime.date(year, 5, 2)] = "劳动节"
    days[lunar(5, 5)] = "端午节"
    mid_autumn = lunar(8, 15)
    for d in (1, 2, 3):
        day = datetime.date(year, 10, d)
        days[day] = "国庆节、中秋节" if day == mid_autumn else "国庆节"
    days.setdefault(mid_autumn, "中秋节")
    # 春节 of a year may begin on 除夕 in the year before; keep the year's own days.
    return {d: n for d, n in days.items() if d.year == year}
