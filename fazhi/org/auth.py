"""Login with lockout after repeated failures, and password change.

等级保护的常见要求：连续登录失败达到次数即锁定一段时间。Failures are counted
per account in the database (``LoginAttempt``), not in a process's memory.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.core.forms import StyledFormMixin

from .models import LoginAttempt


def _ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def recent_failures(username: str) -> int:
    since = timezone.now() - datetime.timedelta(minutes=settings.FAZHI_LOGIN_LOCK_MINUTES)
    last_success = (LoginAttempt.objects.filter(username=username, succeeded=True, at__gte=since)
                    .order_by("-at").values_list("at", flat=True).first())
    failures = LoginAttempt.objects.filter(username=username, succeeded=False, at__gte=since)
    if last_success:
        failures = failures.filter(at__gt=last_success)
    return failures.count()


class LockingAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        if username and recent_failures(username) >= settings.FAZHI_LOGIN_MAX_FAILURES:
            raise ValidationError(
                f"该账号连续登录失败次数过多，已锁定{settings.FAZHI_LOGIN_LOCK_MINUTES}分钟，请稍后再试。",
                code="locked")
        return super().clean()


@receiver(user_login_failed)
def _record_failure(sender: Any, credentials: dict, request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    LoginAttempt.objects.create(username=(credentials.get("username") or "")[:150],
                                ip=_ip(request), succeeded=False)


@receiver(user_logged_in)
def _record_success(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    LoginAttempt.objects.create(username=user.get_username(), ip=_ip(request), succeeded=True)


class LoginView(auth_views.LoginView):
    form_class = LockingAuthenticationForm


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        from django.contrib import messages

        user = self.request.user
        policy = getattr(self.request, "policy", None)
        audit.record(actor=user, action="user.password_change", obj=user,
                     role=policy.role_label if policy else "", unit=policy.unit_label if policy else "",
                     note="本人修改密码")
        messages.success(self.request, "密码已修改。")
        return response
