"""The inspections' pages (list, register, detail with its findings) and the
risk signals (list, turn one into a finding). Reads through the policy's
scope; writes through CreateInspection and OpenCase (raise_finding)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.template.backends.django import Template
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..base import get_register
from ..details.rectification import Inspection
from ..models import Case
from .actions import CreateInspection
from .forms import InspectionForm
from .service import KEY, raise_finding, signals

TEMPLATES = Path(__file__).parent / "templates" / "rectification"


@cache
def _template(name: str) -> Template:
    # The package keeps its own templates beside its views (the register is one package).
    return engines["django"].from_string((TEMPLATES / name).read_text(encoding="utf-8"))


def _render(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
            ) -> HttpResponse:
    return HttpResponse(_template(name).render(context, request), status=status)


def _counties(request: HttpRequest) -> list[Region]:
    """Counties where this person keeps the inspections (the office)."""
    policy = request.policy
    return [r for r in policy.counties if policy.can("register.manage", Case(region=r))]


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = (request.policy.scope(Inspection.objects.all()).select_related("region")
                   .annotate(found=Count("findings", distinct=True),
                             unit_count=Count("units", distinct=True)))
    return _render(request, "inspection_list.html", {
        "reg": get_register(KEY), "inspections": inspections,
        "can_manage": bool(_counties(request))})


@login_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    counties = _counties(request)
    if not counties:
        raise PermissionDenied("只有依法治县办管理员可以登记法治督察。")
    units = Unit.objects.filter(region__in=counties, is_active=True).order_by("sort_order", "name")
    form = InspectionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inspection = CreateInspection(
                Actor.from_request(request), region=d["units"][0].region, title=d["title"],
                kind=d["kind"], inspector=d["inspector"], started_on=d["started_on"],
                ended_on=d["ended_on"], units=d["units"], note=d["note"]).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记：{inspection.title}")
            return redirect("registers:rect_inspection_detail", inspection.pk)
    return _render(request, "inspection_form.html", {"reg": get_register(KEY), "form": form})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(request.policy.scope(Inspection.objects.all())
                                   .select_related("region"), pk=pk)
    reg = get_register(KEY)
    findings = list(request.policy.scope(Case.objects.filter(
        register=KEY, rectification__inspection=inspection)).select_related("unit")
        .order_by("started_on", "id"))
    for case in findings:
        case.state_text = reg.state_label(case.state)
    return _render(request, "inspection_detail.html", {
        "reg": reg, "inspection": inspection, "findings": findings,
        "units": inspection.units.order_by("sort_order", "name"), "today": timezone.localdate(),
        "can_manage": request.policy.can("register.manage", inspection)})


@login_required
def signal_list(request: HttpRequest) -> HttpResponse:
    counties = _counties(request)
    if not counties:
        raise PermissionDenied("风险提示由依法治县办管理员查看和转办。")
    today = timezone.localdate()
    scoped = request.policy.scope(Case.objects.all())
    rows = [s for county in counties for s in signals(county, today, scoped)]
    return _render(request, "signals.html", {"reg": get_register(KEY), "signals": rows})


@login_required
@require_POST
def signal_raise(request: HttpRequest) -> HttpResponse:
    if not _counties(request):
        raise PermissionDenied("风险提示由依法治县办管理员转办。")
    source = get_object_or_404(request.policy.scope(Case.objects.all()),
                               pk=request.POST.get("case") or 0)
    try:
        finding = raise_finding(Actor.from_request(request), source, request.POST.get("kind", ""),
                                timezone.localdate())
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("registers:rect_signal_list")
    messages.success(request, f"已转为督察整改问题：{finding.number}")
    return redirect("registers:case_detail", KEY, finding.pk)
