"""征求第三方意见所需时间：不计入答复期限的工作日（条例第三十二条至第三十四条）."""

from __future__ import annotations

import datetime

from fazhi.core import staging
from fazhi.workdays.calendar import WorkCalendar

from ..base import work_calendar
from ..details.disclosure import ThirdPartyConsultation
from ..models import Case

CONSULTATION_LIMIT_WD = 15  # the consulted party's period (arts. 32, 34)


def consultation_days(calendar: WorkCalendar, sent: datetime.date, answered: datetime.date,
                      limit: datetime.date | None = None) -> tuple[list[datetime.date], int]:
    """The working days a consultation takes out of the reply period: from the
    day after sending to the day of the answer (start day not counted), at
    most to ``limit``, the last day of the consulted party's 15 WD counted
    from its receipt (arts. 32, 34; default: 15 WD from sending). Returns
    (days, uncapped count)."""
    if limit is None:
        limit = calendar.add_working_days(sent, CONSULTATION_LIMIT_WD).date
    days: list[datetime.date] = []
    total = 0
    day = sent
    while day < answered:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            total += 1
            if day <= limit:
                days.append(day)
    return days, total


def consultations(case: Case) -> list[ThirdPartyConsultation]:
    """The case's consultations by date sent (then as recorded); a staged
    case's from memory (fazhi.core.staging)."""
    if staging.of(case) is not None:
        return sorted(staging.children(case, ThirdPartyConsultation),
                      key=lambda c: (c.sent_on, staging.order_of(c)))
    return list(case.consultations.order_by("sent_on", "id"))


def excluded_days(case: Case, since: datetime.date,
                  calendar: WorkCalendar | None = None) -> tuple[list[datetime.date],
                                                                 list[ThirdPartyConsultation]]:
    """Working days after ``since`` taken by the case's answered consultations,
    each counted once however many consultations overlap on it."""
    calendar = calendar or work_calendar()
    days: set[datetime.date] = set()
    used: list[ThirdPartyConsultation] = []
    for c in consultations(case):
        if c.answered_on is None:
            continue
        own = [d for d in consultation_days(calendar, c.sent_on, c.answered_on, c.answer_due)[0]
               if d > since]
        if own:
            used.append(c)
            days.update(own)
    return sorted(days), used
