"""One set of views serves every register: list, detail with timeline and
deadlines, open a case, record an event, attachments, Excel, reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import exports
from fazhi.core.actions import Actor
from fazhi.core.replica import replica_reads
from fazhi.core.tables import XLSX_TYPE, Column, Table
from fazhi.org.models import Region, Role, Unit
from fazhi.org.policy import BUSINESS_READ_ROLES

from . import case_search, disclosure_report, excel
from .actions import CorrectEntry
from .base import REGISTERS, OpenCase, RecordEvent, Register, get_register
from .forms import CaseFilterForm, ImportForm, event_form_class, open_form_class
from .lights import annotate_light, case_light_text, deadline_light, soon_date
from .models import Attachment, Case, Notification


def _register(key: str) -> Register:
    try:
        return get_register(key)
    except LookupError:
        raise Http404 from None


def _units_for(request: HttpRequest) -> models.QuerySet:
    """Units this person may register cases for."""
    policy = request.policy
    if not policy.can("register.edit"):
        return Unit.objects.none()
    return policy.scope(Unit.objects.filter(is_active=True), roles={"clerk", "office_admin"})


def _columns(reg: Register, today: datetime.date) -> list[Column]:
    return [
        Column("number", "编号", lambda c: c.number, sort="number", width=24),
        Column("title", "事由", lambda c: c.title, width=40),
        Column("unit", "承办单位", lambda c: str(c.unit), sort="unit__name", width=18),
        Column("started", "收到日期", lambda c: c.started_on, sort="started_on", width=12),
        Column("state", "状态", lambda c: reg.state_label(c.state), sort="state", width=14),
        Column("due", "最近期限", lambda c: c.next_due, sort="next_due", width=12),
        Column("light", "提示", lambda c: case_light_text(c.light, c.next_due, today),
               sort="light", width=12),
    ]


@login_required
@replica_reads
def case_list(request: HttpRequest, key: str) -> HttpResponse:
    reg = _register(key)
    policy = request.policy
    today = timezone.localdate()
    soon = soon_date(today)
    qs = annotate_light(policy.scope(Case.objects.filter(register=reg.key)), today, soon)
    # The filter's units: those of the counties in view that have a case here,
    # one index probe per unit (register, unit, started_on) instead of a pass
    # over every case of the register to collect their units.
    units = Unit.objects.filter(region__in=[r.pk for r in policy.counties]).filter(
        Exists(qs.filter(unit=OuterRef("pk")))).order_by("sort_order", "name")
    form = CaseFilterForm(request.GET or None, register=reg, units=units)
    term = ""
    if form.is_valid():
        d = form.cleaned_data
        term = d["q"]
        if d["unit"]:
            qs = qs.filter(unit_id=d["unit"])
        if d["state"]:
            qs = qs.filter(state=d["state"])
        if d["since"]:
            qs = qs.filter(started_on__gte=d["since"])
        if d["until"]:
            qs = qs.filter(started_on__lte=d["until"])
        due = d["due"]
        # The same rows as light = yellow / red, written on the columns so that
        # the (register, region, next_due) index serves them (a filter on the
        # computed light read every case of the county).
        if due == "soon":
            qs = qs.filter(closed_on__isnull=True, next_due__gte=today, next_due__lte=soon)
        elif due == "overdue":
            qs = qs.filter(closed_on__isnull=True, next_due__lt=today)
        elif due == "open":
            qs = qs.filter(closed_on__isnull=True)
        elif due == "closed":
            qs = qs.filter(closed_on__isnull=False)
    counted = None
    if term:
        # On SQLite through the FTS5 trigram index, counted from its matches
        # (fazhi.registers.case_search).
        counted = case_search.count_rows(qs, term)
        qs = qs.filter(case_search.number_or_title(term))
    qs = qs.select_related("unit")
    table = Table(request, qs, _columns(reg, today), default_sort="-started", count_rows=counted)
    if request.GET.get("export") == "xlsx":
        # A fixed number of queries however many cases: the register joins and
        # prefetches what its Excel columns read.
        # Streamed; past FAZHI_EXPORT_BACKGROUND_ROWS cases, in the background.
        return exports.respond(request, f"{reg.label}登记簿.xlsx",
                               excel.workbook_sheets(reg, reg.export_queryset(qs)),
                               table.total)
    for c in table.page:  # 已逾期N天 (calendar days past the nearest deadline)
        c.light_text = case_light_text(c.light, c.next_due, today)
    return render(request, "registers/case_list.html", {
        "reg": reg, "table": table, "form": form, "registers": REGISTERS.values(),
        "can_open": policy.can("register.edit"),
        "annual_report": reg.key == "disclosure" and bool(policy.roles & BUSINESS_READ_ROLES),
    })


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def case_open(request: HttpRequest, key: str) -> HttpResponse:
    reg = _register(key)
    units = _units_for(request)
    if not units.exists():
        raise PermissionDenied("只有承办单位经办人或依法治县办可以登记。")
    form = open_form_class(reg)(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        action = OpenCase(Actor.from_request(request), reg, region=unit.region, unit=unit,
                          data=data, files=data.get("files"))
        try:
            case = action.execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记：{case.number}")
            for text in action.messages:
                messages.warning(request, text)
            return redirect("registers:case_detail", reg.key, case.pk)
    return render(request, "registers/case_form.html", {"reg": reg, "form": form,
                                                        "title": f"登记{reg.label}"})


@login_required
def case_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    reg = _register(key)
    case = get_object_or_404(request.policy.scope(Case.objects.filter(register=reg.key))
                             .select_related("unit", "region", "created_by"), pk=pk)
    detail = reg.detail_of(case)
    events = list(case.events.select_related("recorded_by").prefetch_related("attachments"))
    for e in events:  # state keys → the procedure's Chinese labels
        e.from_label = reg.state_label(e.from_state) if e.from_state else ""
        e.to_label = reg.state_label(e.to_state) if e.to_state else ""
    today = timezone.localdate()
    soon = soon_date(today)
    deadlines = list(case.deadlines.order_by("status", "due"))
    for d in deadlines:  # an open deadline past its date reads 已逾期N天, in red
        d.light, d.state_text = deadline_light(d.status, d.due, today, soon)
    can_edit = request.policy.can("register.edit", case)
    return render(request, "registers/case_detail.html", {
        "reg": reg, "case": case, "detail_rows": reg.detail_rows(detail),
        "events": events, "deadlines": deadlines, "today": today,
        "available": reg.available_events(case) if can_edit else [], "can_edit": can_edit,
        "state_label": reg.state_label(case.state), "attachments": case.attachments.all(),
    })


@login_required
def case_event(request: HttpRequest, key: str, pk: int, event: str) -> HttpResponse:
    reg = _register(key)
    case = get_object_or_404(request.policy.scope(Case.objects.filter(register=reg.key)), pk=pk)
    if not request.policy.can("register.edit", case):
        raise PermissionDenied("您无权办理该事项。")
    try:
        event_type = reg.event(event)
    except KeyError:
        raise Http404 from None
    form_class = event_form_class(reg, event)
    form = form_class(request.POST or None, request.FILES or None,
                      initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action = RecordEvent(Actor.from_request(request), case, reg, event,
                             occurred_on=data.pop("occurred_on"), note=data.pop("note", ""),
                             files=data.pop("files", []), data=data,
                             version=int(request.POST.get("version") or 0) or None)
        try:
            action.execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已记录：{event_type.label}")
            for text in action.messages:
                messages.warning(request, text)
            return redirect("registers:case_detail", reg.key, case.pk)
    return render(request, "registers/case_form.html", {
        "reg": reg, "form": form, "case": case, "event": event_type,
        "title": f"{event_type.label} · {case.number}"})


@login_required
def case_correct(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """更正登记信息: the office or the case's unit, with a reason."""
    from . import entry_corrections

    reg = _register(key)
    case = get_object_or_404(request.policy.scope(Case.objects.filter(register=reg.key))
                             .select_related("unit", "region"), pk=pk)
    if not request.policy.can("register.edit", case):
        raise PermissionDenied("您无权更正该事项的登记信息。")
    # The units this person may hand the case to, in the case's county (and its own).
    units = (_units_for(request).filter(region=case.region) | Unit.objects.filter(pk=case.unit_id)
             ).distinct().order_by("sort_order", "name")
    form_class = entry_corrections.correction_form_class(reg)
    initial = entry_corrections.initial_values(reg, case, reg.detail_of(case))
    form = form_class(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action = CorrectEntry(Actor.from_request(request), case, reg, data=data,
                              reason=data.pop("reason", ""),
                              version=int(request.POST.get("version") or 0) or None)
        try:
            action.execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已更正登记信息：" + "、".join(c.label for c in action.changes))
            return redirect("registers:case_detail", reg.key, case.pk)
    return render(request, "registers/case_form.html", {
        "reg": reg, "form": form, "case": case, "title": f"更正登记信息 · {case.number}",
        "event": {"help": "更正登记时录入有误的信息。更正记入办理经过和审计日志（原值 → 新值），"
                          "原记录不删除；更正收到日期等日期的，自该日起算的期限随之重新计算。"}})


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(request.policy.scope(Attachment.objects.all()), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.original_name)


@login_required
def excel_template(request: HttpRequest, key: str) -> HttpResponse:
    reg = _register(key)
    return _xlsx(excel.workbook_bytes(reg), f"{reg.label}导入模板.xlsx")


@login_required
def excel_import(request: HttpRequest, key: str) -> HttpResponse:
    reg = _register(key)
    policy = request.policy
    if not policy.can("register.manage"):
        raise PermissionDenied("只有依法治县办管理员可以批量导入。")
    counties = [r for r in policy.counties if policy.can("register.manage", Case(region=r))]
    form = ImportForm(request.POST or None, request.FILES or None, counties=counties)
    result = None
    if request.method == "POST" and form.is_valid():
        region = get_object_or_404(Region, pk=form.cleaned_data["region"])
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            estimate = excel.open_rows(reg, data).estimate  # the header checked now
            if (estimate or 0) > getattr(settings, "FAZHI_IMPORT_BACKGROUND_ROWS", 500):
                # Large: checked and written by the background worker, with a progress bar.
                from .tasks import start_import

                job = start_import(reg.key, region, request.user, upload.name, data, estimate)
                return redirect("registers:import_job", reg.key, job.pk)
            result = excel.import_workbook(reg, data, region, Actor.from_request(request))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if result.ok:
                messages.success(request, f"已导入 {result.created} 条记录。")
                return redirect("registers:case_list", reg.key)
    return render(request, "registers/import.html", {"reg": reg, "form": form, "result": result})


def _import_job(request: HttpRequest, key: str, pk: int):  # noqa: ANN202
    from fazhi.core.imports import ImportJob, recover_stale

    reg = _register(key)
    jobs = request.policy.scope_regions(ImportJob.objects.select_related("region"),
                                        "register.manage")
    recover_stale(jobs.filter(pk=pk))  # a job whose worker died says so, not "running"
    return reg, get_object_or_404(jobs, pk=pk, register=reg.key)


@login_required
def import_job(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """A background import: its progress bar (polled), then its result."""
    reg, job = _import_job(request, key, pk)
    return render(request, "registers/import_job.html", {"reg": reg, "job": job})


@login_required
@require_POST
def import_job_restart(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Queue again an import whose worker died (nothing of it was written)."""
    from .tasks import restart_import

    reg, job = _import_job(request, key, pk)
    if restart_import(job, request.user):
        messages.success(request, "已重新提交导入，后台将重新逐行检查该文件。")
    else:
        messages.error(request, "该导入不能重新开始（未中断或文件已不在），请重新上传文件。")
    return redirect("registers:import_job", reg.key, job.pk)


@login_required
def import_job_progress(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    reg, job = _import_job(request, key, pk)
    return render(request, "registers/_import_progress.html", {"reg": reg, "job": job})


def _report_scope(request: HttpRequest, county: Region, unit: Unit | None) -> str:
    if unit is not None:
        return f"统计范围：{unit.name}办理的申请"
    county_wide = any(
        m.role in (Role.OFFICE_ADMIN, Role.UPPER_VIEWER) and m.region_id
        and county.path.startswith(m.region.path) for m in request.policy.memberships)
    if county_wide:
        return f"统计范围：{county.name}各单位办理的申请"
    names = "、".join(u.name for u in request.policy.units if u.region_id == county.pk)
    return f"统计范围：本单位（{names}）办理的申请"


@login_required
@replica_reads
def disclosure_annual_report(request: HttpRequest) -> HttpResponse:
    """政府信息公开工作年度报告的依申请公开部分（30号第三、四部分）, counted only
    from the cases this person may see: a unit's clerk their unit's, the county
    office its county's, an upper-level viewer any county below."""
    policy = request.policy
    counties = policy.counties if policy.roles & BUSINESS_READ_ROLES else []
    if not counties:
        raise PermissionDenied("只有能查阅登记簿的人员可以查看年度报告统计。")
    today = timezone.localdate()
    home = next((r for r in counties if r == policy.home_region), counties[0])
    data = {"year": str(today.year - 1), "region": str(home.pk), "unit": ""}
    data.update({k: request.GET[k].strip() for k in data if k in request.GET})
    county = next((r for r in counties if str(r.pk) == data["region"]), None)
    cases = policy.scope(Case.objects.filter(register="disclosure"))
    cases = cases.filter(region=county) if county else cases.none()
    # The county's units that have any application: one index probe per unit
    # (register, unit, started_on), not a pass over every case of the county.
    units = list(Unit.objects.filter(region=county).filter(
        Exists(cases.filter(unit=OuterRef("pk")))).order_by("sort_order", "name")) if county else []
    first = cases.aggregate(first=models.Min("started_on"))["first"]
    form = disclosure_report.AnnualReportForm(
        data, counties=counties, units=units, today=today, first_year=first and first.year)
    context = {"form": form, "report": None, "show_units": len(units) > 1,
               "this_year": today.year, "today": today}
    if not form.is_valid():
        return render(request, "registers/disclosure_annual_report.html", context, status=400)
    year, unit = form.cleaned_data["year"], None
    if form.cleaned_data["unit"]:
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        cases = cases.filter(unit=unit)
    who = unit.name if unit else county.name
    report = disclosure_report.build(
        cases, year, title=f"{who}{year}年度政府信息公开工作年度报告（依申请公开部分）",
        scope_text=_report_scope(request, county, unit))
    if request.GET.get("export") == "xlsx":
        return _xlsx(disclosure_report.workbook_bytes(report),
                     f"{who}{year}年度政府信息公开申请情况.xlsx")
    context.update(report=report, county=county, unit=unit)
    return render(request, "registers/disclosure_annual_report.html", context)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    # The registers' deadline reminders (workflow notifications are in the inbox).
    qs = request.policy.scope(Notification.objects.filter(deadline__isnull=False).select_related(
        "deadline__case", "unit"), roles={"clerk", "leader", "office_admin"})
    columns = [
        Column("date", "提醒日期", lambda n: n.created_on, sort="created_on", width=12),
        Column("kind", "类型", lambda n: n.get_kind_display(), sort="kind", width=10),
        Column("unit", "单位", lambda n: str(n.unit), sort="unit__name", width=18),
        Column("message", "内容", lambda n: n.message, width=60),
        Column("due", "届满日", lambda n: n.deadline.due, sort="deadline__due", width=12),
    ]
    table = Table(request, qs, columns, default_sort="-date")
    return render(request, "registers/notification_list.html", {"table": table})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(request.policy.scope(
        Notification.objects.all(), roles={"clerk", "leader", "office_admin"}), pk=pk)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now())
    return redirect("registers:notification_list")

