from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": "法治政府建设工作平台",
        "DEMO_MODE": settings.FAZHI_DEMO_ALLOWED and settings.DEBUG,
        "policy": getattr(request, "policy", None),
    }
