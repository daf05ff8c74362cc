"""Reads of read-only pages from a replica database (FAZHI_REPLICA_DATABASE_URL).

With the setting, ``DATABASES`` has a ``replica`` alias and the settings add
``ReplicaRouter`` and ``ReplicaReadsMiddleware``. A view marked with
``@replica_reads`` (lists, overviews, statistics) reads from the replica when
it answers a GET or HEAD request; everything else reads from ``default``:
other views, POSTs, reads inside a transaction and every read after the
request's first write (so a page never shows less than what it just wrote).
Writes and migrations always go to ``default``. Without the setting none of
this is installed and the decorator only marks the view (docs/scale.md).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
READ_METHODS = ("GET", "HEAD")


@dataclass
class _RequestReads:
    """The current request's permission to read the replica, and whether it has written."""

    replica: bool = False
    wrote: bool = False


_current: contextvars.ContextVar[_RequestReads | None] = contextvars.ContextVar("fazhi_replica_reads",
                                                                               default=None)


def replica_reads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose GET requests only read and tolerate a replica's lag."""
    view.replica_reads = True  # type: ignore[attr-defined]
    return view


class ReplicaReadsMiddleware:
    """Opens a request's read state; a marked view's GET may then read the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(_RequestReads())
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        state = _current.get()
        # The view's mark may sit on a decorated wrapper (login_required keeps
        # the function's attributes through functools.wraps).
        if state is not None and request.method in READ_METHODS and getattr(view, "replica_reads", False):
            state.replica = True


class ReplicaRouter:
    """Reads to ``replica`` only while a marked GET runs, before any write and
    outside transactions; writes, relations and migrations on ``default``."""

    def choose_read(self) -> str:
        """Where the current read should go, were a replica configured."""
        state = _current.get()
        if state is not None and state.replica and not state.wrote \
                and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_read(self, model: type, **hints: Any) -> str:
        # Explicit "default" otherwise: an object read from the replica earlier
        # in the request would else draw its related rows from there too.
        return REPLICA if REPLICA in connections and self.choose_read() == REPLICA else "default"

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _current.get()
        if state is not None:
            state.wrote = True
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"
