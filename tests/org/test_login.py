"""Login lockout after repeated failures (stored in the database), and the
person's own password change (audited)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.org.models import LoginAttempt

from ..conftest import PASSWORD


def _login(client: Client, username: str, password: str):  # noqa: ANN202
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_five_failures_lock_the_account(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LOGIN_MAX_FAILURES = 5
    client = Client()
    for _ in range(5):
        response = _login(client, "clerk", "wrong-password")
        assert "用户名或密码不正确" in response.content.decode()
    assert LoginAttempt.objects.filter(username="clerk", succeeded=False).count() == 5
    response = _login(client, "clerk", PASSWORD)  # even the right password is refused now
    assert response.status_code == 200
    assert "已锁定15分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert _login(Client(), "leader", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_success_clears_earlier_failures(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(2):
        _login(client, "clerk", "wrong-password")
    assert _login(client, "clerk", PASSWORD).status_code == 302
    client = Client()
    for _ in range(2):
        _login(client, "clerk", "wrong-password")
    assert _login(client, "clerk", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_change_keeps_input_on_error_and_is_audited(county) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="clerk", password=PASSWORD)
    url = reverse("password_change")
    response = client.post(url, {"old_password": "wrong", "new_password1": "Fz-2026-new-pass",
                                 "new_password2": "Fz-2026-new-pass"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Fz-2026-new-pass",
                                 "new_password2": "Fz-2026-new-pass"})
    assert response.status_code == 302
    assert Client().login(username="clerk", password="Fz-2026-new-pass")
    entry = AuditEntry.objects.get(action="user.password_change")
    assert entry.username == "clerk" and "password" not in entry.changes
