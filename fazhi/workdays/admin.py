"""Admin of the holiday data: a year with its days inline. National data:
system administrators may read it, only a superuser changes it. Every save and
delete, of the year and of each day, is audited; a change announces
calendar_changed for the years it touches."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fazhi.audit import service as audit
from fazhi.audit.admin import AuditedModelAdmin, NationalOnlyMixin

from .models import CalendarDay, CalendarYear
from .signals import send_calendar_changed


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ["date", "kind", "name"]
    ordering = ["date"]

    # The days are edited by whoever may edit the year (policy, not Django perms).
    def _allowed(self, request: HttpRequest) -> bool:
        policy = getattr(request, "policy", None)
        return bool(request.user.is_superuser or (policy and policy.can("calendar.manage")))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    # The calendar moves every county's deadlines: only the national administrator edits it.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(CalendarYear)
class CalendarYearAdmin(NationalOnlyMixin, AuditedModelAdmin):
    admin_permission = "calendar.manage"
    list_display = ["year", "source", "holiday_count", "workday_count", "loaded_by", "loaded_at"]
    readonly_fields = ["loaded_by", "loaded_at", "updated_at"]
    fields = ["year", "source", "note", "loaded_by", "loaded_at", "updated_at"]
    inlines = [CalendarDayInline]

    @admin.display(description="放假天数")
    def holiday_count(self, obj: CalendarYear) -> int:
        return obj.days.filter(kind=CalendarDay.Kind.HOLIDAY).count()

    @admin.display(description="调休上班天数")
    def workday_count(self, obj: CalendarYear) -> int:
        return obj.days.filter(kind=CalendarDay.Kind.WORKDAY).count()

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        # Remember the year number before an edit: renumbering touches both years.
        old = CalendarYear.objects.filter(pk=obj.pk).values_list("year", flat=True).first()
        request._fazhi_calendar_years = {y for y in (old, obj.year) if y}  # type: ignore[attr-defined]
        if not change and request.user.is_authenticated:
            obj.loaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Save the inline days one by one so that each change is audited."""
        if formset.model is not CalendarDay:
            super().save_formset(request, form, formset, change)
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            before = audit.snapshot(obj)
            pk = obj.pk
            obj.delete()
            obj.pk = pk
            self._audit(request, "delete", obj, before, None)
        for obj in instances:
            old = CalendarDay.objects.filter(pk=obj.pk).first() if obj.pk else None
            before = audit.snapshot(old) if old else None
            obj.save()
            self._audit(request, "update" if old else "create", obj, before, audit.snapshot(obj))
        formset.save_m2m()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        send_calendar_changed(getattr(request, "_fazhi_calendar_years", {form.instance.year}),
                              sender=CalendarYear)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        year = obj.year
        for day in obj.days.all():
            before = audit.snapshot(day)
            self._audit(request, "delete", day, before, None)
        super().delete_model(request, obj)
        send_calendar_changed([year], sender=CalendarYear)
