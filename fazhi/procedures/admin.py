"""Admin of the regional parameters of configurable deadline rules (audited).

A system administrator sets parameters for the regions they administer;
only a superuser may set the national default (a row without a region)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from fazhi.audit.admin import AuditedModelAdmin
from fazhi.org.models import Region

from .models import RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(AuditedModelAdmin):
    admin_permission = "calendar.manage"
    list_display = ["process", "step", "region", "amount", "unit", "extension_amount", "basis",
                    "updated_at"]
    list_filter = ["process", "unit"]
    search_fields = ["process", "step", "basis", "note"]

    def _region_ids(self, request: HttpRequest) -> list[int] | None:
        """None = everything (superuser)."""
        if request.user.is_superuser:
            return None
        return request.policy.region_ids(self.admin_permission)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        ids = self._region_ids(request)
        return qs if ids is None else qs.filter(region_id__in=ids)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region":
            ids = self._region_ids(request)
            if ids is not None:
                kwargs["queryset"] = Region.objects.filter(pk__in=ids)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region" and self._region_ids(request) is not None:
            field.required = True  # the national default is the superuser's
        return field
