"""人民调解登记簿的指标.

Committees and mediators are a stock: counted as of the period's end (set up
by then and not dissolved, or engaged and not released, by then). Disputes
count by the date mediation was accepted; the success rate by the date it
ended: succeeded ÷ ended (成功 + 不成功).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from fazhi.indicators.engine import (
    Computation,
    ReportSentence,
    Source,
    declare,
    declare_sentence,
)
from fazhi.indicators.periods import Period

from ..details.mediation import MediationCommittee, Mediator
from ..sources import case_source
from .service import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "人民调解登记簿", state_label=_state_label)
COMMITTEES = Source(
    key="mediation_committees", label="人民调解组织", queryset=MediationCommittee.objects.all,
    changed="updated_at",
    columns=(("名称", "name"), ("类型", lambda c: c.get_kind_display()), ("设立日期", "established_on")))
MEDIATORS_SOURCE = Source(
    key="mediators", label="人民调解员", queryset=Mediator.objects.all, region="committee__region",
    unit="committee__unit", changed="updated_at",
    columns=(("姓名", "name"), ("调委会", lambda m: m.committee.name), ("选聘日期", "joined_on")),
    select_related=("committee",))


def committees_at_end(period: Period, as_of: datetime.date) -> Q:
    """Set up by the period's end and not dissolved by then."""
    end = min(period.end, as_of)
    return Q(established_on__lte=end) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))


def mediators_at_end(period: Period, as_of: datetime.date) -> Q:
    end = min(period.end, as_of)
    return Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gt=end))


ENDED = Q(state__in=["succeeded", "failed"])

ORGS = Computation("MEDIATION_ORGS", COMMITTEES, committees_at_end, placing_label="按期末在册",
                   definition="期末在册的人民调解委员会和调解室数。")
PEOPLE = Computation("MEDIATORS", MEDIATORS_SOURCE, mediators_at_end, placing_label="按期末在册",
                     definition="期末在册的人民调解员人数（含专职调解员）。")
FULL_TIME = Computation("FULL_TIME_MEDIATORS", MEDIATORS_SOURCE, mediators_at_end,
                        placing_label="按期末在册", where=Q(full_time=True),
                        definition="期末在册的专职人民调解员人数。")
DISPUTES = Computation("DISPUTES_MEDIATED", SOURCE, "started_on", placing_label="按受理日期",
                       definition="人民调解组织受理调解的矛盾纠纷件数。")
SUCCEEDED = Computation("DISPUTES_MEDIATED_SUCCESSFULLY", SOURCE, "mediation__outcome_on",
                        placing_label="按调解结束日期", where=Q(state="succeeded"),
                        definition="调解成功（达成调解协议）的矛盾纠纷件数。")
RATE = Computation("MEDIATION_SUCCESS_RATE", SOURCE, "mediation__outcome_on",
                   placing_label="按调解结束日期", where=ENDED, numerator=Q(state="succeeded"),
                   definition="调解成功件数 ÷ 调解结束（成功或不成功）的件数。")

declare(ORGS, PEOPLE, FULL_TIME, DISPUTES, SUCCEEDED, RATE)
declare_sentence(ReportSentence(
    KEY, "推进矛盾纠纷多元化解",
    "全县共有人民调解组织{MEDIATION_ORGS}、人民调解员{MEDIATORS}（其中专职{FULL_TIME_MEDIATORS}），"
    "全年受理调解矛盾纠纷{DISPUTES_MEDIATED}，调解成功{DISPUTES_MEDIATED_SUCCESSFULLY}，"
    "调解成功率{MEDIATION_SUCCESS_RATE}。", order=90))
