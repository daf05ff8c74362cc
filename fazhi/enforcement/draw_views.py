"""双随机抽取的页面：任务列表、组织抽取（种子须事先公布）、任务详情（抽中对象、检查人员、
结果登记）和抽取记录下载（供 ``fazhi verify_draw`` 复核）。"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput, StyledForm
from fazhi.org.models import Role, Unit

from .inspections import PerformDraw, RecordResult
from .models import Draw, DrawTarget, Grade, InspectionItem, InspectionResult


def _draws(actor: Actor):  # noqa: ANN202
    """Draws of the counties this person works in (inspection results are public)."""
    qs = Draw.objects.all()
    return actor.policy.scope(qs) | qs.filter(region_id__in={u.region_id for u in actor.policy.units})


class DrawForm(StyledForm):
    item = forms.ModelChoiceField(label="抽查事项", queryset=InspectionItem.objects.none())
    departments = forms.ModelMultipleChoiceField(
        label="参与部门", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="选两个以上部门为部门联合抽查；须包括抽查事项的实施部门")
    seed = forms.CharField(label="随机种子", max_length=200,
                           help_text="抽取前已公布的数值，如某日公布的某公开指数收盘值")
    seed_source = forms.CharField(label="种子的公布来源", max_length=300,
                                  help_text="公布种子的载体和日期")
    period_start = forms.DateField(label="检查期间自", widget=DateInput())
    period_end = forms.DateField(label="至", widget=DateInput())
    grades = forms.MultipleChoiceField(
        label="抽取等级", choices=Grade.choices, widget=forms.CheckboxSelectMultiple,
        initial=list(Grade.values),
        help_text="按年度抽查计划，本轮只抽取频次覆盖的等级；未选的等级本次不抽取")

    def __init__(self, *args: object, items: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["item"].queryset = items
        self.fields["departments"].queryset = units


@login_required
def draw_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    draws = (_draws(actor).select_related("item", "item__unit", "region")
             .annotate(n=Count("targets", distinct=True),
                       done=Count("targets", filter=Q(targets__published_on__isnull=False),
                                  distinct=True)).order_by("-drawn_on", "-id")[:200])
    # The items this person may draw for: their unit's (a clerk) or the county's (the office).
    items = actor.policy.scope(InspectionItem.objects.select_related("unit"),
                               roles={Role.CLERK, Role.OFFICE_ADMIN}) \
        if actor.can("register.edit") else InspectionItem.objects.none()
    units = Unit.objects.filter(region_id__in=items.values("region_id"), is_law_enforcement=True)
    # 年度抽查计划的“按本轮抽取” opens this form filled with the round's values.
    initial: dict[str, object] = {k: request.GET[k] for k in ("period_start", "period_end")
                                  if k in request.GET}
    if request.GET.get("grades"):
        initial["grades"] = [g for g in request.GET["grades"] if g in Grade.values]
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        initial["item"] = item_id
        initial["departments"] = list(items.filter(pk=item_id).values_list("unit_id", flat=True))
    form = DrawForm(request.POST or None, items=items, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = PerformDraw(actor, item=data["item"], departments=list(data["departments"]),
                               seed=data["seed"], seed_source=data["seed_source"],
                               period=(data["period_start"], data["period_end"]),
                               grades="".join(sorted(data["grades"])),
                               drawn_on=timezone.localdate()).execute()
        except ActionRefused as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            return redirect("enforcement:draw_detail", pk=draw.pk)
    return render(request, "enforcement/draw_list.html", {
        "draws": draws, "form": form, "can_draw": items.exists()})


class ResultForm(StyledForm):
    result = forms.ChoiceField(label="检查结果", choices=[("", "请选择"), *InspectionResult.choices])
    result_on = forms.DateField(label="检查日期", widget=DateInput())
    follow_up = forms.CharField(label="后续处置", required=False, max_length=300)
    published_on = forms.DateField(label="结果公示日期", required=False, widget=DateInput())


@login_required
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    draw = get_object_or_404(_draws(actor).select_related("item", "item__unit", "region"), pk=pk)
    targets = (DrawTarget.objects.filter(draw=draw).select_related("entity")
               .prefetch_related("inspectors").order_by("grade", "id"))
    return render(request, "enforcement/draw_detail.html", {
        "draw": draw, "targets": targets, "departments": list(draw.departments.all()),
        "can_edit": actor.can("register.edit", draw.item),
        "form": ResultForm(auto_id=False, initial={"result_on": timezone.localdate()})})


@login_required
def draw_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    draw = get_object_or_404(_draws(actor), pk=pk)
    response = HttpResponse(json.dumps(draw.record, ensure_ascii=False, indent=1, sort_keys=True),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}.json"'
    return response


@login_required
@require_POST
def target_result(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.from_request(request)
    target = get_object_or_404(DrawTarget.objects.filter(draw__in=_draws(actor)), pk=pk)
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择检查结果并填写检查日期。")
    else:
        try:
            RecordResult(actor, target, **form.cleaned_data).execute()
        except ActionRefused as exc:
            messages.error(request, "；".join(exc.messages))
    return redirect("enforcement:draw_detail", pk=target.draw_id)
