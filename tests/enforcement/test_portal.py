"""公众门户·行政执法公示: only what is published reaches the page; natural
persons' names are masked wherever they appear; revoked decisions, expired
certificates and unpublished results are not shown; queries stay bounded."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import Actor
from fazhi.enforcement.models import (
    BodyProfile,
    Draw,
    DrawTarget,
    Entity,
    InspectionItem,
    Officer,
)
from fazhi.portal.published import mask_person
from fazhi.registers.base import OpenCase, RecordEvent, get_register

D = datetime.date
REG = get_register("enforcement_case")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _decided(county, party: str, party_type: str, *, publish: bool = True):  # noqa: ANN001, ANN202
    office = Actor.for_user(county.users["office"])
    case = OpenCase(office, REG, region=county.county, unit=county.units["县市场监管局"], data={
        "title": f"{party}销售过期食品案", "started_on": D(2025, 9, 1), "kind": "penalty",
        "party_type": party_type, "party_name": party, "powers_published": True}).execute()
    case = RecordEvent(office, case, REG, "decide", occurred_on=D(2025, 9, 10), data={
        "outcome": "penalty", "penalty_type": "fine", "fine_amount": "800",
        "decision_number": f"莘市监罚〔2025〕{case.pk}号"}).execute()
    if publish:
        case = RecordEvent(office, case, REG, "publish", occurred_on=D(2025, 9, 12)).execute()
    return case


def test_mask_person() -> None:
    assert mask_person("王建国") == "王**" and mask_person("李四") == "李*" and mask_person("") == ""


@pytest.mark.django_db
def test_published_decisions_with_persons_masked(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _decided(county, "王建国", "person")
    _decided(county, "莘县鑫源超市有限公司", "organisation")
    _decided(county, "赵未公示", "person", publish=False)
    revoked = _decided(county, "钱撤销", "person")
    office = Actor.for_user(county.users["office"])
    revoked = RecordEvent(office, revoked, REG, "revoke", occurred_on=D(2025, 9, 15),
                          data={"revocation_reason": "复议撤销"}).execute()
    body = Client().get(reverse("portal:enforcement_decisions")).content.decode()
    assert "王**销售过期食品案" in body and "王建国" not in body
    assert "莘县鑫源超市有限公司" in body and "罚款800.00元" in body
    assert "赵未" not in body and "钱撤" not in body
    for n in range(5):
        _decided(county, f"孙{n}号", "person")
    cache.clear()
    with django_assert_max_num_queries(8):
        Client().get(reverse("portal:enforcement_decisions"))


@pytest.mark.django_db
def test_bodies_officers_and_results(county) -> None:  # noqa: ANN001
    unit = county.units["县市场监管局"]
    BodyProfile.objects.create(unit=unit, legal_basis="三定方案", powers="食品安全行政处罚\n食品经营许可",
                               powers_published_on=D(2025, 1, 1))
    BodyProfile.objects.create(unit=county.units["县司法局"], legal_basis="三定方案", powers="未公示职权")
    Officer.objects.create(region=county.county, unit=unit, name="执法甲", certificate_number="37150001",
                           issued_on=D(2024, 1, 1), expires_on=D(2099, 1, 1))
    Officer.objects.create(region=county.county, unit=unit, name="过期乙", certificate_number="37150002",
                           issued_on=D(2019, 1, 1), expires_on=D(2024, 1, 1))
    body = Client().get(reverse("portal:enforcement_bodies")).content.decode()
    assert "食品经营许可" in body and "37150001" in body and "执法甲" in body
    assert "37150002" not in body and "未公示职权" not in body
    item = InspectionItem.objects.create(region=county.county, unit=unit, name="食品经营抽查")
    draw = Draw.objects.create(region=county.county, item=item, seed="s", seed_source="公告",
                               period_start=D(2025, 3, 1), period_end=D(2025, 3, 31),
                               drawn_on=D(2025, 2, 25))
    shown = Entity.objects.create(region=county.county, name="公示的企业", grade="B")
    hidden = Entity.objects.create(region=county.county, name="未公示的企业", grade="C")
    DrawTarget.objects.create(draw=draw, entity=shown, grade="B", result="passed",
                              result_on=D(2025, 3, 5), published_on=D(2025, 3, 20))
    DrawTarget.objects.create(draw=draw, entity=hidden, grade="C", result="failed",
                              result_on=D(2025, 3, 5), follow_up="责令整改")
    body = Client().get(reverse("portal:inspection_results")).content.decode()
    assert "公示的企业" in body and "未公示的企业" not in body and "2025年3月20日" in body
