"""The scores of a scheme: computed live from the records until the year is
closed, read from the frozen snapshot (``UnitScore``) afterwards.

``live`` evaluates every unit of a scheme at once: one ``engine.evaluate``
for the county (a fixed number of grouped queries), one query each for the
hand-reported values, the hand scores and the objections — never a query per
unit. The same ``UnitResult`` is built from a snapshot's JSON, so pages and
exports show a closed year exactly as it was frozen.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from fazhi.indicators import catalogue, engine
from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.periods import Period
from fazhi.indicators.services import format_decimal

from . import scoring
from .models import ManualScore, Objection, Scheme, SchemeItem, UnitScore

Kind = SchemeItem.Kind

# Item statuses as the breakdown shows them.
SCORED, NOT_APPLICABLE, PENDING, ADJUSTED, MISSING = "scored", "na", "pending", "adjusted", "missing"
STATUS_LABELS = {SCORED: "已计分", NOT_APPLICABLE: "不适用（按满分计）", PENDING: "待评分",
                 ADJUSTED: "异议采纳后调整", MISSING: "未填报"}
DECIMALS = ("full_marks", "max_points", "value", "target", "points", "computed_points")


@dataclass
class ItemResult:
    item_id: int
    order: int
    title: str
    kind: str
    code: str
    full_marks: Decimal
    max_points: Decimal
    rule: str
    target: Decimal | None = None
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None  # records a deduction or bonus counted
    points: Decimal | None = None
    computed_points: Decimal | None = None  # before an upheld objection
    status: str = SCORED
    note: str = ""
    manual_id: int | None = None
    has_evidence: bool = False
    record_ids: list[int] = field(default_factory=list)  # the records counted
    numerator_ids: list[int] = field(default_factory=list)  # of those, the numerator (rates)
    pending_objection: bool = False

    @property
    def is_bonus(self) -> bool:
        return self.kind == Kind.BONUS

    @property
    def is_hand_scored(self) -> bool:
        return self.kind == Kind.MANUAL or (self.is_bonus and not self.code)

    @property
    def light(self) -> str:
        return "" if self.is_bonus else scoring.light(self.points, self.full_marks)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def indicator_name(self) -> str:
        ind = catalogue.find(self.code)
        return ind.name if ind else ""

    @property
    def is_computed(self) -> bool:
        return self.code in engine.REGISTRY

    @property
    def value_text(self) -> str:
        """“3件”, “93.3%（14/15）”, “—” when there is no value."""
        ind = catalogue.find(self.code)
        if ind is None or self.kind == Kind.MANUAL:
            return "—"
        if self.value is None:
            return "—"
        if ind.kind == "rate":
            text = f"{format_decimal(self.value.quantize(Decimal('0.1')))}%"
            if self.numerator is not None and self.denominator is not None:
                text += f"（{self.numerator}/{self.denominator}）"
            return text
        return f"{format_decimal(self.value)}{ind.unit}"

    @property
    def points_text(self) -> str:
        return "—" if self.points is None else format_decimal(self.points)

    @property
    def behind_ids(self) -> list[int]:
        """The records behind the points: for a deduction or bonus on a rate,
        its numerator (the lost cases); otherwise the records counted."""
        if self.kind in (Kind.DEDUCTION, Kind.BONUS) and self.numerator is not None:
            return self.numerator_ids
        return self.record_ids

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in DECIMALS:
            data[key] = None if data[key] is None else str(data[key])
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ItemResult:
        values = dict(data)
        for key in DECIMALS:
            values[key] = None if values.get(key) is None else Decimal(values[key])
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in values.items() if k in known})


@dataclass
class UnitResult:
    unit_id: int
    unit_name: str
    items: list[ItemResult]
    total: Decimal = scoring.ZERO
    rank: int = 0
    full_total: Decimal = scoring.ZERO  # the full marks of the non-bonus items
    frozen: bool = False
    as_of: datetime.date | None = None

    @property
    def light(self) -> str:
        return scoring.light(self.total, self.full_total)

    @property
    def pending_items(self) -> int:
        return sum(1 for i in self.items if i.status == PENDING)

    @property
    def pending_objections(self) -> int:
        return sum(1 for i in self.items if i.pending_objection)

    def item(self, item_id: int) -> ItemResult | None:
        return next((i for i in self.items if i.item_id == item_id), None)

    def to_json(self) -> dict[str, Any]:
        return {"unit_name": self.unit_name, "full_total": str(self.full_total),
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "items": [i.to_json() for i in self.items]}

    @classmethod
    def from_snapshot(cls, score: UnitScore) -> UnitResult:
        data = score.breakdown or {}
        as_of = data.get("as_of")
        return cls(unit_id=score.unit_id, unit_name=score.unit_name,
                   items=[ItemResult.from_json(i) for i in data.get("items", [])],
                   total=score.total, rank=score.rank,
                   full_total=Decimal(data.get("full_total") or 0), frozen=True,
                   as_of=datetime.date.fromisoformat(as_of) if as_of else None)


# ------------------------------------------------------------------ reading
@dataclass
class Value:
    value: Decimal | None
    count: int = 0
    numerator: int | None = None
    reported: bool = True  # False: a reported code with no accepted report


def _reported(scheme: Scheme, codes: list[str], period: Period) -> dict[tuple[str, int], Value]:
    """Accepted hand-reported values of the year per (code, unit): one grouped query."""
    rows = (IndicatorValue.objects
            .filter(source=IndicatorValue.Source.REPORTED, region_id=scheme.region_id,
                    unit__isnull=False, code__in=codes, period_start__gte=period.start,
                    period_end__lte=period.end)
            .order_by().values("code", "unit_id")
            .annotate(value=Sum("value"), numerator=Sum("numerator"),
                      denominator=Sum("denominator"), n=Count("pk")))
    out: dict[tuple[str, int], Value] = {}
    for row in rows:
        if catalogue.get(row["code"]).kind == "rate":
            num, den = int(row["numerator"] or 0), int(row["denominator"] or 0)
            value = (Decimal(100) * num / den).quantize(Decimal("0.0001")) if den else None
            out[(row["code"], row["unit_id"])] = Value(value, den, num)
        else:
            value = row["value"]
            out[(row["code"], row["unit_id"])] = Value(value, int(value or 0))
    return out


def _value(code: str, unit_id: int, figures: dict[tuple[str, int], engine.Figure],
           reported: dict[tuple[str, int], Value]) -> Value:
    if code in engine.REGISTRY:
        fig = figures.get((code, unit_id))
        is_rate = engine.REGISTRY[code].is_rate
        if fig is None:  # no record of the unit in the year
            return Value(None if is_rate else Decimal(0), 0, 0 if is_rate else None)
        return Value(fig.value, fig.count, fig.numerator)
    found = reported.get((code, unit_id))
    return found if found is not None else Value(None, 0, None, reported=False)


def _score(item: SchemeItem, value: Value | None, manual: ManualScore | None) -> ItemResult:
    res = ItemResult(item_id=item.pk, order=item.order, title=item.title, kind=item.kind,
                     code=item.code, full_marks=item.full_marks, max_points=item.max_points,
                     rule=item.rule_text, target=item.target)
    if value is not None:
        res.value, res.numerator = value.value, value.numerator
        res.denominator = value.count if value.numerator is not None else None
    if item.is_hand_scored:
        if manual is None:
            res.status, res.note = PENDING, "尚未评分"
        else:
            res.points, res.note = manual.points, manual.reason
            res.manual_id, res.has_evidence = manual.pk, bool(manual.evidence)
        return res
    assert value is not None
    if not value.reported:
        res.points, res.status, res.note = scoring.ZERO, MISSING, "本年度未填报该指标，不得分"
        if item.kind == Kind.DEDUCTION:
            res.points = item.full_marks
        return res
    if item.kind == Kind.TARGET:
        if item.target is None:
            res.status, res.note = PENDING, "未设定目标值"
            return res
        got = scoring.target_points(item.full_marks, value.value, item.target, item.direction)
        res.points = got.points
        if not got.applicable:
            res.status, res.note = NOT_APPLICABLE, "无可计数事项（分母为零），按满分计"
        return res
    n = scoring.occurrences(value.count, value.numerator)
    unit = item.count_unit
    res.count = n
    per_item = item.per_item or scoring.ZERO
    if item.kind == Kind.DEDUCTION:
        res.points = scoring.deduction_points(item.full_marks, n, per_item, item.cap)
        res.note = f"{n}{unit}，扣{format_decimal(item.full_marks - res.points)}分"
    else:
        res.points = scoring.bonus_points(n, per_item, item.cap)
        res.note = f"{n}{unit}，加{format_decimal(res.points)}分"
    return res


def record_ids(scheme: Scheme, items: list[SchemeItem], unit_ids: list[int],
               as_of: datetime.date | None = None
               ) -> dict[tuple[int, int], tuple[list[int], list[int]]]:
    """(item, unit) → (ids of the records counted, ids of the numerator), for
    every item on a computed indicator: one or two queries per item, whatever
    the number of units."""
    period = Period.year(scheme.year)
    out: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for item in items:
        comp = engine.REGISTRY.get(item.code)
        if comp is None or item.is_hand_scored:
            continue
        src = comp.source
        where = {src.region: scheme.region_id, f"{src.unit}__in": unit_ids}
        sets = [comp.records(period, as_of).filter(**where)]
        if comp.is_rate:
            sets.append(comp.numerator_records(period, as_of).filter(**where))
        grouped: list[dict[int, list[int]]] = []
        for qs in sets:
            by_unit: dict[int, list[int]] = {}
            for unit_id, pk in qs.order_by(src.unit, "pk").values_list(src.unit, "pk").distinct():
                by_unit.setdefault(unit_id, []).append(pk)
            grouped.append(by_unit)
        for unit_id in unit_ids:
            counted = grouped[0].get(unit_id, [])
            numerator = grouped[1].get(unit_id, []) if len(grouped) > 1 else []
            out[(item.pk, unit_id)] = (counted, numerator)
    return out


def live(scheme: Scheme, *, as_of: datetime.date | None = None,
         with_records: bool = False) -> list[UnitResult]:
    """Every assessed unit's score now, ranked (the order of the result)."""
    as_of = as_of or timezone.localdate()
    period = Period.year(scheme.year)
    items = list(scheme.items.all())
    units = list(scheme.units())
    unit_ids = [u.pk for u in units]
    computed = sorted({i.code for i in items if i.code in engine.REGISTRY})
    figures: dict[tuple[str, int], engine.Figure] = {}
    if computed and units:
        for fig in engine.evaluate(period, county_ids=[scheme.region_id], codes=computed,
                                   by_unit=True, as_of=as_of):
            if fig.unit_id is not None:
                figures[(fig.code, fig.unit_id)] = fig
    reported_codes = sorted({i.code for i in items if i.code and i.code not in engine.REGISTRY})
    reported = _reported(scheme, reported_codes, period) if reported_codes and units else {}
    manual = {(m.item_id, m.unit_id): m for m in ManualScore.objects.filter(item__scheme=scheme)}
    upheld: dict[tuple[int, int], Objection] = {}
    pending: set[tuple[int, int]] = set()
    for obj in Objection.objects.filter(scheme=scheme).order_by("ruled_at", "pk"):
        if obj.state == Objection.State.UPHELD:
            upheld[(obj.item_id, obj.unit_id)] = obj  # the latest ruling holds
        elif obj.state == Objection.State.PENDING:
            pending.add((obj.item_id, obj.unit_id))
    ids = record_ids(scheme, items, unit_ids, as_of) if with_records and units else {}
    full_total = sum((i.full_marks for i in items if not i.is_bonus), scoring.ZERO)
    results = []
    for unit in units:
        rows = []
        for item in items:
            value = None if item.is_hand_scored else _value(item.code, unit.pk, figures, reported)
            res = _score(item, value, manual.get((item.pk, unit.pk)))
            ruling = upheld.get((item.pk, unit.pk))
            if ruling is not None and ruling.adjusted_points is not None:
                res.computed_points, res.points = res.points, ruling.adjusted_points
                res.status, res.note = ADJUSTED, f"异议采纳：{ruling.ruling_reason}"
            res.pending_objection = (item.pk, unit.pk) in pending
            res.record_ids, res.numerator_ids = ids.get((item.pk, unit.pk), ([], []))
            rows.append(res)
        results.append(UnitResult(
            unit_id=unit.pk, unit_name=unit.short_name or unit.name, items=rows,
            total=scoring.total(r.points for r in rows), full_total=full_total, as_of=as_of))
    order = {u.pk: i for i, u in enumerate(units)}
    ranking = scoring.ranks([(r.unit_id, r.total) for r in results])
    for r in results:
        r.rank = ranking[r.unit_id]
    results.sort(key=lambda r: (r.rank, order[r.unit_id]))
    return results


def frozen(scheme: Scheme) -> list[UnitResult]:
    return [UnitResult.from_snapshot(s) for s in scheme.unit_scores.order_by("rank", "pk")]


def results(scheme: Scheme) -> list[UnitResult]:
    """What pages and exports show: the snapshot once closed, else the live score."""
    return frozen(scheme) if scheme.is_closed else live(scheme)


def unit_result(scheme: Scheme, unit_id: int) -> UnitResult | None:
    if scheme.is_closed:
        score = scheme.unit_scores.filter(unit_id=unit_id).first()
        return UnitResult.from_snapshot(score) if score else None
    return next((r for r in live(scheme) if r.unit_id == unit_id), None)
