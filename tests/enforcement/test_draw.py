"""双随机、一公开: the draw is deterministic and verifiable (fazhi.enforcement.draw),
its proportions per grade hold over many seeds, conflicted inspectors (and last
time's) are never drawn, verify_draw rejects altered records, and a performed
draw keeps its targets, teams and results (rules.md §10)."""

from __future__ import annotations

import datetime
import json
import random
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.actions import ActionRefused, Actor
from fazhi.enforcement import draw
from fazhi.enforcement.inspections import PerformDraw, RecordResult, build_record
from fazhi.enforcement.models import (
    Entity,
    InspectionItem,
    InspectorConflict,
    Officer,
    SamplingRule,
)

D = datetime.date
RATIOS = {"A": Decimal("0.05"), "B": Decimal("0.2"), "C": Decimal("0.4"), "D": Decimal("0.8")}


def directory(n_per_grade: int = 50) -> list[tuple[str, str]]:
    return [(f"E{g}{i:03d}", g) for g in "ABCD" for i in range(n_per_grade)]


INSPECTORS = [f"P{i:02d}" for i in range(12)]


def test_the_same_inputs_give_the_same_record_and_order_does_not_matter() -> None:
    entities = directory()
    one = draw.run("种子2026", RATIOS, entities, INSPECTORS)
    shuffled = entities[:]
    random.Random(1).shuffle(shuffled)
    two = draw.run("种子2026", RATIOS, shuffled, list(reversed(INSPECTORS)))
    assert one == two
    assert draw.run("种子2027", RATIOS, entities, INSPECTORS).selected != one.selected
    # ⌈n·r⌉ per grade
    assert [len(one.selected[g]) for g in "ABCD"] == [3, 10, 20, 40]


def test_proportions_per_grade_over_many_seeds() -> None:
    """Each entity of a grade is drawn with the grade's ratio: over 400 seeds every
    entity's frequency stays within 0.1 of it (≈5 standard deviations at r = 0.4),
    and each grade's mean is the ratio up to the rounding of ⌈n·r⌉."""
    entities = directory(40)
    seeds = 400
    counts: Counter[str] = Counter()
    for s in range(seeds):
        result = draw.run(f"seed-{s}", RATIOS, entities, INSPECTORS)
        for keys in result.selected.values():
            counts.update(keys)
    for grade, ratio in RATIOS.items():
        keys = [k for k, g in entities if g == grade]
        freqs = [counts[k] / seeds for k in keys]
        expected = draw.quota(len(keys), ratio) / len(keys)
        assert abs(sum(freqs) / len(freqs) - expected) < 1e-9
        assert max(abs(f - expected) for f in freqs) < 0.1, grade


def test_conflicted_inspectors_are_never_drawn_and_teams_are_two_distinct() -> None:
    entities = directory(30)
    rng = random.Random(5)
    excluded = {(rng.choice(INSPECTORS), rng.choice(entities)[0]) for _ in range(200)}
    loads: Counter[str] = Counter()
    for s in range(100):
        result = draw.run(f"s{s}", RATIOS, entities, INSPECTORS, excluded)
        assert not result.unstaffed
        for entity, team in result.assignments.items():
            assert len(team) == 2 and len(set(team)) == 2
            assert not any((i, entity) in excluded for i in team)
            loads.update(team)
    # the round-robin keeps the load even
    assert max(loads.values()) - min(loads.values()) < 0.2 * max(loads.values())


def test_too_few_eligible_inspectors_is_reported() -> None:
    result = draw.run("s", {"D": Decimal("1")}, [("X", "D")], ["P1", "P2"], [("P1", "X")])
    assert result.unstaffed == ["X"] and result.assignments["X"] == []


def _record() -> dict:
    return draw.record(seed="2026-11-30 公布值 3388.12", seed_source="县政府网站 11月28日公告",
                       region="莘县", item="食品经营", departments=["县市场监管局"], ratios=RATIOS,
                       entities=directory(20), inspectors=INSPECTORS,
                       excluded=[("P01", "ED000")])


def test_verify_accepts_the_record_and_names_every_alteration() -> None:
    rec = _record()
    assert draw.verify(json.loads(json.dumps(rec))) == []
    altered = json.loads(json.dumps(rec))
    dropped = altered["selected"]["C"].pop()
    altered["selected"]["C"].append("EC999")
    problems = draw.verify(altered)
    assert any("C级" in p and "EC999" in p and dropped in p for p in problems)
    swapped = json.loads(json.dumps(rec))
    entity = next(iter(swapped["assignments"]))
    swapped["assignments"][entity] = ["P01", "P00"] if swapped["assignments"][entity] != ["P01", "P00"] \
        else ["P02", "P03"]
    assert any(entity in p for p in draw.verify(swapped))
    reseeded = json.loads(json.dumps(rec))
    reseeded["seed"] = "另一个种子"
    assert draw.verify(reseeded)
    regraded = json.loads(json.dumps(rec))
    regraded["entities"][0][1] = "D"
    assert draw.verify(regraded)
    # a team that includes an inspector the record itself excludes is refused
    conflicted = json.loads(json.dumps(rec))
    entity, team = next(iter(conflicted["assignments"].items()))
    conflicted["excluded"].append([team[0], entity])
    assert any(entity in p for p in draw.verify(conflicted))


# ----------------------------------------------------------------- on the directory
@pytest.fixture
def inspection(county):  # noqa: ANN001, ANN201
    from fazhi.registers.enforcement_case.rules import make_credit_code

    unit = county.units["县市场监管局"]
    item = InspectionItem.objects.create(region=county.county, unit=unit, name="食品经营者抽查",
                                         basis="《中华人民共和国食品安全法》第一百一十条")
    Entity.objects.bulk_create(
        Entity(region=county.county, name=f"企业{i}", grade="ABCD"[i % 4],
               credit_code=make_credit_code(f"913715220000{i:05d}"[:17]))
        for i in range(80))
    for i in range(8):
        Officer.objects.create(region=county.county, unit=unit, name=f"检查员{i}",
                               certificate_number=f"3715{i:04d}", issued_on=D(2024, 1, 1),
                               expires_on=D(2029, 1, 1))
    Officer.objects.create(region=county.county, unit=unit, name="过期", certificate_number="37159999",
                           issued_on=D(2020, 1, 1), expires_on=D(2025, 1, 1))
    return item


@pytest.mark.django_db
def test_commands_dry_run_and_verify(county, inspection, tmp_path) -> None:  # noqa: ANN001
    args = ("random_draw", "--region", str(county.county.pk), "--seed", "20261130", "--json",
            "--on", "2026-11-30")
    out1, out2 = StringIO(), StringIO()
    call_command(*args, stdout=out1)
    call_command(*args, stdout=out2)
    assert out1.getvalue() == out2.getvalue()
    rec = json.loads(out1.getvalue())
    assert rec["population"] == {"A": 20, "B": 20, "C": 20, "D": 20}
    assert [len(rec["selected"][g]) for g in "ABCD"] == [1, 4, 8, 16]
    assert "37159999" not in rec["inspectors"]  # expired certificate: not in the pool
    path = tmp_path / "draw.json"
    path.write_text(out1.getvalue(), encoding="utf-8")
    ok = StringIO()
    call_command("verify_draw", str(path), stdout=ok)
    assert "复核一致" in ok.getvalue()
    rec["selected"]["D"][0] = rec["selected"]["A"][0]
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="D级抽中的对象与重算结果不同"):
        call_command("verify_draw", str(path))
    summary = StringIO()
    call_command(*args[:-3], "--on", "2026-11-30", stdout=summary)
    assert "抽中 A级1/20户" in summary.getvalue() and "检查人员名录 8 人" in summary.getvalue()
    # a county's own ratios are used
    SamplingRule.objects.create(region=county.county, grade="A", ratio=Decimal("0.5"))
    out3 = StringIO()
    call_command(*args, stdout=out3)
    assert len(json.loads(out3.getvalue())["selected"]["A"]) == 10


@pytest.mark.django_db
def test_a_performed_draw_excludes_conflicts_and_last_times_inspectors(county, inspection) -> None:  # noqa: ANN001
    office = Actor.for_user(county.users["office"])
    officer = Officer.objects.get(name="检查员0")
    entity = Entity.objects.filter(grade="D").first()
    InspectorConflict.objects.create(officer=officer, entity=entity, reason="近亲属")
    SamplingRule.objects.create(region=county.county, grade="D", ratio=Decimal("1"))
    unit = county.units["县市场监管局"]
    first = PerformDraw(office, item=inspection, departments=[unit], seed="第一次", seed_source="公告",
                        period=(D(2025, 9, 1), D(2025, 9, 26)), drawn_on=D(2025, 8, 25)).execute()
    # 20 WD from 9/26 across National Day: 9/28–30, 10/9–11 (10/11 worked), 10/13–17, 10/20–24, 10/27–30
    assert first.results_due == D(2025, 10, 30)
    team = {t.entity_id: set(t.inspectors.values_list("pk", flat=True))
            for t in first.targets.prefetch_related("inspectors")}
    assert entity.pk in team and officer.pk not in team[entity.pk]
    assert all(len(members) == 2 for members in team.values())
    second = PerformDraw(office, item=inspection, departments=[unit], seed="第二次", seed_source="公告",
                         period=(D(2025, 11, 1), D(2025, 11, 28)), drawn_on=D(2025, 10, 27)).execute()
    for t in second.targets.prefetch_related("inspectors"):
        if t.entity_id in team:
            assert not team[t.entity_id] & set(t.inspectors.values_list("pk", flat=True))
    assert draw.verify(second.record) == []
    # results: 不合格 needs its follow-up; completion when all are published
    targets = list(first.targets.all())
    with pytest.raises(ActionRefused, match="后续处置"):
        RecordResult(office, targets[0], result="failed", result_on=D(2025, 9, 10)).execute()
    for t in targets:
        RecordResult(office, t, result="passed", result_on=D(2025, 9, 10),
                     published_on=D(2025, 10, 9)).execute()
    first.refresh_from_db()
    assert first.completed_on == D(2025, 10, 9)


@pytest.mark.django_db
def test_a_draw_needs_a_published_seed(county, inspection) -> None:  # noqa: ANN001
    with pytest.raises(ActionRefused, match="种子"):
        PerformDraw(Actor.for_user(county.users["office"]), item=inspection,
                    departments=[county.units["县市场监管局"]], seed="x", seed_source="",
                    period=(D(2025, 9, 1), D(2025, 9, 2)), drawn_on=D(2025, 8, 1)).execute()
    assert build_record(county.county, inspection, [county.units["县市场监管局"]], "s", "公告",
                        D(2026, 1, 1))["algorithm"] == draw.ALGORITHM


@pytest.mark.django_db
def test_inspection_figures(county, inspection) -> None:  # noqa: ANN001
    from fazhi.indicators import engine
    from fazhi.indicators.periods import Period

    office = Actor.for_user(county.users["office"])
    market, justice = county.units["县市场监管局"], county.units["县司法局"]
    Officer.objects.create(region=county.county, unit=justice, name="司法检查员",
                           certificate_number="37169999", issued_on=D(2024, 1, 1),
                           expires_on=D(2029, 1, 1))
    solo = PerformDraw(office, item=inspection, departments=[market], seed="一", seed_source="公告",
                       period=(D(2025, 3, 1), D(2025, 3, 31)), drawn_on=D(2025, 2, 20)).execute()
    PerformDraw(office, item=inspection, departments=[market, justice], seed="二",
                seed_source="公告", period=(D(2025, 5, 6), D(2025, 5, 30)),
                drawn_on=D(2025, 5, 6)).execute()
    targets = list(solo.targets.all())
    for t in targets:
        RecordResult(office, t, result="passed", result_on=D(2025, 3, 10),
                     published_on=D(2025, 3, 20)).execute()
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 1, 20)) if f.unit_id is None}
    assert figs["RANDOM_INSPECTION_ENTITIES"].count == len(targets)
    joint = figs["JOINT_INSPECTION_RATE"]
    assert (joint.numerator, joint.count) == (1, 2)
    done = figs["RANDOM_INSPECTION_COMPLETION_RATE"]
    assert (done.numerator, done.count) == (1, 2)


@pytest.mark.django_db
def test_draw_and_results_through_the_pages(county, inspection, django_assert_max_num_queries) -> None:  # noqa: ANN001
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from ..conftest import PASSWORD

    today = timezone.localdate().isoformat()
    c = Client()
    c.login(username="office", password=PASSWORD)
    response = c.post(reverse("enforcement:draw_list"), {
        "item": inspection.pk, "departments": [county.units["县市场监管局"].pk],
        "seed": "20251120 公布值", "seed_source": "县政府网站", "period_start": today,
        "period_end": today, "grades": list("ABCD")})
    assert response.status_code == 302
    drawn = inspection.draws.get()
    with django_assert_max_num_queries(20):
        body = c.get(reverse("enforcement:draw_detail", args=[drawn.pk])).content.decode()
    assert "下载抽取记录" in body and "检查员" in body
    record = json.loads(c.get(reverse("enforcement:draw_record", args=[drawn.pk])).content)
    assert draw.verify(record) == []
    target = drawn.targets.first()
    c.post(reverse("enforcement:target_result", args=[target.pk]), {
        "result": "failed", "result_on": today, "follow_up": ""})
    target.refresh_from_db()
    assert target.result == ""  # 不合格 without a follow-up is refused
    c.post(reverse("enforcement:target_result", args=[target.pk]), {
        "result": "failed", "result_on": today, "follow_up": "责令整改"})
    target.refresh_from_db()
    assert target.result == "failed" and target.follow_up == "责令整改"
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert other.get(reverse("enforcement:draw_detail", args=[drawn.pk])).status_code == 404
