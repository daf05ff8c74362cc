"""The committees' pages: list with their mediators and disputes counted,
register a committee, a committee with its mediators (add one). Reads through
the policy's scope; writes through CreateCommittee and AddMediator."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.template.backends.django import Template
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..base import get_register
from ..details.mediation import MediationCommittee
from ..models import Case
from .actions import AddMediator, CreateCommittee
from .forms import CommitteeForm, MediatorForm
from .service import KEY

TEMPLATES = Path(__file__).parent / "templates" / "mediation"


@cache
def _template(name: str) -> Template:
    # The package keeps its own templates beside its views (the register is one package).
    return engines["django"].from_string((TEMPLATES / name).read_text(encoding="utf-8"))


def _render(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200
            ) -> HttpResponse:
    return HttpResponse(_template(name).render(context, request), status=status)


def _counties(request: HttpRequest) -> list[Region]:
    policy = request.policy
    return [r for r in policy.counties if policy.can("register.manage", Case(region=r))]


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = (request.policy.scope(MediationCommittee.objects.all()).select_related("unit")
                  .annotate(people=Count("mediators", filter=Q(mediators__left_on__isnull=True),
                                         distinct=True),
                            dispute_count=Count("disputes", distinct=True)))
    return _render(request, "committee_list.html", {
        "reg": get_register(KEY), "committees": committees, "can_manage": bool(_counties(request))})


@login_required
def committee_new(request: HttpRequest) -> HttpResponse:
    counties = _counties(request)
    if not counties:
        raise PermissionDenied("只有依法治县办管理员可以登记人民调解组织。")
    units = Unit.objects.filter(region__in=counties, is_active=True).order_by("sort_order", "name")
    form = CommitteeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            committee = CreateCommittee(Actor.from_request(request), region=d["unit"].region,
                                        unit=d["unit"], name=d["name"], kind=d["kind"],
                                        established_on=d["established_on"]).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记：{committee.name}")
            return redirect("registers:med_committee_detail", committee.pk)
    return _render(request, "committee_form.html", {"reg": get_register(KEY), "form": form})


def _committee(request: HttpRequest, pk: int) -> MediationCommittee:
    return get_object_or_404(request.policy.scope(MediationCommittee.objects.all())
                             .select_related("unit", "region"), pk=pk)


@login_required
def committee_detail(request: HttpRequest, pk: int, form: MediatorForm | None = None
                     ) -> HttpResponse:
    committee = _committee(request, pk)
    return _render(request, "committee_detail.html", {
        "reg": get_register(KEY), "committee": committee,
        "mediators": committee.mediators.order_by("left_on", "name"),
        "disputes": committee.disputes.count(),
        "can_manage": request.policy.can("register.manage", committee),
        "form": form or MediatorForm()}, status=400 if form else 200)


@login_required
@require_POST
def mediator_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee(request, pk)
    form = MediatorForm(request.POST)
    if form.is_valid():
        try:
            AddMediator(Actor.from_request(request), committee, **form.cleaned_data).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记人民调解员：{form.cleaned_data['name']}")
            return redirect("registers:med_committee_detail", committee.pk)
    return committee_detail(request, pk, form=form)
