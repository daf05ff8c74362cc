"""The annual report that writes its own figures (issue 8 §1, §2, §4)."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fazhi.analysis.models import PublishedReport
from fazhi.core.actions import ActionRefused, Actor
from fazhi.indicators import store
from fazhi.indicators.models import IndicatorTarget
from fazhi.reports import report_figures, services
from fazhi.reports.checks import contradictions
from fazhi.reports.compose import compose_report
from fazhi.reports.document import build
from fazhi.reports.html_render import plain_text
from fazhi.reports.models import AnnualReport, ContributionRequest, ReportSignoff

from ..conftest import PASSWORD
from ..indicators.test_computations import AS_OF, event, recon

D = datetime.date


@pytest.fixture
def county_2025(county):  # noqa: ANN001, ANN201
    """Three 2025 reconsiderations of the 县司法局: one revoked (纠错), one upheld,
    one still open; and a target the county misses."""
    b = event(county, recon(county, D(2025, 3, 3)), "accept", D(2025, 3, 4))
    event(county, b, "decide", D(2025, 5, 6), decision_type="revoke")
    c = event(county, recon(county, D(2025, 3, 10)), "accept", D(2025, 3, 11))
    event(county, c, "decide", D(2025, 5, 6), decision_type="uphold")
    event(county, recon(county, D(2025, 6, 2)), "accept", D(2025, 6, 3))
    IndicatorTarget.objects.create(region=county.county, year=2025, code="RECON_CORRECTION_RATE",
                                   target=10, direction=IndicatorTarget.Direction.AT_MOST)
    store.recompute(2025, county.county, as_of=AS_OF)
    return county


def _office(county) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users["office"])


def _client(user: str) -> Client:
    c = Client()
    c.login(username=user, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_composed_figures_equal_the_indicators_command(county_2025) -> None:  # noqa: ANN001
    report = compose_report(county_2025.county, 2025, _office(county_2025))
    text = plain_text(build(report))
    assert [b.text for b in build(report).blocks if b.level == 1][:4] == [
        "一、主要举措和成效", "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、下一年度主要安排"]
    out = StringIO()
    call_command("indicators", "--region", "莘县", "--year", "2025", "--json", stdout=out)
    command = {r["code"]: r for r in json.loads(out.getvalue())}
    assert f"接收行政复议申请{command['RECON_RECEIVED']['value']}件" in text
    assert f"受理{command['RECON_ACCEPTED']['value']}件" in text
    assert "行政复议纠错率50%" in text and command["RECON_CORRECTION_RATE"]["value"] == 50
    for figure in report.figures.all():
        assert figure.value is not None and figure.value.region_id == county_2025.county.pk
        assert str(command[figure.code]["value"]) in figure.text
    # part 二 is seeded from the warning (a rate worse than its target)
    assert "行政复议纠错率为50%，未达到年度目标。" in text
    assert contradictions(report) == []


@pytest.mark.django_db
def test_a_changed_record_makes_the_figure_stale_until_refreshed(county_2025) -> None:  # noqa: ANN001
    report = compose_report(county_2025.county, 2025, _office(county_2025))
    assert not any(s.stale for s in report_figures.states(report))
    recon(county_2025, D(2025, 9, 1))  # one more application in 2025
    stale = [s.figure.code for s in report_figures.states(report) if s.stale]
    assert stale == ["RECON_RECEIVED"]
    problems = services.sign_off_problems(report)
    assert any("已过期" in p for p in problems)
    page = _client("office").get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="stale-alert"' in page
    services.RefreshFigures(_office(county_2025), report, codes=["RECON_RECEIVED"]).execute()
    assert report.figures.get(code="RECON_RECEIVED").text == "4件"
    assert "接收行政复议申请4件" in plain_text(build(report))
    assert not any(s.stale for s in report_figures.states(report))


@pytest.mark.django_db
def test_a_hand_typed_figure_that_contradicts_the_store_is_flagged(county_2025) -> None:  # noqa: ANN001
    report = compose_report(county_2025.county, 2025, _office(county_2025))
    section = report.sections.filter(part=3).get()
    services.SaveSection(_office(county_2025), report, section=section, part=3, heading="",
                         text="县政府主要负责人认真履职。全年办理行政复议案件中，受理行政复议申请7件。",
                         version=report.version).execute()
    found = contradictions(report)
    assert [(c.code, int(c.written)) for c in found] == [("RECON_ACCEPTED", 7)]
    page = _client("office").get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert 'id="contradictions"' in page and "受理行政复议申请7件" in page
    with pytest.raises(ActionRefused, match="手写数字与系统数据不符"):
        services.SignOff(_office(county_2025), report, role="office", signer_name="王主任").execute()


def _complete(county, report: AnnualReport) -> None:  # noqa: ANN001
    for part, text in ((3, "县委、县政府主要负责人带头学法，专题研究法治政府建设。"),
                       (4, "1. 深入学习宣传贯彻习近平法治思想。")):
        section = report.sections.filter(part=part).first()
        report.refresh_from_db()
        services.SaveSection(_office(county), report, section=section, part=part, heading="",
                             text=text, version=report.version).execute()


@pytest.mark.django_db
def test_edit_versions_sign_off_publish_and_submit_upward(county_2025) -> None:  # noqa: ANN001
    county = county_2025
    report = compose_report(county.county, 2025, _office(county))
    first_version = report.version
    _complete(county, report)
    report.refresh_from_db()
    assert report.version == first_version + 2
    # a stale edit form is refused: nothing silently overwritten
    with pytest.raises(ActionRefused, match="已被他人修改"):
        services.SaveSection(_office(county), report, section=report.sections.first(), part=1,
                             heading="", text="x", version=first_version).execute()
    versions = _client("office").get(reverse("reports:versions", args=[report.pk]),
                                     {"a": first_version, "b": report.version}).content.decode()
    assert "＋县委、县政府主要负责人带头学法" in versions
    # the leader cannot sign before the office has reviewed this version
    with pytest.raises(ActionRefused, match="须先由依法治县办审核"):
        services.SignOff(_office(county), report, role="leader", signer_name="李县长").execute()
    services.SignOff(_office(county), report, role="office", signer_name="王主任",
                     signer_post="县委依法治县办主任", signed_on=D(2026, 2, 20)).execute()
    services.SignOff(_office(county), report, role="leader", signer_name="李县长",
                     signer_post="县长", signed_on=D(2026, 2, 25)).execute()
    report.refresh_from_db()
    assert report.state == AnnualReport.State.SIGNED_OFF and report.report_date == D(2026, 2, 25)
    assert list(report.signoffs.values_list("role", flat=True)) == ["office", "leader"]
    with pytest.raises(ActionRefused, match="不能再修改"):
        services.SaveSection(_office(county), report, section=report.sections.first(), part=1,
                             heading="", text="x", version=report.version).execute()
    services.Publish(_office(county), report, on=D(2026, 3, 20)).execute()
    services.SubmitUpward(_office(county), report, on=D(2026, 2, 28)).execute()
    report.refresh_from_db()
    assert (report.state, report.published_on) == ("published", D(2026, 3, 20))
    # the city receives it read as data: its comparison fills itself
    received = PublishedReport.objects.get(batch__owner_region=county.city)
    assert received.status == "done"
    viewer = _client("viewer")
    listing = viewer.get(reverse("reports:report_list")).content.decode()
    assert report.title in listing
    assert viewer.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200


@pytest.mark.django_db
def test_drafts_stay_with_the_county_office(county_2025) -> None:  # noqa: ANN001
    report = compose_report(county_2025.county, 2025, _office(county_2025))
    url = reverse("reports:report_detail", args=[report.pk])
    assert _client("office").get(url).status_code == 200
    for user in ("viewer", "other_office", "clerk", "auditor"):
        assert _client(user).get(url).status_code in (403, 404), user
    assert report.title not in _client("viewer").get(reverse("reports:report_list")).content.decode()


@pytest.mark.django_db
def test_a_unit_contributes_a_paragraph(county_2025) -> None:  # noqa: ANN001
    county = county_2025
    report = compose_report(county.county, 2025, _office(county))
    section = report.sections.filter(part=1).first()
    office = _client("office")
    response = office.post(reverse("reports:contribution_request", args=[report.pk]), {
        "section": section.pk, "unit": county.units["县司法局"].pk,
        "due": (datetime.date.today() + datetime.timedelta(days=7)).isoformat(),
        "instructions": "请写复议体制改革的做法"})
    assert response.status_code == 302
    item = ContributionRequest.objects.get()
    clerk = _client("clerk")
    assert clerk.get(reverse("reports:contribution_list")).status_code == 200
    # an empty submission keeps the form and says why
    page = clerk.post(reverse("reports:contribution_edit", args=[item.pk]),
                      {"verb": "submit", "text": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    clerk.post(reverse("reports:contribution_edit", args=[item.pk]),
               {"verb": "submit", "text": "推行行政复议案件繁简分流。"})
    item.refresh_from_db()
    assert item.state == "submitted"
    assert _client("town_clerk").get(reverse("reports:contribution_edit",
                                             args=[item.pk])).status_code == 404
    office.post(reverse("reports:contribution_edit", args=[item.pk]), {"verb": "accept"})
    section.refresh_from_db()
    assert section.text.endswith("推行行政复议案件繁简分流。")


@pytest.mark.django_db
def test_the_office_composes_through_the_page(county_2025) -> None:  # noqa: ANN001
    office = _client("office")
    response = office.post(reverse("reports:report_list"),
                           {"region": county_2025.county.pk, "year": 2025})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{report.pk}/")
    again = office.post(reverse("reports:report_list"),
                        {"region": county_2025.county.pk, "year": 2025}, follow=True)
    assert "报告已经存在" in again.content.decode()
    assert AnnualReport.objects.count() == 1
    assert ReportSignoff.objects.count() == 0


@pytest.mark.django_db
def test_home_page_shows_the_reports_deadlines(county_2025) -> None:  # noqa: ANN001
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 3, 5, 10, 0), tick=False):
        page = _client("office").get(reverse("home")).content.decode()
        card = page.split('id="home-annual-report"')[1].split("</ul>")[0]
        assert "莘县2025年度报告尚未起草" in card
        assert "报送上级：不晚于2026年3月1日，已逾期" in card
        assert "light-yellow" not in card  # 1 April is 27 days away
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        card = _client("office").get(reverse("home")).content.decode().split(
            'id="home-annual-report"')[1].split("</ul>")[0]
        assert "light-yellow" in card and "向社会公开：不晚于2026年4月1日" in card
