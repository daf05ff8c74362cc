"""Keeping the catalogue's database copy (``IndicatorDefinition``) equal to the
catalogue files. Migrations call ``sync``; so does ``fazhi load_catalogue``
after a catalogue data change. A code is never removed or renamed: a file
that drops a code in use is refused."""

from __future__ import annotations

from typing import Any

from . import catalogue


class CatalogueChangeRefused(ValueError):
    pass


def rows() -> list[dict[str, Any]]:
    local = {i.code for i in catalogue.all()} - {i.code for i in catalogue.design()}
    out = []
    for position, ind in enumerate(catalogue.all(), start=1):
        out.append({"code": ind.code, "name": ind.name, "kind": ind.kind, "unit": ind.unit,
                    "register": ind.register, "definition": ind.definition, "dims": ind.dims,
                    "official": ind.official, "phrasings": list(ind.phrasings),
                    "position": position, "is_local": ind.code in local})
    return out


def sync(definition_model: Any, value_model: Any | None = None) -> dict[str, int]:
    """Create or update every code of the files; refuse to drop a code that
    has values. Works with the historical models a migration passes."""
    wanted = {r["code"]: r for r in rows()}
    existing = set(definition_model.objects.values_list("code", flat=True))
    dropped = existing - set(wanted)
    if dropped and value_model is not None:
        used = set(value_model.objects.filter(code__in=dropped).values_list("code", flat=True))
        if used:
            raise CatalogueChangeRefused(
                f"指标目录删除了已有数据的代码：{'、'.join(sorted(used))}；代码不能删除或改名。")
    created = updated = 0
    for code, row in wanted.items():
        fields = {k: v for k, v in row.items() if k != "code"}
        _, was_created = definition_model.objects.update_or_create(code=code, defaults=fields)
        created += was_created
        updated += not was_created
    return {"created": created, "updated": updated, "dropped": len(dropped)}
