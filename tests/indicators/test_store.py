"""The indicator value store: validation against the catalogue, replacement
by origin, scoping, and the comparison pivot."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.services import (
    cell_text,
    column_codes,
    format_decimal,
    pivot,
    replace_values,
    to_decimal,
)
from fazhi.org.policy import Policy

Source = IndicatorValue.Source


def _v(region_name: str, code: str, value: str, **kw) -> IndicatorValue:  # noqa: ANN003
    kw.setdefault("year", 2023)
    kw.setdefault("source", Source.EXTRACTED)
    return IndicatorValue(code=code, region_name=region_name, value=Decimal(value), **kw)


def test_numbers() -> None:
    assert to_decimal(2.0) == Decimal("2.0000") and to_decimal(95.5) == Decimal("95.5")
    assert to_decimal(1e16) is None and to_decimal(float("nan")) is None
    assert format_decimal(Decimal("10.0000")) == "10" and format_decimal(Decimal("95.5000")) == "95.5"
    assert format_decimal(Decimal("0.0500")) == "0.05" and format_decimal(None) == ""


def test_codes_must_be_in_the_catalogue(county) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="不在指标目录中"):
        replace_values("test:1", [_v("莘县", "NOT_A_CODE", "1")])
    value = _v("莘县", "NOT_A_CODE", "1")
    with pytest.raises(ValidationError) as exc:
        value.full_clean()
    assert "code" in exc.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_a_value_names_its_region(county) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="须指明地区"):
        replace_values("test:1", [_v("", "RECON_RECEIVED", "1")])
    with pytest.raises(IntegrityError), transaction.atomic():
        _v("", "RECON_RECEIVED", "1").save()


def test_replace_by_origin(county) -> None:  # noqa: ANN001
    replace_values("test:1", [_v("莘县", "RECON_RECEIVED", "91"), _v("莘县", "RECON_ACCEPTED", "73")])
    replace_values("test:2", [_v("冠县", "RECON_RECEIVED", "10")])
    replace_values("test:1", [_v("莘县", "RECON_RECEIVED", "92")])
    assert sorted(IndicatorValue.objects.values_list("origin", "value")) == [
        ("test:1", Decimal("92")), ("test:2", Decimal("10"))]


def test_scoping_by_region_or_owner(county) -> None:  # noqa: ANN001
    c = county
    IndicatorValue.objects.bulk_create([
        _v("莘县", "RECON_RECEIVED", "1", region=c.county, source=Source.COMPUTED),
        _v("东阿县", "RECON_RECEIVED", "2", region=c.other_county, source=Source.COMPUTED),
        # read by 莘县's office from a report of a county the system does not hold
        _v("冠县", "RECON_RECEIVED", "3", owner_region=c.county),
        _v("莘县", "RECON_RECEIVED", "4", region=c.county, unit=c.units["县司法局"],
           source=Source.REPORTED),
    ])

    def seen(role: str) -> list[int]:
        qs = Policy.for_user(c.users[role]).scope(IndicatorValue.objects.all())
        return sorted(int(v) for v in qs.values_list("value", flat=True))

    assert seen("office") == [1, 3, 4]
    assert seen("other_office") == [2]
    assert seen("viewer") == [1, 2, 3, 4]
    assert seen("clerk") == [4]  # their unit's own figures
    assert seen("town_clerk") == [] and seen("auditor") == []


def test_pivot_keeps_the_latest_report_per_row(county) -> None:  # noqa: ANN001
    replace_values("report:1", [_v("莘县", "RECON_RECEIVED", "91"),
                                _v("莘县", "RECON_ACCEPTED", "73")])
    replace_values("report:2", [_v("冠县", "RECON_RECEIVED", "10"),
                                _v("冠县", "RECON_RECEIVED", "12", approx=True)])
    replace_values("report:3", [_v("莘县", "RECON_RECEIVED", "95")])  # read again, later
    qs = IndicatorValue.objects.all()
    codes = column_codes(qs)
    assert codes == ["RECON_RECEIVED", "RECON_ACCEPTED"]  # catalogue order
    grid = pivot(qs, by="region", codes=codes)
    assert [r.label for r in grid.rows] == sorted(["冠县", "莘县"])
    rows = {r.key: r for r in grid.rows}
    assert [v.value for v in rows["莘县"].values("RECON_RECEIVED")] == [Decimal("95")]
    assert rows["莘县"].values("RECON_ACCEPTED") == []  # not in the latest report
    assert cell_text(rows["冠县"].values("RECON_RECEIVED")) == "10件；约12件"
    assert rows["冠县"].origins == ["report:2"]
    by_year = pivot(qs.filter(region_name="莘县"), by="year", codes=codes)
    assert [r.label for r in by_year.rows] == ["2023年"]
