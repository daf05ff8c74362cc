"""Excel columns declared from the detail model: a register lists the detail
fields it exports and imports, and gets the header (the field's verbose name),
the cell (choice labels, 是/否, dates) and the parser (choices by label or code,
dates, 是/否, numbers) from the field. Overrides change any of them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import models

from .excel import ExcelColumn, choice_parser, parse_bool, parse_date, parse_int, parse_text

if TYPE_CHECKING:
    from .base import Register


def parse_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip().replace(",", "").removesuffix("元"))
    except InvalidOperation as exc:
        raise ValueError(f"应为数字：{value}") from exc


def _parser(field: models.Field) -> Callable[[Any], Any]:
    if field.choices:
        return choice_parser([(str(v), str(lbl)) for v, lbl in field.flatchoices])
    if isinstance(field, models.BooleanField):
        return parse_bool
    if isinstance(field, models.DateField):
        return parse_date
    if isinstance(field, models.IntegerField):
        return parse_int
    if isinstance(field, models.DecimalField):
        return parse_decimal
    return parse_text


def _getter(accessor: str, field: models.Field) -> Callable[[Any], Any]:
    name = field.name
    labels = {str(v): str(lbl) for v, lbl in field.flatchoices} if field.choices else None

    def get(case: Any) -> Any:
        value = getattr(getattr(case, accessor), name)
        if labels is not None:
            return labels.get(str(value), "") if value not in (None, "") else ""
        if isinstance(value, datetime.datetime):
            return value.date()
        return value

    return get


def detail_columns(register: Register, names: Iterable[str], *, required: Iterable[str] = (),
                   **overrides: dict[str, Any]) -> list[ExcelColumn]:
    """ExcelColumns for the named fields of the register's detail model."""
    model = register.detail_model
    accessor = register.detail_accessor()
    required = set(required)
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        kwargs: dict[str, Any] = {
            "key": name, "header": str(field.verbose_name), "get": _getter(accessor, field),
            "parse": _parser(field), "required": name in required,
            "width": 30 if isinstance(field, models.TextField) else 16,
            "note": "、".join(str(lbl) for _, lbl in field.flatchoices if _ != "")
            if field.choices else str(field.help_text or ""),
        }
        kwargs.update(overrides.get(name, {}))
        columns.append(ExcelColumn(**kwargs))
    return columns


def case_columns(register: Register, *, unit_header: str = "承办单位",
                 started_header: str = "收到日期", started_note: str = "") -> list[ExcelColumn]:
    """The columns every register starts with: 编号, the unit, 事由, the start date."""
    return [
        ExcelColumn("number", "编号", lambda c: c.number, width=24, note="留空则自动编号"),
        ExcelColumn("unit", unit_header, lambda c: str(c.unit), required=True,
                    note="本县单位的简称或全称"),
        ExcelColumn("title", "事由", lambda c: c.title, required=True, width=30),
        ExcelColumn("started_on", started_header, lambda c: c.started_on, parse_date,
                    required=True, width=12, note=started_note or "如 2026-03-19"),
    ]


def state_columns(register: Register) -> list[ExcelColumn]:
    """The columns every register ends with: 状态 (checked on import), 最近期限."""
    return [
        ExcelColumn("state", "状态", lambda c: register.state_label(c.state),
                    choice_parser(register.state_choices()),
                    note="导入后按办理经过核对，不一致的报错"),
        ExcelColumn("next_due", "最近期限", lambda c: c.next_due, note="导出时填写，导入时不读取"),
    ]
