"""The Django admin under the same policy as the pages (every admin URL
walked for every role), and an audit log that cannot be altered unnoticed."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from fazhi.audit import service, triggers
from fazhi.audit.models import AuditEntry
from fazhi.org.models import Region
from fazhi.workdays.models import CalendarYear

ROLES = ["office", "clerk", "leader", "town_clerk", "other_clerk", "other_office", "viewer",
         "sysadmin", "secadmin", "auditor"]


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(county):  # noqa: ANN001, ANN201
    CalendarYear.objects.create(year=2031, source="国办发明电〔2030〕1号")
    service.record(actor=None, action="test.other", obj=county.other_county, region_id=county.other_county.pk)
    service.record(actor=None, action="test.system", obj=None, target=("x", "系统", "1", "全局"))
    service.record(actor=None, action="test.own", obj=county.county, region_id=county.county.pk)
    return county


def _admin_urls(county) -> list[tuple[str, str]]:  # noqa: ANN001
    """(label, url) of every registered model admin's changelist, add and one
    change page (an object of the other county where the model has one)."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append((f"{info} list", reverse("admin:{}_{}_changelist".format(*info))))
        if model_admin.has_add_permission.__func__ is not None:
            urls.append((f"{info} add", reverse("admin:{}_{}_add".format(*info))))
        obj = model._default_manager.order_by("-pk").first()
        if obj is not None:
            urls.append((f"{info} change", reverse("admin:{}_{}_change".format(*info), args=[obj.pk])))
    return urls


@pytest.mark.django_db
def test_every_admin_url_for_every_role(world) -> None:  # noqa: ANN001
    """Business roles and the security administrator never get an admin page;
    the system administrator and the auditor only what the policy gives them."""
    county = world
    urls = _admin_urls(county)
    assert len(urls) >= 8
    for role in ROLES:
        client = _client(county.users[role])
        for label, url in urls:
            status = client.get(url).status_code
            if role not in ("sysadmin", "auditor"):
                assert status in (302, 403, 404), f"{role} reached {label}: {status}"


@pytest.mark.django_db
def test_a_county_administrator_cannot_reparent_a_county(world) -> None:  # noqa: ANN001
    county = world
    client = _client(county.users["sysadmin"])
    listing = client.get(reverse("admin:org_region_changelist")).content.decode()
    assert "莘县" in listing and "东阿县" not in listing
    other = county.other_county
    url = reverse("admin:org_region_change", args=[other.pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.post(url, {"name": other.name, "level": other.level, "parent": county.county.pk, "code": ""})
    own = reverse("admin:org_region_change", args=[county.county.pk])
    assert client.get(own).status_code == 200  # may look …
    response = client.post(own, {"name": "莘县", "level": "county", "parent": county.province.pk,
                                 "code": ""})
    assert response.status_code == 403  # … never change
    assert client.post(reverse("admin:org_region_add"), {"name": "新县", "level": "county",
                                                         "parent": county.city.pk}).status_code == 403
    other.refresh_from_db()
    county.county.refresh_from_db()
    assert other.parent_id == county.city.pk and county.county.parent_id == county.city.pk
    assert not Region.objects.filter(name="新县").exists()


@pytest.mark.django_db
def test_a_county_administrator_cannot_edit_the_national_calendar(world) -> None:  # noqa: ANN001
    client = _client(world.users["sysadmin"])
    year = CalendarYear.objects.get(year=2031)
    url = reverse("admin:workdays_calendaryear_change", args=[year.pk])
    assert client.get(reverse("admin:workdays_calendaryear_changelist")).status_code == 200
    response = client.post(url, {"year": 2031, "source": "篡改", "note": "",
                                 "days-TOTAL_FORMS": 0, "days-INITIAL_FORMS": 0})
    assert response.status_code == 403
    assert client.post(reverse("admin:workdays_calendaryear_add"), {"year": 2032, "source": "x"}
                       ).status_code == 403
    assert CalendarYear.objects.get(pk=year.pk).source != "篡改"
    assert not CalendarYear.objects.filter(year=2032).exists()


@pytest.mark.django_db
def test_the_county_auditor_sees_its_county_only_in_the_admin_too(world) -> None:  # noqa: ANN001
    client = _client(world.users["auditor"])
    listing = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "test.own" in listing and "test.other" not in listing and "test.system" not in listing
    other = AuditEntry.objects.get(action="test.other")
    assert client.get(reverse("admin:audit_auditentry_change", args=[other.pk])).status_code in (302, 403, 404)
    # On /audit/ too; the national auditor sees entries without a region.
    assert "test.other" not in client.get(reverse("audit:entry_list")).content.decode()
    from ..conftest import make_user

    national = make_user("national_auditor", "audit_admin", region=world.province)
    visible = service.visible_entries(national, __import__("fazhi.org.policy", fromlist=["Policy"])
                                      .Policy.for_user(national))
    assert visible.filter(action="test.system").exists() and visible.filter(action="test.other").exists()


@pytest.mark.django_db
def test_the_chain_verifies_and_names_the_first_broken_link(world, capsys) -> None:  # noqa: ANN001
    call_command("verify_audit")
    assert "全部校验通过" in capsys.readouterr().out
    victim = AuditEntry.objects.get(action="test.other")
    # The database refuses the change …
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {triggers.TABLE} SET note = 'x' WHERE id = %s", [victim.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {triggers.TABLE} WHERE id = %s", [victim.pk])
    # … and someone who drops the trigger is still found out.
    def run(statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    pg = connection.vendor == "postgresql"
    run(triggers.POSTGRES_REMOVE if pg else triggers.SQLITE_REMOVE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {triggers.TABLE} SET note = '改过' WHERE id = %s", [victim.pk])
        with pytest.raises(CommandError, match=f"编号 {victim.pk}.*内容与其哈希不符"):
            call_command("verify_audit")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {triggers.TABLE} WHERE id = %s", [victim.pk])
        with pytest.raises(CommandError, match="链接断开"):
            call_command("verify_audit")
    finally:
        run(triggers.POSTGRES_INSTALL if pg else triggers.SQLITE_INSTALL)
