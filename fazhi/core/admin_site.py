"""Who may enter Django's admin: superusers, and the system and audit
administrators (三员分立), decided by the same policy as every page."""

from django.contrib import admin
from django.http import HttpRequest

ADMIN_PERMISSIONS = ("org.manage", "calendar.manage", "audit.view")


def has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    policy = getattr(request, "policy", None)
    return bool(policy and any(policy.can(p) for p in ADMIN_PERMISSIONS))


def configure() -> None:
    admin.site.site_header = "法治政府建设工作平台 · 管理后台"
    admin.site.site_title = "管理后台"
    admin.site.index_title = "配置数据"
    admin.site.has_permission = has_permission
    # One login page with one protection (fazhi.org.auth) for the site and the admin.
    from fazhi.org.auth import admin_login

    admin.site.login = admin_login
