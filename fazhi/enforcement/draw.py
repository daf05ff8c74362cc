"""双随机、一公开的抽取算法（fazhi-draw-v1）：确定、可复核.

The record of a draw holds its inputs — the seed (published before the draw,
e.g. derived from a public value announced in advance), the sampling ratios
by credit-risk grade, the directory of entities (key and grade), the pool of
inspectors (key and department) and the excluded pairs (recorded conflicts,
and the inspectors who inspected the same entity last time) — and its
outputs. Anyone holding the record can recompute the outputs
(``verify``; ``fazhi verify_draw FILE.json``) with this documented algorithm:

1. Entities. For each grade with ratio r and n entities, the number drawn is
   k = ⌈n·r⌉ (at most n). Each entity's ticket is the SHA-256 hex digest of
   ``"{seed}|entity|{key}"``; the k entities with the smallest tickets are
   drawn, listed in ticket order. The order of the directory does not matter.
2. Inspectors. The pool is ordered by the tickets ``"{seed}|inspector|{key}"``.
   Going through the drawn entities (grades A, B, C, D, each in ticket order),
   a pointer walks round the ordered pool; each entity gets the next
   ``team_size`` inspectors (default 2) that are not excluded for it and not
   already in its team, and the pointer moves past them — so the load is even
   and an excluded inspector is never drawn. An entity for which fewer than
   ``team_size`` eligible inspectors exist is reported, not half-staffed.

Only the standard library: the same record verifies anywhere.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ALGORITHM = "fazhi-draw-v1"
GRADES = ("A", "B", "C", "D")
# rules.md §10 (local practice, C2): A ≤ 5%, B 5–20%, C 21–60%, D 61–100%; a
# county sets its own (SamplingRule). Frequency: times a year.
DEFAULT_RATIOS = {"A": Decimal("0.05"), "B": Decimal("0.20"), "C": Decimal("0.40"),
                  "D": Decimal("0.80")}
DEFAULT_FREQUENCY = {"A": 1, "B": 1, "C": 2, "D": 3}


class DrawError(ValueError):
    """The inputs cannot give a draw (stated in Chinese)."""


def ticket(seed: str, kind: str, key: str) -> str:
    return hashlib.sha256(f"{seed}|{kind}|{key}".encode()).hexdigest()


def quota(n: int, ratio: Decimal) -> int:
    return min(n, math.ceil(Decimal(n) * ratio))


@dataclass(frozen=True)
class DrawResult:
    selected: dict[str, list[str]]
    assignments: dict[str, list[str]]
    unstaffed: list[str]


def run(seed: str, ratios: Mapping[str, Decimal | str], entities: Iterable[tuple[str, str]],
        inspectors: Iterable[str], excluded: Iterable[tuple[str, str]] = (),
        team_size: int = 2) -> DrawResult:
    """``entities``: (key, grade); ``inspectors``: keys; ``excluded``:
    (inspector key, entity key) pairs never drawn together."""
    if not seed:
        raise DrawError("没有随机种子：种子须在抽取前公布。")
    by_grade: dict[str, list[str]] = {g: [] for g in GRADES}
    for key, grade in entities:
        if grade not in by_grade:
            raise DrawError(f"检查对象“{key}”的信用风险等级“{grade}”无效（应为A、B、C、D）。")
        by_grade[grade].append(key)
    selected: dict[str, list[str]] = {}
    for grade in GRADES:
        keys = by_grade[grade]
        k = quota(len(keys), Decimal(str(ratios.get(grade, "0"))))
        # Tickets are computed once per entity; sorting (ticket, key) is total.
        selected[grade] = [key for _, key in sorted((ticket(seed, "entity", key), key)
                                                    for key in keys)[:k]]
    pool = [key for _, key in sorted((ticket(seed, "inspector", key), key)
                                     for key in set(inspectors))]
    blocked: dict[str, set[str]] = {}
    for inspector, entity in excluded:
        blocked.setdefault(entity, set()).add(inspector)
    assignments: dict[str, list[str]] = {}
    unstaffed: list[str] = []
    pointer, size = 0, len(pool)
    for grade in GRADES:
        for entity in selected[grade]:
            bar = blocked.get(entity, set())
            team: list[str] = []
            steps = 0
            while len(team) < team_size and steps < size:
                candidate = pool[(pointer + steps) % size]
                steps += 1
                if candidate not in bar:
                    team.append(candidate)
            if len(team) < team_size:
                unstaffed.append(entity)
                team = []
            else:
                pointer = (pointer + steps) % size
            assignments[entity] = team
    return DrawResult(selected, assignments, unstaffed)


def record(*, seed: str, seed_source: str, region: str, item: str, departments: list[str],
           ratios: Mapping[str, Decimal | str], entities: list[tuple[str, str]],
           inspectors: list[str], excluded: list[tuple[str, str]], team_size: int = 2,
           period: tuple[str, str] | None = None) -> dict[str, Any]:
    """The published record: inputs, then the outputs computed from them."""
    result = run(seed, ratios, entities, inspectors, excluded, team_size)
    return {
        "algorithm": ALGORITHM, "seed": seed, "seed_source": seed_source, "region": region,
        "item": item, "departments": departments, "period": list(period) if period else None,
        "rules": {g: str(ratios.get(g, "0")) for g in GRADES}, "team_size": team_size,
        "entities": [[k, g] for k, g in sorted(entities)],
        "inspectors": sorted(set(inspectors)),
        "excluded": sorted([i, e] for i, e in excluded),
        "population": {g: sum(1 for _, grade in entities if grade == g) for g in GRADES},
        "selected": result.selected, "assignments": result.assignments,
        "unstaffed": result.unstaffed,
    }


def verify(data: Mapping[str, Any]) -> list[str]:
    """What differs between the record's outputs and a recomputation from its
    inputs (empty: the record is what the algorithm gives)."""
    if data.get("algorithm") != ALGORITHM:
        return [f"算法应为 {ALGORITHM}，记录为“{data.get('algorithm')}”。"]
    try:
        result = run(str(data["seed"]), data["rules"], [tuple(e) for e in data["entities"]],
                     data["inspectors"], [tuple(x) for x in data["excluded"]],
                     int(data.get("team_size", 2)))
    except (KeyError, TypeError) as exc:
        return [f"记录缺少或损坏了字段：{exc}"]
    except DrawError as exc:
        return [str(exc)]
    problems: list[str] = []
    population = {g: sum(1 for e in data["entities"] if e[1] == g) for g in GRADES}
    if data.get("population") != population:
        problems.append(f"各等级对象数与名录不符：记录 {data.get('population')}，名录 {population}。")
    recorded = data.get("selected") or {}
    for grade in GRADES:
        got, want = list(recorded.get(grade, [])), result.selected[grade]
        if got != want:
            extra = sorted(set(got) - set(want))
            missing = sorted(set(want) - set(got))
            detail = "；".join(filter(None, [
                f"多出 {'、'.join(extra)}" if extra else "",
                f"缺少 {'、'.join(missing)}" if missing else "",
                "顺序不同" if not extra and not missing else ""]))
            problems.append(f"{grade}级抽中的对象与重算结果不同：{detail}。")
    assignments = data.get("assignments") or {}
    for entity, team in result.assignments.items():
        if list(assignments.get(entity, [])) != team:
            problems.append(f"对象 {entity} 的检查人员应为 {'、'.join(team) or '（无）'}，"
                            f"记录为 {'、'.join(assignments.get(entity, [])) or '（无）'}。")
    for entity in sorted(set(assignments) - set(result.assignments)):
        problems.append(f"对象 {entity} 未被抽中，记录中却分配了检查人员。")
    if list(data.get("unstaffed", [])) != result.unstaffed:
        problems.append("人员不足的对象清单与重算结果不同。")
    return problems
