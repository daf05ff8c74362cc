"""考核 pages. Reads go through ``request.policy`` (a unit's people see only
their own unit; the city reads its counties' closed results); writes go
through fazhi.assessment.services."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.core.tables import XLSX_TYPE, Column, Table
from fazhi.org.models import Unit
from fazhi.org.policy import Policy

from . import excel, results, services
from .behind import behind
from .forms import ItemForm, ManualScoreForm, ObjectionForm, RulingForm, SchemeForm
from .models import ManualScore, Objection, Scheme, SchemeItem

State = Scheme.State


# ------------------------------------------------------------------ access
def visible_schemes(policy: Policy, qs: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Schemes this person may read: the office its county's, drafts included;
    the county's units its published and closed ones; the city closed ones."""
    if not policy.can("assessment.view"):
        return qs.none()
    unit_regions = {u.region_id for u in policy.units}
    condition = (Q(state=State.CLOSED) | Q(region_id__in=policy.region_ids("assessment.manage"))
                 | Q(state=State.PUBLISHED, region_id__in=unit_regions))
    return policy.scope(qs).filter(condition)


def _scheme(request: HttpRequest, pk: int, *, manage: bool = False) -> Scheme:
    policy = request.policy
    scheme = get_object_or_404(visible_schemes(policy, Scheme.objects.select_related("region")),
                               pk=pk)
    if manage:
        policy.require("assessment.manage", scheme, services.MANAGE_DENIED)
    return scheme


def _unit(request: HttpRequest, scheme: Scheme, pk: int) -> Unit:
    """A unit of the scheme within the person's scope (a clerk: only their own)."""
    unit = get_object_or_404(request.policy.scope(Unit.objects.all()), pk=pk)
    if not (scheme.is_closed and scheme.unit_scores.filter(unit=unit).exists()
            or scheme.covers(unit)):
        raise Http404("该单位不在本方案的考核对象中。")
    return unit


def _item(request: HttpRequest, pk: int, *, manage: bool = False) -> SchemeItem:
    item = get_object_or_404(SchemeItem.objects.select_related("scheme__region"), pk=pk)
    _scheme(request, item.scheme_id, manage=manage)
    return item


def _error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text or "操作未完成。")


# ----------------------------------------------------------------- schemes
@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.can("assessment.view"):
        raise PermissionDenied("您没有查看考核的权限。")
    qs = visible_schemes(policy, Scheme.objects.select_related("region")).annotate(
        item_count=Count("items", distinct=True))
    table = Table(request, qs, [
        Column("year", "年度", lambda s: s.year, sort="year", width=8),
        Column("region", "县（市、区）", lambda s: s.region.name, sort="region__name"),
        Column("name", "方案名称", lambda s: s.name, sort="name", width=40),
        Column("target", "考核对象", lambda s: s.target_text, width=30),
        Column("items", "考核项目", lambda s: s.item_count, width=10),
        Column("state", "状态", lambda s: s.get_state_display(), sort="state", width=10),
    ], default_sort="-year")
    return render(request, "assessment/scheme_list.html", {
        "table": table, "can_manage": policy.can("assessment.manage")})


def _managed_counties(policy: Policy) -> list:
    return [c for c in policy.counties if policy.can("assessment.manage", Scheme(region=c))]


@login_required
def scheme_create(request: HttpRequest) -> HttpResponse:
    return _scheme_form(request, Scheme(created_by=request.user))


@login_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk, manage=True)
    if scheme.is_closed:
        messages.error(request, services.CLOSED_REFUSED)
        return redirect("assessment:scheme_detail", scheme.pk)
    return _scheme_form(request, scheme)


def _scheme_form(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    policy = request.policy
    counties = _managed_counties(policy)
    if not counties:
        raise PermissionDenied(services.MANAGE_DENIED)
    form = SchemeForm(request.POST or None, instance=scheme, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.SaveScheme(Actor.from_request(request), form).execute()
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, "考核方案已保存。")
            return redirect("assessment:scheme_detail", saved.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "scheme": scheme})


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    scheme = _scheme(request, pk)
    can_manage = policy.can("assessment.manage", scheme)
    objections = policy.scope(scheme.objections.select_related("item", "unit")).order_by(
        "-raised_at")
    return render(request, "assessment/scheme_detail.html", {
        "scheme": scheme, "items": scheme.items.all(), "can_manage": can_manage,
        "objections": objections[:100], "unit_count": scheme.units().count(),
        "editable": can_manage and not scheme.is_closed,
    })


@login_required
@require_POST
def scheme_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    actions = {"publish": (services.PublishScheme, "考核方案已发布，各单位可以查看得分并提出异议。"),
               "close": (services.CloseScheme, "年度考核已定稿，结果已固定。")}
    if verb not in actions:
        raise Http404("未知操作。")
    scheme = _scheme(request, pk, manage=True)
    action, done = actions[verb]
    try:
        action(Actor.from_request(request), scheme).execute()
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("assessment:scheme_detail", scheme.pk)


# ------------------------------------------------------------------- items
@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk, manage=True)
    order = scheme.items.count() + 1
    return _item_form(request, SchemeItem(scheme=scheme, order=order))


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, _item(request, pk, manage=True))


def _item_form(request: HttpRequest, item: SchemeItem) -> HttpResponse:
    if item.scheme.is_closed:
        messages.error(request, services.CLOSED_REFUSED)
        return redirect("assessment:scheme_detail", item.scheme_id)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.SaveItem(Actor.from_request(request), form).execute()
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, "考核项目已保存。")
            return redirect("assessment:scheme_detail", item.scheme_id)
    return render(request, "assessment/item_form.html", {"form": form, "item": item,
                                                         "scheme": item.scheme})


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, manage=True)
    try:
        services.DeleteItem(Actor.from_request(request), item).execute()
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, f"已删除考核项目“{item.title}”。")
    return redirect("assessment:scheme_detail", item.scheme_id)


# ------------------------------------------------------------------ scores
def _visible_rows(request: HttpRequest, rows: list[results.UnitResult]) -> list[results.UnitResult]:
    ids = set(request.policy.scope(Unit.objects.filter(pk__in=[r.unit_id for r in rows]))
              .values_list("pk", flat=True))
    return [r for r in rows if r.unit_id in ids]


@login_required
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme(request, pk)
    rows = _visible_rows(request, results.results(scheme))
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        name = f"{excel.title(scheme)}.xlsx"
        response = HttpResponse(excel.workbook_bytes(scheme, rows, today), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    items = rows[0].items if rows else []
    return render(request, "assessment/scores.html", {
        "scheme": scheme, "rows": rows, "items": items, "title": excel.title(scheme),
        "today": today, "can_manage": request.policy.can("assessment.manage", scheme)})


@login_required
def unit_detail(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    policy = request.policy
    scheme = _scheme(request, pk)
    unit = _unit(request, scheme, unit_pk)
    everyone = results.frozen(scheme) if scheme.is_closed else results.live(scheme,
                                                                            with_records=True)
    result = next((r for r in everyone if r.unit_id == unit.pk), None)
    if result is None:
        raise Http404("该单位没有考核结果。")
    records = behind(scheme, unit.pk, result.items)
    objections = list(scheme.objections.filter(unit=unit).select_related("item", "raised_by",
                                                                           "ruled_by"))
    can_manage = policy.can("assessment.manage", scheme)
    can_object = (scheme.state == State.PUBLISHED
                  and policy.can("assessment.object", Objection(scheme=scheme, unit=unit)))
    rows = [{"item": i, "records": records.get(i.item_id),
             "objections": [o for o in objections if o.item_id == i.item_id]}
            for i in result.items]
    return render(request, "assessment/unit_detail.html", {
        "scheme": scheme, "unit": unit, "result": result, "rows": rows,
        "can_manage": can_manage and not scheme.is_closed, "can_object": can_object,
        "rank_count": len(everyone),
    })


# ------------------------------------------------------------- hand scores
@login_required
def manual_entry(request: HttpRequest, item_pk: int, unit_pk: int) -> HttpResponse:
    item = _item(request, item_pk, manage=True)
    unit = _unit(request, item.scheme, unit_pk)
    back = redirect("assessment:unit_detail", item.scheme_id, unit.pk)
    if item.scheme.is_closed or not item.is_hand_scored:
        messages.error(request, services.CLOSED_REFUSED if item.scheme.is_closed
                       else "该项目按指标自动计分，不能人工评分。")
        return back
    existing = ManualScore.objects.filter(item=item, unit=unit).first()
    initial = {"points": existing.points, "reason": existing.reason} if existing else None
    form = ManualScoreForm(request.POST or None, request.FILES or None, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.EnterManualScore(Actor.from_request(request), item, unit, points=d["points"],
                                      reason=d["reason"], evidence=d.get("evidence")).execute()
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已录入{unit}“{item.title}”的得分。")
            return back
    return render(request, "assessment/manual_form.html", {
        "form": form, "item": item, "unit": unit, "scheme": item.scheme, "existing": existing})


@login_required
def manual_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    score = get_object_or_404(request.policy.scope(ManualScore.objects.select_related("item")),
                              pk=pk)
    _scheme(request, score.item.scheme_id)
    if not score.evidence:
        raise Http404("没有佐证材料。")
    return FileResponse(score.evidence.open("rb"), as_attachment=True,
                        filename=score.evidence_name or "佐证材料")


# -------------------------------------------------------------- objections
@login_required
def objection_create(request: HttpRequest, item_pk: int, unit_pk: int) -> HttpResponse:
    policy = request.policy
    item = _item(request, item_pk)
    unit = _unit(request, item.scheme, unit_pk)
    policy.require("assessment.object", Objection(scheme=item.scheme, item=item, unit=unit),
                   services.RaiseObjection.denied_message)
    back = redirect("assessment:unit_detail", item.scheme_id, unit.pk)
    if item.scheme.state != State.PUBLISHED:
        messages.error(request, "只有已发布、尚未定稿的考核可以提出异议。")
        return back
    result = results.unit_result(item.scheme, unit.pk)
    current = result.item(item.pk) if result else None
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.RaiseObjection(Actor.from_request(request), item, unit,
                                    reason=form.cleaned_data["reason"]).execute()
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, "异议已提交，等待依法治县办裁定。")
            return back
    return render(request, "assessment/objection_form.html", {
        "form": form, "item": item, "unit": unit, "scheme": item.scheme, "current": current})


@login_required
def objection_rule(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        request.policy.scope(Objection.objects.select_related("item", "unit", "scheme")), pk=pk)
    scheme = _scheme(request, objection.scheme_id, manage=True)
    back = redirect("assessment:unit_detail", scheme.pk, objection.unit_id)
    if objection.state != Objection.State.PENDING:
        messages.info(request, "该异议已裁定。")
        return back
    form = RulingForm(request.POST or None, item=objection.item)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.RuleObjection(Actor.from_request(request), objection,
                                   upheld=d["decision"] == "upheld", reason=d["reason"],
                                   points=d.get("points")).execute()
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, "裁定已保存。")
            return back
    result = results.unit_result(scheme, objection.unit_id)
    current = result.item(objection.item_id) if result else None
    return render(request, "assessment/ruling_form.html", {
        "form": form, "objection": objection, "scheme": scheme, "current": current})
