from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    policy = getattr(request, "policy", None)
    perms_nav = {}
    if policy is not None and policy.is_authenticated:
        from fazhi.core import notifications

        perms_nav = {
            "org": policy.can("org.manage"),
            "roles": policy.can("role.manage"),
            "audit": policy.can("audit.view"),
            "plan_manage": policy.can("plan.manage"),
            # 进展审核 opens on what waits for this person
            "review_state": ("approved" if policy.can("progress.review")
                             else "submitted" if policy.can("progress.approve") else ""),
            "progress": policy.can("progress.edit"),
            # the city viewer's side-by-side overview of its counties
            "counties": policy.has_role("upper_viewer") and bool(policy.counties),
            "search": bool(policy.counties) or policy.can("analysis.view"),
            # one bounded COUNT per page, whatever the number of notifications
            "unread": notifications.badge(notifications.unread_count(policy)),
        }
    return {
        "SITE_NAME": "法治政府建设工作平台",
        "DEMO_MODE": settings.FAZHI_DEMO_ALLOWED,  # dev/demo settings only, DEBUG or not
        "policy": policy,
        "perms_nav": perms_nav,
    }
