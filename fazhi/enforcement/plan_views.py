"""年度抽查计划页面：各抽查事项按等级频次排出的抽取轮次、每轮应抽户数和完成情况；
依法治县办在此设定各等级的抽查比例和频次。"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import StyledForm
from fazhi.org.models import Region

from .models import Grade, InspectionItem
from .plan import MAX_FREQUENCY, SetSamplingRule, grade_rules, yearly_plan


class RuleForm(StyledForm):
    grade = forms.ChoiceField(label="信用风险等级", choices=Grade.choices)
    ratio = forms.DecimalField(label="抽查比例（%）", min_value=0, max_value=100, decimal_places=2)
    frequency = forms.IntegerField(label="每年抽查频次", min_value=0, max_value=MAX_FREQUENCY)


def _county(actor: Actor, wanted: str | None) -> Region | None:
    counties = sorted(actor.policy.counties, key=lambda c: c.path)
    return next((c for c in counties if str(c.pk) == wanted), counties[0] if counties else None)


@login_required
def draw_plan(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    today = timezone.localdate()
    county = _county(actor, request.GET.get("region") or request.POST.get("region"))
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    can_manage = county is not None and county.pk in set(actor.policy.region_ids("register.manage"))
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            messages.error(request, "只有依法治县办可以设定抽查比例和频次。")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                SetSamplingRule(actor, region=county, grade=data["grade"], ratio=data["ratio"],
                                frequency=data["frequency"]).execute()
            except ActionRefused as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, f"已设定{Grade(data['grade']).label}的抽查比例和频次。")
                return redirect(f"{request.path}?region={county.pk}&year={year}")
    items = list(actor.policy.scope(InspectionItem.objects.filter(region=county))
                 .select_related("unit").order_by("unit__sort_order", "name")) if county else []
    plans = yearly_plan(county, year, items) if county else []
    rows = [(p, [(r, *r.status(today)) for r in p.rounds]) for p in plans]
    return render(request, "enforcement/draw_plan.html", {
        "county": county, "counties": sorted(actor.policy.counties, key=lambda c: c.path),
        "year": year, "years": range(today.year - 2, today.year + 2),
        "rules": grade_rules(county) if county else [], "rows": rows,
        "overdue": sum(p.overdue(today) for p in plans), "can_manage": can_manage,
        "can_draw": actor.can("register.edit"), "form": form})
