"""Template helpers of 报告解读."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def can(policy: Any, permission: str) -> bool:
    """{% if policy|can:"analysis.view" %}: the policy's answer, in a template."""
    return bool(
        policy is not None and getattr(policy, "is_authenticated", False) and policy.can(permission)
    )
