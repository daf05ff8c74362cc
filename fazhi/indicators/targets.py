"""指标目标: the county office sets the year's targets the cockpit, the annual
report's warnings and the assessment items compare against."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import Action, Actor, SaveRecord
from fazhi.core.forms import StyledModelForm
from fazhi.org.policy import AccessDenied

from . import catalogue
from .models import IndicatorTarget


class TargetForm(StyledModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["region", "year", "code", "direction", "target", "basis"]

    def __init__(self, *args, counties=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = region.queryset.filter(pk__in=[c.pk for c in counties or []])
        region.empty_label = None
        self.fields["code"] = forms.ChoiceField(
            label="指标", choices=[(i.code, i.name) for i in catalogue.all()
                                   if i.kind in ("count", "rate", "amount")])
        self.fields["code"].widget.attrs["class"] = "form-select"
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self) -> dict:
        data = super().clean()
        ind = catalogue.find(data.get("code"))
        target = data.get("target")
        if ind is not None and target is not None:
            if target < 0:
                self.add_error("target", "目标值不能为负数。")
            if ind.kind == "rate" and target > 100:
                self.add_error("target", "比率的目标值不能超过100%。")
        return data


class DeleteTarget(Action):
    verb = "delete"
    permission = "indicators.manage"
    deletes = True
    denied_message = "只有本县依法治县办可以删除指标目标。"

    def apply(self) -> IndicatorTarget:
        target: IndicatorTarget = self.obj  # type: ignore[assignment]
        pk = target.pk
        target.delete()
        target.pk = pk
        return target


def _require(request: HttpRequest) -> None:
    if not request.policy.can("indicators.manage"):
        raise AccessDenied("只有依法治县办可以设定指标目标。")


@login_required
def target_list(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request)
    targets = request.policy.scope_regions(IndicatorTarget.objects.select_related("region"),
                                           "indicators.manage").order_by("-year", "code")
    instance = get_object_or_404(targets, pk=pk) if pk else None
    form = TargetForm(request.POST or None, instance=instance, counties=request.policy.counties)
    if request.method == "POST" and form.is_valid():
        try:
            SaveRecord(Actor.from_request(request), form, "indicators.manage",
                       "只能设定本县的指标目标。").execute()
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, "已保存指标目标。")
            return redirect("indicators:targets")
    rows = [{"t": t, "name": (catalogue.find(t.code) or t).name if catalogue.find(t.code)
             else t.code, "unit": catalogue.find(t.code).unit if catalogue.find(t.code) else ""}
            for t in targets[:300]]
    return render(request, "indicators/targets.html", {"form": form, "rows": rows,
                                                       "editing": instance})


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    target = get_object_or_404(request.policy.scope_regions(IndicatorTarget.objects.all(),
                                                            "indicators.manage"), pk=pk)
    DeleteTarget(Actor.from_request(request), target).execute()
    messages.success(request, "已删除该目标。")
    return redirect("indicators:targets")
