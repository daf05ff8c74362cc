"""执法人员名录页面：各执法主体的持证人数、法制审核人员及是否达到5%、即将到期的证件；
人员列表（按主体、状态、到期筛选，分页）。"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput, StyledForm
from fazhi.org.models import Role, Unit

from .models import Officer, OfficerStatus
from .officers import EXPIRY_WARNING_DAYS, REVIEWER_SHARE, SaveOfficer, body_summaries


class OfficerForm(StyledForm):
    unit = forms.ModelChoiceField(label="执法主体", queryset=Unit.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    certificate_number = forms.CharField(label="执法证号", max_length=40)
    issued_on = forms.DateField(label="发证日期", widget=DateInput())
    expires_on = forms.DateField(label="有效期至", widget=DateInput())
    is_legal_reviewer = forms.BooleanField(label="法制审核人员", required=False)
    bar_qualified = forms.BooleanField(label="取得法律职业资格", required=False)
    training_hours = forms.IntegerField(label="本年度培训学时", required=False, min_value=0)


def _editable_units(actor: Actor):  # noqa: ANN202
    """The enforcement bodies this person may register officers for."""
    return actor.policy.scope(Unit.objects.filter(is_law_enforcement=True, is_active=True),
                              roles={Role.CLERK, Role.OFFICE_ADMIN}) \
        if actor.can("register.edit") else Unit.objects.none()


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    today = timezone.localdate()
    units = _editable_units(actor)
    form = OfficerForm(request.POST or None)
    form.fields["unit"].queryset = units
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        data["training_year"] = today.year if data.get("training_hours") else None
        try:
            SaveOfficer(actor, region=unit.region, unit=unit, data=data).execute()
        except ActionRefused as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记执法人员{data['name']}。")
            return redirect("enforcement:officer_list")
    officers = actor.policy.scope(Officer.objects.all())
    summaries = body_summaries(officers, today)
    rows = officers.select_related("unit").order_by("expires_on", "id")
    unit = request.GET.get("unit") or ""
    if unit.isdigit():
        rows = rows.filter(unit_id=int(unit))
    status = request.GET.get("status") or ""
    if status in OfficerStatus.values:
        rows = rows.filter(status=status)
    expiring = request.GET.get("expiring") == "1"
    if expiring:
        rows = rows.filter(status=OfficerStatus.ACTIVE, expires_on__gte=today,
                           expires_on__lte=today + datetime.timedelta(days=EXPIRY_WARNING_DAYS))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "enforcement/officer_list.html", {
        "summaries": summaries, "page": page, "today": today,
        "soon": today + datetime.timedelta(days=EXPIRY_WARNING_DAYS),
        "warning_days": EXPIRY_WARNING_DAYS, "share": int(REVIEWER_SHARE * 100),
        "statuses": OfficerStatus.choices, "unit": unit, "status": status, "expiring": expiring,
        "form": form if units.exists() else None})
