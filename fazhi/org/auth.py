"""Login protection, login auditing and password change.

等级保护 asks that repeated failures be stopped; a hard lock alone would let
anyone who knows an account's name lock its owner out. So:

* every attempt is written to ``LoginAttempt`` *before* the password is
  checked, so parallel guesses see each other and are all counted;
* after ``FAZHI_LOGIN_MAX_FAILURES`` failures of an account within
  ``FAZHI_LOGIN_LOCK_MINUTES``, logging in to it needs the captcha drawn by
  the application (fazhi.org.captcha) as well: the owner can still log in,
  a guessing program cannot;
* a client address with ``FAZHI_LOGIN_IP_MAX_FAILURES`` failures in the window
  is refused outright — the attacker locks out only itself;
* logins, failures, logouts, captcha challenges, address blocks and
  password changes are audited.

The Django admin's login page redirects here, so it has the same protection.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.core.forms import StyledFormMixin

from . import captcha
from .models import Account, LoginAttempt, Membership


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a client-sent X-Forwarded-For would let a guesser pick
    # a fresh address per try (the reverse proxy's address is documented).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.FAZHI_LOGIN_LOCK_MINUTES)


def recent_failures(username: str) -> int:
    """Failures of the account in the window since its last success."""
    since = _since()
    last_success = (LoginAttempt.objects.filter(username=username, succeeded=True, at__gte=since)
                    .order_by("-at").values_list("at", flat=True).first())
    failures = LoginAttempt.objects.filter(username=username, succeeded=False, at__gte=since)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    return failures.count()


def recent_ip_failures(ip: str | None) -> int:
    if not ip:
        return 0
    return LoginAttempt.objects.filter(ip=ip, succeeded=False, at__gte=_since()).count()


def needs_captcha(username: str) -> bool:
    return bool(username) and recent_failures(username) >= settings.FAZHI_LOGIN_MAX_FAILURES


def region_id_of_user(user: Any) -> int | None:
    """The region an account's entries belong to (for the auditor's scope)."""
    if user is None:
        return None
    account = Account.objects.filter(user=user).values_list("region_id", flat=True).first()
    if account:
        return account
    m = Membership.objects.filter(user=user).select_related("unit").first()
    return (m.unit.region_id if m.unit_id else m.region_id) if m else None


def _audit(action: str, request: HttpRequest | None, *, user: Any = None, username: str = "",
           note: str = "") -> None:
    User = get_user_model()
    user_obj = User.objects.filter(username=username).first() if user is None and username else user
    target = ("auth.user", "账号", str(user_obj.pk) if user_obj else "", username or str(user_obj))
    audit.record(actor=user, action=action, obj=None, target=target, ip=client_ip(request),
                 note=note, username=username or None, region_id=region_id_of_user(user_obj))


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    captcha_required = False

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()[:150]
        ip = client_ip(self.request)
        if recent_ip_failures(ip) >= settings.FAZHI_LOGIN_IP_MAX_FAILURES:
            raise ValidationError(
                f"来自该地址的登录失败次数过多，请{settings.FAZHI_LOGIN_LOCK_MINUTES}分钟后再试。",
                code="ip_blocked")
        if not username:
            return super().clean()
        # Counted before checking: concurrent guesses each see the others.
        attempt = LoginAttempt.objects.create(username=username, ip=ip, succeeded=False)
        failures_before = recent_failures(username) - 1  # not counting this attempt
        if failures_before >= settings.FAZHI_LOGIN_MAX_FAILURES:
            self.captcha_required = True
            if not captcha.check(self.request.session, self.data.get("captcha", "")):
                raise ValidationError("该账号登录失败次数较多，请输入图中的数字验证码。", code="captcha")
        try:
            data = super().clean()
        except ValidationError:
            if recent_failures(username) == settings.FAZHI_LOGIN_MAX_FAILURES:
                _audit("auth.lockout", self.request, username=username,
                       note=f"连续失败{settings.FAZHI_LOGIN_MAX_FAILURES}次，此后登录须输入验证码")
            if recent_ip_failures(ip) == settings.FAZHI_LOGIN_IP_MAX_FAILURES:
                _audit("auth.ip_blocked", self.request, username=username,
                       note=f"该地址登录失败{settings.FAZHI_LOGIN_IP_MAX_FAILURES}次，暂停登录")
            raise
        LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)
        return data


LockingAuthenticationForm = LoginForm  # the name earlier code imports


@receiver(user_login_failed)
def _audit_failure(sender: Any, credentials: dict, request: HttpRequest | None = None,
                   **kwargs: Any) -> None:
    _audit("auth.login_failed", request, username=(credentials.get("username") or "")[:150])


@receiver(user_logged_in)
def _audit_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        from .middleware import LOGIN_KEY, MUST_CHANGE_KEY

        request.session[LOGIN_KEY] = timezone.now().timestamp()
        if Account.objects.filter(user=user, must_change_password=True).exists():
            request.session[MUST_CHANGE_KEY] = True
    _audit("auth.login", request, user=user)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _audit("auth.logout", request, user=user,
               note=getattr(request, "fazhi_logout_reason", ""))


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        username = (self.request.POST.get("username") or "").strip() if self.request.method == "POST" else ""
        if (form is not None and form.captcha_required) or (username and needs_captcha(username)):
            context["captcha_image"] = captcha.new_challenge(self.request.session)
        return context


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's login page is ours: one protection for every way in."""
    target = request.GET.get("next") or reverse("admin:index")
    if request.user.is_authenticated:
        return redirect(target)
    return redirect(f"{reverse('login')}?next={target}")


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        user = self.request.user
        Account.objects.filter(user=user).update(must_change_password=False)
        self.request.session.pop("fazhi_must_change_password", None)
        policy = getattr(self.request, "policy", None)
        audit.record(actor=user, action="user.password_change", obj=user,
                     role=policy.role_label if policy else "", unit=policy.unit_label if policy else "",
                     note="本人修改密码", ip=client_ip(self.request),
                     region_id=region_id_of_user(user))
        messages.success(self.request, "密码已修改。")
        return response
