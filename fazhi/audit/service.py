"""Writing audit entries. Called by the one write path (fazhi.core.actions)
and by the admin; never by hand elsewhere."""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .models import GENESIS, AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

SKIPPED_FIELDS = {"password", "last_login"}
CHAIN_LOCK_KEY = 7_201_001  # advisory lock id of the audit chain (any fixed number)


_PLAIN = (str, int, float, bool, type(None))  # exact types that are JSON-safe as they are


def _json_safe(value: Any) -> Any:
    if type(value) in _PLAIN:  # the common cases first (a snapshot's values, labels)
        return value
    if type(value) is dict:
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values of obj (foreign keys as their id), JSON-safe."""
    data: dict[str, Any] = {}
    for attname in _snapshot_names(type(obj)):
        value = getattr(obj, attname)
        data[attname] = value if type(value) in _PLAIN else _json_safe(value)
    return data


_SNAPSHOT_NAMES: dict[type, tuple[str, ...]] = {}


def _snapshot_names(model: type[models.Model]) -> tuple[str, ...]:
    """The attnames a snapshot records, in field order (fixed per model)."""
    names = _SNAPSHOT_NAMES.get(model)
    if names is None:
        names = _SNAPSHOT_NAMES[model] = tuple(
            f.attname for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS)
    return names


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    before = before or {}
    after = after or {}
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = [old, new]
    return changes


_LABELS: dict[type, dict[str, str]] = {}


def _field_labels(obj: models.Model) -> dict[str, str]:
    model = type(obj)
    if model not in _LABELS:  # verbose names are fixed per model (Chinese, no translation)
        _LABELS[model] = {f.attname: str(f.verbose_name) for f in obj._meta.concrete_fields}
    return _LABELS[model]


def _chain_lock() -> None:
    """Serialise appends so each entry links to the one committed before it.
    PostgreSQL: a transaction-level advisory lock; SQLite: the write lock that
    every transaction takes at BEGIN (transaction_mode IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def append(**fields: Any) -> AuditEntry:
    """Append one entry at the end of the hash chain (within a transaction)."""
    with transaction.atomic():
        _chain_lock()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(at=timezone.now(), prev_hash=last or GENESIS, **fields)
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


def append_many(entries: list[dict[str, Any]]) -> None:
    """Append prepared entries (``prepare``) at the end of the chain in one
    go, in order: one lookup of the last hash, one hash each, bulk inserts.
    The chain is the same as appending them one by one."""
    from fazhi.core.bulk_insert import insert_new

    if not entries:
        return
    with transaction.atomic():
        _chain_lock()
        prev = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        now = timezone.now()
        rows = []
        for fields in entries:
            entry = AuditEntry(at=fields.pop("at", None) or now, prev_hash=prev, **fields)
            entry.hash = prev = entry.compute_hash()
            rows.append(entry)
        insert_new(AuditEntry, rows)


def record(**kwargs: Any) -> AuditEntry:
    """Append one entry (see ``prepare`` for the arguments)."""
    return append(**prepare(**kwargs))


def labelled_changes(obj: models.Model | None, before: dict[str, Any] | None,
                     after: dict[str, Any] | None) -> dict[str, Any]:
    """{field: {label, old, new}} of what changed, JSON-safe."""
    labels = _field_labels(obj) if obj is not None else {}
    return _json_safe({key: {"label": labels.get(key, key), "old": old, "new": new}
                       for key, (old, new) in diff(before, after).items()})


def prepare(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    role: str = "",
    unit: str = "",
    region_id: int | None = None,
    target: tuple[str, str, str, str] | None = None,
    ip: str | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """The fields of one entry. ``before``/``after`` are snapshots (None for create/delete).
    Without ``obj``, ``target`` names what was acted on: (model, label, id, text)
    — a login attempt for an unknown account, a downloaded file."""
    labelled = labelled_changes(obj, before, after)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if obj is not None:
        model, label, object_id, text = (obj._meta.label_lower, str(obj._meta.verbose_name),
                                         str(obj.pk), str(obj))
    else:
        model, label, object_id, text = target or ("", "", "", "")
    name = user.get_username() if user else (username or "系统")
    return dict(
        user=user,
        username=name[:150],
        user_display=((user.get_full_name() or user.get_username()) if user else name)[:150],
        role=role[:100],
        unit=unit[:200],
        action=action,
        model=model,
        model_label=label,
        object_id=object_id[:64],
        object_repr=text[:300],
        changes=labelled,
        note=note,
        region_id_value=region_id,
        ip=ip,
    )


def visible_entries(user: Any, policy: Any) -> models.QuerySet[AuditEntry]:
    """The entries an auditor may read: those of the regions where they hold
    audit.view; entries without a region (system-wide, unknown accounts) only
    for the national auditor (an auditor of a region without parent, or a superuser)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return AuditEntry.objects.all()
    if policy is None or not policy.can("audit.view"):
        return AuditEntry.objects.none()
    condition = Q(region_id_value__in=policy.region_ids("audit.view"))
    if any(m.region_id and m.region.parent_id is None for m in policy.memberships
           if m.role == "audit_admin"):
        condition |= Q(region_id_value__isnull=True)
    return AuditEntry.objects.filter(condition)


def verify_chain(batch: int = 2000) -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order: (entries checked, first bad entry, why)."""
    expected_prev = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch):
        if entry.prev_hash != expected_prev:
            return checked, entry, "与前一条的链接断开（前一条被删除、插入或修改）"
        if entry.compute_hash() != entry.hash:
            return checked, entry, "内容与其哈希不符（该条被修改）"
        expected_prev = entry.hash
        checked += 1
    return checked, None, ""
