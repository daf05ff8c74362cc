from django.contrib import admin

from fazhi.audit.admin import AuditedModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    exclude = ["path"]
