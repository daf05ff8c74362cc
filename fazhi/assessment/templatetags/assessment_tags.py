"""Template helpers of 考核."""

from __future__ import annotations

from decimal import Decimal

from django import template

from fazhi.indicators.services import format_decimal

register = template.Library()


@register.filter
def marks(value: Decimal | int | None) -> str:
    """Points as score sheets print them: 10, 7.5, 0.25 (“—” when none)."""
    return "—" if value is None else format_decimal(value)
