"""Which progress reports a person may read.

A draft, a report waiting for the unit leader and a report returned to the
unit are the unit's own business: only the unit's clerks and leaders see
them. Everyone else (the county office, the city) sees a report once it has
reached the office: 待依法治县办审核 or 已采纳. The ledger, the overview,
the exports and the report pages all go through these helpers, on top of
``policy.scope``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fazhi.org.policy import Policy

from .models import ProgressReport

State = ProgressReport.State
# States in which a report has reached the county office.
REACHED_OFFICE = (State.APPROVED, State.ACCEPTED)


def visible_q(policy: Policy, prefix: str = "") -> Q:
    """Condition on ProgressReport rows (``prefix`` = path to the report,
    e.g. ``"report__"`` from Evidence) this person may read."""
    q = Q(**{f"{prefix}state__in": REACHED_OFFICE})
    if policy.unit_ids:
        q |= Q(**{f"{prefix}unit_id__in": sorted(policy.unit_ids)})
    return q


def visible_reports(policy: Policy, qs: models.QuerySet | None = None) -> models.QuerySet:
    """Reports in the person's scope that they may read (see module docstring)."""
    qs = ProgressReport.objects.all() if qs is None else qs
    return policy.scope(qs).filter(visible_q(policy))
