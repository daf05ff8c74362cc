"""不罚轻罚清单: versioned lists; cases ending in 不予处罚 or 减轻处罚 cite an item of
the version in force on the decision date, or the article (行政处罚法第三十二条、
第三十三条); counts and amounts come from the cases."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import ActionRefused, Actor
from fazhi.enforcement.actions import AddLeniencyItem, CreateLeniencyList, PublishLeniencyList
from fazhi.enforcement.models import LeniencyList
from fazhi.indicators.figures import computed
from fazhi.indicators.periods import Period
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.enforcement_case.stats import lenient_amounts
from fazhi.registers.models import Case

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("enforcement_case")


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def published_list(county, on: D, items: list[tuple[str, str]]) -> LeniencyList:  # noqa: ANN001
    lst = CreateLeniencyList(office(county), region=county.county, field_name="市场监管",
                             title="市场监管领域不罚轻罚清单").execute()
    for kind, act in items:
        AddLeniencyItem(office(county), lst, kind=kind, act=act,
                        legal_basis="《中华人民共和国行政处罚法》第三十三条第一款",
                        conditions="初次违法、危害后果轻微并及时改正").execute()
    return PublishLeniencyList(office(county), lst, published_on=on).execute()


def case(county, on: D) -> Case:  # noqa: ANN001
    return OpenCase(office(county), REG, region=county.county, unit=county.units["县市场监管局"],
                    data={"title": "案", "started_on": on, "kind": "penalty",
                          "party_type": "person", "party_name": "周某",
                          "powers_published": True}).execute()


def decide(county, c: Case, on: D, **data) -> Case:  # noqa: ANN001, ANN003
    return RecordEvent(office(county), c, REG, "decide", occurred_on=on, data=data).execute()


@pytest.mark.django_db
def test_a_lenient_decision_cites_an_item_or_the_article(county) -> None:  # noqa: ANN001
    published_list(county, D(2025, 1, 10), [("no_penalty", "未按规定公示营业执照"),
                                            ("mitigated", "销售标签不规范的预包装食品")])
    with pytest.raises(ActionRefused, match="清单事项或者法律条款"):
        decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty")
    # art. 32 is the basis of 减轻, not of 不予处罚
    with pytest.raises(ActionRefused, match="清单事项或者法律条款"):
        decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty",
               lenient_basis="art32")
    # an item of the other kind is refused
    with pytest.raises(ActionRefused, match="不是2025年3月10日施行的不予行政处罚"):
        decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty",
               leniency_ref="市场监管第2项")
    one = decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty",
                 leniency_ref="市场监管第1项", amount_involved="1200")
    assert REG.detail_of(one).leniency_item.act == "未按规定公示营业执照"
    two = decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty",
                 lenient_basis="art33_no_fault", amount_involved="300.50")
    assert REG.detail_of(two).leniency_item is None
    decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 12), outcome="mitigated",
           penalty_type="fine", fine_amount="500", leniency_ref="市场监管第2项",
           amount_involved="8000")
    totals = lenient_amounts(Case.objects.all(), D(2025, 1, 1), D(2025, 12, 31))
    assert totals["no_penalty"] == {"count": 2, "amount": Decimal("1500.50")}
    assert totals["mitigated"] == {"count": 1, "amount": Decimal("8000")}
    # the engine's figure: the same cases' amounts summed, in 万元 (1500.50 + 8000 元)
    figures = computed(Period(D(2025, 1, 1), D(2025, 12, 31)), region=county.county)
    amount = figures["LENIENT_CASE_AMOUNT"]
    assert amount.value == Decimal("0.9500") and amount.records == 3
    assert amount.text == "0.95万元"
    assert figures["NO_PENALTY_CASES"].value == 2
    outside = computed(Period(D(2025, 4, 1), D(2025, 12, 31)), region=county.county)
    assert outside["LENIENT_CASE_AMOUNT"].value == 0


@pytest.mark.django_db
def test_the_version_in_force_on_the_decision_date_is_cited(county) -> None:  # noqa: ANN001
    first = published_list(county, D(2025, 1, 10), [("no_penalty", "旧事项")])
    # before publication the list is not in force
    with pytest.raises(ActionRefused):
        decide(county, case(county, D(2025, 1, 2)), D(2025, 1, 9), outcome="no_penalty",
               leniency_ref="市场监管第1项")
    second = CreateLeniencyList(office(county), region=county.county, field_name="市场监管",
                                title="市场监管领域不罚轻罚清单（2025年修订）").execute()
    assert second.version == 2 and second.supersedes == first
    assert list(second.items.values_list("act", flat=True)) == ["旧事项"]  # carried over
    AddLeniencyItem(office(county), second, kind="no_penalty", act="新事项",
                    legal_basis="依据", conditions="条件").execute()
    PublishLeniencyList(office(county), second, published_on=D(2025, 6, 1)).execute()
    old = decide(county, case(county, D(2025, 5, 1)), D(2025, 5, 20), outcome="no_penalty",
                 leniency_ref="市场监管第1项")
    new = decide(county, case(county, D(2025, 6, 2)), D(2025, 6, 10), outcome="no_penalty",
                 leniency_ref="市场监管第2项")
    assert REG.detail_of(old).leniency_item.leniency_list == first
    assert REG.detail_of(new).leniency_item.leniency_list == second
    # a published version is never edited
    with pytest.raises(ActionRefused, match="已公布"):
        AddLeniencyItem(office(county), first, kind="no_penalty", act="x", legal_basis="y",
                        conditions="z").execute()


@pytest.mark.django_db
def test_only_the_office_edits_the_lists(county) -> None:  # noqa: ANN001
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        CreateLeniencyList(Actor.for_user(county.users["clerk"]), region=county.county,
                           field_name="交通运输", title="清单").execute()


@pytest.mark.django_db
def test_pages_show_counts_and_amounts_from_the_cases(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    lst = published_list(county, D(2025, 1, 10), [("no_penalty", "未按规定公示营业执照")])
    for n in range(3):
        decide(county, case(county, D(2025, 3, 1)), D(2025, 3, 10), outcome="no_penalty",
               leniency_ref="市场监管第1项", amount_involved=str(100 * (n + 1)))
    c = Client()
    c.login(username="office", password=PASSWORD)
    with django_assert_max_num_queries(20):
        body = c.get(reverse("enforcement:leniency_detail", args=[lst.pk])).content.decode()
    assert "未按规定公示营业执照" in body and "600.00" in body and "2025年1月10日公布" in body
    listing = c.get(reverse("enforcement:leniency_lists")).content.decode()
    assert "市场监管领域不罚轻罚清单" in listing
    # the office creates a new version through the page
    response = c.post(reverse("enforcement:leniency_lists"), {
        "region": county.county.pk, "field_name": "市场监管", "title": "修订版"})
    new = LeniencyList.objects.get(version=2)
    assert response.status_code == 302 and new.items.count() == 1
    c.post(reverse("enforcement:leniency_publish", args=[new.pk]), {"published_on": "2025-06-01"})
    new.refresh_from_db()
    assert new.published_on == D(2025, 6, 1)
    # a department's clerk reads its county's lists; another county's clerk does not
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    assert clerk.get(reverse("enforcement:leniency_detail", args=[lst.pk])).status_code == 200
    other = Client()
    other.login(username="other_clerk", password=PASSWORD)
    assert other.get(reverse("enforcement:leniency_detail", args=[lst.pk])).status_code == 404
