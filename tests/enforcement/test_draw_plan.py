"""年度抽查计划：等级频次 → 轮次；每轮只抽其等级；比例和频次由依法治县办设定（留痕）。"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.enforcement.inspections import PerformDraw
from fazhi.enforcement.models import SamplingRule
from fazhi.enforcement.plan import (
    SetSamplingRule,
    grade_rules,
    round_periods,
    rounds_for,
    yearly_plan,
)

from ..conftest import PASSWORD
from .test_draw import inspection  # noqa: F401  (fixture)

D = datetime.date


def office(county) -> Actor:  # noqa: ANN001
    from django.contrib.auth import get_user_model

    return Actor.for_user(get_user_model().objects.get(username="office"))


def test_round_periods_cover_the_year_without_gaps() -> None:
    for year in (2024, 2026):  # a leap year too
        for n in range(1, 13):
            spans = round_periods(year, n)
            assert len(spans) == n and spans[0][0] == D(year, 1, 1) and spans[-1][1] == D(year, 12, 31)
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                assert start == end + datetime.timedelta(days=1)
    assert round_periods(2026, 3) == [(D(2026, 1, 1), D(2026, 4, 30)), (D(2026, 5, 1), D(2026, 8, 31)),
                                      (D(2026, 9, 1), D(2026, 12, 31))]
    five = round_periods(2026, 5)  # not whole months: equal spans of days
    assert [(e - s).days + 1 for s, e in five] == [73, 73, 73, 73, 73]


@pytest.mark.django_db
def test_frequencies_become_rounds_and_each_grade_is_drawn_as_often_as_set(county, inspection) -> None:  # noqa: ANN001, F811
    actor = office(county)
    for grade, ratio, freq in (("A", "5", 1), ("B", "10", 1), ("C", "25", 2), ("D", "50", 4)):
        SetSamplingRule(actor, region=county.county, grade=grade, ratio=ratio, frequency=freq).execute()
    rules = grade_rules(county.county)
    assert [(g.grade, g.population, g.per_round) for g in rules] == [
        ("A", 20, 1), ("B", 20, 2), ("C", 20, 5), ("D", 20, 10)]
    rounds = rounds_for(rules, 2026)
    assert [r.grade_codes for r in rounds] == ["ABCD", "CD", "D", "D"]
    assert [(r.start, r.end) for r in rounds][1] == (D(2026, 4, 1), D(2026, 6, 30))
    # over the year, each grade appears in as many rounds as its frequency
    for g in rules:
        assert sum(g.grade in r.grade_codes for r in rounds) == g.frequency
    assert sum(r.expected for r in rounds) == sum(g.per_year for g in rules) == 1 + 2 + 5 * 2 + 10 * 4
    # a round's draw takes only its grades, at their ratios
    item = inspection
    made = PerformDraw(actor, item=item, departments=[item.unit], seed="2026-04-02 公布值",
                       seed_source="县政府网站", period=(D(2026, 4, 10), D(2026, 5, 10)),
                       drawn_on=D(2026, 4, 8), grades="CD").execute()
    assert set(made.targets.values_list("grade", flat=True)) == {"C", "D"}
    assert made.targets.count() == 5 + 10 and made.record["rules"]["A"] == "0"
    plan = yearly_plan(county.county, 2026, [item])[0]
    assert [bool(r.draws) for r in plan.rounds] == [False, True, False, False]
    assert [r.status(D(2026, 7, 15))[0] for r in plan.rounds] == [
        "逾期未抽", "已抽取", "本轮进行中，待抽取", "未开始"]
    assert plan.overdue(D(2026, 12, 31)) == 2 and plan.overdue(D(2027, 1, 1)) == 3
    with pytest.raises(ActionRefused, match="等级"):
        PerformDraw(actor, item=item, departments=[item.unit], seed="s", seed_source="网站",
                    period=(D(2026, 7, 1), D(2026, 7, 2)), drawn_on=D(2026, 7, 1), grades="").execute()


@pytest.mark.django_db
def test_sampling_rules_are_checked_audited_and_only_the_office_sets_them(county, inspection) -> None:  # noqa: ANN001, F811
    actor = office(county)
    for ratio, freq, message in (("120", 1, "0到100"), ("abc", 1, "百分数"), ("5", 13, "频次"),
                                 ("5.555", 1, "两位小数")):
        with pytest.raises(ActionRefused, match=message):
            SetSamplingRule(actor, region=county.county, grade="A", ratio=ratio, frequency=freq).execute()
    assert not SamplingRule.objects.exists()  # nothing half-written
    SetSamplingRule(actor, region=county.county, grade="B", ratio="12.5", frequency=2).execute()
    SetSamplingRule(actor, region=county.county, grade="B", ratio="15", frequency=3).execute()
    rule = SamplingRule.objects.get()
    assert (rule.ratio, rule.frequency) == (Decimal("0.15"), 3)
    entry = AuditEntry.objects.filter(action="sampling_rule.set").order_by("-id").first()
    assert (entry.changes["frequency"]["old"], entry.changes["frequency"]["new"]) == (2, 3)

    c = Client()
    c.login(username="office", password=PASSWORD)
    url = reverse("enforcement:draw_plan")
    body = c.get(url, {"year": 2026}).content.decode()
    assert "2026年度双随机抽查计划" in body and "15%" in body and "第3轮" in body
    assert "按本轮抽取" in body and "食品经营者抽查" in body
    response = c.post(url + "?year=2026", {"region": county.county.pk, "grade": "C", "ratio": "30",
                                           "frequency": "2"})
    assert response.status_code == 302
    assert SamplingRule.objects.get(grade="C").frequency == 2
    body = c.post(url, {"region": county.county.pk, "grade": "C", "ratio": "300",
                        "frequency": "2"}).content.decode()
    assert SamplingRule.objects.get(grade="C").ratio == Decimal("0.30")  # kept
    assert "300" in body  # the form keeps the input
    # a department's clerk sees its own items' plan but cannot set the rules
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    clerk.post(url, {"region": county.county.pk, "grade": "C", "ratio": "1", "frequency": "1"})
    assert SamplingRule.objects.get(grade="C").ratio == Decimal("0.30")
    # the round's link fills the draw form
    body = c.get(reverse("enforcement:draw_list"), {"item": inspection.pk, "grades": "CD",
                                                     "period_start": "2026-04-01"}).content.decode()
    assert 'value="2026-04-01"' in body
