"""Correcting the reader on a report's page: change or remove a figure's code,
add a figure it missed. Reads go through ``request.policy``; writes through
the Actions of fazhi.analysis.corrections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.indicators import catalogue
from fazhi.indicators.services import format_decimal

from . import corrections
from .models import ExtractedFact, PublishedReport


def _report_url(report_id: int, anchor: str = "facts") -> str:
    return reverse("analysis:report_detail", args=[report_id]) + f"#{anchor}"


@login_required
def fact_correct(request: HttpRequest, pk: int) -> HttpResponse:
    fact = get_object_or_404(
        request.policy.scope(ExtractedFact.objects.select_related("report__batch__owner_region")),
        pk=pk,
    )
    if not request.policy.can("analysis.upload", fact):
        raise PermissionDenied(corrections.DENIED)
    choices = corrections.code_choices(fact.unit)
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            corrections.CorrectFact(Actor.from_request(request), fact, code).execute()
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, "归类已更正，指标库中该报告的数据已同步更新。")
            return redirect(_report_url(fact.report_id, f"fact-{fact.pk}"))
    return render(
        request,
        "analysis/fact_correct.html",
        {
            "fact": fact,
            "report": fact.report,
            "value_text": format_decimal(fact.value),
            "indicator": catalogue.find(fact.code),
            "original": catalogue.find(fact.original_code),
            "choices": choices,
        },
    )


@login_required
@require_POST
def fact_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        request.policy.scope(PublishedReport.objects.select_related("batch__owner_region")), pk=pk
    )
    try:
        fact = corrections.AddFact(
            Actor.from_request(request),
            report,
            request.POST.get("selected", ""),
            request.POST.get("code", ""),
        ).execute()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(_report_url(report.pk, "add-fact"))
    messages.success(request, "已补充遗漏的数据。")
    return redirect(_report_url(report.pk, f"fact-{fact.pk}"))
