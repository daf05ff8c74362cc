"""Writing audit entries. Called by the one write path (fazhi.core.actions)
and by the admin; never by hand elsewhere."""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

SKIPPED_FIELDS = {"password", "last_login"}


def _json_safe(value: Any) -> Any:
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
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        data[field.attname] = _json_safe(getattr(obj, field.attname))
    return data


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


def _field_labels(obj: models.Model) -> dict[str, str]:
    return {f.attname: str(f.verbose_name) for f in obj._meta.concrete_fields}


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    role: str = "",
    unit: str = "",
    region_id: int | None = None,
) -> AuditEntry:
    """Append one entry. ``before``/``after`` are snapshots (None for create/delete)."""
    changes = diff(before, after)
    labels = _field_labels(obj)
    labelled = {key: {"label": labels.get(key, key), "old": old, "new": new}
                for key, (old, new) in changes.items()}
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "系统",
        user_display=(user.get_full_name() or user.get_username()) if user else "系统",
        role=role,
        unit=unit,
        action=action,
        model=obj._meta.label_lower,
        model_label=str(obj._meta.verbose_name),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=labelled,
        note=note,
        region_id_value=region_id,
    )
