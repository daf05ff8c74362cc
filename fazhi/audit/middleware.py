"""Every file that leaves the system through a page is audited: a response
sent as an attachment (an Excel export, a Word/PDF report, a downloaded
evidence file) writes one entry — who, from where, which address, which
file — whichever view produced it, so no export can be added unaudited."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse

from fazhi.org.middleware import PUBLIC_PREFIX

from . import service

FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)\"?", re.IGNORECASE)
EXPORT_TYPES = ("spreadsheetml", "wordprocessingml", "text/csv", "application/pdf", "text/html")


def _filename(disposition: str) -> str:
    match = FILENAME.search(disposition)
    if not match:
        return ""
    return unquote(match.group(1)) if match.group(1) else match.group(2)


class DownloadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if response.status_code != 200 or not disposition or request.path.startswith(PUBLIC_PREFIX):
            return response  # the public portal's published files: nothing to audit per reader
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        from fazhi.org.auth import client_ip, region_id_of_user

        name = _filename(disposition)
        is_export = "export" in request.GET or (
            response.get("Content-Type", "").startswith(EXPORT_TYPES) and "attachment" in disposition
            and not getattr(response, "streaming", False))
        policy = getattr(request, "policy", None)
        region = policy.home_region if policy is not None else None
        service.record(
            actor=user, action="file.export" if is_export else "file.download", obj=None,
            target=("file", "文件", request.path[:64], name or request.path),
            note=request.get_full_path()[:500], ip=client_ip(request),
            role=policy.role_label if policy is not None else "",
            unit=policy.unit_label if policy is not None else "",
            region_id=region.pk if region is not None else region_id_of_user(user))
        return response
