"""Accounts belong to a region: the system administrator creates them there,
and account lists and role grants stay within the administrator's regions."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.org.models import Account, Role

from ..conftest import PASSWORD, make_user


@pytest.fixture
def other_sysadmin(county):  # noqa: ANN001, ANN201
    return make_user("other_sys", Role.SYSTEM_ADMIN, region=county.other_county)


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_created_accounts_belong_to_the_region_and_are_audited(county, other_sysadmin) -> None:  # noqa: ANN001
    response = _client("sysadmin").post(reverse("org:user_create"), {
        "username": "new_clerk", "full_name": "新经办", "region": county.county.pk,
        "password": "Fz-2026-initial", "is_active": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="new_clerk")
    assert Account.objects.get(user=user).region == county.county
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk),
                                     region_id_value=county.county.pk).exists()
    # The other county's administrator neither lists it nor can create into 莘县.
    assert "new_clerk" not in _client("other_sys").get(reverse("org:user_list")).content.decode()
    assert "new_clerk" in _client("sysadmin").get(reverse("org:user_list")).content.decode()
    response = _client("other_sys").post(reverse("org:user_create"), {
        "username": "sneaky", "full_name": "越权", "region": county.county.pk,
        "password": "Fz-2026-initial", "is_active": "on"})
    assert response.status_code == 200 and not get_user_model().objects.filter(username="sneaky").exists()


@pytest.mark.django_db
def test_role_grants_offer_only_the_regions_accounts(county) -> None:  # noqa: ANN001
    page = _client("secadmin").get(reverse("org:membership_list")).content.decode()
    assert ">clerk<" in page or "clerk" in page
    assert "other_clerk" not in page and "other_office" not in page
