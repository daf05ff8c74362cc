"""Closing the year: a frozen snapshot that later record changes do not alter,
while before closing the live score follows the records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.assessment import results, services
from fazhi.assessment.models import Scheme, UnitScore
from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.plans.models import Assignment
from fazhi.registers.details.litigation import LitigationDetail

from . import factories as f

D = Decimal


@pytest.fixture
def ready(county):  # noqa: ANN001, ANN201
    data = f.records(county)
    scheme = f.scheme(county)
    f.hand_scores(county, scheme)
    return {**data, "scheme": scheme, "office": Actor.for_user(county.users["office"])}


def _totals(rows: list[results.UnitResult]) -> dict[str, tuple[Decimal, int]]:
    return {r.unit_name: (r.total, r.rank) for r in rows}


def _change_the_records(county, ready) -> None:  # noqa: ANN001
    """司法局 finishes its overdue assignments; 市场监管局's lost case is
    overturned on appeal (驳回 instead of 撤销)."""
    Assignment.objects.filter(unit=county.units["县司法局"]).update(is_done=True)
    LitigationDetail.objects.filter(case=ready["lost"]).update(final_outcome="reject_claim")


def test_before_closing_the_live_score_follows_the_records(county, ready) -> None:  # noqa: ANN001
    scheme = ready["scheme"]
    assert _totals(results.results(scheme)) == f.EXPECTED
    _change_the_records(county, ready)
    after = _totals(results.results(scheme))
    # 司法局 20 (3/3) + 10 + 10 + 10 + 4 + 1.5; 市场监管局 0 + 6 + 10 + 10 (0% ≤ 10%) + 5 + 0,
    # level with 审计局 (31): equal totals share the rank
    assert after["县司法局"] == (D("55.5"), 1)
    assert after["县市场监管局"] == (D("31"), 2) and after["县审计局"] == (D("31"), 2)


def test_the_closed_year_is_a_frozen_snapshot(client, county, ready) -> None:  # noqa: ANN001
    scheme = ready["scheme"]
    services.CloseScheme(ready["office"], scheme).execute()
    scheme.refresh_from_db()
    assert scheme.state == Scheme.State.CLOSED and scheme.closed_by == county.users["office"]
    frozen = UnitScore.objects.filter(scheme=scheme)
    assert {s.unit_name: (s.total, s.rank) for s in frozen} == f.EXPECTED
    justice = frozen.get(unit=county.units["县司法局"])
    overdue = next(i for i in justice.breakdown["items"] if i["title"] == "逾期未完成事项")
    assert overdue["count"] == 2 and overdue["points"] == "6.00" and len(overdue["record_ids"]) == 2
    snapshot_before = {s.pk: (s.total, s.rank, s.breakdown) for s in frozen}

    _change_the_records(county, ready)

    assert {s.pk: (s.total, s.rank, s.breakdown) for s in UnitScore.objects.filter(
        scheme=scheme)} == snapshot_before
    assert _totals(results.results(scheme)) == f.EXPECTED  # pages read the snapshot
    assert _totals(results.live(scheme))["县司法局"] == (D("55.5"), 1)  # the records did change
    client.force_login(county.users["office"])
    page = client.get(reverse("assessment:unit_detail",
                              args=[scheme.pk, county.units["县市场监管局"].pk])).content.decode()
    assert "已定稿" in page and "第3名（共3个单位）" in page
    # the lost case is still listed behind the deduction, as it was counted
    assert reverse("registers:case_detail", args=["litigation", ready["lost"].pk]) in page
    scores = client.get(reverse("assessment:scores", args=[scheme.pk])).content.decode()
    assert "38.17" in scores and "55.5" not in scores
    assert AuditEntry.objects.filter(action="assessment.close", object_id=str(scheme.pk)).exists()


def test_closing_waits_for_hand_scores_and_rulings(county) -> None:  # noqa: ANN001
    f.records(county)
    scheme = f.scheme(county)
    office = Actor.for_user(county.users["office"])
    with pytest.raises(ActionRefused, match="6项人工评分未录入"):
        services.CloseScheme(office, scheme).execute()
    assert not UnitScore.objects.exists()
    f.hand_scores(county, scheme)
    services.RaiseObjection(Actor.for_user(county.users["clerk"]), f.item(scheme, "逾期未完成事项"),
                            county.units["县司法局"], reason="两项已按期完成，台账未及时更新").execute()
    with pytest.raises(ActionRefused, match="1件异议未裁定"):
        services.CloseScheme(office, scheme).execute()
    draft = f.scheme(county, year=2024, publish=False)
    with pytest.raises(ActionRefused, match="只有已发布的方案可以定稿"):
        services.CloseScheme(office, draft).execute()


def test_nothing_changes_after_closing(client, county, ready) -> None:  # noqa: ANN001
    scheme, office = ready["scheme"], ready["office"]
    services.CloseScheme(office, scheme).execute()
    scheme.refresh_from_db()
    manual = f.item(scheme, "法治宣传教育")
    with pytest.raises(ActionRefused, match="已定稿"):
        services.EnterManualScore(office, manual, county.units["县司法局"], points=D(5),
                                  reason="改分").execute()
    with pytest.raises(ActionRefused, match="已发布、尚未定稿"):
        services.RaiseObjection(Actor.for_user(county.users["clerk"]), manual,
                                county.units["县司法局"], reason="有异议").execute()
    with pytest.raises(ActionRefused, match="已定稿"):
        services.DeleteItem(office, manual).execute()
    with pytest.raises(ActionRefused, match="只有已发布的方案可以定稿"):
        services.CloseScheme(office, scheme).execute()
    client.force_login(county.users["office"])
    client.post(reverse("assessment:item_edit", args=[manual.pk]),
                {"order": 1, "title": "改名", "kind": "manual", "full_marks": "9"})
    manual.refresh_from_db()
    assert manual.title == "法治宣传教育" and manual.full_marks == D(5)
