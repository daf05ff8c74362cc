"""指标目标: set by the county office, audited, within its own county."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.indicators.models import IndicatorTarget

from ..conftest import PASSWORD


def _client(user: str) -> Client:
    c = Client()
    c.login(username=user, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_office_sets_edits_and_deletes_a_target(county) -> None:  # noqa: ANN001
    office = _client("office")
    data = {"region": county.county.pk, "year": 2026, "code": "HEAD_APPEARANCE_RATE",
            "direction": "at_least", "target": "100", "basis": "考核细则"}
    assert office.post(reverse("indicators:targets"), data).status_code == 302
    target = IndicatorTarget.objects.get()
    assert (target.code, target.target) == ("HEAD_APPEARANCE_RATE", 100)
    assert AuditEntry.objects.filter(action="create", object_id=str(target.pk),
                                     model="indicators.indicatortarget").exists()
    page = office.get(reverse("indicators:targets")).content.decode()
    assert "不低于100%" in page and "行政机关负责人出庭应诉率" in page
    # bad input keeps what was typed and says why, in Chinese
    bad = office.post(reverse("indicators:targets"), {**data, "target": "120", "year": 2027})
    assert "比率的目标值不能超过100%" in bad.content.decode() and 'value="2027"' in bad.content.decode()
    assert IndicatorTarget.objects.count() == 1
    office.post(reverse("indicators:target_edit", args=[target.pk]), {**data, "target": "95"})
    target.refresh_from_db()
    assert target.target == 95
    office.post(reverse("indicators:target_delete", args=[target.pk]))
    assert not IndicatorTarget.objects.exists()


@pytest.mark.django_db
def test_another_county_cannot_touch_the_target(county) -> None:  # noqa: ANN001
    target = IndicatorTarget.objects.create(region=county.county, year=2026,
                                            code="PLAN_COMPLETION_RATE", target=100)
    other = _client("other_office")
    assert other.get(reverse("indicators:target_edit", args=[target.pk])).status_code == 404
    assert other.post(reverse("indicators:target_delete", args=[target.pk])).status_code == 404
    # nor create one for a county it does not hold
    other.post(reverse("indicators:targets"), {
        "region": county.county.pk, "year": 2026, "code": "HEAD_APPEARANCE_RATE",
        "direction": "at_least", "target": "100"})
    assert IndicatorTarget.objects.count() == 1
    assert _client("clerk").get(reverse("indicators:targets")).status_code == 403
