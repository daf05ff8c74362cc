"""The scoring rules with numbers worked out by hand."""

from __future__ import annotations

import doctest
from decimal import Decimal

from fazhi.assessment import scoring
from fazhi.assessment.scoring import (
    AT_MOST,
    bonus_points,
    deduction_points,
    light,
    ranks,
    target_points,
    total,
)

D = Decimal


def test_the_docstring_examples_hold() -> None:
    assert doctest.testmod(scoring).failed == 0


def test_target_at_least_is_linear_below_and_full_at_the_target() -> None:
    assert target_points(D(20), D(80), D(100)).points == D("16.00")  # 20 × 80/100
    assert target_points(D(20), D(100), D(100)).points == D("20.00")
    assert target_points(D(20), D(120), D(100)).points == D("20.00")  # capped at full
    assert target_points(D(20), D("33.3333"), D(100)).points == D("6.67")  # 6.66666 rounds up
    assert target_points(D(10), D("90.5"), D(95)).points == D("9.53")  # 10 × 90.5/95 = 9.526
    assert target_points(D(10), D(0), D(95)).points == D("0.00")
    assert target_points(D(10), D(0), D(0)).points == D("10.00")  # nothing asked


def test_target_at_most_is_the_inverse() -> None:
    assert target_points(D(10), D(20), D(10), AT_MOST).points == D("5.00")  # 10 × 10/20
    assert target_points(D(10), D(50), D(10), AT_MOST).points == D("2.00")
    assert target_points(D(10), D(10), D(10), AT_MOST).points == D("10.00")
    assert target_points(D(10), D(0), D(10), AT_MOST).points == D("10.00")
    assert target_points(D(10), D(3), D(0), AT_MOST).points == D("0.00")  # 零败诉 missed


def test_a_zero_denominator_is_not_applicable_and_scored_full() -> None:
    got = target_points(D(15), None, D(95))
    assert got.points == D("15.00") and got.applicable is False
    assert target_points(D(15), None, D(10), AT_MOST).applicable is False


def test_deductions_per_record_with_a_cap() -> None:
    assert deduction_points(D(10), 0, D(2), D(6)) == D("10.00")
    assert deduction_points(D(10), 2, D(2), D(6)) == D("6.00")
    assert deduction_points(D(10), 3, D(2), D(6)) == D("4.00")  # 6 = the cap
    assert deduction_points(D(10), 9, D(2), D(6)) == D("4.00")
    assert deduction_points(D(10), 9, D(2)) == D("0.00")  # no cap: at most the full marks
    assert deduction_points(D(5), 3, D(2), D(8)) == D("0.00")  # a cap above full: never negative
    assert deduction_points(D(10), 3, D("0.5")) == D("8.50")


def test_bonus_per_record_with_a_cap() -> None:
    assert bonus_points(1, D("0.5"), D(2)) == D("0.50")
    assert bonus_points(3, D("0.5"), D(1)) == D("1.00")
    assert bonus_points(0, D(1), D(2)) == D("0.00")


def test_totals_lights_and_ranks() -> None:
    assert total([D("6.67"), D(6), None, D("1.5")]) == D("14.17")  # not scored yet counts 0
    assert light(D(9), D(10)) == "green" and light(D("8.99"), D(10)) == "yellow"
    assert light(D(6), D(10)) == "yellow" and light(D("5.99"), D(10)) == "red"
    assert light(None, D(10)) == "" and light(D(1), D(0)) == ""
    assert ranks([("甲", D(90)), ("乙", D(95)), ("丙", D(90)), ("丁", D(80))]) == {
        "乙": 1, "甲": 2, "丙": 2, "丁": 4}
