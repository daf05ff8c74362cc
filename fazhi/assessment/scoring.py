"""考核计分规则：纯函数，不读数据库，便于逐条核对.

Points are Decimals rounded to two places (half up), as score sheets print them.

* 指标达标（``target_points``）：达到目标得满分；未达到的按完成比例线性得分
  （不低于型：满分 × 实际值 ÷ 目标值；不高于型：满分 × 目标值 ÷ 实际值），
  最高不超过满分。
* 不适用：比率的分母为零（如全年没有应诉案件，就没有出庭应诉率），该项
  **按满分计**，并在明细中标注“不适用”。选择满分而不是把分值分摊到其他项目，
  是因为考核细则通常写作“未发生的不扣分”，且各单位总分的满分保持一致、
  明细里每一项的分数都能直接对照。
* 扣分项（``deduction_points``）：每件扣 ``per_item`` 分，扣分合计不超过上限
  （未设上限的以本项分值为限），本项最低0分。
* 加分项（``bonus_points``）：每件加 ``per_item`` 分，不超过上限。
* 名次（``ranks``）：按总分从高到低，同分同名次，下一名次顺延（1、1、3）。
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

ZERO = Decimal(0)
CENT = Decimal("0.01")
AT_LEAST = "at_least"
AT_MOST = "at_most"

# Lights against full marks: at least 90 % green, at least 60 % yellow.
GREEN_RATIO = Decimal("0.9")
YELLOW_RATIO = Decimal("0.6")

K = TypeVar("K")


def points(value: Decimal | int | float) -> Decimal:
    """Two decimal places, rounded half up (0.125 → 0.13)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TargetScore:
    points: Decimal
    applicable: bool  # False: zero denominator, scored full (不适用)


def target_points(full: Decimal, value: Decimal | None, target: Decimal,
                  direction: str = AT_LEAST) -> TargetScore:
    """Points of an indicator item against its target.

    >>> target_points(Decimal(10), Decimal(80), Decimal(100)).points
    Decimal('8.00')
    >>> target_points(Decimal(10), Decimal(20), Decimal(10), AT_MOST).points
    Decimal('5.00')
    >>> target_points(Decimal(10), None, Decimal(95))
    TargetScore(points=Decimal('10.00'), applicable=False)
    """
    if value is None:
        return TargetScore(points(full), applicable=False)
    value = Decimal(value)
    if direction == AT_MOST:
        if value <= target:
            return TargetScore(points(full), True)
        # value > target ≥ 0, so value > 0
        return TargetScore(points(full * max(target, ZERO) / value), True)
    if target <= 0 or value >= target:
        return TargetScore(points(full), True)
    return TargetScore(points(full * max(value, ZERO) / target), True)


def deduction_points(full: Decimal, count: int, per_item: Decimal,
                     cap: Decimal | None = None) -> Decimal:
    """Full marks less ``per_item`` for each counted record, the deduction at
    most ``cap`` (or the full marks), never below zero.

    >>> deduction_points(Decimal(10), 3, Decimal(2), Decimal(5))
    Decimal('5.00')
    """
    limit = full if cap is None else min(cap, full)
    deducted = min(per_item * max(count, 0), limit)
    return points(max(full - deducted, ZERO))


def bonus_points(count: int, per_item: Decimal, cap: Decimal | None) -> Decimal:
    """``per_item`` for each counted record, at most ``cap``.

    >>> bonus_points(3, Decimal("0.5"), Decimal(1))
    Decimal('1.00')
    """
    earned = per_item * max(count, 0)
    if cap is not None:
        earned = min(earned, cap)
    return points(earned)


def occurrences(count: int, numerator: int | None) -> int:
    """What a deduction or bonus counts: for a rate its numerator (败诉 cases of
    the 败诉率), otherwise the records counted."""
    return count if numerator is None else numerator


def within(value: Decimal, maximum: Decimal) -> bool:
    """Hand-entered or adjusted points must lie between 0 and the item's maximum."""
    return ZERO <= value <= maximum


def total(item_points: Iterable[Decimal | None]) -> Decimal:
    """The unit's total: the sum of its items' points (an item not yet scored counts 0)."""
    return points(sum((p for p in item_points if p is not None), ZERO))


def light(earned: Decimal | None, full: Decimal) -> str:
    """Red / yellow / green against full marks ("" when there is nothing to compare)."""
    if earned is None or full <= 0:
        return ""
    ratio = earned / full
    if ratio >= GREEN_RATIO:
        return "green"
    if ratio >= YELLOW_RATIO:
        return "yellow"
    return "red"


def ranks(totals: Sequence[tuple[K, Decimal]]) -> dict[K, int]:
    """Competition ranking: highest total first, equal totals share a rank.

    >>> ranks([("a", Decimal(90)), ("b", Decimal(95)), ("c", Decimal(90))])
    {'b': 1, 'a': 2, 'c': 2}
    """
    ordered = sorted(totals, key=lambda kv: kv[1], reverse=True)
    out: dict[K, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        out[key] = rank
    return out
