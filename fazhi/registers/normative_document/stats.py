"""行政规范性文件登记簿的指标（rules.md §4 口径）.

A document counts as issued in the period of its 公布日期, as filed by the date
it was sent to the government at the level above (报备); 报备及时 means that
filing's clock was met and, where the document also goes to the 人大常委会, that
clock too. 备案审查率: filed documents whose 备案审查 result is recorded. In
force on a day: published, in effect (施行日期 reached), within its validity
and not repealed or declared lapsed by then — the day being the period's end
or, for the current period, the as-of date.
"""

from __future__ import annotations

import datetime

from django.db.models import F, FilteredRelation, Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence
from fazhi.indicators.periods import Period

from ..details.normative_document import CleanupResult
from ..models import Deadline
from ..sources import case_source
from .procedure import KEY

ND = "normative_document__"


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "行政规范性文件登记簿", state_label=_state_label)

PUBLISHED = Q(**{f"{ND}published_on__isnull": False})
FILED = Q(**{f"{ND}filed_gov_on__isnull": False})
# Each filing clock settled as met (one per case and step: deadline_met_once_per_step).
MET_FILINGS = {
    "met_gov_filing": FilteredRelation("deadlines", condition=Q(
        deadlines__step="filing_government", deadlines__status=Deadline.Status.MET)),
    "met_congress_filing": FilteredRelation("deadlines", condition=Q(
        deadlines__step="filing", deadlines__status=Deadline.Status.MET)),
}
TIMELY = Q(met_gov_filing__isnull=False) & (
    Q(**{f"{ND}congress_filing_required": False}) | Q(met_congress_filing__isnull=False))


def _day(period: Period, as_of: datetime.date) -> datetime.date:
    return min(period.end, as_of)


def in_force_on(period: Period, as_of: datetime.date) -> Q:
    """In force on the period's last day (or the as-of date, if earlier)."""
    day = _day(period, as_of)
    return (Q(**{f"{ND}published_on__lte": day, f"{ND}effective_on__lte": day,
                 f"{ND}expires_on__gte": day})
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=day)))


def expired_in(period: Period, as_of: datetime.date) -> Q:
    """Validity ran out within the period (its last day before the period's end
    or the as-of date), unless repealed or declared lapsed before that."""
    day = _day(period, as_of)
    return (Q(**{f"{ND}expires_on__gte": period.start - datetime.timedelta(days=1),
                 f"{ND}expires_on__lt": day})
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=F(f"{ND}expires_on"))))


ISSUED = Computation(
    "NORMATIVE_DOCS_ISSUED", SOURCE, f"{ND}published_on", placing_label="按公布日期",
    where=PUBLISHED, definition="统一登记、统一编号、统一印发并公布的行政规范性文件。")
FILED_COUNT = Computation(
    "NORMATIVE_DOCS_FILED", SOURCE, f"{ND}filed_gov_on", placing_label="按报送政府备案日期",
    where=FILED, definition="报送上级政府备案的规范性文件（县政府文件同时报县人大常委会备案）。")
FILING_RATE = Computation(
    "NORMATIVE_DOCS_FILING_RATE", SOURCE, f"{ND}published_on", placing_label="按公布日期",
    where=PUBLISHED, numerator=FILED,
    definition="已报送上级政府备案的件数 ÷ 公布的件数（有件必备）。")
TIMELY_RATE = Computation(
    "NORMATIVE_DOCS_FILING_TIMELY_RATE", SOURCE, f"{ND}filed_gov_on",
    placing_label="按报送政府备案日期", where=FILED, numerator=TIMELY, relations=MET_FILINGS,
    definition="在本县规定期限内报送政府备案（须报人大常委会备案的，两项均按期）的件数 ÷ 已报备件数；"
               "期限为地区设置（默认30日，人大常委会备案按山东省规定30日）。")
REVIEW_RATE = Computation(
    "NORMATIVE_DOCS_REVIEW_RATE", SOURCE, f"{ND}filed_gov_on", placing_label="按报送政府备案日期",
    where=FILED, numerator=~Q(**{f"{ND}filing_result": ""}),
    definition="已登记备案审查结果的件数 ÷ 已报备件数（有备必审）。")
IN_FORCE = Computation(
    "NORMATIVE_DOCS_IN_FORCE", SOURCE, in_force_on, placing_label="按期末是否有效",
    definition="期末（本期尚未结束的，截至统计日）已施行、在有效期内且未废止、未宣布失效的规范性文件。")
EXPIRED = Computation(
    "NORMATIVE_DOCS_EXPIRED", SOURCE, expired_in, placing_label="按有效期届满日期",
    definition="本期内有效期届满而失效的规范性文件（届满前已废止的不计）。")
CLEANED = Computation(
    "NORMATIVE_DOCS_CLEANED", SOURCE, f"{ND}cleaned_on", placing_label="按清理日期",
    where=~Q(**{f"{ND}cleanup_result": ""}),
    definition="登记清理结果（继续有效、修改、废止、宣布失效）的规范性文件。")
BY_RESULT = tuple(
    Computation(code, SOURCE, f"{ND}cleaned_on", placing_label="按清理日期",
                where=Q(**{f"{ND}cleanup_result": result}),
                definition=f"清理结果为“{result.label}”的规范性文件。")
    for code, result in (("NORMATIVE_DOCS_CLEANED_KEPT", CleanupResult.KEPT),
                         ("NORMATIVE_DOCS_CLEANED_AMENDED", CleanupResult.AMENDED),
                         ("NORMATIVE_DOCS_REPEALED", CleanupResult.REPEALED),
                         ("NORMATIVE_DOCS_LAPSED", CleanupResult.LAPSED)))

declare(ISSUED, FILED_COUNT, FILING_RATE, TIMELY_RATE, REVIEW_RATE, IN_FORCE, EXPIRED, CLEANED,
        *BY_RESULT)
declare_sentence(ReportSentence(
    KEY, "加强行政规范性文件监督管理",
    "全年制定行政规范性文件{NORMATIVE_DOCS_ISSUED}，均经合法性审核和集体审议；报送备案"
    "{NORMATIVE_DOCS_FILED}，报备率{NORMATIVE_DOCS_FILING_RATE}、报备及时率"
    "{NORMATIVE_DOCS_FILING_TIMELY_RATE}、备案审查率{NORMATIVE_DOCS_REVIEW_RATE}。清理规范性文件"
    "{NORMATIVE_DOCS_CLEANED}，其中修改{NORMATIVE_DOCS_CLEANED_AMENDED}、废止{NORMATIVE_DOCS_REPEALED}、"
    "宣布失效{NORMATIVE_DOCS_LAPSED}；年末现行有效{NORMATIVE_DOCS_IN_FORCE}。",
    order=41))
