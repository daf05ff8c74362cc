"""人民调解登记簿: committees and mediators (a stock counted at the period's
end), disputes with the outcome gated on what 《人民调解法》 arts. 26 and 28 ask
to be recorded, the agreement's performance (art. 31), figures, Excel round
trip and all-or-nothing import, the committees' pages and their scoping, demo."""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import engine
from fazhi.indicators.periods import Period
from fazhi.registers import excel
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.details.mediation import MediationCommittee, Mediator
from fazhi.registers.mediation import load_demo
from fazhi.registers.mediation.actions import AddMediator, CreateCommittee
from fazhi.registers.models import Case

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("mediation")
FOUNDED = D(2020, 3, 1)


def office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def committee(county, name: str = "朝城镇人民调解委员会", unit: str = "朝城镇",  # noqa: ANN001
              region: Any = None, actor: Actor | None = None) -> MediationCommittee:
    return CreateCommittee(actor or office(county), region=region or county.county,
                           unit=county.units[unit], name=name, kind="township",
                           established_on=FOUNDED).execute()


def dispute(county, com: MediationCommittee, on: D, *, title: str = "王某与李某宅基地边界纠纷",  # noqa: ANN001
            number: str = "") -> Case:
    return OpenCase(office(county), REG, region=com.region, unit=com.unit, data={
        "number": number, "title": title, "started_on": on, "committee": com,
        "dispute_type": "land", "parties": "王某、李某", "mediator": "张秀兰"}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    return RecordEvent(office(county), case, REG, event, occurred_on=on, data=data).execute()


@pytest.mark.django_db
def test_an_agreement_is_recorded_and_a_failure_tells_the_parties_their_channels(county) -> None:  # noqa: ANN001
    com = committee(county)
    case = dispute(county, com, D(2025, 5, 6))
    with pytest.raises(ActionRefused, match="第二十八条"):
        act(county, case, "succeed", D(2025, 5, 12), agreement="oral", agreement_summary=" ")
    case = act(county, case, "succeed", D(2025, 5, 12), agreement="oral",
               agreement_summary="李某退让30厘米，双方互不追究")
    assert case.state == "succeeded" and REG.detail_of(case).outcome_on == D(2025, 5, 12)
    with pytest.raises(ActionRefused, match="回访日期不能早于"):
        act(county, case, "performance", D(2025, 5, 11), performance="performed")
    act(county, case, "performance", D(2025, 6, 12), performance="performed")
    assert REG.detail_of(case).performance == "performed"
    other = dispute(county, com, D(2025, 5, 6))
    with pytest.raises(ActionRefused, match="第二十六条"):
        act(county, other, "fail", D(2025, 5, 20), failure_reason="")
    other = act(county, other, "fail", D(2025, 5, 20), failure_reason="分歧大，已告知可以起诉")
    assert other.state == "failed" and other.closed_on == D(2025, 5, 20)


@pytest.mark.django_db
def test_committees_and_mediators_are_the_offices_and_checked(county) -> None:  # noqa: ANN001
    com = committee(county)
    with pytest.raises(ActionRefused, match="已经登记过"):
        committee(county)
    with pytest.raises(ActionRefused, match="不属于该县"):
        committee(county, name="x", unit="东阿县司法局")
    with pytest.raises(Exception, match="依法治县办"):
        committee(county, name="y", actor=Actor.for_user(county.users["clerk"]))
    with pytest.raises(ActionRefused, match="早于调委会设立日期"):
        AddMediator(office(county), com, name="张秀兰", joined_on=D(2019, 1, 1)).execute()
    with pytest.raises(ActionRefused, match="早于调解组织的设立日期"):
        dispute(county, com, D(2019, 5, 6))


@pytest.mark.django_db
def test_figures_count_the_stock_at_the_periods_end_and_the_outcomes(county) -> None:  # noqa: ANN001
    a = committee(county)
    b = committee(county, name="莘亭街道人民调解委员会", unit="莘亭街道")
    gone = committee(county, name="已撤销的调委会")
    MediationCommittee.objects.filter(pk=gone.pk).update(dissolved_on=D(2025, 6, 30))
    AddMediator(office(county), a, name="张秀兰", joined_on=D(2021, 1, 1), full_time=True).execute()
    AddMediator(office(county), a, name="李建华", joined_on=D(2025, 3, 1)).execute()
    AddMediator(office(county), b, name="王德明", joined_on=D(2026, 2, 1)).execute()  # next year
    left = AddMediator(office(county), b, name="刘玉梅", joined_on=D(2021, 1, 1)).execute()
    Mediator.objects.filter(pk=left.pk).update(left_on=D(2025, 10, 1))
    one = act(county, dispute(county, a, D(2025, 5, 6)), "succeed", D(2025, 5, 12),
              agreement="written")
    act(county, dispute(county, a, D(2025, 6, 6)), "fail", D(2025, 6, 20), failure_reason="已告知")
    act(county, dispute(county, b, D(2025, 12, 29)), "succeed", D(2026, 1, 5), agreement="written")
    dispute(county, b, D(2025, 12, 30))  # still mediating
    assert one.state == "succeeded"
    figs = {f.code: f for f in engine.evaluate(Period.year(2025), county_ids=[county.county.pk],
                                                as_of=D(2026, 3, 1)) if f.unit_id is None}
    assert figs["MEDIATION_ORGS"].count == 2
    assert figs["MEDIATORS"].count == 2 and figs["FULL_TIME_MEDIATORS"].count == 1
    assert figs["DISPUTES_MEDIATED"].count == 4
    assert figs["DISPUTES_MEDIATED_SUCCESSFULLY"].count == 1
    assert (figs["MEDIATION_SUCCESS_RATE"].numerator, figs["MEDIATION_SUCCESS_RATE"].count) == (1, 2)


@pytest.mark.django_db
def test_export_then_import_and_a_bad_row(county) -> None:  # noqa: ANN001
    com = committee(county)
    one = act(county, dispute(county, com, D(2025, 5, 6), number="调〔2025〕1号"), "succeed",
              D(2025, 5, 12), agreement="written", agreement_summary="一次性给付")
    act(county, one, "performance", D(2025, 6, 12), performance="partly")
    act(county, dispute(county, com, D(2025, 5, 7)), "fail", D(2025, 5, 20), failure_reason="已告知")
    dispute(county, com, D(2025, 5, 8))
    data = excel.workbook_bytes(REG, Case.objects.filter(register="mediation").order_by("id"))
    other = county.other_county
    town = type(county.units["县司法局"]).objects.create(region=other, name="东阿朝城镇",
                                                      short_name="朝城镇", kind="town")
    MediationCommittee.objects.create(region=other, unit=town, name="朝城镇人民调解委员会",
                                      kind="township", established_on=FOUNDED)
    result = excel.import_workbook(REG, data, other, Actor.for_user(county.users["other_office"]))
    assert result.ok, result.errors
    fields = ("dispute_type", "parties", "mediator", "outcome_on", "agreement", "agreement_summary",
              "failure_reason", "performance")
    for original in Case.objects.filter(register="mediation", region=county.county):
        copy = Case.objects.get(register="mediation", region=other, number=original.number)
        assert (copy.title, copy.started_on, copy.state) == (original.title, original.started_on,
                                                             original.state)
        assert ([getattr(REG.detail_of(copy), f) for f in fields]
                == [getattr(REG.detail_of(original), f) for f in fields])
    wb = Workbook()
    ws = wb.active
    ws.append(["指导单位", "事由", "受理日期", "调解组织", "纠纷类型", "当事人"])
    ws.append(["朝城镇", "纠纷一", "2025-05-05", "朝城镇人民调解委员会", "邻里纠纷", "甲、乙"])
    ws.append(["朝城镇", "纠纷二", "2025-05-06", "没有这个调委会", "邻里纠纷", "丙、丁"])
    buffer = BytesIO()
    wb.save(buffer)
    before = Case.objects.filter(register="mediation").count()
    result = excel.import_workbook(REG, buffer.getvalue(), county.county, office(county))
    assert not result.ok and result.created == 0 and result.errors[0][0] == 3
    assert Case.objects.filter(register="mediation").count() == before


@pytest.mark.django_db
def test_committee_pages_and_their_scoping(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    c = Client()
    c.login(username="office", password=PASSWORD)
    response = c.post(reverse("registers:med_committee_new"), {
        "name": "莘亭街道北街社区人民调解委员会", "kind": "village",
        "unit": county.units["莘亭街道"].pk, "established_on": "2021-04-01"})
    com = MediationCommittee.objects.get()
    assert response.status_code == 302
    response = c.post(reverse("registers:med_mediator_add", args=[com.pk]),
                      {"name": "周淑芳", "full_time": "on", "joined_on": "2021-05-01"})
    assert response.status_code == 302 and com.mediators.get().full_time
    committee(county)
    with django_assert_max_num_queries(15):
        listing = c.get(reverse("registers:med_committee_list")).content.decode()
    assert "北街社区" in listing and "朝城镇人民调解委员会" in listing
    detail = c.get(reverse("registers:med_committee_detail", args=[com.pk])).content.decode()
    assert "周淑芳" in detail and "专职" in detail
    street = Client()
    street.login(username="town_clerk", password=PASSWORD)  # 莘亭街道
    own = street.get(reverse("registers:med_committee_list")).content.decode()
    assert "北街社区" in own and "朝城镇人民调解委员会" not in own
    assert street.get(reverse("registers:med_committee_new")).status_code == 403
    form = c.get(reverse("registers:case_open", args=["mediation"])).content.decode()
    assert "调解组织" in form and "北街社区" in form


@pytest.mark.django_db
def test_the_demo(county) -> None:  # noqa: ANN001
    count = load_demo(county.county, county.units, office(county), D(2026, 11, 20), random.Random(4))
    cases = Case.objects.filter(register="mediation")
    assert count == cases.count() and 180 <= count <= 200
    assert MediationCommittee.objects.filter(region=county.county).count() >= 10
    assert {"succeeded", "failed"} <= set(cases.values_list("state", flat=True))
    assert {c.started_on.year for c in cases} == {2025, 2026}
