"""The annual report in the browser: list and compose, read with its figures
and checks, edit sections, versions and their differences, sign off, publish,
submit upward, and units' contributions. Thin: the rules are in services."""

from __future__ import annotations

import difflib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.org.policy import AccessDenied

from . import report_figures, services
from .document import build
from .forms import (
    ComposeForm,
    ContributionForm,
    ContributionRequestForm,
    ReviewForm,
    SectionForm,
    SignOffForm,
)
from .models import AnnualReport, ContributionRequest

State = AnnualReport.State


def _reports(request: HttpRequest):  # noqa: ANN202
    qs = request.policy.scope(AnnualReport.objects.select_related("region"))
    if not request.policy.can("reports.manage"):
        # the upper level reads what its counties sent up or published, never drafts
        qs = qs.exclude(state=State.DRAFT).filter(
            Q(submitted_upward_on__isnull=False) | Q(state=State.PUBLISHED))
    return qs


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    if not request.policy.can("reports.view"):
        raise AccessDenied("您没有查看年度报告的权限。")
    return get_object_or_404(_reports(request), pk=pk)


def _managed(request: HttpRequest, pk: int) -> AnnualReport:
    report = _report(request, pk)
    request.policy.require("reports.manage", report, "只有本县依法治县办可以编辑年度报告。")
    return report


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    try:
        action.execute()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, success)
    return True


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not request.policy.can("reports.view"):
        raise AccessDenied("您没有查看年度报告的权限。")
    counties = request.policy.counties
    form = None
    if request.policy.can("reports.manage"):
        form = ComposeForm(request.POST or None, counties=counties,
                           initial={"year": timezone.localdate().year - 1})
        if request.method == "POST" and form.is_valid():
            region = get_object_or_404(Region, pk=form.cleaned_data["region"])
            action = services.ComposeReport(Actor.from_request(request), None, region=region,
                                            year=form.cleaned_data["year"])
            if _run(request, action, "已根据记录起草报告，请在此基础上修改。"):
                report = AnnualReport.objects.get(region=region, year=form.cleaned_data["year"])
                return redirect("reports:report_detail", pk=report.pk)
    reports = list(_reports(request).order_by("-year", "region__path"))
    year = timezone.localdate().year - 1
    return render(request, "reports/report_list.html", {
        "reports": reports, "form": form, "deadlines": services.deadlines(year),
        "deadline_year": year, "today": timezone.localdate()})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    can_manage = request.policy.can("reports.manage", report)
    doc = build(report)
    figures = report_figures.states(report)
    context: dict[str, Any] = {
        "report": report, "doc": doc, "figures": figures, "can_manage": can_manage,
        "figure_links": {s.figure.code: s for s in figures},
        "stale_count": sum(1 for s in figures if s.stale),
        "signoffs": list(report.signoffs.all()),
        "deadlines": services.deadlines(report.year), "today": timezone.localdate(),
    }
    if can_manage:
        from .checks import contradictions

        context["contradictions"] = contradictions(report)
        context["problems"] = services.sign_off_problems(report) if report.is_editable else []
        context["sections"] = list(report.sections.all())
        context["contributions"] = list(report.contributions.select_related("unit", "section"))
        context["signoff_form"] = SignOffForm(initial={"signed_on": timezone.localdate()})
        context["contribution_form"] = ContributionRequestForm(
            sections=report.sections.all(),
            units=Unit.objects.filter(region=report.region, is_active=True))
    return render(request, "reports/report_detail.html", context)


@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    report = _managed(request, pk)
    section = get_object_or_404(report.sections, pk=section_pk) if section_pk else None
    initial = {"version": report.version, "part": section.part if section else 1,
               "heading": section.heading if section else "", "text": section.text if section else ""}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = services.SaveSection(Actor.from_request(request), report, section=section,
                                      part=data["part"], heading=data["heading"],
                                      text=data["text"], version=data["version"],
                                      note=data["note"])
        if _run(request, action, "已保存，生成新的版本。"):
            return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/section_form.html",
                  {"report": report, "section": section, "form": form})


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report = _managed(request, pk)
    section = get_object_or_404(report.sections, pk=section_pk)
    _run(request, services.DeleteSection(Actor.from_request(request), report, section=section),
         "已删除该节。")
    return redirect("reports:report_detail", pk=report.pk)


@login_required
@require_POST
def refresh_figures(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    code = request.POST.get("code")
    action = services.RefreshFigures(Actor.from_request(request), report,
                                     codes=[code] if code else None)
    _run(request, action, "已按最新记录更新数据。")
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def versions(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    all_versions = list(report.versions.select_related("created_by"))
    diff_rows: list[tuple[str, str]] = []
    a = b = None
    if len(all_versions) > 1:
        by_number = {v.number: v for v in all_versions}
        try:
            b = by_number[int(request.GET.get("b", all_versions[0].number))]
            a = by_number[int(request.GET.get("a", all_versions[1].number))]
        except (KeyError, ValueError):
            raise Http404("没有这个版本。") from None
        diff_rows = _diff(a.content, b.content)
    return render(request, "reports/versions.html", {
        "report": report, "versions": all_versions, "a": a, "b": b, "diff": diff_rows})


def _lines(content: list[dict[str, Any]]) -> list[str]:
    out = []
    for s in content:
        if s.get("heading"):
            out.append(f"【{s['heading']}】")
        out += [line for line in (s.get("text") or "").splitlines() if line.strip()]
    return out


def _diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[tuple[str, str]]:
    rows = []
    for line in difflib.ndiff(_lines(old), _lines(new)):
        tag = line[:1]
        if tag == "?":
            continue
        rows.append(({"+": "added", "-": "removed"}.get(tag, "same"), line[2:]))
    return rows


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "签发信息不完整：" + "；".join(
            e for errors in form.errors.values() for e in errors))
    else:
        _run(request, services.SignOff(Actor.from_request(request), report, **form.cleaned_data),
             "已记录签发。")
    return redirect("reports:report_detail", pk=report.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    report = _managed(request, pk)
    actions = {"publish": (services.Publish, "已在公开门户发布。"),
               "withdraw": (services.WithdrawSignOff, "已撤回签发，可以继续修改。"),
               "submit_upward": (services.SubmitUpward, "已报送上级，上级的报告解读中可以看到。")}
    if verb not in actions:
        raise Http404("没有这个操作。")
    cls, success = actions[verb]
    _run(request, cls(Actor.from_request(request), report), success)
    return redirect("reports:report_detail", pk=report.pk)


@login_required
@require_POST
def contribution_request(request: HttpRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    form = ContributionRequestForm(request.POST, sections=report.sections.all(),
                                   units=Unit.objects.filter(region=report.region))
    if not form.is_valid():
        messages.error(request, "征集信息不完整：" + "；".join(
            e for errors in form.errors.values() for e in errors))
    else:
        _run(request, services.RequestContribution(Actor.from_request(request), report,
                                                   **form.cleaned_data), "已向单位发出材料征集。")
    return redirect("reports:report_detail", pk=report.pk)


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    if not (request.policy.can("reports.contribute") or request.policy.can("reports.manage")):
        raise AccessDenied("您没有年度报告材料征集的权限。")
    qs = request.policy.scope(ContributionRequest.objects.select_related(
        "report__region", "section", "unit"), roles={"clerk", "leader", "office_admin"})
    return render(request, "reports/contribution_list.html", {"requests": qs[:200]})


@login_required
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(request.policy.scope(
        ContributionRequest.objects.select_related("report", "section", "unit"),
        roles={"clerk", "leader", "office_admin"}), pk=pk)
    can_write = request.policy.can("reports.contribute", item)
    can_review = request.policy.can("reports.manage", item.report)
    form = ContributionForm(request.POST or None, initial={"text": item.text})
    review = ReviewForm(request.POST or None)
    if request.method == "POST":
        verb = request.POST.get("verb")
        if verb == "submit" and can_write and form.is_valid():
            if _run(request, services.SubmitContribution(Actor.from_request(request), item,
                                                         text=form.cleaned_data["text"]),
                    "已提交，等待依法治县办审核。"):
                return redirect("reports:contribution_list")
        elif verb in ("accept", "return") and can_review and review.is_valid():
            if _run(request, services.ReviewContribution(
                    Actor.from_request(request), item, accept=verb == "accept",
                    reason=review.cleaned_data["reason"]),
                    "已采用，内容已加入报告。" if verb == "accept" else "已退回单位。"):
                return redirect("reports:report_detail", pk=item.report_id)
        elif not (can_write or can_review):
            raise AccessDenied("您不能处理这份材料。")
    return render(request, "reports/contribution_form.html", {
        "item": item, "form": form, "review": review, "can_write": can_write,
        "can_review": can_review})


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as .docx (公文 layout), .pdf (rendered from it) or a print page."""
    report = _report(request, pk)
    doc = build(report)
    if fmt == "html":
        return render(request, "reports/print.html", {"report": report, "doc": doc})
    from urllib.parse import quote

    try:
        from . import docx_render
    except ImportError:
        raise Http404("Word 输出尚不可用。") from None
    data = docx_render.render(doc)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    name = f"{report.title}.docx"
    if fmt == "pdf":
        try:
            from . import pdf
        except ImportError:
            raise Http404("PDF 输出尚不可用。") from None
        try:
            data = pdf.docx_to_pdf(data)
        except pdf.PdfError as exc:  # LibreOffice missing or failed: say so, in Chinese
            messages.error(request, str(exc))
            return redirect("reports:report_detail", pk=report.pk)
        content_type, name = "application/pdf", f"{report.title}.pdf"
    elif fmt != "docx":
        raise Http404("不支持的格式。")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
