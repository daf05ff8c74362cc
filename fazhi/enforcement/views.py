"""不罚轻罚清单的页面：各领域清单及其版本；一个版本的事项，每项引用它的不予处罚、
减轻处罚案件数和涉案金额（由案件聚合得出）；依法治县办发布新版本、增加事项、公布。"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput, StyledForm
from fazhi.registers.enforcement_case.stats import lenient_amounts
from fazhi.registers.models import Case

from .actions import AddLeniencyItem, CreateLeniencyList, PublishLeniencyList
from .models import LeniencyItem, LeniencyKind, LeniencyList


def visible_lists(actor: Actor) -> QuerySet[LeniencyList]:
    """The lists of the counties this person works in: published lists are
    public documents, so a department's clerk reads its county's lists too."""
    qs = LeniencyList.objects.all()
    county_ids = {u.region_id for u in actor.policy.units}
    return actor.policy.scope(qs) | qs.filter(region_id__in=county_ids)


class NewListForm(StyledForm):
    field_name = forms.CharField(label="执法领域", max_length=100)
    title = forms.CharField(label="清单名称", max_length=200)
    document_number = forms.CharField(label="公布文号", max_length=100, required=False)


class ItemForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择"), *LeniencyKind.choices])
    act = forms.CharField(label="违法行为", max_length=300)
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}))
    conditions = forms.CharField(label="适用条件", widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(StyledForm):
    published_on = forms.DateField(label="公布日期", widget=DateInput())
    document_number = forms.CharField(label="公布文号", max_length=100, required=False)


@login_required
def leniency_lists(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    lists = (visible_lists(actor).select_related("region")
             .annotate(n_items=Count("items", distinct=True),
                       n_cases=Count("items__cases", distinct=True))
             .order_by("region__name", "field_name", "-version"))
    managed = set(actor.policy.region_ids("register.manage"))
    counties = [c for c in actor.policy.counties if c.pk in managed]
    form = NewListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        region = next((c for c in counties if str(c.pk) == request.POST.get("region")), None)
        if region is None:
            messages.error(request, "请选择县（市、区）。")
        else:
            try:
                new = CreateLeniencyList(actor, region=region, **form.cleaned_data).execute()
            except ActionRefused as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                return redirect("enforcement:leniency_detail", pk=new.pk)
    year = timezone.localdate().year
    scoped_cases = actor.policy.scope(Case.objects.filter(register="enforcement_case"))
    totals = lenient_amounts(scoped_cases, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return render(request, "enforcement/leniency_lists.html", {
        "lists": lists, "form": form, "counties": counties, "year": year,
        "no_penalty": totals["no_penalty"], "mitigated": totals["mitigated"]})


@login_required
def leniency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    lst = get_object_or_404(visible_lists(actor).select_related("region", "supersedes"), pk=pk)
    scoped_cases = actor.policy.scope(Case.objects.filter(register="enforcement_case"))
    items = (LeniencyItem.objects.filter(leniency_list=lst).order_by("number")
             .annotate(n_cases=Count("cases", filter=Q(cases__case__in=scoped_cases)),
                       amount=Sum("cases__amount_involved",
                                  filter=Q(cases__case__in=scoped_cases))))
    can_edit = actor.can("register.manage", lst) and not lst.is_published
    return render(request, "enforcement/leniency_detail.html", {
        "lst": lst, "items": items, "can_edit": can_edit,
        "item_form": ItemForm() if can_edit else None,
        "publish_form": PublishForm(initial={"published_on": timezone.localdate()})
        if can_edit else None})


@login_required
@require_POST
def leniency_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    lst = get_object_or_404(visible_lists(actor), pk=pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写类别、违法行为、法律依据和适用条件。")
    else:
        try:
            AddLeniencyItem(actor, lst, **form.cleaned_data).execute()
        except ActionRefused as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("enforcement:leniency_detail", pk=lst.pk)


@login_required
@require_POST
def leniency_publish(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    lst = get_object_or_404(visible_lists(actor), pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写公布日期。")
    else:
        try:
            PublishLeniencyList(actor, lst, **form.cleaned_data).execute()
        except ActionRefused as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("enforcement:leniency_detail", pk=lst.pk)
