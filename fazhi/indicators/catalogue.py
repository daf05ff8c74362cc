"""The indicator catalogue: the one vocabulary of figures.

``catalogue.yaml`` next to this module is a verbatim copy of the design
catalogue (``shared/design/indicators.yaml``) so that a deployed application does
not depend on the design folder. ``catalogue_local.yaml`` adds the figures of
this system's own task ledger (计划任务完成率 …), which published reports do not
state in a fixed wording; the report reader codes against the design catalogue
only (``design()``). Both are loaded once per process, and the database copy
(``IndicatorDefinition``) is kept equal to them by migrations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE_PATH: Path = Path(__file__).resolve().parent / "catalogue.yaml"
LOCAL_PATH: Path = Path(__file__).resolve().parent / "catalogue_local.yaml"

KINDS: frozenset[str] = frozenset({"count", "rate", "amount", "boolean"})


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str
    unit: str
    register: str
    definition: str = ""
    dims: str = ""
    official: str = ""
    phrasings: tuple[str, ...] = field(default_factory=tuple)


class CatalogueError(ValueError):
    """The catalogue file is malformed."""


def _parse(raw: object) -> dict[str, Indicator]:
    if not isinstance(raw, dict) or not isinstance(raw.get("indicators"), list):
        raise CatalogueError("指标目录格式错误：缺少 indicators 列表。")
    result: dict[str, Indicator] = {}
    for entry in raw["indicators"]:
        if not isinstance(entry, dict):
            raise CatalogueError("指标目录格式错误：条目不是映射。")
        code = str(entry.get("code") or "")
        if not code or code in result:
            raise CatalogueError(f"指标目录格式错误：代码“{code}”缺失或重复。")
        kind = str(entry.get("kind") or "")
        if kind not in KINDS:
            raise CatalogueError(f"指标“{code}”的类型“{kind}”无效。")
        phrasings = entry.get("phrasings") or []
        result[code] = Indicator(
            code=code,
            name=str(entry.get("name") or ""),
            kind=kind,
            unit=str(entry.get("unit") or ""),
            register=str(entry.get("register") or ""),
            definition=str(entry.get("definition") or ""),
            dims=str(entry.get("dims") or ""),
            official=str(entry.get("official") or ""),
            phrasings=tuple(str(p) for p in phrasings),
        )
    return result


def _read(path: Path) -> dict[str, Indicator]:
    with path.open(encoding="utf-8") as fh:
        return _parse(yaml.safe_load(fh))


@lru_cache(maxsize=1)
def _load_design() -> dict[str, Indicator]:
    return _read(CATALOGUE_PATH)


@lru_cache(maxsize=1)
def _load() -> dict[str, Indicator]:
    result = dict(_load_design())
    for code, ind in _read(LOCAL_PATH).items():
        if code in result:
            raise CatalogueError(f"指标目录格式错误：代码“{code}”与设计目录重复。")
        result[code] = ind
    return result


def all() -> list[Indicator]:  # noqa: A001 - the catalogue's public API is catalogue.all()
    """Every indicator, in catalogue order (the design catalogue, then the local one)."""
    return list(_load().values())


def design() -> list[Indicator]:
    """The design catalogue only: the vocabulary published reports are coded in."""
    return list(_load_design().values())


def get(code: str) -> Indicator:
    """The indicator with this code; KeyError if there is none."""
    return _load()[code]


def find(code: str | None) -> Indicator | None:
    """The indicator with this code, or None."""
    if not code:
        return None
    return _load().get(code)
