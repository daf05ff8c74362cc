"""Excel for every register: a template with Chinese headers, export of the
scoped list, and import that checks every row and saves all rows or none.

Each register declares its columns (``ExcelColumn``) and how a parsed row
becomes a case (``Register.import_row``), which replays the row's history
through the same actions as the web forms, so deadlines and the audit trail
are the same as if the records had been typed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from openpyxl import load_workbook

if TYPE_CHECKING:
    from fazhi.core.actions import Actor
    from fazhi.core.xlsx import Sheet
    from fazhi.org.models import Region

    from .base import Register


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError as exc:
        raise ValueError(f"日期格式不正确：{value}（应为 2026-03-19）") from exc


def parse_bool(value: Any) -> bool | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if text in ("是", "1", "true", "True", "TRUE", "Y", "y"):
        return True
    if text in ("否", "0", "false", "False", "FALSE", "N", "n"):
        return False
    raise ValueError(f"应填“是”或“否”：{value}")


def parse_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(float(str(value).strip()))
    except ValueError as exc:
        raise ValueError(f"应为整数：{value}") from exc


def choice_parser(choices: list[tuple[str, str]]) -> Callable[[Any], str]:
    """Accepts the Chinese label (as exported) or the code."""
    by_label = {label: value for value, label in choices}
    values = {value for value, _ in choices}

    def parse(value: Any) -> str:
        text = parse_text(value)
        if not text:
            return ""
        if text in values:
            return text
        if text in by_label:
            return by_label[text]
        raise ValueError(f"“{text}”不是可选值，可选：{'、'.join(by_label)}")

    return parse


@dataclass
class ExcelColumn:
    key: str
    header: str
    get: Callable[[Any], Any]  # case → cell value for export
    parse: Callable[[Any], Any] = parse_text
    required: bool = False
    width: int = 16
    note: str = ""  # shown in the template's second sheet


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def workbook_sheets(register: Register, cases: Any = None) -> list[Sheet]:
    """The export's sheets (or, with no cases, the empty template's): the
    cases read lazily, in chunks, as the sheet is written; then the field notes."""
    from fazhi.core.xlsx import Sheet

    columns = register.excel_columns()
    if cases is None:
        items: Any = []
    elif isinstance(cases, QuerySet):
        items = cases.iterator(chunk_size=2000)  # prefetches run per chunk
    else:
        items = cases
    rows = ([_cell(c.get(case)) for c in columns] for case in items)
    headers = [c.header + ("*" if c.required else "") for c in columns]
    notes = [[c.header, "是" if c.required else "", c.note] for c in columns]
    return [Sheet(register.label, headers, rows, [c.width for c in columns]),
            Sheet("填写说明", ["列", "必填", "说明"], notes, [24, 8, 80], body_style=False,
                  counted=False)]


def workbook_bytes(register: Register, cases: Any = None) -> bytes:
    """Export (or, with no cases, the empty template with field notes), written
    as a stream with formula-safe cells, local times and an autofilter."""
    from fazhi.core.xlsx import write_workbook

    buffer = BytesIO()
    write_workbook(buffer, workbook_sheets(register, cases))
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def read_rows(register: Register, data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Parse every row; return (rows, errors). Headers may carry a trailing *."""
    from fazhi.core.uploads import check_archive

    check_archive(data)  # zip-bomb limits before openpyxl inflates anything
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        raise ValidationError("无法读取该文件，请上传由模板填写的 .xlsx 文件。") from exc
    ws = wb.worksheets[0]
    columns = register.excel_columns()
    rows_iter = ws.iter_rows(values_only=True)
    try:
        header = [parse_text(h).rstrip("*") for h in next(rows_iter)]
    except StopIteration as exc:
        raise ValidationError("表格是空的。") from exc
    positions: dict[str, int] = {}
    missing = []
    for column in columns:
        if column.header in header:
            positions[column.key] = header.index(column.header)
        elif column.required:
            missing.append(column.header)
    if missing:
        raise ValidationError(f"表头缺少必填列：{'、'.join(missing)}。请使用下载的模板。")
    rows, errors = [], []
    for number, raw in enumerate(rows_iter, start=2):
        if raw is None or all(v in (None, "") for v in raw):
            continue
        values: dict[str, Any] = {}
        for column in columns:
            pos = positions.get(column.key)
            cell = raw[pos] if pos is not None and pos < len(raw) else None
            try:
                values[column.key] = column.parse(cell)
            except ValueError as exc:
                errors.append((number, f"“{column.header}”：{exc}"))
                continue
            if column.required and values[column.key] in (None, ""):
                errors.append((number, f"“{column.header}”不能为空"))
        rows.append((number, values))
    return rows, errors


def import_workbook(register: Register, data: bytes, region: Region, actor: Actor) -> ImportResult:
    """All rows or none: every row is checked and replayed in one transaction;
    the first refusal rolls everything back and is reported with its row."""
    rows, errors = read_rows(register, data)
    if errors:
        return ImportResult(errors=errors)
    if not rows:
        return ImportResult(errors=[(0, "表格中没有数据行。")])
    result = ImportResult()
    try:
        with transaction.atomic():
            for number, values in rows:
                try:
                    with transaction.atomic():  # a savepoint per row
                        register.import_row(values, region, actor)
                except IntegrityError:
                    result.errors.append((number, "与已有记录冲突（例如编号重复）"))
                    continue
                except (ValidationError, PermissionDenied) as exc:
                    messages = getattr(exc, "messages", None) or [str(exc)]
                    result.errors.append((number, "；".join(messages)))
                    continue
                result.created += 1
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = 0
    return result


class _Rollback(Exception):
    pass


# ------------------------------------------------------------ replaying rows
# A row is replayed through the same forms and actions as the web pages, so an
# imported record passes the same validation, gates and clocks.

def form_value(value: Any) -> Any:
    """A parsed cell as a browser would post it."""
    if value is True:
        return "on"
    if value is False or value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):  # a multiple choice (e.g. 协办单位 by id)
        return [form_value(v) for v in value]
    return str(value)


def form_errors(form: Any) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"“{field.label}”：" if field is not None and name != "__all__" else ""
        out.extend(prefix + str(e) for e in errors)
    return out


def replay_open(register: Register, region: Region, actor: Actor, unit_name: str,
                fields: dict[str, Any]) -> Any:
    """OpenCase for a row: the unit by its name in the county, the register's
    opening form for the fields."""
    from fazhi.org.models import Unit
    from fazhi.org.resolve import NameIndex

    from .base import OpenCase
    from .forms import open_form_class

    unit = NameIndex.for_region(region).resolve(unit_name or "").unit
    if unit is None:
        raise ValidationError(f"“承办单位”：{region.name}没有名为“{unit_name}”的单位。")
    data = {"unit": str(unit.pk), **{k: form_value(v) for k, v in fields.items()}}
    form = open_form_class(register)(data=data, units=Unit.objects.filter(pk=unit.pk))
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return OpenCase(actor, register, region=region, unit=unit, data=form.cleaned_data).execute()


def replay_event(register: Register, case: Any, actor: Actor, key: str,
                 on: datetime.date | None, fields: dict[str, Any]) -> Any:
    """One event of a row, checked by the event's form, through RecordEvent."""
    from .base import RecordEvent
    from .forms import event_form_class

    event = register.event(key)
    if on is None:
        raise ValidationError(f"{event.label}：缺少日期。")
    where = f"{event.label}（{on.isoformat()}）"
    data = {"occurred_on": on.isoformat(), **{k: form_value(v) for k, v in fields.items()}}
    form = event_form_class(register, key)(data=data)
    if not form.is_valid():
        raise ValidationError([f"{where}：{m}" for m in form_errors(form)])
    cleaned = dict(form.cleaned_data)
    cleaned.pop("occurred_on")
    cleaned.pop("files", None)
    note = cleaned.pop("note", "")
    try:
        return RecordEvent(actor, case, register, key, occurred_on=on, data=cleaned,
                           note=note).execute()
    except ValidationError as exc:
        raise ValidationError([f"{where}：{m}" for m in exc.messages]) from exc


def check_state(register: Register, case: Any, expected: str | None) -> None:
    """The row's 状态 column, when filled, must match the replayed result."""
    if expected and case.state != expected:
        raise ValidationError(f"按所填经过办理后状态为“{register.state_label(case.state)}”，"
                              f"与“状态”列的“{register.state_label(expected)}”不一致。")
