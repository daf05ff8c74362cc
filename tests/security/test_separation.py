"""三员分立 on every path that sets a role: the grant form, the toggle, the
admin, the ORM (commands, imports, the demo loader all save a Membership)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.org.models import Membership, Role

from ..conftest import make_user


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("target,role", [
    ("secadmin", Role.OFFICE_ADMIN),  # itself
    ("auditor", Role.OFFICE_ADMIN),  # an administrator, a business role
    ("sysadmin", Role.CLERK),
    ("clerk", Role.AUDIT_ADMIN),  # an administrator role: the national administrator's
    ("office", Role.SYSTEM_ADMIN),
])
def test_the_grant_form_refuses(county, target: str, role: str) -> None:  # noqa: ANN001
    user = county.users[target]
    before = Membership.objects.filter(user=user).count()
    data = {"user": user.pk, "role": role}
    data["unit" if role in (Role.CLERK, Role.LEADER) else "region"] = (
        county.units["县司法局"].pk if role in (Role.CLERK, Role.LEADER) else county.county.pk)
    response = _client(county.users["secadmin"]).post(reverse("org:membership_list"), data)
    assert response.status_code == 200  # the form again, with the reason
    assert Membership.objects.filter(user=user).count() == before


@pytest.mark.django_db
def test_the_grant_form_grants_a_business_role_and_audits(county) -> None:  # noqa: ANN001
    user = county.users["town_clerk"]
    response = _client(county.users["secadmin"]).post(reverse("org:membership_list"), {
        "user": user.pk, "role": Role.LEADER, "unit": county.units["莘亭街道"].pk})
    assert response.status_code == 302
    grant = Membership.objects.get(user=user, role=Role.LEADER)
    assert AuditEntry.objects.filter(model="org.membership", object_id=str(grant.pk),
                                     action="create").exists()


@pytest.mark.django_db
def test_toggle_cannot_reassemble_two_admin_roles(county) -> None:  # noqa: ANN001
    """The reported attack: deactivate a role, give the person another admin
    role, reactivate the first."""
    person = make_user("two_hats", Role.SYSTEM_ADMIN, region=county.county)
    first = Membership.objects.get(user=person)
    secadmin = _client(county.users["secadmin"])
    # The security administrator may not revoke or restore an administrator role at all …
    secadmin.post(reverse("org:membership_toggle", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    assert first.is_active
    # … and even a superuser's path (the ORM) cannot put the two together.
    first.is_active = False
    first.save()
    Membership.objects.create(user=person, role=Role.AUDIT_ADMIN, region=county.county)
    first.is_active = True
    with pytest.raises(ValidationError, match="三员分立"):
        first.save()
    assert not Membership.objects.get(pk=first.pk).is_active


@pytest.mark.django_db
def test_toggle_refuses_a_business_role_next_to_an_admin_role(county) -> None:  # noqa: ANN001
    clerk_role = Membership.objects.get(user=county.users["clerk"])
    secadmin = _client(county.users["secadmin"])
    secadmin.post(reverse("org:membership_toggle", kwargs={"pk": clerk_role.pk}))
    clerk_role.refresh_from_db()
    assert not clerk_role.is_active
    assert AuditEntry.objects.filter(action="membership.revoke", object_id=str(clerk_role.pk)).exists()
    # Meanwhile the person became an auditor (granted from above) …
    Membership.objects.create(user=county.users["clerk"], role=Role.AUDIT_ADMIN, region=county.county)
    # … so restoring the clerk role is refused with the reason.
    response = secadmin.post(reverse("org:membership_toggle", kwargs={"pk": clerk_role.pk}), follow=True)
    assert "三员分立" in response.content.decode()
    clerk_role.refresh_from_db()
    assert not clerk_role.is_active


@pytest.mark.django_db
def test_the_security_administrator_cannot_toggle_its_own_role(county) -> None:  # noqa: ANN001
    own = Membership.objects.get(user=county.users["secadmin"])
    _client(county.users["secadmin"]).post(reverse("org:membership_toggle", kwargs={"pk": own.pk}))
    own.refresh_from_db()
    assert own.is_active


@pytest.mark.django_db
@pytest.mark.parametrize("first,second", [
    (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN), (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN),
    (Role.AUDIT_ADMIN, Role.OFFICE_ADMIN), (Role.OFFICE_ADMIN, Role.SYSTEM_ADMIN),
    (Role.CLERK, Role.SECURITY_ADMIN), (Role.UPPER_VIEWER, Role.AUDIT_ADMIN),
])
def test_the_model_refuses_every_combination(county, first: str, second: str) -> None:  # noqa: ANN001
    kwargs = {"unit": county.units["县司法局"]} if first == Role.CLERK else {"region": county.county}
    person = make_user("p", first, **kwargs)
    with pytest.raises(ValidationError):
        Membership.objects.create(user=person, role=second, region=county.county)
    with pytest.raises(ValueError):
        Membership.objects.filter(user=person).update(is_active=True)


@pytest.mark.django_db
def test_the_admin_refuses_two_roles(county, django_user_model) -> None:  # noqa: ANN001
    root = django_user_model.objects.create_superuser("root", password="Fz-2026-root-pass")
    client = _client(root)
    response = client.post(reverse("admin:org_membership_add"), {
        "user": county.users["auditor"].pk, "role": Role.SECURITY_ADMIN, "region": county.county.pk,
        "is_active": "on"})
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert not Membership.objects.filter(user=county.users["auditor"], role=Role.SECURITY_ADMIN).exists()
    # A county's administrators never reach the role admin.
    for name in ("sysadmin", "secadmin", "auditor"):
        status = _client(county.users[name]).get(reverse("admin:org_membership_changelist")).status_code
        assert status in (302, 403)
