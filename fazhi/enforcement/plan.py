"""年度抽查计划：把按信用风险等级设定的抽查比例和频次（rules.md §10，按县配置）
变成每个抽查事项一年的抽取轮次.

A grade inspected f times a year takes part in rounds 1…f; the year has as many
rounds as the highest frequency, each an equal share of the year (three rounds:
January–April, May–August, September–December). Round r draws only the grades
whose frequency is at least r, each at its ratio — so over the year an entity of
grade g is drawn f(g) times at ratio r(g), the rule as configured. A round is
done when a draw of the item starts within its period; a round whose period has
passed without one is 逾期未抽.

Everything here is read with a fixed number of queries for a county, whatever
its numbers of items, entities and draws.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.indicators.services import format_decimal
from fazhi.org.models import Region

from . import draw as algorithm
from .models import Draw, Entity, Grade, InspectionItem, SamplingRule

MAX_FREQUENCY = 12  # at most monthly: a round is then one month


@dataclass(frozen=True)
class GradeRule:
    grade: str
    label: str
    ratio: Decimal
    frequency: int
    population: int  # entities of the grade in the county's directory

    @property
    def percent(self) -> str:
        return f"{format_decimal(self.ratio * 100)}%"

    @property
    def per_round(self) -> int:
        return algorithm.quota(self.population, self.ratio)

    @property
    def per_year(self) -> int:
        return self.per_round * self.frequency


@dataclass
class Round:
    number: int
    start: datetime.date
    end: datetime.date
    grades: list[GradeRule]
    draws: list[Draw] = field(default_factory=list)

    @property
    def grade_codes(self) -> str:
        return "".join(g.grade for g in self.grades)

    @property
    def expected(self) -> int:
        return sum(g.per_round for g in self.grades)

    def status(self, today: datetime.date) -> tuple[str, str]:
        """(label, light) as the plan page shows it."""
        if self.draws:
            return "已抽取", "green"
        if self.end < today:
            return "逾期未抽", "red"
        if self.start <= today:
            return "本轮进行中，待抽取", "yellow"
        return "未开始", "grey"


@dataclass
class ItemPlan:
    item: InspectionItem
    rounds: list[Round]

    @property
    def expected(self) -> int:
        return sum(r.expected for r in self.rounds)

    def overdue(self, today: datetime.date) -> int:
        return sum(1 for r in self.rounds if r.status(today)[1] == "red")


def grade_rules(region: Region) -> list[GradeRule]:
    """The county's ratio and frequency per grade (its settings, else the
    defaults of rules.md §10) with the directory's population: two queries."""
    set_rules = {r.grade: r for r in SamplingRule.objects.filter(region=region)}
    population = dict(Entity.objects.filter(region=region).order_by().values("grade")
                      .annotate(n=Count("pk")).values_list("grade", "n"))
    out = []
    for grade, label in Grade.choices:
        rule = set_rules.get(grade)
        out.append(GradeRule(
            grade, label,
            rule.ratio if rule else algorithm.DEFAULT_RATIOS[grade],
            rule.frequency if rule else algorithm.DEFAULT_FREQUENCY[grade],
            population.get(grade, 0)))
    return out


def round_periods(year: int, rounds: int) -> list[tuple[datetime.date, datetime.date]]:
    """The year cut into ``rounds`` equal spans of days (12 rounds: the months)."""
    first = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - first).days
    cuts = [first + datetime.timedelta(days=days * i // rounds) for i in range(rounds + 1)]
    if rounds in (1, 2, 3, 4, 6, 12):  # whole months, as plans are written
        step = 12 // rounds
        cuts = [datetime.date(year, 1 + step * i, 1) for i in range(rounds)] + \
            [datetime.date(year + 1, 1, 1)]
    return [(cuts[i], cuts[i + 1] - datetime.timedelta(days=1)) for i in range(rounds)]


def rounds_for(rules: list[GradeRule], year: int) -> list[Round]:
    active = [g for g in rules if g.frequency > 0 and g.ratio > 0]
    count = max((g.frequency for g in active), default=0)
    return [Round(i, start, end, [g for g in active if g.frequency >= i])
            for i, (start, end) in enumerate(round_periods(year, count), start=1)] if count else []


def yearly_plan(region: Region, year: int, items: list[InspectionItem]) -> list[ItemPlan]:
    """Every item's rounds for ``year`` with the draws already made in each."""
    rules = grade_rules(region)
    draws: dict[int, list[Draw]] = {}
    for d in Draw.objects.filter(region=region, item__in=items, period_start__year=year) \
            .order_by("period_start", "id"):
        draws.setdefault(d.item_id, []).append(d)
    plans = []
    for item in items:
        rounds = rounds_for(rules, year)
        for d in draws.get(item.pk, []):
            match = next((r for r in rounds if r.start <= d.period_start <= r.end), None)
            if match is not None:
                match.draws.append(d)
        plans.append(ItemPlan(item, rounds))
    return plans


def round_ratios(rules: list[GradeRule], grades: str) -> dict[str, Decimal]:
    """The ratios a round's draw uses: its grades at their ratio, the others none."""
    return {g.grade: (g.ratio if g.grade in grades else Decimal(0)) for g in rules}


class SetSamplingRule(Action):
    """The office sets a grade's ratio and frequency for its county (audited)."""

    verb = "sampling_rule.set"
    permission = "register.manage"
    denied_message = "只有依法治县办可以设定抽查比例和频次。"

    def __init__(self, actor: Actor, *, region: Region, grade: str, ratio: str | Decimal,
                 frequency: int | str) -> None:
        # The stored rule (if any) is the action's object: the write path locks it
        # and the audit entry keeps its values before and after.
        super().__init__(actor, SamplingRule.objects.filter(region=region, grade=grade).first())
        self.region, self.grade, self.raw_ratio, self.raw_frequency = region, grade, ratio, frequency

    def permission_target(self) -> SamplingRule:
        return SamplingRule(region=self.region)

    def apply(self) -> SamplingRule:
        if self.grade not in Grade.values:
            raise ActionRefused("信用风险等级应为A、B、C、D之一。")
        try:
            ratio = Decimal(str(self.raw_ratio).strip().rstrip("%")) / 100
        except InvalidOperation:
            raise ActionRefused("抽查比例应为0到100之间的百分数，如 5 表示 5%。") from None
        if not Decimal(0) <= ratio <= Decimal(1) or ratio != ratio.quantize(Decimal("0.0001")):
            raise ActionRefused("抽查比例应为0到100之间的百分数，最多两位小数。")
        try:
            frequency = int(str(self.raw_frequency).strip())
        except ValueError:
            frequency = -1
        if not 0 <= frequency <= MAX_FREQUENCY:
            raise ActionRefused(f"每年抽查频次应为0到{MAX_FREQUENCY}之间的整数。")
        rule = self.obj or SamplingRule(region=self.region, grade=self.grade)
        rule.ratio, rule.frequency = ratio, frequency
        rule.save()
        return rule
