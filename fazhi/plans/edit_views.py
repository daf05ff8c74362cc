"""Correcting a plan after import: its title, a task, many due dates at once,
withdrawing it. Writes go through fazhi.plans.corrections."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.core.forms import DateInput, StyledForm
from fazhi.core.templatetags.fazhi_tags import cn_date
from fazhi.org.models import Unit

from . import corrections
from .models import Assignment, Plan, Task


def _managed(request: HttpRequest, qs, pk: int):  # noqa: ANN001, ANN202
    obj = get_object_or_404(request.policy.scope(qs), pk=pk)
    if not request.policy.can("plan.manage", obj):
        raise PermissionDenied(corrections.MANAGE)
    return obj


class PlanForm(StyledForm):
    title = forms.CharField(label="计划标题", max_length=200)


class TaskForm(StyledForm):
    number = forms.IntegerField(label="序号", min_value=1)
    source_number = forms.CharField(label="原文编号", max_length=30, required=False)
    text = forms.CharField(label="任务内容", widget=forms.Textarea(attrs={"rows": 5}))
    due_date = forms.DateField(label="完成时限", required=False, widget=DateInput())
    lead = forms.ModelMultipleChoiceField(label="牵头单位", queryset=Unit.objects.none(), required=False,
                                          widget=forms.SelectMultiple(attrs={"size": 8}))
    responsible = forms.ModelMultipleChoiceField(label="责任单位", queryset=Unit.objects.none(),
                                                 required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, plan: Plan, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(region_id=plan.region_id, is_active=True).order_by("sort_order", "name")
        self.fields["lead"].queryset = units
        self.fields["responsible"].queryset = units
        self.fields["lead"].help_text = self.fields["responsible"].help_text = "按住 Ctrl 键可多选"


class BulkDueForm(StyledForm):
    section = forms.TypedChoiceField(label="部分", coerce=int, empty_value=None, required=False)
    due_date = forms.DateField(label="完成时限", widget=DateInput())

    def __init__(self, *args, plan: Plan, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "全部任务"), *[(s.pk, s.title) for s in plan.sections.all()]]


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed(request, Plan.objects.select_related("region"), pk)
    form = PlanForm(request.POST or None, initial={"title": plan.title})
    if request.method == "POST" and form.is_valid():
        try:
            corrections.UpdatePlan(Actor.from_request(request), plan, title=form.cleaned_data["title"]).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "计划标题已修改。")
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "form": form, "can_manage": True})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _managed(request, Task.objects.select_related("plan__region"), pk)
    roles = {a.unit_id: a.role for a in task.assignments.all()}
    initial = {"number": task.number, "source_number": task.source_number, "text": task.text,
               "due_date": task.due_date,
               "lead": [u for u, r in roles.items() if r == Assignment.Role.LEAD],
               "responsible": [u for u, r in roles.items() if r == Assignment.Role.RESPONSIBLE]}
    form = TaskForm(request.POST or None, initial=initial, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            corrections.UpdateTask(Actor.from_request(request), task, text=d["text"], number=d["number"],
                                   source_number=d["source_number"], due_date=d["due_date"],
                                   lead=list(d["lead"]), responsible=list(d["responsible"])).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "任务已修改。")
            return redirect("plans:task_detail", task.pk)
    return render(request, "plans/task_edit.html", {"task": task, "form": form})


@login_required
def bulk_due_dates(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed(request, Plan.objects.select_related("region"), pk)
    form = BulkDueForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        tasks = plan.tasks.all()
        if form.cleaned_data["section"]:
            tasks = tasks.filter(section_id=form.cleaned_data["section"])
        changed = corrections.set_due_dates(Actor.from_request(request), list(tasks),
                                            form.cleaned_data["due_date"])
        messages.success(request, f"已将{changed}项任务的完成时限设为{cn_date(form.cleaned_data['due_date'])}。")
        return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/bulk_due_dates.html", {"plan": plan, "form": form, "can_manage": True})


@login_required
@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed(request, Plan.objects.select_related("region"), pk)
    try:
        corrections.WithdrawPlan(Actor.from_request(request), plan).execute()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("plans:plan_edit", plan.pk)
    messages.success(request, f"已撤回“{plan.title}”。")
    return redirect("plans:plan_list")
