"""How figures come out of the records: sources, computations, and the
grouped aggregate queries that evaluate them.

A register (or the task ledger) declares in its ``stats`` module:

* a ``Source``: the model whose rows are the records behind a figure, how a
  row belongs to a county and a unit, and which field changes when the row
  changes (for stale detection);
* ``Computation``s on that source: which records a figure counts, by which
  date a record falls into a period, and — for rates — which of them are the
  numerator. The definition in words sits beside it.

``evaluate`` turns any set of computations into a fixed number of queries:
one per (source, placing date) and grouping (per county, per unit), each a
``GROUP BY`` with one filtered ``COUNT`` per figure. The number of queries
never depends on the number of counties, units or records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Max, Q, Sum

from . import catalogue
from .periods import Period

PlaceFn = Callable[[Period, datetime.date], Q]
# A filter, or a function returning one when it depends on settings read at
# evaluation time (which decision types count as 纠错 …).
Filter = Q | Callable[[], Q]


def resolve(condition: Filter | None) -> Q | None:
    return condition() if callable(condition) else condition


@dataclass(frozen=True)
class Source:
    """The records a register keeps, as the figures see them."""

    key: str
    label: str
    queryset: Callable[[], models.QuerySet]
    region: str = "region"  # lookup to the county (Region) of a record
    unit: str = "unit"  # lookup to the unit of a record
    changed: str = "updated_at"  # lookup that moves whenever the record changes
    # Drill-down columns: (label, lookup or callable(row) → text).
    columns: tuple[tuple[str, Any], ...] = ()
    link: Callable[[Any], str] | None = None  # a record's page
    select_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Computation:
    """One catalogue figure computed from one source.

    ``placed_by``: the date lookup that puts a record into a period (a case
    received on 31 December belongs to that year), or a function
    ``(period, as_of) → Q`` where the placing is not one date.
    ``where``: the records counted (for a rate: its denominator).
    ``numerator``: for a rate, which of those are the numerator.
    ``distinct``: count distinct values of this expression instead of rows
    (e.g. a case heard at two instances is two 审级 pairs).
    ``total``: for an amount (catalogue kind ``amount``), the field summed over
    the records counted, divided by ``total_scale`` to reach the catalogue's
    unit (元 recorded, 万元 reported: 10000).
    """

    code: str
    source: Source
    placed_by: str | PlaceFn
    definition: str
    where: Filter = field(default_factory=Q)
    numerator: Filter | None = None
    distinct: Any = None
    placing_label: str = ""  # e.g. "按受理日期" (shown with the definition)
    # Filtered joins the filters refer to (a join reads each related row once,
    # where an EXISTS in a filtered COUNT runs once per record).
    relations: dict[str, Any] = field(default_factory=dict)
    # False when the records counted are not each owned by one unit (a task
    # shared by several units): a county's figure is then not its units' sum.
    additive_over_units: bool = True
    total: str | None = None
    total_scale: Decimal = Decimal(1)

    @property
    def indicator(self) -> catalogue.Indicator:
        return catalogue.get(self.code)

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None

    @property
    def group_key(self) -> str:
        placed = self.placed_by if isinstance(self.placed_by, str) else self.placed_by.__name__
        return f"{self.source.key}|{placed}"

    def period_q(self, period: Period, as_of: datetime.date) -> Q:
        if isinstance(self.placed_by, str):
            return Q(**{f"{self.placed_by}__gte": period.start, f"{self.placed_by}__lte": period.end})
        return self.placed_by(period, as_of)

    def records(self, period: Period, as_of: datetime.date | None = None) -> models.QuerySet:
        """Every record this figure counts in ``period`` (rates: the denominator),
        not yet scoped: callers scope it through the policy."""
        as_of = as_of or _today()
        qs = self.source.queryset()
        if self.relations:
            qs = qs.alias(**_fresh(self.relations))
        return qs.filter(self.period_q(period, as_of)).filter(resolve(self.where))

    def numerator_records(self, period: Period, as_of: datetime.date | None = None
                          ) -> models.QuerySet:
        assert self.numerator is not None
        return self.records(period, as_of).filter(resolve(self.numerator))


REGISTRY: dict[str, Computation] = {}
SOURCES: dict[str, Source] = {}


class CatalogueMismatch(LookupError):
    pass


def declare(*computations: Computation) -> None:
    """Add computations (a register's ``stats`` module calls this on import).
    Each code is declared once, and must be in the catalogue with a matching kind."""
    for comp in computations:
        ind = catalogue.find(comp.code)
        if ind is None:
            raise CatalogueMismatch(f"{comp.code} is not in the indicator catalogue")
        if (ind.kind == "rate") != comp.is_rate or (ind.kind == "amount") != (comp.total is not None):
            raise CatalogueMismatch(f"{comp.code}: catalogue kind {ind.kind} does not match")
        existing = REGISTRY.get(comp.code)
        if existing is not None and existing is not comp:
            raise CatalogueMismatch(f"{comp.code} is declared twice")
        REGISTRY[comp.code] = comp
        SOURCES[comp.source.key] = comp.source


def computations(codes: Iterable[str] | None = None) -> list[Computation]:
    """Declared computations in catalogue order (only ``codes`` if given)."""
    wanted = None if codes is None else set(codes)
    return [REGISTRY[i.code] for i in catalogue.all()
            if i.code in REGISTRY and (wanted is None or i.code in wanted)]


def computed_codes() -> set[str]:
    return set(REGISTRY)


# ------------------------------------------------------------------ evaluation
@dataclass(slots=True)  # hundreds of thousands at a province's size
class Figure:
    """A computed figure of one county (``unit_id`` None) or one unit."""

    code: str
    region_id: int
    unit_id: int | None
    count: int  # records counted (rates: the denominator)
    numerator: int | None = None
    base_count: int = 0  # records of the source placed in the period (stale check)
    total: Decimal | None = None  # amounts: the sum, already in the catalogue's unit

    @property
    def denominator(self) -> int | None:
        return self.count if self.numerator is not None else None

    @property
    def value(self) -> Decimal | None:
        """Counts as they are; rates in per cent (one decimal place kept as
        four), None when the denominator is 0 — shown “—”, never 0 % or 100 %.
        Amounts: their sum."""
        if self.total is not None:
            return self.total.quantize(Decimal("0.0001"))
        if self.numerator is None:
            return Decimal(self.count)
        if not self.count:
            return None
        return (Decimal(100) * self.numerator / self.count).quantize(Decimal("0.0001"))


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def _groups(comps: list[Computation]) -> dict[str, list[Computation]]:
    groups: dict[str, list[Computation]] = {}
    for comp in comps:
        groups.setdefault(comp.group_key, []).append(comp)
    return groups


def _fresh(relations: dict[str, Any]) -> dict[str, Any]:
    """A FilteredRelation is bound to the query it joins: clone it for each use."""
    return {name: rel.clone() for name, rel in relations.items()}


def _count(comp: Computation, condition: Q) -> Count:
    # Sources join only one-to-one or many-to-one, so a row is a record: a plain
    # COUNT lets PostgreSQL hash-aggregate instead of sorting for DISTINCT.
    if comp.distinct is not None:
        return Count(comp.distinct, filter=condition, distinct=True)
    return Count("pk", filter=condition)


def _group_queryset(group: list[Computation], period: Period, as_of: datetime.date,
                    county_list: list[int] | None, unit_list: list[int] | None
                    ) -> models.QuerySet:
    source = group[0].source
    qs = source.queryset()
    for comp in group:
        if comp.relations:
            qs = qs.alias(**_fresh(comp.relations))
    qs = qs.filter(group[0].period_q(period, as_of))
    if county_list is not None:
        qs = qs.filter(**{f"{source.region}__in": county_list})
    if unit_list is not None:
        qs = qs.filter(**{f"{source.unit}__in": unit_list})
    return qs


def _aggregates(group: list[Computation], base: bool) -> dict[str, Any]:
    aggregates: dict[str, Any] = {"_base": Count("pk")} if base else {}
    for i, comp in group:
        where = resolve(comp.where)
        aggregates[f"d{i}"] = _count(comp, where)
        if comp.numerator is not None:
            aggregates[f"n{i}"] = _count(comp, where & resolve(comp.numerator))
        if comp.total is not None:
            aggregates[f"s{i}"] = Sum(comp.total, filter=where)
    return aggregates


def _total(comp: Computation, row: dict[str, Any], i: int) -> Decimal | None:
    if comp.total is None:
        return None
    return Decimal(row[f"s{i}"] or 0) / comp.total_scale


def evaluate(period: Period, *, county_ids: Iterable[int] | None = None,
             unit_ids: Iterable[int] | None = None, codes: Iterable[str] | None = None,
             by_unit: bool = True, as_of: datetime.date | None = None,
             ) -> list[Figure]:
    """Compute figures for ``period``: one row per county (and, ``by_unit``, one
    per unit that has records) for each declared computation.

    ``county_ids`` / ``unit_ids`` restrict the records (None = every county).
    One query per (source, placing) group: per unit when ``by_unit`` (the
    county rows are then the sums of its units' rows, except for figures that
    count distinct things a unit does not own, such as tasks shared by several
    units, which get a second, per-county query), else per county. The
    number of queries never depends on the data.
    """
    as_of = as_of or _today()
    comps = computations(codes)
    county_list = None if county_ids is None else list(county_ids)
    unit_list = None if unit_ids is None else list(unit_ids)
    out: list[Figure] = []
    for group in _groups(comps).values():
        source = group[0].source
        qs = _group_queryset(group, period, as_of, county_list, unit_list)
        indexed = list(enumerate(group))
        by_county = [(i, c) for i, c in indexed if not by_unit or not c.additive_over_units]
        if by_unit:
            sums: dict[tuple[int, int], list[Any]] = {}
            rows = qs.order_by().values(source.region, source.unit).annotate(
                **_aggregates(indexed, base=True))
            for row in rows:
                region_id, unit_id, base = row[source.region], row[source.unit], row["_base"]
                for i, comp in indexed:
                    count = row[f"d{i}"]
                    numerator = row.get(f"n{i}")
                    amount = _total(comp, row, i)
                    out.append(Figure(comp.code, region_id, unit_id, count, numerator, base,
                                      amount))
                    if comp.additive_over_units:
                        total = sums.get((i, region_id))
                        if total is None:
                            total = sums[(i, region_id)] = [0, 0, 0, Decimal(0)]
                        total[0] += count
                        total[1] += numerator or 0
                        total[2] += base
                        total[3] += amount or 0
            for (i, region_id), (count, num, base, amount) in sums.items():
                comp = group[i]
                out.append(Figure(code=comp.code, region_id=region_id, unit_id=None,
                                  count=count, numerator=num if comp.is_rate else None,
                                  base_count=base,
                                  total=amount if comp.total is not None else None))
        if by_county:
            rows = qs.order_by().values(source.region).annotate(
                **_aggregates(by_county, base=True))
            for row in rows:
                for i, comp in by_county:
                    out.append(Figure(code=comp.code, region_id=row[source.region],
                                      unit_id=None, count=row[f"d{i}"],
                                      numerator=row.get(f"n{i}"), base_count=row["_base"],
                                      total=_total(comp, row, i)))
    return out


def freshness(period: Period, county_ids: Iterable[int], as_of: datetime.date | None = None,
              codes: Iterable[str] | None = None) -> dict[tuple[str, int], tuple[int, Any]]:
    """For each (group key, county): how many records of the source fall in the
    period and when the latest of them changed. One query per group."""
    as_of = as_of or _today()
    ids = list(county_ids)
    out: dict[tuple[str, int], tuple[int, Any]] = {}
    for key, group in _groups(computations(codes)).items():
        source = group[0].source
        rows = (source.queryset().filter(group[0].period_q(period, as_of))
                .filter(**{f"{source.region}__in": ids}).order_by().values(source.region)
                .annotate(n=Count("pk", distinct=True), changed=Max(source.changed)))
        for row in rows:
            out[(key, row[source.region])] = (row["n"], row["changed"])
    return out


# ------------------------------------------------------------------ report sentences
@dataclass(frozen=True)
class ReportSentence:
    """How the annual report states a register's figures, in the seeds' register
    of language: ``template`` holds ``{CODE}`` tokens (resolved to “91件”, “100%”);
    ``heading`` is the （一） heading it goes under in part 一."""

    key: str
    heading: str
    template: str
    order: int = 100

    @property
    def codes(self) -> list[str]:
        import re

        return re.findall(r"\{([A-Z][A-Z0-9_]*)\}", self.template)


REPORT_SENTENCES: dict[str, ReportSentence] = {}


def declare_sentence(sentence: ReportSentence) -> None:
    for code in sentence.codes:
        if catalogue.find(code) is None:
            raise CatalogueMismatch(f"{code} in report sentence {sentence.key} is not catalogued")
    REPORT_SENTENCES[sentence.key] = sentence


def report_sentences() -> list[ReportSentence]:
    return sorted(REPORT_SENTENCES.values(), key=lambda s: (s.order, s.key))
