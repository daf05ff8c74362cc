"""Django admin of regions and roles.

Regions are the national (super) administrator's: a county's system
administrator may look at the regions it administers but never add, move
(re-parent) or delete one — moving a county under another would hand its
cases and evidence to the other's office. Administrator roles (三员) are
granted here by the national administrator; Membership.save enforces 三员分立.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from fazhi.audit.admin import AuditedModelAdmin, NationalOnlyMixin

from .models import Membership, Region


@admin.register(Region)
class RegionAdmin(NationalOnlyMixin, AuditedModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    exclude = ["path"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=request.policy.region_ids(self.admin_permission))


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    """Superusers only: the 三员 of a county are appointed from above."""

    list_display = ["user", "role", "unit", "region", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields: list[str] = []

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke by clearing 有效, so the grant stays in the history
