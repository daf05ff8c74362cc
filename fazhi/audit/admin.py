"""Django admin: the audit log is read-only for everyone and scoped by region; AuditedModelAdmin
makes every admin save and delete leave an audit entry."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.core.actions import region_id_of

from . import service
from .models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Base for every ModelAdmin of the project: audits create/update/delete,
    and lets in only holders of ``admin_permission`` (fazhi.org.policy), so
    the admin obeys the same policy as every other page."""

    admin_permission = "org.manage"

    def _allowed(self, request: HttpRequest) -> bool:
        policy = getattr(request, "policy", None)
        return bool(request.user.is_superuser or (policy and policy.can(self.admin_permission)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def _audit(self, request: HttpRequest, action: str, obj: Any, before: dict | None,
               after: dict | None) -> None:
        policy = getattr(request, "policy", None)
        service.record(
            actor=request.user, action=action, obj=obj, before=before, after=after,
            note="管理后台", role=policy.role_label if policy else "",
            unit=policy.unit_label if policy else "", region_id=region_id_of(obj),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = service.snapshot(old) if old else None
        super().save_model(request, obj, form, change)
        self._audit(request, "update" if change else "create", obj, before, service.snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = service.snapshot(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        self._audit(request, "delete", obj, before, None)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class NationalOnlyMixin:
    """National data (regions, the holiday calendar, national rule defaults):
    holders of ``admin_permission`` may look, only a superuser (the national
    administrator) may add, change or delete — a county administrator
    re-parenting a county or moving every county's deadlines is refused."""

    def _national(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._national(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._national(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._national(request)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, and scoped like /audit/: a county's auditor sees its county's
    entries; entries without a region only the national auditor."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        policy = getattr(request, "policy", None)
        return bool(request.user.is_superuser or (policy and policy.can("audit.view")))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_module_permission(request):
            return False
        if obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request: HttpRequest) -> Any:
        visible = service.visible_entries(request.user, getattr(request, "policy", None))
        return super().get_queryset(request).filter(pk__in=visible.values("pk"))

    list_display = ["at", "username", "role", "unit", "action", "model_label", "object_repr", "ip"]
    list_filter = ["action", "model"]
    search_fields = ["username", "object_repr", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
