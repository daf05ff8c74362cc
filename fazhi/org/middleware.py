"""Attaches the request's access policy (see fazhi.org.policy), and limits
sessions: logged out after ``FAZHI_SESSION_IDLE_MINUTES`` without a request
and ``FAZHI_SESSION_MAX_HOURS`` after login whatever the activity; an
account whose password an administrator set must change it before anything else."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

LOGIN_KEY = "fazhi_login_at"
MUST_CHANGE_KEY = "fazhi_must_change_password"
SEEN_COOKIE = "fazhi_seen"
SALT = "fazhi.session.seen"
PUBLIC_PREFIX = "/public/"


class PolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from fazhi.org.policy import Policy

        request.policy = SimpleLazyObject(lambda: Policy.for_user(request.user))
        return self.get_response(request)


class SessionLimitsMiddleware:
    """The last-activity time travels in a signed cookie (no database write per
    page); a session without it is treated as idle since login, so dropping
    the cookie ends the session rather than extending it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PUBLIC_PREFIX):
            # The public portal never reads the session (one cached page for everyone).
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        session = request.session
        login_at = session.get(LOGIN_KEY) or 0
        try:
            seen = float(request.get_signed_cookie(SEEN_COOKIE, salt=SALT))
        except (KeyError, ValueError, signing.BadSignature):
            seen = login_at
        idle = now - max(seen, login_at) > settings.FAZHI_SESSION_IDLE_MINUTES * 60
        if idle or now - login_at > settings.FAZHI_SESSION_MAX_HOURS * 3600:
            request.fazhi_logout_reason = "超时自动退出" if idle else "会话达到最长时限"
            logout(request)
            messages.info(request, "您已长时间未操作或登录时间过长，请重新登录。")
            response = redirect(f"{reverse('login')}?next={request.path}")
            response.delete_cookie(SEEN_COOKIE)
            return response
        if session.get(MUST_CHANGE_KEY) and request.path not in (reverse("password_change"),
                                                                 reverse("logout")):
            response = redirect("password_change")
        else:
            response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.set_signed_cookie(SEEN_COOKIE, str(now), salt=SALT, httponly=True,
                                       secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
        return response
