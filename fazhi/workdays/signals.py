"""Signals of the working-day calendar.

``calendar_changed`` is sent, after the transaction has committed, whenever the
holiday data of one or more years changes (``fazhi load_holidays`` or a change in
the admin). Keyword argument ``years``: a sorted tuple of the affected years.
Registers connect to it to recompute the open deadlines that fall in those
years::

    from fazhi.workdays.signals import calendar_changed

    def recompute(sender, years, **kwargs):
        ...

    calendar_changed.connect(recompute)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

calendar_changed = Signal()


def send_calendar_changed(years: Iterable[int], sender: object = None) -> None:
    """Send ``calendar_changed`` once the current transaction commits (at once
    outside a transaction), so receivers see the new data."""
    affected = tuple(sorted(set(years)))
    if not affected:
        return
    transaction.on_commit(
        lambda: calendar_changed.send(sender=sender or "fazhi.workdays", years=affected)
    )
