"""Every write leaves an audit entry; entries cannot be changed or deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.org.models import Unit

from ..conftest import PASSWORD


def test_entries_are_append_only(county) -> None:  # noqa: ANN001
    from fazhi.audit import service

    unit = county.units["县司法局"]
    entry = service.record(actor=county.users["office"], action="update", obj=unit,
                           before={"name": "旧"}, after={"name": unit.name})
    entry.note = "篡改"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(note="篡改")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()


def test_web_edit_records_who_what_from_to(county) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="sysadmin", password=PASSWORD)
    unit = county.units["县审计局"]
    response = client.post(reverse("org:unit_edit", args=[unit.pk]), {
        "region": unit.region_id, "name": "莘县审计局", "short_name": "县审计局",
        "kind": unit.kind, "sort_order": 5, "is_active": "on", "is_law_enforcement": "on"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="org.unit", object_id=str(unit.pk), action="update")
    assert entry.username == "sysadmin" and entry.role == "系统管理员"
    assert entry.changes["is_law_enforcement"] == {"label": "行政执法部门", "old": False, "new": True}
    assert entry.changes["sort_order"]["new"] == 5
    assert entry.region_id_value == county.county.pk


def test_auditor_sees_entries_of_own_county_only(county, plan) -> None:  # noqa: ANN001
    from fazhi.audit import service

    service.record(actor=None, action="create", obj=county.units["东阿县司法局"],
                   region_id=county.other_county.pk)
    client = Client()
    assert client.login(username="auditor", password=PASSWORD)
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "plan.import" in page
    assert "东阿县司法局" not in page


def test_invalid_form_keeps_input_and_writes_nothing(county) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="sysadmin", password=PASSWORD)
    before = AuditEntry.objects.count()
    response = client.post(reverse("org:unit_create"), {
        "region": county.county.pk, "name": "", "short_name": "县新局", "kind": "department",
        "sort_order": 1})
    assert response.status_code == 200
    assert 'value="县新局"' in response.content.decode()
    assert AuditEntry.objects.count() == before
    assert not Unit.objects.filter(short_name="县新局").exists()
