"""Hand-reported indicators: the submit → approve → accept flow through the
Actions and the pages, the value landing in the store and in the region's
figures, refusals (computed codes, zero denominators, bad files, overlapping
periods, stale forms), visibility of drafts, and bounded queries."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.indicators import reported
from fazhi.indicators.figures import region_figures
from fazhi.indicators.models import IndicatorReport, IndicatorValue
from fazhi.indicators.periods import Period
from fazhi.org.models import Role

from ..conftest import PASSWORD, make_user

State = IndicatorReport.State
YEAR = timezone.localdate().year - 1
COUNT = "LEGAL_LITERATE_PERSONS"  # “法律明白人”人数, no register computes it
RATE = "LAW_TRAINING_COVERAGE_RATE"
FLAG = "ANNUAL_REPORT_PUBLISHED"
PDF = b"%PDF-1.4 test"
FIGURE_OF_KIND = {"count": {"value": 1}, "amount": {"value": 1},
                  "rate": {"numerator": 1, "denominator": 2}, "boolean": {"flag": "yes"}}


@pytest.fixture
def actors(county):  # noqa: ANN001, ANN201
    county.users["town_leader"] = make_user("town_leader", Role.LEADER,
                                            unit=county.units["莘亭街道"])
    return {k: Actor.for_user(u) for k, u in county.users.items()}


def _client(county, role: str) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=county.users[role].username, password=PASSWORD)
    return client


def _save(actor: Actor, unit, code: str = COUNT, period: Period | None = None,  # noqa: ANN001
          report: IndicatorReport | None = None, **kw) -> IndicatorReport:  # noqa: ANN003
    return reported.SaveIndicatorReport(actor, report, unit=unit, code=code,
                                        period=period or Period.year(YEAR), **kw).execute()


def _through(actors, unit, *, clerk: str = "clerk", leader: str = "leader",  # noqa: ANN001
             **kw) -> IndicatorReport:  # noqa: ANN003
    report = _save(actors[clerk], unit, submit=True, **kw)
    report = reported.ApproveIndicatorReport(actors[leader], report).execute()
    return reported.AcceptIndicatorReport(actors["office"], report).execute()


# ------------------------------------------------------------------ actions
def test_flow_through_the_actions_writes_the_value(county, actors) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    report = _save(actors["clerk"], unit, value=120, note="按村（社区）花名册统计",
                   evidence=SimpleUploadedFile("名册.pdf", PDF))
    assert report.state == State.DRAFT and report.region == county.county
    assert report.evidence_name == "名册.pdf" and report.display == "120人"
    report = reported.SubmitIndicatorReport(actors["clerk"], report).execute()
    assert report.state == State.SUBMITTED and report.submitted_by == county.users["clerk"]
    # Nothing reaches the store before the office accepts.
    with pytest.raises(ValidationError, match="待单位审核”，不能执行此操作"):
        reported.AcceptIndicatorReport(actors["office"], report).execute()
    with pytest.raises(PermissionDenied):
        reported.ApproveIndicatorReport(actors["clerk"], report).execute()
    report = reported.ApproveIndicatorReport(actors["leader"], report).execute()
    assert report.state == State.APPROVED and report.approved_by == county.users["leader"]
    assert not IndicatorValue.objects.exists()
    report = reported.AcceptIndicatorReport(actors["office"], report).execute()
    assert report.state == State.ACCEPTED and report.accepted_by == county.users["office"]
    value = IndicatorValue.objects.get()
    assert (value.source, value.code, value.region, value.region_name, value.unit, value.year) == (
        "reported", COUNT, county.county, "莘县", unit, YEAR)
    assert (value.period_start, value.period_end) == (Period.year(YEAR).start,
                                                      Period.year(YEAR).end)
    assert value.value == Decimal(120) and value.origin == f"indicators.report:{report.pk}"
    assert value.provenance["report"] == report.pk
    assert value.provenance["note"] == "按村（社区）花名册统计"
    assert value.display == "120人"
    verbs = list(AuditEntry.objects.filter(model="indicators.indicatorreport")
                 .order_by("pk").values_list("action", flat=True))
    assert verbs == ["indicator_report.save", "indicator_report.submit",
                     "indicator_report.approve", "indicator_report.accept"]
    # Accepted is final for the unit: it can no longer be edited or resubmitted.
    with pytest.raises(ValidationError, match="不能修改"):
        _save(actors["clerk"], unit, report=report, value=121)


def test_accepted_values_add_up_in_the_region_figures(county, actors) -> None:  # noqa: ANN001
    _through(actors, county.units["县司法局"], value=120)
    _through(actors, county.units["莘亭街道"], clerk="town_clerk", leader="town_leader", value=35)
    _through(actors, county.units["县司法局"], code=RATE, numerator=18, denominator=20)
    _through(actors, county.units["莘亭街道"], clerk="town_clerk", leader="town_leader", code=RATE,
             numerator=9, denominator=10)
    # A report not yet accepted does not count.
    _save(actors["clerk"], county.units["县司法局"], code="PUBLICITY_EVENTS", value=4, submit=True)
    for region in (county.county, county.city):
        figures = {f.code: f for f in region_figures(Period.year(YEAR), region=region)}
        assert figures[COUNT].value == Decimal(155) and figures[COUNT].source == "reported"
        assert figures[COUNT].records == 2 and figures[COUNT].text == "155人"
        rate = figures[RATE]  # recomputed from the summed numerators and denominators
        assert (rate.numerator, rate.denominator) == (Decimal(27), Decimal(30))
        assert rate.value == Decimal(90) and rate.text == "90%"
        assert "PUBLICITY_EVENTS" not in figures
    one = {f.code: f for f in region_figures(Period.year(YEAR), unit=county.units["莘亭街道"])}
    assert one[COUNT].value == Decimal(35)
    assert COUNT not in {f.code for f in region_figures(Period.year(YEAR),
                                                        region=county.other_county)}


def test_return_needs_a_reason_and_can_be_resubmitted(county, actors) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    report = _save(actors["clerk"], unit, value=10, submit=True)
    with pytest.raises(ValidationError, match="必须填写退回理由"):
        reported.ReturnIndicatorReport(actors["leader"], report, reason="  ").execute()
    with pytest.raises(PermissionDenied, match="本单位负责人"):
        reported.ReturnIndicatorReport(actors["office"], report, reason="数字有误").execute()
    report = reported.ReturnIndicatorReport(actors["leader"], report, reason="请核对名册").execute()
    assert report.state == State.RETURNED and report.return_reason == "请核对名册"
    assert report.returned_by == county.users["leader"]
    report = _save(actors["clerk"], unit, report=report, value=12, submit=True,
                   version=report.version)
    assert report.state == State.SUBMITTED and report.return_reason == "" and report.value == 12
    report = reported.ApproveIndicatorReport(actors["leader"], report).execute()
    with pytest.raises(ValidationError, match="必须填写退回理由"):
        reported.ReturnIndicatorReport(actors["office"], report).execute()
    report = reported.AcceptIndicatorReport(actors["office"], report).execute()
    assert IndicatorValue.objects.filter(origin=report.origin).exists()
    # Withdrawing an acceptance takes the value out of the store again.
    report = reported.ReturnIndicatorReport(actors["office"], report, reason="口径不符").execute()
    assert report.state == State.RETURNED and report.accepted_at is None
    assert not IndicatorValue.objects.exists()


def test_computed_codes_are_refused(county, actors) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="由系统根据登记簿和台账自动计算"):
        _save(actors["clerk"], county.units["县司法局"], code="RECON_RECEIVED", value=3)
    with pytest.raises(ValidationError, match="不在指标目录中"):
        _save(actors["clerk"], county.units["县司法局"], code="NOT_A_CODE", value=3)
    assert not IndicatorReport.objects.exists()
    codes = {i.code for i in reported.reportable()}
    assert COUNT in codes and "RECON_RECEIVED" not in codes and "PLAN_COMPLETION_RATE" not in codes


@pytest.mark.parametrize("kw,field,message", [
    ({"code": RATE, "numerator": 0, "denominator": 0}, "denominator", "分母为0"),
    ({"code": RATE, "numerator": 11, "denominator": 10}, "numerator", "不能大于分母"),
    ({"code": RATE, "numerator": 3}, "denominator", "请填写分母"),
    ({"value": -1}, "value", "不能为负数"),
    ({"value": "2.5"}, "value", "应填写整数"),
    ({"code": FLAG, "flag": "maybe"}, "flag", "是"),
    ({"value": 1, "period": Period.year(timezone.localdate().year + 1)}, "period", "尚未开始"),
    ({"value": 1, "evidence": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")}, "evidence", "不符"),
])
def test_bad_figures_are_refused(county, actors, kw, field, message) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match=message) as exc:
        _save(actors["clerk"], county.units["县司法局"], **kw)
    assert field in exc.value.error_dict
    assert not IndicatorReport.objects.exists()


def test_kinds_are_stored_as_figures(county, actors) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    yes = _save(actors["clerk"], unit, code=FLAG, flag=reported.YES)
    assert yes.value == 1 and yes.display == "是"
    rate = _save(actors["clerk"], unit, code=RATE, numerator=28, denominator=30)
    assert rate.value == Decimal("93.3333") and rate.display == "93.3%（28/30）"
    amount = _save(actors["clerk"], unit, code="FINES_COLLECTED", value="12.5")
    assert amount.display == "12.5万元"


def test_one_report_per_unit_code_and_period(county, actors) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    first = _save(actors["clerk"], unit, value=10, submit=True)
    with pytest.raises(ValidationError, match="请在原填报上修改"):
        _save(actors["clerk"], unit, value=11)
    with pytest.raises(ValidationError, match="期间不能重叠"):
        _save(actors["clerk"], unit, value=3, period=Period.quarter(YEAR, 2))
    # Another unit, another indicator or another year is free.
    _save(actors["town_clerk"], county.units["莘亭街道"], value=5)
    _save(actors["clerk"], unit, code="PUBLICITY_EVENTS", value=2)
    _save(actors["clerk"], unit, value=9, period=Period.year(YEAR - 1))
    # Once returned, the unit may file afresh — and then not resubmit the old one.
    first = reported.ReturnIndicatorReport(actors["leader"], first, reason="重填").execute()
    fresh = _save(actors["clerk"], unit, value=12, submit=True)
    assert fresh.state == State.SUBMITTED
    with pytest.raises(ValidationError, match="请在原填报上修改"):
        reported.SubmitIndicatorReport(actors["clerk"], first).execute()
    reported.DeleteIndicatorReport(actors["clerk"], first).execute()
    assert not IndicatorReport.objects.filter(pk=first.pk).exists()


def test_a_stale_form_is_refused(county, actors) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    report = _save(actors["clerk"], unit, value=10)
    opened = report.version
    _save(actors["clerk"], unit, report=report, value=11, version=opened)
    with pytest.raises(ValidationError, match="已被他人修改"):
        _save(actors["clerk"], unit, report=report, value=12, version=opened)
    assert IndicatorReport.objects.get().value == 11


def test_another_countys_office_cannot_accept(county, actors) -> None:  # noqa: ANN001
    report = _save(actors["clerk"], county.units["县司法局"], value=10, submit=True)
    report = reported.ApproveIndicatorReport(actors["leader"], report).execute()
    with pytest.raises(PermissionDenied):
        reported.AcceptIndicatorReport(actors["other_office"], report).execute()
    with pytest.raises(PermissionDenied):
        _save(actors["other_clerk"], county.units["县司法局"], value=1)
    url = reverse("indicators:reported_transition", args=[report.pk, "accept"])
    assert _client(county, "other_office").post(url).status_code == 404
    assert IndicatorReport.objects.get().state == State.APPROVED
    assert not IndicatorValue.objects.exists()


# -------------------------------------------------------------------- pages
def test_flow_through_the_pages(county, actors) -> None:  # noqa: ANN001
    clerk, leader, office = (_client(county, r) for r in ("clerk", "leader", "office"))
    new = reverse("indicators:reported_new")
    picker = clerk.get(new).content.decode()
    assert "“法律明白人”人数" in picker and "普法宣传" in picker  # names grouped by source
    assert "RECON_RECEIVED" not in picker and "行政复议申请" not in picker
    form = clerk.get(new, {"code": COUNT}).content.decode()
    assert "数值（人）" in form
    response = clerk.post(f"{new}?code={COUNT}", {
        "code": COUNT, "unit": county.units["县司法局"].pk, "year": YEAR, "period": "Q1",
        "value": "88", "note": "第一季度新增", "submit": "1",
        "evidence": SimpleUploadedFile("名册.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302, response.content.decode()
    report = IndicatorReport.objects.get()
    assert (report.state, report.value, report.period_start, report.period_end) == (
        State.SUBMITTED, 88, Period.quarter(YEAR, 1).start, Period.quarter(YEAR, 1).end)
    detail = reverse("indicators:reported_detail", args=[report.pk])
    page = leader.get(detail).content.decode()
    assert "审核通过，报依法治县办" in page and "88人" in page and f"{YEAR}年第一季度" in page
    # Not yet with the office: the office neither sees nor accepts it.
    assert office.get(detail).status_code == 404
    leader.post(reverse("indicators:reported_transition", args=[report.pk, "approve"]))
    todo = office.get(reverse("indicators:reported_list"), {"tab": "todo"}).content.decode()
    assert "“法律明白人”人数" in todo and "采纳" in todo
    office.post(reverse("indicators:reported_transition", args=[report.pk, "accept"]),
                {"next": reverse("indicators:reported_list") + "?tab=todo"})
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    value = IndicatorValue.objects.get(origin=report.origin)
    assert value.value == 88 and value.period_end == Period.quarter(YEAR, 1).end
    page = office.get(detail).content.decode()
    assert reverse("indicators:value_detail", args=[value.pk]) in page
    assert clerk.get(reverse("indicators:reported_evidence", args=[report.pk])).status_code == 200


def test_return_through_the_pages_needs_a_reason(county, actors) -> None:  # noqa: ANN001
    report = _save(actors["clerk"], county.units["县司法局"], value=10, submit=True)
    report = reported.ApproveIndicatorReport(actors["leader"], report).execute()
    office = _client(county, "office")
    url = reverse("indicators:reported_transition", args=[report.pk, "return"])
    response = office.post(url, {"reason": ""}, follow=True)
    assert "退回时必须填写退回理由" in response.content.decode()
    assert IndicatorReport.objects.get().state == State.APPROVED
    office.post(url, {"reason": "与年报口径不一致"})
    report.refresh_from_db()
    assert report.state == State.RETURNED and report.return_reason == "与年报口径不一致"
    # Returned: back with the unit only.
    assert office.get(reverse("indicators:reported_detail", args=[report.pk])).status_code == 404
    clerk = _client(county, "clerk")
    edit = clerk.get(reverse("indicators:reported_edit", args=[report.pk])).content.decode()
    assert "与年报口径不一致" in edit and 'value="10"' in edit


def test_form_errors_keep_the_input(county, actors) -> None:  # noqa: ANN001
    clerk = _client(county, "clerk")
    url = reverse("indicators:reported_new") + f"?code={RATE}"
    page = clerk.post(url, {"code": RATE, "unit": county.units["县司法局"].pk, "year": YEAR,
                            "period": "Y", "numerator": "0", "denominator": "0",
                            "note": "全县培训"}).content.decode()
    assert "分母为0时比率无意义" in page and "全县培训" in page
    bad = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = clerk.post(reverse("indicators:reported_new") + f"?code={COUNT}", {
        "code": COUNT, "unit": county.units["县司法局"].pk, "year": YEAR, "period": "Y",
        "value": "5", "evidence": bad}).content.decode()
    assert "内容与扩展名 .pdf 不符" in page and 'value="5"' in page
    page = clerk.get(reverse("indicators:reported_new"), {"code": "RECON_RECEIVED"})
    assert "自动计算" in page.content.decode()
    page = clerk.post(reverse("indicators:reported_new") + "?code=RECON_RECEIVED", {
        "code": "RECON_RECEIVED", "unit": county.units["县司法局"].pk, "year": YEAR,
        "period": "Y", "value": "5"})
    assert "自动计算" in page.content.decode()
    assert not IndicatorReport.objects.exists()
    for text in ("None", "True", "False", "---------"):
        assert text not in clerk.get(reverse("indicators:reported_new"),
                                     {"code": FLAG}).content.decode()


def test_drafts_are_seen_by_their_unit_only(county, actors) -> None:  # noqa: ANN001
    draft = _save(actors["clerk"], county.units["县司法局"], value=10, note="草稿中的说明")
    detail = reverse("indicators:reported_detail", args=[draft.pk])
    listing = reverse("indicators:reported_list")
    for role in ("office", "viewer", "town_clerk", "other_office"):
        client = _client(county, role)
        assert client.get(detail).status_code == 404, role
        assert "草稿中的说明" not in client.get(listing).content.decode(), role
    for role in ("clerk", "leader"):
        assert _client(county, role).get(detail).status_code == 200
    assert _client(county, "leader").get(
        reverse("indicators:reported_edit", args=[draft.pk])).status_code == 403
    reported.SubmitIndicatorReport(actors["clerk"], draft).execute()
    reported.ApproveIndicatorReport(actors["leader"], draft).execute()
    for role in ("office", "viewer"):
        assert _client(county, role).get(detail).status_code == 200
    assert _client(county, "other_office").get(detail).status_code == 404


def test_list_filters_and_export(county, actors) -> None:  # noqa: ANN001
    _through(actors, county.units["县司法局"], value=120)
    _through(actors, county.units["莘亭街道"], clerk="town_clerk", leader="town_leader",
             code="PUBLICITY_EVENTS", value=6, period=Period.quarter(YEAR, 3))
    office = _client(county, "office")
    url = reverse("indicators:reported_list")
    page = office.get(url, {"code": "PUBLICITY_EVENTS"}).content.decode()
    assert "6场次" in page and "120人" not in page
    page = office.get(url, {"unit": county.units["县司法局"].pk}).content.decode()
    assert "120人" in page and "6场次" not in page
    page = office.get(url, {"period": f"{Period.year(YEAR).start}..{Period.year(YEAR).end}"})
    assert "120人" in page.content.decode() and "6场次" not in page.content.decode()
    assert f"{YEAR}年第三季度" in page.content.decode()
    response = office.get(url, {"export": "xlsx", "sort": "unit"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["指标", "填报单位", "期间", "数值"]
    assert sheet.max_row == 3


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_no_business_pages_for_administrators(county, role) -> None:  # noqa: ANN001
    assert _client(county, role).get(reverse("indicators:reported_list")).status_code == 403


def test_list_queries_do_not_grow(county, actors, django_assert_max_num_queries) -> None:  # noqa: ANN001
    units = [county.units[n] for n in ("县司法局", "莘亭街道")]
    reportable = reported.reportable()

    def fill(n: int, offset: int) -> None:
        for i in range(n):
            ind = reportable[(offset + i) // 2]
            clerk, leader = ("clerk", "leader") if i % 2 == 0 else ("town_clerk", "town_leader")
            _through(actors, units[i % 2], clerk=clerk, leader=leader, code=ind.code,
                     **FIGURE_OF_KIND[ind.kind])

    office, clerk = _client(county, "office"), _client(county, "clerk")
    url = reverse("indicators:reported_list")
    counts = []
    for n, offset in ((4, 0), (30, 4)):
        fill(n, offset)
        for client in (office, clerk):
            with django_assert_max_num_queries(16) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts


ROLES = ["office", "clerk", "leader", "town_clerk", "other_clerk", "other_office", "viewer",
         "sysadmin", "secadmin", "auditor"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_accept(county, actors, role: str) -> None:  # noqa: ANN001
    report = _save(actors["clerk"], county.units["县司法局"], value=10, submit=True)
    reported.ApproveIndicatorReport(actors["leader"], report).execute()
    _client(county, role).post(reverse("indicators:reported_transition",
                                       args=[report.pk, "accept"]))
    accepted = IndicatorReport.objects.get(pk=report.pk).state == State.ACCEPTED
    assert accepted is (role == "office")
    assert IndicatorValue.objects.exists() is accepted
