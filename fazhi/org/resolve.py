"""Resolving unit names as documents write them to the county's units and
unit groups (县司法局 → 莘县司法局; 县政府各部门 → every department)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Region, Unit, UnitGroup

_BRACKETS = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": ""})


def normalise(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_BRACKETS)


@dataclass
class Resolution:
    """What a written name stands for: one unit, or a group of units."""

    name: str
    unit: Unit | None = None
    group: UnitGroup | None = None

    @property
    def resolved(self) -> bool:
        return self.unit is not None or self.group is not None

    @property
    def label(self) -> str:
        if self.unit:
            return self.unit.name
        if self.group:
            return f"{self.group.name}（单位组合）"
        return "未识别"


@dataclass
class NameIndex:
    """All names of a county's units and groups, built with two queries."""

    region: Region
    units: dict[str, Unit] = field(default_factory=dict)
    groups: dict[str, UnitGroup] = field(default_factory=dict)

    @classmethod
    def for_region(cls, region: Region) -> NameIndex:
        index = cls(region=region)
        for unit in Unit.objects.filter(region=region, is_active=True):
            for n in unit.names():
                index.units.setdefault(normalise(n), unit)
        for group in UnitGroup.objects.filter(region=region):
            for n in group.names():
                index.groups.setdefault(normalise(n), group)
        return index

    def resolve(self, name: str) -> Resolution:
        key = normalise(name)
        if key in self.groups:
            return Resolution(name, group=self.groups[key])
        for candidate in self._candidates(key):
            if candidate in self.units:
                return Resolution(name, unit=self.units[candidate])
        return Resolution(name)

    def _candidates(self, key: str) -> list[str]:
        """The name itself; with the county's name for the leading 县
        (县司法局 → 莘县司法局); without a bracketed addition
        (县政府办公室（县大数据局）→ 县政府办公室)."""
        out = [key]
        base = re.sub(r"（[^）]*）$", "", key)
        for k in (key, base):
            if k.startswith("县") and not k.startswith(self.region.name):
                out.append(self.region.name + k[1:])
            if k != key:
                out.append(k)
        return out


def resolve_names(region: Region, names: list[str]) -> list[Resolution]:
    index = NameIndex.for_region(region)
    return [index.resolve(n) for n in names]
