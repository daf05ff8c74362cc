"""三员分立 (separation of the three administrator duties), one rule set for
every path that gives a person a role: the grant form, the toggle, the Django
admin, commands, imports and the demo loader all end in ``Membership.save``,
which calls ``check_holder``; the grant pages also call ``check_grantor``.

Rules (等保2.0 三级):
* one person never holds two of the three administrator roles;
* nor an administrator role together with any business role;
* the security administrator grants business roles only, never to an
  administrator (follows from the first two) and never to itself;
* administrator roles are granted by the national (super) administrator.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .models import Role

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)

TWO_ADMIN_ROLES = "系统管理员、安全管理员、安全审计员须由不同人员担任（三员分立）。"
ADMIN_AND_BUSINESS = "管理员角色不得与业务角色由同一人兼任（三员分立）。"
NOT_YOURSELF = "不能为自己授予、停用或启用角色。"
ADMIN_BY_NATIONAL = "管理员角色只能由全国（超级）管理员授予。"


def conflict(user_id: int, role: str, *, exclude_pk: int | None = None) -> str | None:
    """Why ``user_id`` may not hold ``role`` beside their other active roles, or None."""
    from .models import Membership

    held = set(Membership.objects.filter(user_id=user_id, is_active=True)
               .exclude(pk=exclude_pk).values_list("role", flat=True))
    if role in ADMIN_ROLES:
        if held & (ADMIN_ROLES - {role}):
            return TWO_ADMIN_ROLES
        if held & BUSINESS_ROLES:
            return ADMIN_AND_BUSINESS
    elif held & ADMIN_ROLES:
        return ADMIN_AND_BUSINESS
    return None


def check_holder(membership: Any) -> None:
    """Raise ValidationError when an active ``membership`` would break the rules.
    Called by ``Membership.save`` under a lock on the person's row, so two
    concurrent grants to one person are checked one after the other."""
    if not membership.is_active:
        return
    reason = conflict(membership.user_id, membership.role, exclude_pk=membership.pk)
    if reason:
        raise ValidationError(reason, code="separation_of_duties")


def check_grantor(grantor: Any, membership: Any) -> None:
    """Raise ValidationError unless ``grantor`` may grant, revoke or restore
    ``membership`` (the region scope is checked by the policy beforehand)."""
    if getattr(grantor, "is_superuser", False):
        return
    if grantor is not None and membership.user_id == grantor.pk:
        raise ValidationError(NOT_YOURSELF, code="self_grant")
    if membership.role in ADMIN_ROLES:
        raise ValidationError(ADMIN_BY_NATIONAL, code="admin_by_national")
