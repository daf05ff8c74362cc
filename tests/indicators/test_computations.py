"""Computed figures against hand-counted fixtures (issue 7 §2, §4, §7, §8).

Holiday facts used (国办发明电〔2024〕12号 and 〔2025〕7号): 2025 National Day
10/1–10/8 off, 9/28 and 10/11 worked; 2026 New Year 1/1–1/3 off, 1/4 worked.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import Actor
from fazhi.indicators import engine, figures, store
from fazhi.indicators.models import IndicatorValue, RecomputeRun
from fazhi.indicators.periods import Period
from fazhi.org.models import Region, Unit
from fazhi.plans import services
from fazhi.plans.models import Assignment, ProgressReport
from fazhi.registers.base import OpenCase, RecordEvent, get_register

from ..conftest import PASSWORD

D = datetime.date
Y2025 = Period.year(2025)
AS_OF = D(2026, 1, 20)


# ------------------------------------------------------------------ helpers
def _office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def recon(county, received: D, unit: str = "县司法局", region: Region | None = None,  # noqa: ANN001
          actor: Actor | None = None):  # noqa: ANN201
    return OpenCase(actor or _office(county), get_register("reconsideration"),
                    region=region or county.county, unit=county.units[unit], data={
                        "number": "", "title": "不服罚款决定", "started_on": received,
                        "applicant": "王建国", "applicant_type": "person",
                        "respondent": "县市场监管局", "contested_act": "行政处罚决定",
                        "act_kind": "penalty", "channel": "post", "procedure": "ordinary",
                        "needs_correction": False}).execute()


def event(county, case, key: str, on: D, register: str = "reconsideration",  # noqa: ANN001, ANN201
          actor: Actor | None = None, **data: Any):
    return RecordEvent(actor or _office(county), case, get_register(register), key,
                       occurred_on=on, data=data).execute()


def litigation(county, received: D, hearing: dict | None, number: str):  # noqa: ANN001, ANN201
    reg = get_register("litigation")
    case = OpenCase(_office(county), reg, region=county.county, unit=county.units["县市场监管局"],
                    data={"unit": county.units["县市场监管局"], "started_on": received,
                          "court_case_number": number, "court": "莘县人民法院",
                          "plaintiff": "王某某", "cause": "行政处罚", "act_sued": "处罚决定",
                          "after_reconsideration": False}).execute()
    event(county, case, "defence", received + datetime.timedelta(days=10), "litigation")
    if hearing is not None:
        event(county, case, "notice", received + datetime.timedelta(days=30), "litigation",
              hearing_on=received + datetime.timedelta(days=40))
        event(county, case, "hearing", received + datetime.timedelta(days=40), "litigation",
              **hearing)
    return case


HEAD = {"appearance": "head", "head_name": "张建国", "head_post": "副局长", "head_rank": "deputy",
        "lawyer_attended": True}
STAFF = {"appearance": "staff", "staff_name": "李静", "staff_post": "法制股股长",
         "absence_reason": "duty", "absence_proof": "加盖公章的情况说明"}


def disclosure(county, arrived: D):  # noqa: ANN001, ANN201
    reg = get_register("disclosure")
    case = OpenCase(_office(county), reg, region=county.county, unit=county.units["县政府办公室"],
                    data={"number": "", "started_on": arrived, "submitted_on": arrived,
                          "applicant": "王桂芝", "applicant_type": "person", "channel": "in_person",
                          "content": "征地补偿安置方案", "form_wanted": "paper"}).execute()
    return event(county, case, "confirm_receipt", arrived, "disclosure", needs_correction=False)


@pytest.fixture
def records(county):  # noqa: ANN001, ANN201
    """The hand-counted county. Reconsideration (县司法局):
    A received 2025-12-31, accepted 2026-01-05 (a 2025 receipt, a 2026 acceptance);
    B 2025-03-03 accepted, 2025-05-06 revoked (纠错); C 2025-03-10 accepted, upheld;
    D 2025-04-01 refused; E 2025-06-02 accepted, mediated 2025-07-01.
    One case in 东阿县 that 莘县 never counts."""
    a = recon(county, D(2025, 12, 31))
    event(county, a, "accept", D(2026, 1, 5))
    b = event(county, recon(county, D(2025, 3, 3)), "accept", D(2025, 3, 4))
    event(county, b, "decide", D(2025, 5, 6), decision_type="revoke")
    c = event(county, recon(county, D(2025, 3, 10)), "accept", D(2025, 3, 11))
    event(county, c, "decide", D(2025, 5, 6), decision_type="uphold")
    d = recon(county, D(2025, 4, 1))
    event(county, d, "refuse", D(2025, 4, 2), reason="超过法定申请期限")
    e = event(county, recon(county, D(2025, 6, 2)), "accept", D(2025, 6, 3))
    event(county, e, "mediate", D(2025, 7, 1), decision_number="调1号")
    other_actor = Actor.for_user(county.users["other_office"])
    recon(county, D(2025, 5, 5), unit="东阿县司法局", region=county.other_county,
          actor=other_actor)
    # Litigation (县市场监管局): L1 heard with the deputy head, revoked (败诉);
    # L2 heard with staff only, claim rejected; L3 not heard.
    l1 = litigation(county, D(2025, 3, 3), HEAD, "（2025）鲁1522行初1号")
    event(county, l1, "judgment", D(2025, 5, 10), "litigation", judgment_kind="judgment",
          outcome="revoke")
    event(county, l1, "close", D(2025, 6, 1), "litigation")
    l2 = litigation(county, D(2025, 4, 7), STAFF, "（2025）鲁1522行初2号")
    event(county, l2, "judgment", D(2025, 6, 10), "litigation", judgment_kind="judgment",
          outcome="reject_claim")
    event(county, l2, "close", D(2025, 7, 1), "litigation")
    litigation(county, D(2025, 8, 4), None, "（2025）鲁1522行初3号")
    # Disclosure (县政府办公室), all received Friday 2025-09-26 (reply due 10/30, extended 11/27)
    # except the last: on time; extended and replied by the extended date (on time);
    # replied 11/3 after 10/30 (late); received 11/3 and never answered (overdue by 1/20).
    event(county, disclosure(county, D(2025, 9, 26)), "reply", D(2025, 10, 20), "disclosure",
          reply_type="granted")
    ext = event(county, disclosure(county, D(2025, 9, 26)), "extend", D(2025, 10, 29), "disclosure",
                approver="马文涛", notified_on=D(2025, 10, 29))
    event(county, ext, "reply", D(2025, 11, 20), "disclosure", reply_type="granted")
    event(county, disclosure(county, D(2025, 9, 26)), "reply", D(2025, 11, 3), "disclosure",
          reply_type="granted")
    disclosure(county, D(2025, 11, 3))
    return county


def by_code(county_region: Region, period: Period = Y2025) -> dict[str, figures.RegionFigure]:
    return {f.code: f for f in figures.computed(period, region=county_region, as_of=AS_OF).values()}


# ------------------------------------------------------------------ figures
@pytest.mark.django_db
def test_reconsideration_figures_follow_their_dates(records) -> None:  # noqa: ANN001
    f = by_code(records.county)
    assert f["RECON_RECEIVED"].value == 5  # A on 31 December belongs to 2025
    assert f["RECON_ACCEPTED"].value == 3  # B, C, E; A's acceptance is in 2026
    assert f["RECON_REJECTED"].value == 1
    assert f["RECON_CORRECTED"].value == 1
    rate = f["RECON_CORRECTION_RATE"]  # 纠错 B ÷ 审结 B, C, E (a refusal is not 审结)
    assert (rate.numerator, rate.denominator) == (1, 3) and rate.text == "33.3%"
    assert f["RECON_MEDIATED"].value == 1
    f2026 = by_code(records.county, Period.year(2026))
    assert (f2026["RECON_RECEIVED"].value, f2026["RECON_ACCEPTED"].value) == (0, 1)
    assert by_code(records.other_county)["RECON_RECEIVED"].value == 1


@pytest.mark.django_db
def test_litigation_figures(records) -> None:  # noqa: ANN001
    f = by_code(records.county)
    assert f["LITIGATION_CASES"].value == 3
    assert f["LITIGATION_HEARD_CASES"].value == 2
    head = f["HEAD_APPEARANCE_RATE"]  # staff-only appearance is in the denominator only
    assert (head.numerator, head.denominator, head.text) == (1, 2, "50%")
    loss = f["LITIGATION_LOSS_RATE"]
    assert (loss.numerator, loss.denominator) == (1, 2)


@pytest.mark.django_db
def test_disclosure_on_time_rate_counts_extended_and_overdue(records) -> None:  # noqa: ANN001
    f = by_code(records.county)
    assert f["DISCLOSURE_REQUESTS"].value == 4
    rate = f["DISCLOSURE_ONTIME_REPLY_RATE"]
    # on time: the plain reply and the reply by the extended date; not: the late
    # reply and the application left unanswered past its due date.
    assert (rate.numerator, rate.denominator) == (2, 4)
    # Before the unanswered one fell due it was not yet owed a reply.
    early = figures.computed(Y2025, region=records.county, as_of=D(2025, 11, 25))
    assert early["DISCLOSURE_ONTIME_REPLY_RATE"].denominator == 3


@pytest.mark.django_db
def test_quarters_and_months(records) -> None:  # noqa: ANN001
    q1 = by_code(records.county, Period.quarter(2025, 1))
    assert q1["RECON_RECEIVED"].value == 2 and q1["RECON_ACCEPTED"].value == 2
    may = by_code(records.county, Period.month(2025, 5))
    assert may["RECON_CORRECTED"].value == 1 and may["RECON_CORRECTION_RATE"].text == "50%"
    empty = by_code(records.county, Period.month(2025, 2))
    assert empty["RECON_CORRECTION_RATE"].value is None and empty["RECON_CORRECTION_RATE"].text == "—"


@pytest.mark.django_db
def test_unit_figures_are_the_units_own(records) -> None:  # noqa: ANN001
    unit = records.units["县司法局"]
    f = figures.computed(Y2025, unit=unit, as_of=AS_OF)
    assert f["RECON_RECEIVED"].value == 5 and f["LITIGATION_CASES"].value == 0


@pytest.mark.django_db
def test_ledger_figures(county, plan) -> None:  # noqa: ANN001
    year = Period.year(2030)
    total = Assignment.objects.filter(task__plan=plan).count()
    done = Assignment.objects.filter(task__plan=plan, task__number=2).get()
    done.is_done = True
    done.save()
    f = figures.computed(year, region=county.county, as_of=D(2030, 6, 1))
    assert f["PLAN_TASKS"].value == 3
    assert f["PLAN_ASSIGNMENTS"].value == total
    assert (f["PLAN_COMPLETION_RATE"].numerator, f["PLAN_COMPLETION_RATE"].denominator) == (1, total)
    assert f["PLAN_OVERDUE_ASSIGNMENTS"].value == 0
    late = figures.computed(year, region=county.county, as_of=D(2031, 1, 5))
    assert late["PLAN_OVERDUE_ASSIGNMENTS"].value == total - 1


# ------------------------------------------------------------------ the store
@pytest.mark.django_db
def test_recompute_is_idempotent_and_sums_upper_levels(records) -> None:  # noqa: ANN001
    def snapshot() -> list[tuple]:
        return sorted(map(str, IndicatorValue.objects.filter(source="computed").values_list(
            "code", "region_id", "unit_id", "period_start", "value", "numerator", "denominator")))

    store.recompute(2025, records.city, as_of=AS_OF)
    first = snapshot()
    store.recompute(2025, records.city, as_of=AS_OF)
    assert snapshot() == first and first
    year = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31), "unit": None}
    city = IndicatorValue.objects.get(code="RECON_RECEIVED", region=records.city, **year)
    assert city.value == 6  # 5 in 莘县 + 1 in 东阿县
    province = IndicatorValue.objects.get(code="RECON_RECEIVED", region=records.province, **year)
    assert province.value == 6
    # a rate of the city is recomputed from the summed numerators and denominators
    rate = IndicatorValue.objects.get(code="RECON_CORRECTION_RATE", region=records.city, **year)
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert rate.value == Decimal("33.3333")


@pytest.mark.django_db
def test_a_changed_record_makes_its_value_stale(records) -> None:  # noqa: ANN001
    store.recompute(2025, records.county, as_of=AS_OF)
    year = {"period_start": D(2025, 1, 1), "period_end": D(2025, 12, 31), "unit": None,
            "region": records.county}
    values = list(IndicatorValue.objects.filter(code__in=["RECON_RECEIVED", "LITIGATION_CASES"],
                                                **year))
    assert store.mark_stale(values) == set()
    recon(records, D(2025, 8, 1))  # a new application received in 2025
    stale = store.mark_stale(values)
    received = next(v for v in values if v.code == "RECON_RECEIVED")
    assert stale == {received.pk}  # litigation figures are untouched
    store.recompute(2025, records.county, as_of=AS_OF)
    received.refresh_from_db()
    assert received.value == 6 and store.mark_stale([received]) == set()


@pytest.mark.django_db
def test_value_page_lists_exactly_the_records_counted(records) -> None:  # noqa: ANN001
    store.recompute(2025, records.county, as_of=AS_OF)
    value = IndicatorValue.objects.get(code="RECON_CORRECTION_RATE", region=records.county,
                                       unit=None, period_start=D(2025, 1, 1),
                                       period_end=D(2025, 12, 31))
    office = Client()
    office.login(username="office", password=PASSWORD)
    page = office.get(reverse("indicators:value_detail", args=[value.pk])).content.decode()
    table = page.split('id="records"')[1].split("</table>")[0]
    assert table.count("<tr") == 1 + 3  # header + B, C, E
    assert table.count("分子</span>") == 1
    export = office.get(reverse("indicators:value_detail", args=[value.pk]) + "?export=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.max_row == 4 and sheet.cell(1, sheet.max_column).value == "计入分子"
    # a unit's clerk sees its unit's value, never the county's
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    assert clerk.get(reverse("indicators:value_detail", args=[value.pk])).status_code == 404
    unit_value = IndicatorValue.objects.get(code="RECON_RECEIVED", unit=records.units["县司法局"],
                                            period_start=D(2025, 1, 1), period_end=D(2025, 12, 31))
    assert clerk.get(reverse("indicators:value_detail", args=[unit_value.pk])).status_code == 200
    other = Client()
    other.login(username="other_office", password=PASSWORD)
    assert other.get(reverse("indicators:value_detail", args=[value.pk])).status_code == 404


@pytest.mark.django_db
def test_changed_records_are_flagged_on_the_value_page(records) -> None:  # noqa: ANN001
    store.recompute(2025, records.county, as_of=AS_OF)
    value = IndicatorValue.objects.get(code="RECON_RECEIVED", region=records.county, unit=None,
                                       period_start=D(2025, 1, 1), period_end=D(2025, 12, 31))
    recon(records, D(2025, 9, 1))
    office = Client()
    office.login(username="office", password=PASSWORD)
    page = office.get(reverse("indicators:value_detail", args=[value.pk])).content.decode()
    assert 'id="stale-badge"' in page and page.count("已变动</span>") == 1


# ------------------------------------------------------------------ command
@pytest.mark.django_db
def test_command_prints_values_with_their_records(records) -> None:  # noqa: ANN001
    out = StringIO()
    call_command("indicators", "--region", "莘县", "--year", "2025", "--json", stdout=out)
    rows = {r["code"]: r for r in json.loads(out.getvalue())}
    assert rows["RECON_RECEIVED"] == {"code": "RECON_RECEIVED", "name": "收到行政复议申请件数",
                                      "value": 5, "numerator": None, "denominator": None,
                                      "unit": "件", "source": "computed", "records": 5}
    assert rows["HEAD_APPEARANCE_RATE"]["value"] == 50
    out = StringIO()
    call_command("indicators", "--region", "聊城市", "--year", "2025", "--period", "Q2", "--json",
                 stdout=out)
    rows = {r["code"]: r for r in json.loads(out.getvalue())}
    assert rows["RECON_RECEIVED"]["value"] == 3  # D, E in 莘县; one in 东阿县


@pytest.mark.django_db
def test_command_refuses_bad_input(county) -> None:  # noqa: ANN001
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到地区"):
        call_command("indicators", "--region", "不存在县", "--year", "2025")
    with pytest.raises(CommandError, match="无法识别的期间"):
        call_command("indicators", "--region", "莘县", "--year", "2025", "--period", "第五季度")


# ------------------------------------------------------------------ scale
def _more_records(county, n_units: int, first: int = 0) -> None:  # noqa: ANN001
    for i in range(first, first + n_units):
        unit = Unit.objects.create(region=county.county, name=f"测试单位{i}", short_name=f"单位{i}",
                                   kind=Unit.Kind.DEPARTMENT)
        county.units[unit.short_name] = unit
        received = D(2025, 3, 3) + datetime.timedelta(days=i % 20)
        case = recon(county, received, unit=unit.short_name)
        event(county, case, "accept", received + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _more_records(county, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        engine.evaluate(Y2025, as_of=AS_OF)
    _more_records(county, 25, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        figs = engine.evaluate(Y2025, as_of=AS_OF)
    assert sum(f.count for f in figs if f.code == "RECON_RECEIVED" and f.unit_id is None) == 27
    # one query per (source, placing date) group, per unit; a second, per county,
    # only for a group with a figure its units do not add up to (shared tasks)
    groups = {c.group_key for c in engine.computations()}
    shared = {c.group_key for c in engine.computations() if not c.additive_over_units}
    assert len(small.captured_queries) == len(groups) + len(shared)


# ------------------------------------------------------------------ background
@pytest.mark.django_db(transaction=True)
def test_register_events_request_one_debounced_recompute(county, settings) -> None:  # noqa: ANN001
    from django.db import transaction

    settings.FAZHI_INDICATOR_AUTO_RECOMPUTE = True
    with transaction.atomic():
        for day in (3, 4, 5):
            recon(county, D(timezone_year(), 3, day))
    runs = RecomputeRun.objects.filter(region=county.county)
    assert runs.count() == 1  # three saves, one request (the immediate backend ran it)
    assert runs.get().status == RecomputeRun.Status.DONE
    value = IndicatorValue.objects.get(code="RECON_RECEIVED", region=county.county, unit=None,
                                       period_start=D(timezone_year(), 1, 1),
                                       period_end=D(timezone_year(), 12, 31))
    assert value.value == 3


def timezone_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


@pytest.mark.django_db
def test_accepting_a_report_moves_the_completion_rate(county, plan) -> None:  # noqa: ANN001
    """Through the ledger's own write path: submit → approve → accept as done."""
    actors = {k: Actor.for_user(u) for k, u in county.users.items()}
    assignment = Assignment.objects.get(task__plan=plan, task__number=2,
                                        unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    report = services.SaveReport(actors["clerk"], None, assignment=assignment, period=period,
                                 text="已完成督察", completion=ProgressReport.Completion.DONE,
                                 submit=True).execute()
    services.ApproveReport(actors["leader"], report).execute()
    services.AcceptReport(actors["office"], report).execute()
    f = figures.computed(Period.year(2030), unit=county.units["县司法局"], as_of=D(2030, 3, 1))
    assert f["PLAN_COMPLETION_RATE"].numerator == 1


@pytest.mark.django_db
def test_office_recomputes_its_county_and_watches_the_progress(
        records, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    office = Client()
    office.login(username="office", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("indicators:recompute"),
                               {"region": records.county.pk, "year": 2025})
    run = RecomputeRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    page = office.get(response["Location"]).content.decode()
    assert "已完成" in page and "100%" in page
    assert IndicatorValue.objects.filter(source="computed", region=records.county).exists()
    other = Client()
    other.login(username="other_office", password=PASSWORD)
    assert other.post(reverse("indicators:recompute"),
                      {"region": records.county.pk, "year": 2025}).status_code == 403
    clerk = Client()
    clerk.login(username="clerk", password=PASSWORD)
    assert clerk.post(reverse("indicators:recompute"),
                      {"region": records.county.pk, "year": 2025}).status_code == 403
    assert RecomputeRun.objects.count() == 1
