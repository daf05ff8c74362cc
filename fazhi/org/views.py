"""Configuration pages of the separated administrators (三员分立):
the system administrator keeps units, groups and accounts; the security
administrator grants roles. Neither sees business records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.audit import service as audit
from fazhi.core.actions import Actor, SaveRecord
from fazhi.core.tables import Column, Table

from .duties import check_grantor
from .forms import MembershipForm, UnitForm, UnitGroupForm, UserForm
from .models import Account, Membership, Region, Unit, UnitGroup

User = get_user_model()


def scoped_users(request: HttpRequest, permission: str):  # noqa: ANN201
    """Accounts of the regions where the person holds ``permission``: those
    created there, and those holding a role there."""
    ids = request.policy.region_ids(permission)
    return User.objects.filter(
        Q(account__region__pk__in=ids)
        | Q(memberships__region__pk__in=ids)
        | Q(memberships__unit__region__pk__in=ids)
    ).distinct()


def _regions(request: HttpRequest, permission: str):  # noqa: ANN202
    ids = request.policy.region_ids(permission)
    if not ids:
        raise PermissionDenied("您没有管理此项配置的权限。")
    return Region.objects.filter(pk__in=ids)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    regions = _regions(request, "org.manage")
    units = request.policy.scope_regions(Unit.objects.select_related("region"), "org.manage")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(aliases__icontains=q))
    kind = request.GET.get("kind", "")
    if kind:
        units = units.filter(kind=kind)
    columns = [
        Column("region", "县（市、区）", lambda u: u.region.name, sort="region__name"),
        Column("name", "全称", lambda u: u.name, sort="name", width=30),
        Column("short_name", "简称", lambda u: u.short_name, sort="short_name", width=20),
        Column("kind", "类型", lambda u: u.get_kind_display(), sort="kind"),
        Column("enforcement", "行政执法部门", lambda u: "是" if u.is_law_enforcement else "否"),
        Column("active", "启用", lambda u: "是" if u.is_active else "否", sort="is_active"),
    ]
    table = Table(request, units, columns, default_sort="name", per_page=50)
    if request.GET.get("export") == "xlsx":
        return table.export("单位.xlsx", "单位")
    groups = request.policy.scope_regions(UnitGroup.objects.all(), "org.manage").annotate(
        n=Count("explicit_members"))
    return render(request, "org/unit_list.html", {
        "table": table, "groups": groups, "kinds": Unit.Kind.choices, "regions": regions})


@login_required
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    regions = _regions(request, "org.manage")
    unit = get_object_or_404(Unit, pk=pk, region__in=regions) if pk else None
    form = UnitForm(request.POST or None, instance=unit, regions=regions)
    if request.method == "POST" and form.is_valid():
        SaveRecord(Actor.from_request(request), form, "org.manage").execute()
        messages.success(request, "单位已保存。")
        return redirect("org:unit_list")
    return render(request, "org/form.html", {"form": form, "title": "修改单位" if unit else "新增单位",
                                             "back": "org:unit_list"})


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    regions = _regions(request, "org.manage")
    group = get_object_or_404(UnitGroup, pk=pk, region__in=regions) if pk else None
    form = UnitGroupForm(request.POST or None, instance=group, regions=regions)
    if request.method == "POST" and form.is_valid():
        SaveRecord(Actor.from_request(request), form, "org.manage").execute()
        messages.success(request, "单位组合已保存。")
        return redirect("org:unit_list")
    members = group.members() if group else []
    return render(request, "org/form.html", {
        "form": form, "title": "修改单位组合" if group else "新增单位组合", "back": "org:unit_list",
        "members": members})


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _regions(request, "org.manage")
    users = scoped_users(request, "org.manage")
    columns = [
        Column("username", "用户名", lambda u: u.username, sort="username"),
        Column("name", "姓名", lambda u: u.first_name, sort="first_name"),
        Column("active", "启用", lambda u: "是" if u.is_active else "否", sort="is_active"),
        Column("joined", "创建时间", lambda u: u.date_joined, sort="date_joined"),
    ]
    table = Table(request, users, columns, default_sort="username", per_page=50)
    return render(request, "org/user_list.html", {"table": table})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _regions(request, "org.manage")
    form = UserForm(request.POST or None, regions=_regions(request, "org.manage"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            user = User(username=d["username"], first_name=d["full_name"], is_active=d["is_active"])
            user.set_password(d["password"])
            user.save()
            policy = request.policy
            Account.objects.create(user=user, region=d["region"], must_change_password=True)
            audit.record(actor=request.user, action="user.create", obj=user,
                         after=audit.snapshot(user), role=policy.role_label, unit=policy.unit_label,
                         region_id=d["region"].pk)
        messages.success(request, f"账号 {user.username} 已创建，请由安全管理员授予角色。")
        return redirect("org:user_list")
    return render(request, "org/form.html", {"form": form, "title": "新增账号", "back": "org:user_list"})


@login_required
def membership_list(request: HttpRequest) -> HttpResponse:
    regions = _regions(request, "role.manage")
    memberships = request.policy.scope_regions(
        Membership.objects.select_related("user", "unit", "region"), "role.manage")
    role = request.GET.get("role", "")
    if role:
        memberships = memberships.filter(role=role)
    columns = [
        Column("user", "人员", lambda m: f"{m.user.first_name}（{m.user.username}）", sort="user__username"),
        Column("role", "角色", lambda m: m.get_role_display(), sort="role"),
        Column("scope", "单位/地区", lambda m: str(m.unit or m.region)),
        Column("active", "有效", lambda m: "是" if m.is_active else "否", sort="is_active"),
    ]
    table = Table(request, memberships, columns, default_sort="user", per_page=50)
    form = MembershipForm(request.POST or None, regions=regions,
                          users=scoped_users(request, "role.manage"), grantor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            SaveRecord(Actor.from_request(request), form, "role.manage").execute()
        except ValidationError as exc:  # a concurrent grant to the same person won the lock
            form.add_error(None, exc)
        else:
            messages.success(request, "角色已授予。")
            return redirect("org:membership_list")
    return render(request, "org/membership_list.html", {"table": table, "form": form,
                                                        "roles": Membership._meta.get_field("role").choices})


@login_required
@require_POST
def membership_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    _regions(request, "role.manage")
    membership = get_object_or_404(
        request.policy.scope_regions(Membership.objects.all(), "role.manage"), pk=pk)
    try:
        # Revoking and restoring follow the grant rules: never one's own role, never an
        # administrator role; restoring is refused when the person took another role since.
        check_grantor(request.user, membership)
        with transaction.atomic():
            before = audit.snapshot(membership)
            membership.is_active = not membership.is_active
            membership.save(update_fields=["is_active"])
            policy = request.policy
            audit.record(actor=request.user,
                         action="membership.restore" if membership.is_active else "membership.revoke",
                         obj=membership, before=before, after=audit.snapshot(membership),
                         role=policy.role_label, unit=policy.unit_label,
                         region_id=membership.scope_region.pk)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("org:membership_list")
    messages.success(request, "已启用该角色。" if membership.is_active else "已停用该角色。")
    return redirect("org:membership_list")
