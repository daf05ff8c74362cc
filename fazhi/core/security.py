"""Response headers of the deploy checklist that Django 5.2 does not set
itself: Content-Security-Policy (no inline script: every script is a static
file) and Permissions-Policy. Referrer-Policy, nosniff, frame denial and HSTS
come from Django's SecurityMiddleware and settings. Requests whose
parameters carry NUL bytes are refused with 400 before any view (PostgreSQL
cannot store or compare them)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse


class BadParameter(SuspiciousOperation):
    """Rendered by Django as the site's 400 page."""


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        form_post = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        for source in (request.GET, request.POST) if form_post else (request.GET,):
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
                    raise BadParameter("请求参数中含有不允许的字符。")
        response = self.get_response(request)
        if settings.FAZHI_CSP:
            response.headers.setdefault("Content-Security-Policy", settings.FAZHI_CSP)
        if settings.FAZHI_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.FAZHI_PERMISSIONS_POLICY)
        return response
