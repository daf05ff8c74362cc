"""Notifications of the progress workflow and the office's 催办, on the same
model and channels as the registers' deadline reminders
(``fazhi.registers.models.Notification``, ``fazhi.registers.reminders``).

A notification belongs to a unit and is meant for an audience within the
people who read that unit's records: its clerks, its leader, or the county
office (blank: all of them, as deadline reminders are). ``for_person``
is the one query that decides what a person's inbox and unread badge show.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core.tables import Column, Table
from fazhi.org.models import Role
from fazhi.org.policy import Policy

log = logging.getLogger(__name__)
READER_ROLES = {Role.CLERK, Role.LEADER, Role.OFFICE_ADMIN}


def _model():  # noqa: ANN202
    from fazhi.registers.models import Notification

    return Notification


def for_person(policy: Policy) -> QuerySet:
    """The notifications this person should read (read or not)."""
    Notification = _model()
    A = Notification.Audience
    qs = policy.scope(Notification.objects.all(), roles=READER_ROLES)
    audience = Q(audience=A.ALL)
    clerk_units = [u.pk for u in policy.units_with_role(Role.CLERK)]
    leader_units = [u.pk for u in policy.units_with_role(Role.LEADER)]
    if clerk_units:
        audience |= Q(audience=A.CLERK, unit_id__in=clerk_units)
    if leader_units:
        audience |= Q(audience=A.LEADER, unit_id__in=leader_units)
    office_regions = policy.region_ids("progress.review")
    if office_regions:
        audience |= Q(audience=A.OFFICE, region_id__in=office_regions)
    return qs.filter(audience)


# The badge counts at most this many (shown as "999+"): a county office with
# years of unread reminders would otherwise count them all on every page.
UNREAD_BADGE_LIMIT = 999


def unread_count(policy: Policy) -> int:
    """Unread notifications plus finished exports not yet downloaded, in one
    COUNT of at most ``UNREAD_BADGE_LIMIT + 1`` rows."""
    if not policy.is_authenticated:
        return 0
    from fazhi.core.exports import ready_for

    exports = ready_for(policy.user).order_by().values_list("pk")
    if not policy.has_role(*READER_ROLES):
        return exports[:UNREAD_BADGE_LIMIT + 1].count()
    unread = for_person(policy).filter(read_at__isnull=True).order_by().values_list("pk")
    return unread.union(exports, all=True)[:UNREAD_BADGE_LIMIT + 1].count()


def badge(count: int) -> str:
    """The unread badge's text: the number, "999+" past the limit, "" for none."""
    if not count:
        return ""
    return f"{UNREAD_BADGE_LIMIT}+" if count > UNREAD_BADGE_LIMIT else str(count)


def send(rows: Iterable[tuple[object, str, str, str, str]]) -> list:
    """Write notifications — (unit, kind, audience, message, link) each — and
    hand them to every configured channel (SMS, IM …) like the reminders."""
    from fazhi.registers import reminders

    Notification = _model()
    today = timezone.localdate()
    created = Notification.objects.bulk_create(
        Notification(unit=unit, region_id=unit.region_id, kind=kind, audience=audience,
                     message=message[:300], link=link, created_on=today)
        for unit, kind, audience, message, link in rows)
    if created:
        for channel in reminders.channels():
            try:
                channel.deliver(created)
            except Exception:  # one channel failing must not stop the others
                log.exception("notification channel %s failed", type(channel).__name__)
    return created


# ------------------------------------------------------------------ pages
# The inbox counts at most this many, like the badge (999+): a county office's
# years of reminders were counted up to the lists' 10,000 on every visit.
INBOX_COUNT_LIMIT = UNREAD_BADGE_LIMIT + 1
INBOX_BEYOND = "更早的提醒请点表头“提醒日期”改为从早到晚排列查看，或按类型、单位排序。"

def _columns() -> list[Column]:
    return [
        # sorted by id: newest first within a day too (ids grow with time)
        Column("date", "提醒日期", lambda n: n.created_on, sort="id", width=12),
        Column("kind", "类型", lambda n: n.get_kind_display(), sort="kind", width=14),
        Column("unit", "单位", lambda n: str(n.unit), sort="unit__name", width=18),
        Column("message", "内容", lambda n: n.message, width=60),
        Column("read", "状态", lambda n: "已读" if n.read_at else "未读", sort="read_at", width=8),
    ]


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Everything the person has been told: workflow steps, 催办, deadlines."""
    qs = for_person(request.policy).select_related("unit", "deadline__case")
    show = request.GET.get("show", "unread")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    table = Table(request, qs, _columns(), default_sort="-date", max_count=INBOX_COUNT_LIMIT,
                  beyond=INBOX_BEYOND)
    from fazhi.core.exports import keep_days, recent_for

    # The person's own background exports (newest ten) above the reminders.
    exports = list(recent_for(request.user).order_by("-created_at", "-id")[:10])
    return render(request, "core/notification_list.html", {
        "table": table, "show": show, "exports": exports, "keep_days": keep_days()})


def _target(notification) -> str:  # noqa: ANN001
    if notification.link:
        return notification.link
    if notification.deadline_id:
        case = notification.deadline.case
        from django.urls import reverse

        return reverse("registers:case_detail", args=[case.register, case.pk])
    return ""


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks one notification read and opens what it is about."""
    notification = get_object_or_404(for_person(request.policy).select_related("deadline__case"),
                                     pk=pk)
    type(notification).objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now())
    target = _target(notification)
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}):
        return redirect("notifications")
    return redirect(target or "notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    for_person(request.policy).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")
