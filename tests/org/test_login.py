"""Login protection (fazhi.org.auth): failures counted per account and per
address, before the password is checked; an account that failed too often
asks for the application's captcha instead of locking its owner out; the
admin has no login of its own; passwords follow the policy; sessions end
when idle and at their absolute lifetime. Every event is audited."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.org import captcha
from fazhi.org.models import Account, LoginAttempt

from ..conftest import PASSWORD


def _login(client: Client, username: str, password: str, **extra: str):  # noqa: ANN202
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


@pytest.fixture
def known_captcha(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(captcha, "_choice", lambda alphabet: "7")
    return "77777"


@pytest.mark.django_db
def test_failures_bring_a_captcha_not_a_lock_for_the_owner(county, settings, known_captcha) -> None:  # noqa: ANN001
    settings.FAZHI_LOGIN_MAX_FAILURES = 5
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(5):
        assert "用户名或密码不正确" in _login(attacker, "clerk", "wrong-password").content.decode()
    assert LoginAttempt.objects.filter(username="clerk", succeeded=False).count() == 5
    # The attacker, even with the right password, gets no further without the captcha.
    page = _login(attacker, "clerk", PASSWORD).content.decode()
    assert "请输入图中的数字验证码" in page and 'src="data:image/svg+xml;base64,' in page
    assert "_auth_user_id" not in attacker.session
    assert "<text" not in captcha.render("23456")  # the answer is not in the image as text
    # A wrong captcha fails; the owner with password and captcha is in.
    owner = Client(REMOTE_ADDR="10.0.0.7")
    _login(owner, "clerk", PASSWORD)  # shows the captcha
    assert _login(owner, "clerk", PASSWORD, captcha="12345").status_code == 200
    _login(owner, "clerk", PASSWORD)
    assert _login(owner, "clerk", PASSWORD, captcha=known_captcha).status_code == 302
    assert AuditEntry.objects.filter(action="auth.lockout", username="clerk").count() == 1
    assert AuditEntry.objects.filter(action="auth.login_failed", username="clerk").count() >= 5
    login = AuditEntry.objects.get(action="auth.login", username="clerk")
    assert login.ip == "10.0.0.7" and login.region_id_value == county.county.pk
    # Another account is not affected.
    assert _login(Client(), "leader", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_address_guessing_many_accounts_is_refused(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LOGIN_IP_MAX_FAILURES = 6
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for name in ["clerk", "leader", "office", "viewer", "town_clerk", "other_clerk"]:
        _login(attacker, name, "wrong-password")
    page = _login(attacker, "secadmin", PASSWORD).content.decode()
    assert "来自该地址的登录失败次数过多" in page and "_auth_user_id" not in attacker.session
    assert AuditEntry.objects.filter(action="auth.ip_blocked").count() == 1
    # Everyone else logs in as usual.
    assert _login(Client(REMOTE_ADDR="10.0.0.7"), "secadmin", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_parallel_guesses_are_all_counted(county, settings) -> None:  # noqa: ANN001
    """Each attempt is written before its password is checked: attempts in
    flight at the same moment count for each other (40 parallel guesses
    cannot all slip under the limit)."""
    settings.FAZHI_LOGIN_MAX_FAILURES = 5
    for i in range(40):  # 40 guesses whose password checks are still running
        LoginAttempt.objects.create(username="clerk", ip=f"10.0.1.{i}", succeeded=False)
    page = _login(Client(REMOTE_ADDR="10.0.0.66"), "clerk", "a-guess").content.decode()
    assert "请输入图中的数字验证码" in page
    assert "用户名或密码不正确" not in page  # the password was never checked


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
def test_the_admin_login_is_the_protected_login(county) -> None:  # noqa: ANN001
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = Client().post(reverse("admin:login"), {"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_logout_is_audited(county) -> None:  # noqa: ANN001
    client = Client()
    assert _login(client, "auditor", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert AuditEntry.objects.filter(action="auth.logout", username="auditor").exists()


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


@pytest.mark.django_db
@pytest.mark.parametrize("password,reason", [
    ("Sh0rt-pw", "至少 10 个字符"),
    ("alllowercase-only", "至少3类"),
    ("Clerk-2026-abc", "不能包含用户名"),
])
def test_password_policy(county, password: str, reason: str) -> None:  # noqa: ANN001
    client = Client()
    assert client.login(username="clerk", password=PASSWORD)
    page = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password}).content.decode()
    assert reason in page


@pytest.mark.django_db
def test_none_of_the_last_five_passwords(county) -> None:  # noqa: ANN001
    user = get_user_model().objects.get(username="clerk")
    history = [f"Fz-2026-round-{i}!" for i in range(6)]
    for pw in history:
        user.set_password(pw)
        user.save()
    client = Client()
    assert client.login(username="clerk", password=history[-1])
    url = reverse("password_change")
    for reused in history[1:]:  # the current one and the four before it, plus …
        page = client.post(url, {"old_password": history[-1], "new_password1": reused,
                                 "new_password2": reused}).content.decode()
        assert "最近5次" in page, reused
    # … the sixth-last has left the history and may be used again.
    assert client.post(url, {"old_password": history[-1], "new_password1": history[0],
                             "new_password2": history[0]}).status_code == 302


@pytest.mark.django_db
def test_accounts_created_by_an_administrator_change_password_first(county) -> None:  # noqa: ANN001
    admin = Client()
    assert admin.login(username="sysadmin", password=PASSWORD)
    admin.post(reverse("org:user_create"), {"username": "new_clerk", "full_name": "新经办",
                                            "region": county.county.pk,
                                            "password": "Fz-2026-initial", "is_active": "on"})
    assert Account.objects.get(user__username="new_clerk").must_change_password
    client = Client()
    assert _login(client, "new_clerk", "Fz-2026-initial").status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    client.post(reverse("password_change"), {"old_password": "Fz-2026-initial",
                                              "new_password1": "Fz-2026-mine-now",
                                              "new_password2": "Fz-2026-mine-now"})
    assert client.get(reverse("home")).status_code == 200
    assert not Account.objects.get(user__username="new_clerk").must_change_password


@pytest.mark.django_db
def test_idle_and_absolute_session_limits(county, settings, monkeypatch) -> None:  # noqa: ANN001
    settings.FAZHI_SESSION_IDLE_MINUTES = 30
    settings.FAZHI_SESSION_MAX_HOURS = 12
    client = Client()
    assert _login(client, "clerk", PASSWORD).status_code == 302
    start = time.time()
    assert client.get(reverse("home")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60)
    assert client.get(reverse("home")).status_code == 200  # active within 30 minutes
    monkeypatch.setattr(time, "time", lambda: start + 29 * 60 + 31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert AuditEntry.objects.filter(action="auth.logout", note="超时自动退出").exists()
    # Absolute lifetime: active every 20 minutes, still out after 12 hours.
    monkeypatch.undo()
    settings.FAZHI_SESSION_IDLE_MINUTES = 30
    settings.FAZHI_SESSION_MAX_HOURS = 12
    client = Client()
    assert _login(client, "clerk", PASSWORD).status_code == 302
    start = time.time()
    for step in range(1, 40):
        monkeypatch.setattr(time, "time", lambda s=step: start + s * 20 * 60)
        if client.get(reverse("home")).status_code != 200:
            break
    assert step in (36, 37)  # in until 12 hours, out at 12 hours
    # Dropping the activity cookie ends the session rather than extending it.
    client = Client()
    monkeypatch.undo()
    settings.FAZHI_SESSION_IDLE_MINUTES = 30
    assert _login(client, "clerk", PASSWORD).status_code == 302
    start = time.time()
    client.get(reverse("home"))
    client.cookies.pop("fazhi_seen")
    monkeypatch.setattr(time, "time", lambda: start + 31 * 60)
    assert client.get(reverse("home")).status_code == 302
