"""Pieces every register's figures share: the case source of a register."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from fazhi.indicators.engine import Source

from .models import Case

CASE_COLUMNS: tuple[tuple[str, object], ...] = (
    ("编号", "number"),
    ("事由", "title"),
    ("承办单位", lambda c: c.unit.short_name or c.unit.name),
    ("收到（立案）日期", "started_on"),
    ("办结日期", "closed_on"),
)


def case_link(case: Case) -> str:
    return reverse("registers:case_detail", args=[case.register, case.pk])


def case_source(register: str, label: str, *, state_label: object) -> Source:
    """The cases of one register as the records behind its figures."""

    def queryset() -> models.QuerySet:
        return Case.objects.filter(register=register)

    return Source(
        key=register, label=label, queryset=queryset,
        columns=(*CASE_COLUMNS, ("状态", state_label)),
        link=case_link, select_related=("unit",),
    )
