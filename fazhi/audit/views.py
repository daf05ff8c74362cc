"""The audit log, readable by the audit administrator (安全审计员) only:
filtered by person, unit, action, object and date, exported as it reads
(fazhi.audit.labels)."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from fazhi.core.tables import Column, Table, xlsx_response

from . import service
from .labels import Reader, action_choices, action_label, local_time
from .models import AuditEntry

FILTERS = ("person", "unit", "action", "model", "object", "since", "until", "q")


def _entries(request: HttpRequest) -> QuerySet:
    if not request.policy.can("audit.view"):
        raise PermissionDenied("只有安全审计员可以查看审计日志。")
    visible = getattr(service, "visible_entries", None)
    if visible is not None:  # the service's rule, when it has one
        return visible(request.user, request.policy)
    ids = request.policy.region_ids("audit.view")
    return AuditEntry.objects.filter(Q(region_id_value__in=ids) | Q(region_id_value__isnull=True))


def _day_start(value: str, days: int = 0) -> datetime.datetime | None:
    day = parse_date(value or "")
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days),
                                                         datetime.time.min))


def _filtered(request: HttpRequest, entries: QuerySet) -> QuerySet:
    g = request.GET
    if g.get("person"):
        entries = entries.filter(username=g["person"])
    if g.get("unit"):
        entries = entries.filter(unit=g["unit"])
    if g.get("action"):
        entries = entries.filter(action=g["action"])
    if g.get("model"):
        entries = entries.filter(model=g["model"])
    if g.get("object"):
        entries = entries.filter(Q(object_id=g["object"]) | Q(object_repr__icontains=g["object"]))
    if g.get("q"):
        entries = entries.filter(Q(user_display__icontains=g["q"]) | Q(object_repr__icontains=g["q"])
                                 | Q(note__icontains=g["q"]))
    # Dates are local (Asia/Shanghai) days: from the start of `since` to the end of `until`.
    since, until = _day_start(g.get("since", "")), _day_start(g.get("until", ""), days=1)
    if since:
        entries = entries.filter(at__gte=since)
    if until:
        entries = entries.filter(at__lt=until)
    return entries


def _changes_text(reader: Reader, e: AuditEntry) -> str:
    return "；".join(f"{c['label']}：{c['old']} → {c['new']}" for c in reader.changes(e))


def _export(entries: QuerySet) -> HttpResponse:
    entries = list(entries.order_by("-at", "-id")[:20000])
    reader = Reader(entries)
    rows = ([local_time(e.at), e.user_display or e.username, e.username, e.role or "—", e.unit or "—",
             action_label(e.action), e.model_label or "—", e.object_repr or "—",
             _changes_text(reader, e) or "—", e.note or "—", getattr(e, "ip", None) or "—"]
            for e in entries)
    return xlsx_response("审计日志.xlsx", "审计日志",
                         ["时间", "操作人", "账号", "角色", "单位", "操作", "对象类型", "对象", "变更",
                          "说明", "来源地址"], rows,
                         widths=[20, 12, 14, 16, 20, 20, 14, 36, 60, 30, 16])


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    visible = _entries(request)
    entries = _filtered(request, visible)
    if request.GET.get("export") == "xlsx":
        return _export(entries)
    columns = [
        Column("at", "时间", lambda e: e.at, sort="at"),
        Column("user", "操作人", lambda e: e.user_display, sort="username"),
        Column("role", "角色", lambda e: e.role),
        Column("unit", "单位", lambda e: e.unit, sort="unit"),
        Column("action", "操作", lambda e: e.action, sort="action"),
        Column("model", "对象类型", lambda e: e.model_label, sort="model"),
        Column("object", "对象", lambda e: e.object_repr),
        Column("changes", "变更", lambda e: ""),
    ]
    table = Table(request, entries, columns, default_sort="-at", per_page=50)
    distinct = visible.order_by()
    people = distinct.exclude(username="").values_list("username", "user_display").distinct()
    return render(request, "audit/entry_list.html", {
        "table": table, "rows": Reader(table.page).rows(),
        "models": sorted(set(distinct.exclude(model="").values_list("model", "model_label"))),
        "actions": action_choices(distinct.values_list("action", flat=True).distinct()),
        "people": sorted(set(people), key=lambda p: p[1] or p[0]),
        "units": sorted(set(distinct.exclude(unit="").values_list("unit", flat=True))),
        "filters": {k: request.GET.get(k, "") for k in FILTERS},
    })


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(_entries(request), pk=pk)
    row = Reader([entry]).rows()[0]
    return render(request, "audit/entry_detail.html", {"entry": entry, "row": row})
