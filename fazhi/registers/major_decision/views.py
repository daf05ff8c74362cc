"""The yearly catalogue's pages: list, create, detail with its items, and the
party committee's approval and the publication (POST). Reads through the
policy's scope; writes through the catalogue's actions."""

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
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..base import get_register
from ..details.major_decision import DecisionCatalogue
from ..models import Case
from .actions import ApproveCatalogue, CreateCatalogue, PublishCatalogue
from .forms import CatalogueApproveForm, CatalogueForm, CataloguePublishForm
from .procedure import KEY

TEMPLATES = Path(__file__).parent / "templates" / "major_decision"


@cache
def _template(name: str) -> Template:
    # The package keeps its own templates beside its views (the register is one package).
    return engines["django"].from_string((TEMPLATES / name).read_text(encoding="utf-8"))


def _render(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
            ) -> HttpResponse:
    return HttpResponse(_template(name).render(context, request), status=status)


def _counties(request: HttpRequest) -> list[Region]:
    """Counties where this person may keep the catalogue."""
    policy = request.policy
    return [r for r in policy.counties if policy.can("register.manage", Case(region=r))]


@login_required
def catalogue_list(request: HttpRequest) -> HttpResponse:
    catalogues = (request.policy.scope(DecisionCatalogue.objects.all())
                  .select_related("region", "unit").annotate(items=Count("decisions", distinct=True))
                  .order_by("-year", "region__path"))
    return _render(request, "catalogue_list.html", {
        "reg": get_register(KEY), "catalogues": catalogues, "can_manage": bool(_counties(request))})


@login_required
def catalogue_new(request: HttpRequest) -> HttpResponse:
    counties = _counties(request)
    if not counties:
        raise PermissionDenied("只有依法治县办管理员可以编制重大行政决策事项目录。")
    units = Unit.objects.filter(region__in=counties, is_active=True).order_by("sort_order", "name")
    form = CatalogueForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            catalogue = CreateCatalogue(Actor.from_request(request), region=d["unit"].region,
                                        unit=d["unit"], year=d["year"], title=d["title"],
                                        document_number=d["document_number"]).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已新建：{catalogue.title}")
            return redirect("registers:md_catalogue_detail", catalogue.pk)
    return _render(request, "catalogue_form.html", {"reg": get_register(KEY), "form": form})


def _catalogue(request: HttpRequest, pk: int) -> DecisionCatalogue:
    return get_object_or_404(request.policy.scope(DecisionCatalogue.objects.all())
                             .select_related("region", "unit"), pk=pk)


@login_required
def catalogue_detail(request: HttpRequest, pk: int,
                     forms: dict[str, Any] | None = None) -> HttpResponse:
    catalogue = _catalogue(request, pk)
    reg = get_register(KEY)
    # The items this person may read (a unit's clerk: their unit's).
    items = list(request.policy.scope(Case.objects.filter(register=KEY,
                                                          major_decision__catalogue=catalogue))
                 .select_related("unit").order_by("started_on", "id"))
    for case in items:
        case.state_text = reg.state_label(case.state)
    can_manage = request.policy.can("register.manage", catalogue)
    forms = forms or {}
    return _render(request, "catalogue_detail.html", {
        "reg": reg, "catalogue": catalogue, "items": items, "can_manage": can_manage,
        "approve_form": forms.get("approve") or CatalogueApproveForm(initial={
            "approved_on": catalogue.approved_on, "approval_note": catalogue.approval_note}),
        "publish_form": forms.get("publish") or CataloguePublishForm(initial={
            "published_on": catalogue.published_on, "published_where": catalogue.published_where,
            "document_number": catalogue.document_number}),
    }, status=400 if forms else 200)


@login_required
@require_POST
def catalogue_approve(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = _catalogue(request, pk)
    form = CatalogueApproveForm(request.POST)
    if form.is_valid():
        try:
            ApproveCatalogue(Actor.from_request(request), catalogue, **form.cleaned_data).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已登记同级党委同意情况。")
            return redirect("registers:md_catalogue_detail", catalogue.pk)
    return catalogue_detail(request, pk, forms={"approve": form})


@login_required
@require_POST
def catalogue_publish(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = _catalogue(request, pk)
    form = CataloguePublishForm(request.POST)
    if form.is_valid():
        try:
            PublishCatalogue(Actor.from_request(request), catalogue, **form.cleaned_data).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已登记目录向社会公布。")
            return redirect("registers:md_catalogue_detail", catalogue.pk)
    return catalogue_detail(request, pk, forms={"publish": form})
