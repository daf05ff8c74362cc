"""Admin of the regional parameters of configurable deadline rules (audited)."""

from __future__ import annotations

from django.contrib import admin

from fazhi.audit.admin import AuditedModelAdmin

from .models import RuleSetting


@admin.register(RuleSetting)
class RuleSettingAdmin(AuditedModelAdmin):
    list_display = ["process", "step", "region", "amount", "unit", "extension_amount", "basis",
                    "updated_at"]
    list_filter = ["process", "unit"]
    search_fields = ["process", "step", "basis", "note"]
