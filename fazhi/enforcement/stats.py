"""执法人员的指标：持证行政执法人员数（存量，按期间末日计）."""

from __future__ import annotations

import datetime

from django.db.models import Q

from fazhi.indicators.engine import Computation, Source, declare
from fazhi.indicators.periods import Period

from .models import Officer, OfficerStatus

OFFICER_SOURCE = Source(
    key="officer", label="行政执法人员名录", queryset=lambda: Officer.objects.all(),
    columns=(("姓名", "name"), ("执法证号", "certificate_number"), ("执法主体", "unit__name"),
             ("有效期至", "expires_on")),
    select_related=("unit",))


def _valid_at_end(period: Period, as_of: datetime.date) -> Q:
    """A stock: certificates valid on the period's last day (or today, if earlier)."""
    day = min(period.end, as_of)
    return Q(status=OfficerStatus.ACTIVE, issued_on__lte=day, expires_on__gte=day)


CERTIFIED = Computation(
    "CERTIFIED_ENFORCEMENT_OFFICERS", OFFICER_SOURCE, _valid_at_end,
    placing_label="按期间末日（存量）",
    definition="期间末日持有有效行政执法证件、在岗的执法人员数（暂扣、注销和过期的不计）。")

declare(CERTIFIED)
