"""Template helpers available in every template (registered as builtins)."""

import datetime

from django import template

register = template.Library()


@register.filter
def cn_date(value: datetime.date | datetime.datetime | None) -> str:
    """2024年3月19日 — the date format of Chinese official documents."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """{{ figures|get_item:code }}: a dictionary lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
