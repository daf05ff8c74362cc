"""Who may see and do what: the one place where access is decided.

Every view, export, indicator and API call asks the request's ``Policy``:
``policy.scope(queryset)`` filters rows to what the person may see, and
``policy.can(permission, obj)`` answers whether they may act on a record.
Models say how they are scoped with two class attributes, both lookup paths:

* ``SCOPE_REGION``: path to the county (Region) the row belongs to;
* ``SCOPE_UNIT``: path to the Unit the row belongs to (None when the row
  belongs to the county as a whole, e.g. a plan; unit roles then see it
  through ``SCOPE_UNIT_VIA`` if set, else not at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q

from .models import Membership, Region, Role, Unit

# Permission → roles that hold it (within their unit or region).
BUSINESS_READ_ROLES = {Role.OFFICE_ADMIN, Role.UPPER_VIEWER, Role.CLERK, Role.LEADER}
PERMISSIONS: dict[str, set[str]] = {
    "plan.manage": {Role.OFFICE_ADMIN},
    "progress.edit": {Role.CLERK},
    "progress.approve": {Role.LEADER},
    "progress.review": {Role.OFFICE_ADMIN},
    "register.edit": {Role.CLERK, Role.OFFICE_ADMIN},
    "register.manage": {Role.OFFICE_ADMIN},
    "indicators.view": {Role.OFFICE_ADMIN, Role.UPPER_VIEWER, Role.CLERK, Role.LEADER},
    "indicators.manage": {Role.OFFICE_ADMIN},  # targets, recomputation
    "indicators.report": {Role.CLERK},  # hand-reported figures: fill in, submit
    "indicators.approve": {Role.LEADER},  # … approve for the unit
    "indicators.review": {Role.OFFICE_ADMIN},  # … accept or return
    "assessment.manage": {Role.OFFICE_ADMIN},  # schemes, hand scores, rulings, closing
    "assessment.view": {Role.OFFICE_ADMIN, Role.UPPER_VIEWER, Role.CLERK, Role.LEADER},
    "assessment.object": {Role.CLERK, Role.LEADER},  # a unit objects to an item
    "reports.manage": {Role.OFFICE_ADMIN},  # compose, edit, sign off, publish the annual report
    "reports.view": {Role.OFFICE_ADMIN, Role.UPPER_VIEWER},
    "reports.contribute": {Role.CLERK, Role.LEADER},  # a unit writes the paragraphs asked of it
    "analysis.upload": {Role.OFFICE_ADMIN, Role.UPPER_VIEWER},
    "analysis.view": {Role.OFFICE_ADMIN, Role.UPPER_VIEWER},
    "org.manage": {Role.SYSTEM_ADMIN},
    "calendar.manage": {Role.SYSTEM_ADMIN},
    "role.manage": {Role.SECURITY_ADMIN},
    "audit.view": {Role.AUDIT_ADMIN},
}


class AccessDenied(PermissionDenied):
    """Raised with a Chinese message that says why."""


@dataclass
class Policy:
    user: object
    memberships: list[Membership] = field(default_factory=list)

    @classmethod
    def for_user(cls, user: object) -> Policy:
        if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
            return cls(user=user)
        memberships = list(
            Membership.objects.filter(user=user, is_active=True, user__is_active=True)
            .select_related("unit__region", "region")
        )
        return cls(user=user, memberships=memberships)

    # -- who is this ------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def _regions(self, roles: set[str]) -> list[Region]:
        return [m.region for m in self.memberships if m.role in roles and m.region_id]

    def _units(self, roles: set[str]) -> list[Unit]:
        return [m.unit for m in self.memberships if m.role in roles and m.unit_id]

    def units_with_role(self, role: str) -> list[Unit]:
        return self._units({role})

    @cached_property
    def unit_ids(self) -> set[int]:
        return {u.pk for u in self._units({Role.CLERK, Role.LEADER})}

    @cached_property
    def units(self) -> list[Unit]:
        return self._units({Role.CLERK, Role.LEADER})

    @cached_property
    def home_region(self) -> Region | None:
        """The county (or higher region) this person mainly works in."""
        for m in self.memberships:
            return m.scope_region
        return None

    @cached_property
    def counties(self) -> list[Region]:
        """Counties whose business data this person may read."""
        regions = self._regions({Role.OFFICE_ADMIN, Role.UPPER_VIEWER})
        result = {u.region for u in self.units}
        if regions:
            q = Q()
            for r in regions:
                q |= Q(path__startswith=r.path)
            result |= set(Region.objects.filter(q, level=Region.Level.COUNTY))
        return sorted(result, key=lambda r: r.path)

    @property
    def role_label(self) -> str:
        return "、".join(sorted({m.get_role_display() for m in self.memberships}))

    @property
    def unit_label(self) -> str:
        return "、".join(sorted({str(m.unit or m.region) for m in self.memberships}))

    # -- what may they see --------------------------------------------------
    def _region_q(self, path: str | tuple[str, ...], roles: set[str]) -> Q | None:
        regions = self._regions(roles)
        if not regions:
            return None
        paths = (path,) if isinstance(path, str) else path
        # ``region IN (SELECT id FROM region WHERE path LIKE 'x%')``: the rows'
        # own region column is compared, so the planner can use the indexes
        # that start with it (a join on region.path LIKE left them unused).
        # A county has no regions below it: its id is compared directly
        # (``region_id = 5``), so an index (register, region, started_on) also
        # gives the list its order and the first page is read without a sort.
        counties = sorted(r.pk for r in regions if r.level == Region.Level.COUNTY)
        within = Q()
        for r in regions:
            if r.level != Region.Level.COUNTY:
                within |= Q(path__startswith=r.path)
        q = Q()
        for p in paths:
            if counties:
                q |= Q(**{f"{p}__in": counties})
            if within:
                q |= Q(**{f"{p}__in": Region.objects.filter(within).values("pk")})
        return q

    def region_ids(self, permission: str) -> list[int]:
        """Ids of every region (and its descendants) where ``permission`` is held."""
        regions = self._regions(PERMISSIONS[permission])
        if not regions or not self.is_authenticated:
            return []
        q = Q()
        for r in regions:
            q |= Q(path__startswith=r.path)
        return list(Region.objects.filter(q).values_list("pk", flat=True))

    def scope(self, qs: models.QuerySet, roles: set[str] | None = None) -> models.QuerySet:
        """Rows of ``qs`` that this person may read (business records)."""
        model = qs.model
        region_path = getattr(model, "SCOPE_REGION", None)
        unit_path = getattr(model, "SCOPE_UNIT", None) or getattr(model, "SCOPE_UNIT_VIA", None)
        if region_path is None and unit_path is None:
            raise TypeError(f"{model.__name__} does not declare SCOPE_REGION/SCOPE_UNIT")
        if not self.is_authenticated:
            return qs.none()
        roles = roles or BUSINESS_READ_ROLES
        condition = Q(pk__in=[])
        if region_path is not None:
            region_q = self._region_q(region_path, roles & {Role.OFFICE_ADMIN, Role.UPPER_VIEWER})
            if region_q is not None:
                condition |= region_q
        unit_roles = roles & {Role.CLERK, Role.LEADER}
        if unit_path is not None and unit_roles:
            ids = [u.pk for u in self._units(unit_roles)]
            if ids:
                if _is_multivalued(model, unit_path):
                    # A path through a reverse relation (a plan's tasks' units)
                    # would repeat rows; a semi-join keeps one row each without
                    # SELECT DISTINCT (which forced a sort of the whole result
                    # and put every ordered column into GROUP BYs).
                    condition |= Q(pk__in=model._default_manager.filter(
                        **{f"{unit_path}__in": ids}).values("pk"))
                else:
                    condition |= Q(**{f"{unit_path}__in": ids})
        return qs.filter(condition)

    def scope_regions(self, qs: models.QuerySet, permission: str) -> models.QuerySet:
        """Configuration rows (units, groups, memberships, audit) in regions
        where this person holds ``permission``."""
        roles = PERMISSIONS[permission]
        path = getattr(qs.model, "SCOPE_REGION", None)
        region_q = self._region_q(path, roles) if path else None
        if not self.is_authenticated or region_q is None:
            return qs.none()
        return qs.filter(region_q)

    # -- what may they do ---------------------------------------------------
    def can(self, permission: str, obj: models.Model | None = None) -> bool:
        roles = PERMISSIONS.get(permission)
        if roles is None:
            raise KeyError(f"unknown permission {permission!r}")
        if not self.is_authenticated or not (self.roles & roles):
            return False
        if obj is None:
            return True
        return self._covers(obj, roles)

    def _covers(self, obj: models.Model, roles: set[str]) -> bool:
        unit_path = getattr(type(obj), "SCOPE_UNIT", None)
        unit_ids = {u.pk for u in self._units(roles)}
        if unit_ids and unit_path and _follow_id(obj, unit_path) in unit_ids:
            return True
        region_paths = getattr(type(obj), "SCOPE_REGION", None)
        if isinstance(region_paths, str) or region_paths is None:
            region_paths = (region_paths,)
        regions = self._regions(roles)
        if not regions:
            return False
        # By id first (no query for the row's own region column): a region
        # under one of the person's regions is covered. Otherwise the region is
        # read and its path compared, which is always right.
        within = self._region_ids_under(frozenset(roles))
        for p in region_paths:
            if _follow_id(obj, p) in within:
                return True
        region = next((r for r in (_follow(obj, p) for p in region_paths) if r is not None), None)
        if region is not None:
            for r in regions:
                if region.path.startswith(r.path):
                    return True
        return False

    def _region_ids_under(self, roles: frozenset[str]) -> set[int]:
        """Ids of the regions under the person's regions for ``roles`` (one
        query per policy and set of roles; a policy lives for one request)."""
        cache = self.__dict__.setdefault("_region_ids_cache", {})
        if roles not in cache:
            q = Q()
            for r in self._regions(set(roles)):
                q |= Q(path__startswith=r.path)
            cache[roles] = set(Region.objects.filter(q).values_list("pk", flat=True)) if q else set()
        return cache[roles]

    def require(self, permission: str, obj: models.Model | None = None, message: str = "") -> None:
        if not self.can(permission, obj):
            raise AccessDenied(message or "您没有执行此操作的权限。")

    def can_view(self, obj: models.Model) -> bool:
        return self.scope(type(obj)._default_manager.filter(pk=obj.pk)).exists()


def _is_multivalued(model: type[models.Model], path: str) -> bool:
    """Whether ``path`` crosses a one-to-many or many-to-many relation."""
    if path == "pk":
        return False
    current = model
    for part in path.split("__"):
        field = current._meta.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        if field.related_model is None:
            return False
        current = field.related_model
    return False


def _follow_id(obj: models.Model, path: str | None) -> object:
    """The primary key at the end of ``path`` without a query when the path is
    one foreign key of ``obj`` (``unit`` → ``obj.unit_id``); else followed."""
    if not path:
        return None
    if path == "pk":
        return obj.pk
    if "__" not in path:
        try:
            field = type(obj)._meta.get_field(path)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.many_to_one:
            return getattr(obj, field.attname)
    target = _follow(obj, path)
    return target.pk if target is not None else None


def _follow(obj: models.Model, path: str | None) -> models.Model | None:
    if not path:
        return None
    if path == "pk":  # the row is itself the unit
        return obj
    value: object = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value  # type: ignore[return-value]
