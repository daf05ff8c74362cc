from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    policy = getattr(request, "policy", None)
    perms_nav = {}
    if policy is not None and policy.is_authenticated:
        perms_nav = {
            "org": policy.can("org.manage"),
            "roles": policy.can("role.manage"),
            "audit": policy.can("audit.view"),
            "plan_manage": policy.can("plan.manage"),
        }
    return {
        "SITE_NAME": "法治政府建设工作平台",
        "DEMO_MODE": settings.FAZHI_DEMO_ALLOWED and settings.DEBUG,
        "policy": policy,
        "perms_nav": perms_nav,
    }
