"""执法人员名录页面：各执法主体的持证人数、法制审核人员及是否达到5%、即将到期的证件；
人员列表（按主体、状态、到期筛选，分页）。"""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.actions import Actor

from .models import Officer, OfficerStatus
from .officers import EXPIRY_WARNING_DAYS, REVIEWER_SHARE, body_summaries


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    today = timezone.localdate()
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
        "statuses": OfficerStatus.choices, "unit": unit, "status": status, "expiring": expiring})
