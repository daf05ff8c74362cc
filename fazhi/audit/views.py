"""The audit log, readable by the audit administrator (安全审计员) only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fazhi.core.tables import Column, Table

from .models import AuditEntry


def _entries(request: HttpRequest):  # noqa: ANN202
    if not request.policy.can("audit.view"):
        raise PermissionDenied("只有安全审计员可以查看审计日志。")
    ids = request.policy.region_ids("audit.view")
    # Entries without a region (e.g. account changes by a superuser) are shown
    # to every auditor: they concern the system as a whole.
    return AuditEntry.objects.filter(Q(region_id_value__in=ids) | Q(region_id_value__isnull=True))


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = _entries(request)
    g = request.GET
    if g.get("q"):
        entries = entries.filter(Q(username__icontains=g["q"]) | Q(object_repr__icontains=g["q"])
                                 | Q(action__icontains=g["q"]))
    if g.get("model"):
        entries = entries.filter(model=g["model"])
    if g.get("since"):
        entries = entries.filter(at__date__gte=g["since"])
    columns = [
        Column("at", "时间", lambda e: e.at, sort="at", width=20),
        Column("user", "操作人", lambda e: e.user_display, sort="username"),
        Column("role", "角色", lambda e: e.role),
        Column("unit", "单位", lambda e: e.unit),
        Column("action", "操作", lambda e: e.action, sort="action"),
        Column("model", "对象类型", lambda e: e.model_label, sort="model"),
        Column("object", "对象", lambda e: e.object_repr, width=40),
        Column("changes", "变更", lambda e: "；".join(
            f"{v['label']}：{v['old']} → {v['new']}" for v in e.changes.values()), width=60),
    ]
    table = Table(request, entries, columns, default_sort="-at", per_page=50)
    if g.get("export") == "xlsx":
        return table.export("审计日志.xlsx", "审计日志")
    models = entries.order_by().values_list("model", "model_label").distinct()
    return render(request, "audit/entry_list.html", {"table": table, "models": models})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(_entries(request), pk=pk)
    return render(request, "audit/entry_detail.html", {"entry": entry})
