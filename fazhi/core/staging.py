"""Records built in memory first, written to the database later in bulk.

A large import replays every row through the same actions as the web forms
(fazhi.registers.actions), but while a ``Staging`` is active the engine
creates the new case, its detail, events, deadlines and audit entries as
unsaved objects kept here instead of one INSERT/UPDATE/SELECT at a time:
reads of a staged case's own rows (its open deadlines, its last event …) are
answered from these lists. ``flush`` then writes a batch with one
``bulk_create`` per model, fixing the foreign keys, the case numbers (from
the row-locked counter, a range at once) and the audit chain.

Only objects without a primary key are staged: a staged case is always new,
so every row it owns is new too. Code that would query or save a staged
object directly fails loudly (Django refuses unsaved related objects), so a
handler not written for staging cannot write half a row.
"""

from __future__ import annotations

import contextvars
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.utils import timezone

_active: contextvars.ContextVar[Staging | None] = contextvars.ContextVar("staging", default=None)
_order = itertools.count()  # creation order of staged objects (stands in for the id)


def active() -> Staging | None:
    return _active.get()


def of(obj: models.Model | None) -> Staging | None:
    """The active staging if ``obj`` is one of its (unsaved) objects."""
    st = _active.get()
    if st is None or obj is None or obj.pk is not None:
        return None
    return st


def memo(key: Any, build: Callable[[], Any]) -> Any:
    """``build()`` once per staging (the calendar, a county's unit names …);
    without a staging, every call builds."""
    st = _active.get()
    if st is None:
        return build()
    if key not in st.cache:
        st.cache[key] = build()
    return st.cache[key]


_FIELDS: dict[tuple[type, str], list] = {}


def _fields(model: type[models.Model], kind: str) -> list:
    """A model's auto_now / auto_now_add / relation fields (looked up once)."""
    key = (model, kind)
    if key not in _FIELDS:
        fields = model._meta.concrete_fields
        _FIELDS[key] = [f for f in fields if (
            getattr(f, "auto_now", False) if kind == "now"
            else getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            if kind == "add" else f.is_relation)]
    return _FIELDS[key]


def _touch(obj: models.Model, add: bool) -> None:
    """What ``save`` would set: auto_now (and auto_now_add when created)."""
    fields = _fields(type(obj), "add" if add else "now")
    if fields:
        now = timezone.now()
        for field in fields:
            setattr(obj, field.attname, now)


def create(model: type[models.Model], **fields: Any) -> models.Model:
    """``model.objects.create(**fields)``, or an unsaved object kept by the
    active staging."""
    st = _active.get()
    if st is None:
        return model._default_manager.create(**fields)
    obj = model(**fields)
    st.add(obj)
    return obj


def insert(obj: models.Model) -> None:
    """``obj.save()`` of a new object, or kept by the active staging."""
    st = _active.get()
    if st is None:
        obj.save()
    else:
        st.add(obj)


def save(obj: models.Model, update_fields: Iterable[str] | None = None) -> None:
    """``obj.save(update_fields=…)``; a staged object only records the time."""
    if of(obj) is not None:
        _touch(obj, add=False)
        return
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)


def children(parent: models.Model, model: type[models.Model]) -> list[models.Model]:
    """The staged rows of ``model`` whose foreign key points at ``parent``, in
    the order created."""
    st = of(parent)
    return [] if st is None else list(st.by_parent.get((id(parent), model), ()))


def order_of(obj: models.Model) -> int:
    """Creation order of a staged object (the id's stand-in when sorting)."""
    return getattr(obj, "_staged_order", 0)


class Staging:
    """The unsaved objects of a batch in creation order, their index by parent,
    the prepared audit entries and per-batch caches."""

    def __init__(self) -> None:
        self.objects: list[models.Model] = []
        self.by_parent: dict[tuple[int, type], list[models.Model]] = defaultdict(list)
        self.audit: list[dict[str, Any]] = []
        self.cache: dict[Any, Any] = {}

    def add(self, obj: models.Model) -> None:
        _touch(obj, add=True)
        obj._staged_order = next(_order)  # type: ignore[attr-defined]
        self.objects.append(obj)
        for field in _fields(type(obj), "rel"):
            if field.is_cached(obj):
                parent = getattr(obj, field.name)
                if parent is not None and parent.pk is None:
                    self.by_parent[(id(parent), type(obj))].append(obj)

    @contextmanager
    def activate(self) -> Iterator[Staging]:
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    def mark(self) -> tuple[int, int]:
        return len(self.objects), len(self.audit)

    def rollback(self, mark: tuple[int, int]) -> None:
        """Forget what a refused row staged (its savepoint, in effect)."""
        n_objects, n_audit = mark
        for obj in self.objects[n_objects:]:
            for field in obj._meta.concrete_fields:
                if field.is_relation and field.is_cached(obj):
                    parent = getattr(obj, field.name)
                    rows = self.by_parent.get((id(parent), type(obj)))
                    if rows and obj in rows:
                        rows.remove(obj)
        del self.objects[n_objects:]
        del self.audit[n_audit:]

    def take(self) -> tuple[list[models.Model], list[dict[str, Any]]]:
        """The staged objects and audit entries so far, emptied from here
        (the caches stay)."""
        objects, audit = self.objects, self.audit
        self.objects, self.audit = [], []
        self.by_parent = defaultdict(list)
        return objects, audit


def write(objects: list[models.Model]) -> None:
    """``bulk_create`` per model (fazhi.core.bulk_insert), parents first, so
    that each child's foreign key gets its parent's new id (taken from the
    cached parent)."""
    from .bulk_insert import insert_new

    groups: dict[type, list[models.Model]] = defaultdict(list)
    for obj in objects:
        groups[type(obj)].append(obj)
    done: set[type] = set()
    pending = list(groups)
    while pending:
        for model in pending:
            deps = {f.related_model for f in model._meta.concrete_fields
                    if f.is_relation and f.related_model in groups and f.related_model is not model}
            if deps <= done:
                break
        else:  # a cycle: cannot happen with the registers' models
            raise RuntimeError(f"staged models depend on each other: {pending}")
        insert_new(model, groups[model])
        done.add(model)
        pending.remove(model)
