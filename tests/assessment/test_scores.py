"""Live scores from the records: every item against hand-counted figures,
the records behind each deduction, defaults and the query count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.assessment import results
from fazhi.assessment.models import Scheme, SchemeItem
from fazhi.indicators.models import IndicatorTarget
from fazhi.org.models import Unit
from fazhi.plans.models import Assignment

from . import factories as f

D = Decimal


@pytest.fixture
def scored(county):  # noqa: ANN001, ANN201
    data = f.records(county)
    scheme = f.scheme(county)
    f.hand_scores(county, scheme)
    return {**data, "scheme": scheme}


def _by_unit(rows: list[results.UnitResult]) -> dict[str, results.UnitResult]:
    return {r.unit_name: r for r in rows}


def test_every_item_against_hand_counted_records(county, scored) -> None:  # noqa: ANN001
    rows = results.live(scored["scheme"])
    assert [r.unit_name for r in rows] == ["县司法局", "县审计局", "县市场监管局"]  # ranked
    by = _by_unit(rows)
    for name, (expected_total, rank) in f.EXPECTED.items():
        assert (by[name].total, by[name].rank) == (expected_total, rank), name
    justice = {i.title: i for i in by["县司法局"].items}
    assert justice["年度任务按期完成"].value == D("33.3333")
    assert (justice["年度任务按期完成"].numerator, justice["年度任务按期完成"].denominator) == (1, 3)
    assert justice["年度任务按期完成"].points == D("6.67")
    assert justice["逾期未完成事项"].count == 2 and justice["逾期未完成事项"].points == D(6)
    assert justice["行政诉讼败诉"].points == D(10)
    assert justice["行政诉讼败诉率"].status == results.NOT_APPLICABLE  # no case: scored full
    assert justice["行政诉讼败诉率"].points == D(10) and justice["行政诉讼败诉率"].value_text == "—"
    assert justice["法治宣传教育"].points == D(4) and justice["工作创新"].points == D("1.5")
    market = {i.title: i for i in by["县市场监管局"].items}
    assert market["行政诉讼败诉"].count == 1 and market["行政诉讼败诉"].points == D(7)
    assert market["行政诉讼败诉率"].value_text == "50%（1/2）"
    assert market["行政诉讼败诉率"].points == D(2)
    assert by["县司法局"].full_total == D(55)  # bonus items add beyond the full marks


def test_the_scheme_assesses_the_kinds_it_names(county, scored) -> None:  # noqa: ANN001
    scheme = scored["scheme"]
    assert {u.short_name for u in scheme.units()} == {"县司法局", "县市场监管局", "县审计局"}
    scheme.unit_kinds, scheme.law_enforcement_only = [], True
    assert {u.short_name for u in scheme.units()} == {"县司法局", "县市场监管局"}
    assert scheme.covers(county.units["县司法局"]) and not scheme.covers(county.units["县审计局"])
    scheme.unit_kinds, scheme.law_enforcement_only = [Unit.Kind.TOWN, Unit.Kind.STREET], False
    assert {u.short_name for u in scheme.units()} == {"莘亭街道", "朝城镇"}


def test_hand_scored_items_not_yet_entered_are_pending(county) -> None:  # noqa: ANN001
    f.records(county)
    scheme = f.scheme(county)
    justice = _by_unit(results.live(scheme))["县司法局"]
    assert justice.pending_items == 2
    assert justice.total == D("32.67")  # 38.17 − 4 − 1.5: pending counts 0


def test_the_records_behind_each_deduction(county, scored) -> None:  # noqa: ANN001
    scheme = scored["scheme"]
    by = _by_unit(results.live(scheme, with_records=True))
    overdue = by["县司法局"].item(f.item(scheme, "逾期未完成事项").pk)
    expected = set(Assignment.objects.filter(unit=county.units["县司法局"], is_done=False)
                   .values_list("pk", flat=True))
    assert set(overdue.behind_ids) == expected and len(expected) == 2
    lost = by["县市场监管局"].item(f.item(scheme, "行政诉讼败诉").pk)
    assert lost.behind_ids == [scored["lost"].pk]  # the numerator: the lost case only
    assert sorted(lost.record_ids) == sorted([scored["lost"].pk, scored["won"].pk])


def test_the_unit_page_lists_the_records_behind_a_deduction(client, county, scored) -> None:  # noqa: ANN001
    scheme = scored["scheme"]
    client.force_login(county.users["office"])
    page = client.get(reverse("assessment:unit_detail",
                              args=[scheme.pk, county.units["县市场监管局"].pk])).content.decode()
    assert "扣分所依据的记录：行政应诉登记簿，共1条" in page
    assert reverse("registers:case_detail", args=["litigation", scored["lost"].pk]) in page
    assert "（2025）鲁1522行初1号" in page and "第3名（共3个单位）" in page
    assert "None" not in page and "True" not in page and "False" not in page


def test_a_stored_value_links_to_its_provenance(client, county, scored) -> None:  # noqa: ANN001
    from fazhi.indicators.store import recompute

    recompute(f.YEAR, county.county)
    client.force_login(county.users["office"])
    page = client.get(reverse("assessment:unit_detail",
                              args=[scored["scheme"].pk, county.units["县司法局"].pk])).content
    from fazhi.indicators.models import IndicatorValue

    value = IndicatorValue.objects.get(code="PLAN_OVERDUE_ASSIGNMENTS", unit=county.units["县司法局"],
                                       period_start=datetime.date(2025, 1, 1),
                                       period_end=datetime.date(2025, 12, 31))
    assert reverse("indicators:value_detail", args=[value.pk]).encode() in page


def test_an_item_takes_its_default_target_from_the_indicator_targets(client, county) -> None:  # noqa: ANN001
    scheme = f.scheme(county, publish=False)
    IndicatorTarget.objects.create(region=county.county, year=f.YEAR, code="HEAD_APPEARANCE_RATE",
                                   target=D(100), direction="at_least", basis="考核细则")
    client.force_login(county.users["office"])
    url = reverse("assessment:item_create", args=[scheme.pk])
    form = {"order": 7, "title": "负责人出庭应诉", "kind": "indicator_target",
            "code": "HEAD_APPEARANCE_RATE", "full_marks": "5", "target": "", "direction": "at_least"}
    response = client.post(url, form)
    assert response.status_code == 302
    assert scheme.items.get(title="负责人出庭应诉").target == D(100)
    # without a target set for the county, the form asks for one and keeps the input
    response = client.post(url, {**form, "title": "复议纠错率", "code": "RECON_CORRECTION_RATE"})
    page = response.content.decode()
    assert response.status_code == 200 and "请填写目标值" in page and "复议纠错率" in page
    # a deduction needs a computed figure, so its records can be listed
    response = client.post(url, {**form, "kind": "deduction", "code": "", "per_item": "1"})
    assert "扣分项须选择由系统计算的指标" in response.content.decode()


def test_the_scores_page_needs_a_fixed_number_of_queries(client, county,  # noqa: ANN001
                                                          django_assert_max_num_queries) -> None:
    f.records(county)
    scheme = f.scheme(county)
    f.hand_scores(county, scheme)
    client.force_login(county.users["office"])
    url = reverse("assessment:scores", args=[scheme.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(18) as small:
        assert client.get(url).status_code == 200
    # ten times the units, with records of their own
    for i in range(30):
        unit = Unit.objects.create(region=county.county, name=f"莘县第{i}局", short_name=f"第{i}局",
                                   kind=Unit.Kind.DEPARTMENT)
        f.litigation_case(county, unit, f"（2025）鲁1522行初{100 + i}号",
                          "revoke" if i % 2 else "reject_claim")
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = client.get(url)
    assert page.status_code == 200 and "第29局" in page.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_scheme_items_keep_their_rules_in_words(county) -> None:  # noqa: ANN001
    scheme = f.scheme(county, publish=False)
    assert f.item(scheme, "逾期未完成事项").rule_text == (
        "“逾期未完成任务事项数”每1项扣2分，最多扣6分（本项10分）。")
    assert f.item(scheme, "行政诉讼败诉").rule_text.startswith("计入“行政诉讼败诉率”分子的每1件扣3分")
    assert "不高于10%的得满分10分" in f.item(scheme, "行政诉讼败诉率").rule_text
    assert f.item(scheme, "工作创新").rule_text == "由依法治县办评定加分，最多加2分。"
    assert Scheme.objects.get(pk=scheme.pk).target_text == "县政府部门"
    assert SchemeItem.objects.filter(scheme=scheme).count() == len(f.ITEMS)
