from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.indicators import catalogue
from fazhi.indicators.catalogue import CATALOGUE_PATH, CatalogueError, Indicator, _parse

REPO = Path(__file__).resolve().parents[2]
DESIGN = REPO.parent / "shared" / "design" / "indicators.yaml"


def test_copy_equals_design_catalogue() -> None:
    if not DESIGN.is_file():
        pytest.skip("shared/design/indicators.yaml is not available")
    assert CATALOGUE_PATH.read_bytes() == DESIGN.read_bytes()


def test_loader_returns_typed_indicators() -> None:
    items = catalogue.all()
    assert len(items) > 50
    assert all(isinstance(i, Indicator) for i in items)
    codes = [i.code for i in items]
    assert len(codes) == len(set(codes))
    recon = catalogue.get("RECON_RECEIVED")
    assert recon.kind == "count" and recon.unit == "件" and recon.register == "reconsideration"
    assert "接收行政复议申请N件" in recon.phrasings
    assert isinstance(recon.phrasings, tuple)
    assert catalogue.get("HEAD_APPEARANCE_RATE").kind == "rate"
    assert catalogue.find("NO_SUCH_CODE") is None and catalogue.find(None) is None
    with pytest.raises(KeyError):
        catalogue.get("NO_SUCH_CODE")


def test_loader_is_cached() -> None:
    assert catalogue.get("MEDIATORS") is catalogue.get("MEDIATORS")


def test_malformed_catalogue_is_rejected() -> None:
    with pytest.raises(CatalogueError):
        _parse({"indicators": [{"code": "X", "kind": "weird"}]})
    with pytest.raises(CatalogueError):
        _parse([])
