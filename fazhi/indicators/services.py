"""Writing to and reading from the indicator store.

Writers (the report reader, later the register computations) replace their
own rows by origin; readers pivot scoped querysets into comparison grids.
Nothing here knows who is asking: callers pass querysets that have already
been through ``request.policy.scope``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import catalogue
from .models import IndicatorValue, validate_code

# DecimalField(max_digits=20, decimal_places=4): larger numbers are not figures
# of a county's year but misreadings (a telephone number, a document number).
MAX_ABS_VALUE = Decimal(10) ** 15
FOUR_PLACES = Decimal("0.0001")


def to_decimal(value: float | int | Decimal | str) -> Decimal | None:
    """The stored form of a figure, or None when it cannot be a figure."""
    try:
        d = Decimal(str(value)).quantize(FOUR_PLACES)
    except ArithmeticError:
        return None
    if not d.is_finite() or abs(d) >= MAX_ABS_VALUE:
        return None
    return d


def format_decimal(value: Decimal | float | int | None) -> str:
    """2.0000 → "2", 95.5000 → "95.5" (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d.normalize(), "f")
    return text


def replace_values(origin: str, values: Iterable[IndicatorValue]) -> int:
    """Replace every stored value of ``origin`` by ``values`` (all or nothing).

    Each value's code must be in the catalogue; the caller's transaction (if
    any) covers the delete and the insert together.
    """
    if not origin:
        raise ValueError("origin is required")
    rows = list(values)
    for v in rows:
        validate_code(v.code)
        if v.region_id is None and not v.region_name:
            raise ValidationError("指标值须指明地区。")
        v.origin = origin
    with transaction.atomic():
        IndicatorValue.objects.filter(origin=origin).delete()
        IndicatorValue.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def delete_values(origin: str) -> int:
    deleted, _ = IndicatorValue.objects.filter(origin=origin).delete()
    return deleted


# ------------------------------------------------------------------ comparison
@dataclass
class Row:
    key: str | int  # region name (regions mode) or year (years mode)
    label: str
    cells: dict[str, list[IndicatorValue]] = field(default_factory=dict)
    origins: list[str] = field(default_factory=list)  # the reports the row was read from

    def values(self, code: str) -> list[IndicatorValue]:
        return self.cells.get(code, [])

    def first(self, code: str) -> IndicatorValue | None:
        vals = self.cells.get(code)
        return vals[0] if vals else None


@dataclass
class Grid:
    columns: list[catalogue.Indicator]
    rows: list[Row]


def column_codes(qs: models.QuerySet[IndicatorValue]) -> list[str]:
    """Codes present in ``qs``, in catalogue order (one query)."""
    present = set(qs.order_by().values_list("code", flat=True).distinct())
    return [ind.code for ind in catalogue.all() if ind.code in present]


def pivot(values: Iterable[IndicatorValue], *, by: str, codes: list[str]) -> Grid:
    """Arrange values in rows (``by`` = "region" → one row per region name;
    "year" → one row per year) and catalogue columns ``codes``.

    A region and year may have been read from several reports (uploaded twice,
    by the county and by the city); a row then shows the most recently read
    report only, so that a cell never mixes two documents. Values without an
    origin report (computed, reported) are always kept.
    """
    wanted = set(codes)
    grouped: dict[str | int, list[IndicatorValue]] = {}
    for v in values:
        if v.code not in wanted:
            continue
        key: str | int = v.region_name if by == "region" else v.year
        grouped.setdefault(key, []).append(v)
    rows: list[Row] = []
    for key in sorted(grouped, key=lambda k: (str(k) if by == "region" else k)):
        vals = sorted(grouped[key], key=lambda v: v.pk)
        reports = [v for v in vals if v.origin]
        latest = max(reports, key=lambda v: v.pk).origin if reports else ""
        row = Row(key=key, label=str(key) if by == "region" else f"{key}年")
        for v in vals:
            if v.origin and v.origin != latest:
                continue
            row.cells.setdefault(v.code, []).append(v)
        if latest:
            row.origins.append(latest)
        rows.append(row)
    return Grid(columns=[catalogue.get(c) for c in codes], rows=rows)


def cell_text(vals: list[IndicatorValue]) -> str:
    return "；".join(value_text(v) for v in vals)


def value_text(v: IndicatorValue) -> str:
    if v.value is None:
        return "—"  # a rate over nothing: neither 0 % nor 100 %
    unit = v.provenance.get("unit") if isinstance(v.provenance, dict) else None
    ind = catalogue.find(v.code)
    if ind is not None and ind.kind == "boolean":
        return "是" if v.value else "否"  # a computed 是/否 figure is a count of 0 or 1
    if unit is None:
        unit = ind.unit if ind else ""
    value = v.value
    if v.source == IndicatorValue.Source.COMPUTED and ind is not None and ind.kind == "rate":
        value = value.quantize(Decimal("0.1"))
    return f"{'约' if v.approx else ''}{format_decimal(value)}{unit}"
