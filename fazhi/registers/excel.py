"""Excel for every register: a template with Chinese headers, export of the
scoped list, and import that checks every row and saves all rows or none.

Each register declares its columns (``ExcelColumn``) and how a parsed row
becomes a case (``Register.import_row``), which replays the row's history
through the same actions as the web forms, so deadlines and the audit trail
are the same as if the records had been typed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
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


#: Errors listed (the count covers all of them): a 100,000-row file with
#: errors gives a page of the first ones, not megabytes.
MAX_ERRORS = 200
#: Rows staged in memory before a batch is spooled to disk (memory bounded).
BATCH_ROWS = 1000


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0  # all errors found
    rows: int = 0  # data rows read
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.error_count

    def add_error(self, row: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((row, message))

    @property
    def more_errors(self) -> int:
        """Errors found beyond those listed."""
        return max(self.error_count - len(self.errors), 0)


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


@dataclass
class SheetRows:
    """The data rows of an uploaded workbook, read as they are needed
    (openpyxl read-only: one row in memory at a time). ``estimate`` is the
    sheet's declared size (for a progress bar; it may be missing)."""

    rows: Iterator[tuple[int, dict[str, Any], list[tuple[int, str]]]]
    estimate: int | None


def open_rows(register: Register, data: bytes) -> SheetRows:
    """Check the header; then each data row as (row number, parsed values,
    that row's errors). Headers may carry a trailing *."""
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
    try:
        estimate = max((ws.max_row or 1) - 1, 0) if ws.max_row else None
    except Exception:  # noqa: BLE001 - a sheet without dimensions
        estimate = None
    placed = [(column, positions.get(column.key)) for column in columns]

    def parsed() -> Iterator[tuple[int, dict[str, Any], list[tuple[int, str]]]]:
        for number, raw in enumerate(rows_iter, start=2):
            if raw is None or all(v in (None, "") for v in raw):
                continue
            values: dict[str, Any] = {}
            errors: list[tuple[int, str]] = []
            for column, pos in placed:
                cell = raw[pos] if pos is not None and pos < len(raw) else None
                try:
                    values[column.key] = column.parse(cell)
                except ValueError as exc:
                    errors.append((number, f"“{column.header}”：{exc}"))
                    continue
                if column.required and values[column.key] in (None, ""):
                    errors.append((number, f"“{column.header}”不能为空"))
            yield number, values, errors
        wb.close()

    return SheetRows(parsed(), estimate)


def read_rows(register: Register, data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Every row parsed at once: (rows, errors)."""
    rows, errors = [], []
    for number, values, row_errors in open_rows(register, data).rows:
        rows.append((number, values))
        errors.extend(row_errors)
    return rows, errors


Progress = Callable[[str, int, int | None], None]  # (phase, rows done, rows in all)


def import_workbook(register: Register, data: bytes, region: Region, actor: Actor,
                    progress: Progress | None = None, job_id: int | None = None) -> ImportResult:
    """All rows or none. Registers whose handlers support it
    (``Register.bulk_import``) are checked in full first and then written in
    bulk (fazhi.registers.bulk): in one transaction, or, for a background
    job (``job_id``), a transaction per batch with the job's cases deleted if
    it does not finish (fazhi.registers.import_batches). The others row by
    row, in one transaction."""
    if getattr(register, "bulk_import", False):
        return _import_bulk(register, data, region, actor, progress, job_id)
    return _import_rows(register, data, region, actor, progress)


def _row_error(result: ImportResult, number: int, exc: Exception) -> None:
    if isinstance(exc, IntegrityError):
        result.add_error(number, "与已有记录冲突（例如编号重复）")
        return
    messages = getattr(exc, "messages", None) or [str(exc)]
    result.add_error(number, "；".join(messages))


def _import_rows(register: Register, data: bytes, region: Region, actor: Actor,
                 progress: Progress | None = None) -> ImportResult:
    """Every row checked and replayed in one transaction; the first refusal
    rolls everything back and is reported with its row."""
    result = ImportResult()
    rows = []
    sheet = open_rows(register, data)
    for number, values, row_errors in sheet.rows:
        result.rows += 1
        for row, message in row_errors:
            result.add_error(row, message)
        if not row_errors:
            rows.append((number, values))
        if progress is not None and result.rows % 200 == 0:
            progress("check", result.rows, sheet.estimate)
    if result.error_count:
        return result
    if not rows:
        return ImportResult(errors=[(0, "表格中没有数据行。")], error_count=1)
    if progress is not None:  # the last update seen before the transaction
        progress("write", 0, result.rows)
    try:
        with transaction.atomic():
            for number, values in rows:
                try:
                    with transaction.atomic():  # a savepoint per row
                        register.import_row(values, region, actor)
                except (IntegrityError, ValidationError, PermissionDenied) as exc:
                    _row_error(result, number, exc)
                    continue
                result.created += 1
                if progress is not None and result.created % 200 == 0:
                    progress("write", result.created, result.rows)
            if progress is not None and not result.error_count:
                progress("write", result.created, result.rows)  # committed with the records
            if result.error_count:
                raise _Rollback
    except _Rollback:
        result.created = 0
    return result


def _import_bulk(register: Register, data: bytes, region: Region, actor: Actor,
                 progress: Progress | None, job_id: int | None = None) -> ImportResult:
    """Check every row by replaying it in memory (no lock held; each batch of
    staged rows spooled to a temporary file, so memory stays bounded), and
    only if no row failed, write the batches in one transaction."""
    import pickle
    import tempfile
    import time

    from fazhi.core import staging

    from . import import_batches
    from .bulk import write_batch

    result = ImportResult()
    sheet = open_rows(register, data)
    st = staging.Staging()
    batches = 0
    t0, c0 = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as spool:
        with st.activate():
            for number, values, row_errors in sheet.rows:
                result.rows += 1
                for row, message in row_errors:
                    result.add_error(row, message)
                if not row_errors:
                    mark = st.mark()
                    try:
                        register.import_row(values, region, actor)
                    except (IntegrityError, ValidationError, PermissionDenied) as exc:
                        st.rollback(mark)
                        _row_error(result, number, exc)
                if result.error_count:
                    st.take()  # nothing will be written: keep only the errors
                elif result.rows % BATCH_ROWS == 0:
                    pickle.dump(st.take(), spool, protocol=pickle.HIGHEST_PROTOCOL)
                    batches += 1
                if progress is not None and result.rows % 200 == 0:
                    progress("check", result.rows, sheet.estimate)
            if not result.error_count and st.objects:
                pickle.dump(st.take(), spool, protocol=pickle.HIGHEST_PROTOCOL)
                batches += 1
        result.timings["validate"] = time.perf_counter() - t0
        result.timings["validate_cpu"] = time.process_time() - c0
        if result.error_count:
            return result
        if not result.rows:
            return ImportResult(errors=[(0, "表格中没有数据行。")], error_count=1)
        numbers = {(key[1], key[2]): value for key, value in st.cache.items()
                   if isinstance(key, tuple) and key[0] == "case-numbers"}
        if progress is not None:  # the last update seen before the write lock is taken
            progress("write", 0, result.rows)
        t1, c1 = time.perf_counter(), time.process_time()
        spool.seek(0)
        written = 0
        try:
            if job_id is not None:
                written = import_batches.write_committed(spool, batches, numbers, register.key,
                                                         job_id, progress, result.rows,
                                                         result.timings)
            else:
                with transaction.atomic():
                    locked = time.perf_counter()  # SQLite: BEGIN IMMEDIATE took the write lock
                    for _ in range(batches):
                        objects, entries = pickle.load(spool)  # noqa: S301 - our own spool file
                        written += write_batch(objects, entries, numbers, register.key)
                        if progress is not None:
                            progress("write", written, result.rows)
                    committing = time.perf_counter()
                result.timings["lock"] = time.perf_counter() - locked
                result.timings["commit"] = time.perf_counter() - committing
        except IntegrityError:
            # A record registered by someone else between the check and the write.
            return ImportResult(errors=[(0, "导入期间有其他人登记了相同编号的记录，未导入任何记录，"
                                            "请重新导入。")], error_count=1, rows=result.rows)
        result.timings["write"] = time.perf_counter() - t1
        result.timings["write_cpu"] = time.process_time() - c1
    result.created = written
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


def _open_form_without_unit(register: Register, region: Region) -> Any:
    """The opening form without its 承办单位 field (resolved by name already);
    fields that list the county's units (协办单位) still see them."""
    from fazhi.org.models import Unit

    from .forms import open_form_class

    form = open_form_class(register)(data={}, units=Unit.objects.filter(region=region))
    del form.fields["unit"]
    return form


def _staged_form(key: tuple, build: Callable[[], Any], data: dict[str, Any]) -> Any:
    """A bound form for ``data``. During a bulk import one instance per form is
    bound again for each row (building a Django form copies every field, which
    cost more than the rest of a row); otherwise a new one."""
    from fazhi.core import staging

    if staging.active() is None:
        form = build()
    else:
        form = staging.memo(("form", *key), build)
        # The bound fields stay: they read the data anew each time (only
        # their initial value, the same for every row, is cached).
        form.__dict__.pop("cleaned_data", None)
        form._errors = None
    form.data = data
    form.is_bound = True
    return form


def replay_open(register: Register, region: Region, actor: Actor, unit_name: str,
                fields: dict[str, Any]) -> Any:
    """OpenCase for a row: the unit by its name in the county, the register's
    opening form for the fields."""
    from fazhi.core import staging
    from fazhi.org.models import Unit
    from fazhi.org.resolve import NameIndex

    from .base import OpenCase
    from .forms import open_form_class

    index = staging.memo(("unit-names", region.pk), lambda: NameIndex.for_region(region))
    unit = index.resolve(unit_name or "").unit
    if unit is None:
        raise ValidationError(f"“承办单位”：{region.name}没有名为“{unit_name}”的单位。")
    data = {"unit": str(unit.pk), **{k: form_value(v) for k, v in fields.items()}}
    staged = staging.active() is not None
    if staged:  # the unit is resolved in the county above: no query per row
        form = _staged_form(("open", register.key, region.pk),
                            lambda: _open_form_without_unit(register, region), data)
    else:
        form = open_form_class(register)(data=data, units=Unit.objects.filter(pk=unit.pk))
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    cleaned = dict(form.cleaned_data, unit=unit) if staged else form.cleaned_data
    return OpenCase(actor, register, region=region, unit=unit, data=cleaned).execute()


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
    form = _staged_form(("event", register.key, key),
                        lambda: event_form_class(register, key)(data={}), data)
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
