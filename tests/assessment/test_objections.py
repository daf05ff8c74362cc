"""A unit objects to one item of its score; the office rules on it, with a
reason, through audited actions; an upheld objection changes the score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fazhi.assessment import results, services
from fazhi.assessment.models import Objection
from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor

from . import factories as f

D = Decimal


@pytest.fixture
def setup(county):  # noqa: ANN001, ANN201
    f.records(county)
    scheme = f.scheme(county)
    f.hand_scores(county, scheme)
    return {"scheme": scheme, "item": f.item(scheme, "逾期未完成事项"),
            "unit": county.units["县司法局"]}


def _justice(scheme) -> results.UnitResult:  # noqa: ANN001
    return next(r for r in results.live(scheme) if r.unit_name == "县司法局")


def test_the_objection_flow_on_the_web(client, county, setup) -> None:  # noqa: ANN001
    scheme, item, unit = setup["scheme"], setup["item"], setup["unit"]
    client.force_login(county.users["clerk"])
    url = reverse("assessment:objection_create", args=[item.pk, unit.pk])
    page = client.get(url).content.decode()
    assert "本单位当前得分：<b>6</b>分" in page
    response = client.post(url, {"reason": ""})  # a reason is required
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client.post(url, {"reason": "第2项任务已于6月完成，佐证见进展报告"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.state == Objection.State.PENDING and objection.points_objected == D(6)
    assert objection.raised_by == county.users["clerk"]
    detail = client.get(reverse("assessment:unit_detail", args=[scheme.pk, unit.pk])).content
    assert "异议待裁定".encode() in detail

    client.force_login(county.users["office"])
    rule = reverse("assessment:objection_rule", args=[objection.pk])
    response = client.post(rule, {"decision": "upheld", "reason": "核实属实"})
    assert "采纳异议须填写调整后得分" in response.content.decode()
    response = client.post(rule, {"decision": "upheld", "points": "11", "reason": "核实属实"})
    assert "得分应在0至10分之间" in response.content.decode()
    response = client.post(rule, {"decision": "upheld", "points": "8", "reason": "核实属实，第2项已完成"})
    assert response.status_code == 302
    objection.refresh_from_db()
    assert (objection.state, objection.adjusted_points) == (Objection.State.UPHELD, D(8))
    assert objection.ruled_by == county.users["office"] and objection.ruled_at is not None

    justice = _justice(scheme)
    adjusted = justice.item(item.pk)
    assert (adjusted.points, adjusted.computed_points, adjusted.status) == (D(8), D(6), "adjusted")
    assert justice.total == D("40.17")  # 38.17 − 6 + 8
    for verb in ("assessment.object", "assessment.rule"):
        entry = AuditEntry.objects.get(action=verb, object_id=str(objection.pk))
        assert entry.region_id_value == county.county.pk
    assert AuditEntry.objects.get(action="assessment.rule").username == "office"


def test_a_rejected_objection_keeps_the_score_and_records_why(county, setup) -> None:  # noqa: ANN001
    scheme, item, unit = setup["scheme"], setup["item"], setup["unit"]
    objection = services.RaiseObjection(Actor.for_user(county.users["leader"]), item, unit,
                                        reason="逾期事项有客观原因").execute()
    office = Actor.for_user(county.users["office"])
    with pytest.raises(ActionRefused, match="请填写裁定理由"):
        services.RuleObjection(office, objection, upheld=False, reason=" ").execute()
    services.RuleObjection(office, objection, upheld=False, reason="未提供延期批准材料").execute()
    objection.refresh_from_db()
    assert objection.state == Objection.State.REJECTED and objection.adjusted_points is None
    assert objection.ruling_reason == "未提供延期批准材料"
    assert _justice(scheme).total == D("38.17")
    with pytest.raises(ActionRefused, match="该异议已裁定"):
        services.RuleObjection(office, objection, upheld=True, points=D(10), reason="改判").execute()
    # once ruled, the unit may object again
    services.RaiseObjection(Actor.for_user(county.users["clerk"]), item, unit,
                            reason="补充材料：延期批准文件").execute()
    assert Objection.objects.filter(state=Objection.State.PENDING).count() == 1


def test_who_may_object(county, setup) -> None:  # noqa: ANN001
    item, unit = setup["item"], setup["unit"]
    for role in ("town_clerk", "other_clerk", "office", "viewer"):
        with pytest.raises(PermissionDenied):
            services.RaiseObjection(Actor.for_user(county.users[role]), item, unit,
                                    reason="代为提出").execute()
    services.RaiseObjection(Actor.for_user(county.users["clerk"]), item, unit, reason="有误").execute()
    with pytest.raises(ActionRefused, match="已有待裁定的异议"):
        services.RaiseObjection(Actor.for_user(county.users["leader"]), item, unit,
                                reason="再次提出").execute()
    with pytest.raises(ActionRefused, match="请填写异议理由"):
        services.RaiseObjection(Actor.for_user(county.users["clerk"]), f.item(setup["scheme"], "工作创新"),
                                unit, reason="  ").execute()
    with pytest.raises(PermissionDenied):
        services.RuleObjection(Actor.for_user(county.users["other_office"]), Objection.objects.get(),
                               upheld=False, reason="驳回").execute()


def test_no_objection_to_a_draft(county) -> None:  # noqa: ANN001
    scheme = f.scheme(county, publish=False)
    with pytest.raises(ActionRefused, match="已发布、尚未定稿"):
        services.RaiseObjection(Actor.for_user(county.users["clerk"]), f.item(scheme, "法治宣传教育"),
                                county.units["县司法局"], reason="有误").execute()
