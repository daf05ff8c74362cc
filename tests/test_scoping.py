"""Walks every URL of the application for every role and checks who may see
it and who may change what. A URL added without an entry here fails
``test_every_url_is_in_the_matrix``."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.org.models import Membership, UnitGroup
from fazhi.plans import services
from fazhi.plans.models import Assignment, Evidence, PlanImport, ProgressReport

from .assessment.factories import scoping_world
from .conftest import SMALL_PLAN

ROLES = ["office", "clerk", "leader", "town_clerk", "other_clerk", "other_office", "viewer",
         "sysadmin", "secadmin", "auditor"]
ALL = set(ROLES)
READERS_OF_COUNTY = {"office", "clerk", "leader", "viewer"}  # of the 司法局's records

# url name → (kwargs builder key, roles that may GET it)
MATRIX: dict[str, tuple[str | None, set[str]]] = {
    "home": (None, ALL),
    "password_change": (None, ALL),
    "plans:plan_list": (None, ALL),
    "plans:plan_import": (None, {"office", "other_office"}),  # each for its own county
    "plans:plan_import_preview": ("staged", {"office"}),
    "plans:plan_detail": ("plan", READERS_OF_COUNTY | {"town_clerk"}),
    "plans:plan_overview": ("plan", READERS_OF_COUNTY | {"town_clerk"}),
    # 各县完成情况: the counties a region-level reader reads, side by side
    "plans:county_comparison": (None, {"office", "other_office", "viewer"}),
    "plans:period_list": ("plan", {"office"}),
    "plans:task_detail": ("task", READERS_OF_COUNTY),
    "plans:task_units": ("task", READERS_OF_COUNTY),
    "plans:plan_edit": ("plan", {"office"}),
    "plans:bulk_due_dates": ("plan", {"office"}),
    "plans:plan_withdraw": ("plan", set()),  # POST only: tests/plans/test_corrections.py
    "plans:task_edit": ("task", {"office"}),
    "plans:report_bulk": (None, set()),  # POST only: tests/plans/test_review.py
    "plans:urge": (None, set()),  # POST only: tests/plans/test_review.py
    # 提醒 and 搜索: everyone, each reading their own (tests/core)
    "notifications": (None, ALL),
    "notification_open": ("notification", set()),  # POST only
    # a background export: its requester only (tests/core/test_exports.py)
    "export_job": ("export_job", {"office"}),
    "export_download": ("export_job", {"office"}),
    "export_restart": ("export_job", set()),  # POST only: tests/core/test_job_recovery.py
    "notification_read_all": (None, set()),  # POST only
    "search": (None, ALL),
    "plans:assignment_list": (None, ALL),
    "plans:report_edit": ("assignment_period", {"clerk"}),
    "plans:report_list": (None, ALL),
    # the walk's report waits for its unit leader: the unit's own until it reaches the
    # office (drafts are not progress; tests/plans/test_drafts.py)
    "plans:report_detail": ("report", {"clerk", "leader"}),
    "plans:report_transition": ("report_verb", set()),  # POST only: see below
    "plans:evidence_download": ("evidence", {"clerk", "leader"}),
    "org:unit_list": (None, {"sysadmin"}),
    "org:unit_create": (None, {"sysadmin"}),
    "org:unit_edit": ("unit", {"sysadmin"}),
    "org:group_create": (None, {"sysadmin"}),
    "org:group_edit": ("group", {"sysadmin"}),
    "org:user_list": (None, {"sysadmin"}),
    "org:user_create": (None, {"sysadmin"}),
    "org:membership_list": (None, {"secadmin"}),
    "org:membership_toggle": ("membership", set()),  # POST only: see below
    "audit:entry_list": (None, {"auditor"}),
    # 报告解读: office admins and upper viewers; a batch by its uploader's region
    "analysis:report_list": (None, {"office", "other_office", "viewer"}),
    "analysis:upload": (None, {"office", "other_office", "viewer"}),
    "analysis:compare": (None, {"office", "other_office", "viewer"}),
    "analysis:batch_detail": ("analysis_batch", {"office", "viewer"}),
    "analysis:batch_progress": ("analysis_batch", {"office", "viewer"}),
    "analysis:report_detail": ("analysis_report", {"office", "viewer"}),
    "analysis:report_status": ("analysis_report", {"office", "viewer"}),
    "analysis:report_file": ("analysis_report", {"office", "viewer"}),
    "analysis:report_reread": ("analysis_report", set()),  # POST only: tests/analysis_web
    "analysis:fact_correct": ("analysis_fact", {"office", "viewer"}),
    "analysis:fact_add": ("analysis_report", set()),  # POST only: tests/analysis_web
    "audit:entry_detail": ("audit", {"auditor"}),
    # Registers (one register stands for all: the views are shared)
    "registers:case_list": ("register", ALL),
    "registers:case_open": ("register", {"office", "other_office", "clerk", "town_clerk",
                                         "other_clerk"}),
    "registers:excel_template": ("register", ALL),
    "registers:excel_import": ("register", {"office", "other_office"}),
    "registers:import_job": ("import_job", {"office"}),  # a background import of 莘县
    "registers:import_job_progress": ("import_job", {"office"}),
    "registers:import_job_restart": ("import_job", set()),  # POST only: tests/core/test_job_recovery.py
    # 年度报告统计: every reader of a county's registers, each counting their own scope
    "registers:disclosure_annual_report": (None, ALL - {"sysadmin", "secadmin", "auditor"}),
    "registers:case_detail": ("case", READERS_OF_COUNTY),
    "registers:case_event": ("case_event", {"office", "clerk"}),
    "registers:case_correct": ("case", {"office", "clerk"}),  # 更正登记信息
    "registers:attachment_download": ("attachment", READERS_OF_COUNTY),
    "registers:notification_list": (None, ALL),
    "registers:notification_read": ("notification", set()),  # POST only
    # 重大行政决策事项目录: a county's document, kept by its office (tests/registers/test_major_decision.py)
    "registers:md_catalogue_list": (None, ALL),
    "registers:md_catalogue_new": (None, {"office", "other_office"}),
    "registers:md_catalogue_detail": ("md_catalogue", {"office", "viewer"}),
    "registers:md_catalogue_approve": ("md_catalogue", set()),  # POST only
    "registers:md_catalogue_publish": ("md_catalogue", set()),  # POST only
    "registers:rect_inspection_list": (None, ALL),
    "registers:rect_inspection_new": (None, {"office", "other_office"}),
    "registers:rect_inspection_detail": ("rect_inspection", READERS_OF_COUNTY),
    "registers:rect_signal_list": (None, {"office", "other_office"}),
    "registers:rect_signal_raise": (None, set()),  # POST only
    "registers:med_committee_list": (None, ALL),
    "registers:med_committee_new": (None, {"office", "other_office"}),
    "registers:med_committee_detail": ("med_committee", READERS_OF_COUNTY),
    "registers:med_mediator_add": ("med_committee", set()),  # POST only
    # 指标: the catalogue for every business reader; a county's value for its
    # office and the city above, never a unit's clerk (who sees the unit's own)
    "indicators:catalogue": (None, ALL - {"sysadmin", "secadmin", "auditor"}),
    "indicators:definition": ("indicator_code", ALL - {"sysadmin", "secadmin", "auditor"}),
    "indicators:value_detail": ("indicator_value", {"office", "viewer"}),
    # 数据驾驶舱: every reader of figures (a unit sees its own); 各县对比: region-level roles
    "indicators:cockpit": (None, ALL - {"sysadmin", "secadmin", "auditor"}),
    "indicators:cockpit_compare": (None, {"office", "other_office", "viewer"}),
    "indicators:recompute": (None, set()),  # POST only: tests/indicators
    "indicators:targets": (None, {"office", "other_office"}),
    "indicators:target_edit": ("indicator_target", {"office"}),
    "indicators:target_delete": ("indicator_target", set()),  # POST only: tests/indicators
    "indicators:recompute_progress": ("recompute_run", {"office"}),
    # 指标填报: an approved report for its unit, the office and the city; a draft for its unit
    "indicators:reported_list": (None, ALL - {"sysadmin", "secadmin", "auditor"}),
    "indicators:reported_new": (None, {"clerk", "town_clerk", "other_clerk"}),
    "indicators:reported_detail": ("indicator_report", READERS_OF_COUNTY),
    "indicators:reported_evidence": ("indicator_report", READERS_OF_COUNTY),
    "indicators:reported_edit": ("indicator_report_draft", {"clerk"}),
    "indicators:reported_transition": ("indicator_report_verb", set()),  # POST only: tests/indicators
    # 考核: drafts for the office; a published scheme for the county's units (each its own
    # score); the city reads closed results only (tests/assessment); writes: tests/assessment
    "assessment:scheme_list": (None, ALL - {"sysadmin", "secadmin", "auditor"}),
    "assessment:scheme_create": (None, {"office", "other_office"}),
    "assessment:scheme_detail": ("assessment_scheme", {"office", "clerk", "leader", "town_clerk"}),
    "assessment:scheme_edit": ("assessment_scheme", {"office"}),
    "assessment:item_create": ("assessment_scheme", {"office"}),
    "assessment:scores": ("assessment_scheme", {"office", "clerk", "leader", "town_clerk"}),
    "assessment:unit_detail": ("assessment_unit", {"office", "clerk", "leader"}),
    "assessment:scheme_transition": ("assessment_verb", set()),  # POST only
    "assessment:item_edit": ("assessment_item", {"office"}),
    "assessment:item_delete": ("assessment_item", set()),  # POST only
    "assessment:manual_entry": ("assessment_manual", {"office"}),
    "assessment:manual_evidence": ("assessment_evidence", {"office", "clerk", "leader"}),
    "assessment:objection_create": ("assessment_object", {"clerk", "leader"}),
    "assessment:objection_rule": ("assessment_objection", {"office"}),
}
# 年度报告: a draft is the county office's alone (the city reads what was sent up
# or published: tests/reports); units see the contributions asked of them
MATRIX.update({
    "reports:report_list": (None, {"office", "other_office", "viewer"}),
    "reports:report_detail": ("annual_report", {"office"}),
    "reports:section_add": ("annual_report", {"office"}),
    "reports:section_edit": ("report_section", {"office"}),
    "reports:versions": ("annual_report", {"office"}),
    "reports:export": ("report_export", {"office"}),
    "reports:contribution_list": (None, {"office", "other_office", "clerk", "leader",
                                         "town_clerk", "other_clerk"}),
    "reports:contribution_edit": ("report_contribution", {"office", "clerk", "leader"}),
    # POST only: tests/reports
    "reports:section_delete": ("report_section", set()),
    "reports:refresh_figures": ("annual_report", set()),
    "reports:sign_off": ("annual_report", set()),
    "reports:contribution_request": ("annual_report", set()),
    "reports:transition": ("annual_report_verb", set()),
})
# 不罚轻罚清单 (fazhi.enforcement): public documents, read in the county they belong to
MATRIX.update({
    "enforcement:leniency_lists": (None, ALL),
    "enforcement:officer_list": (None, ALL),  # each reads the officers of their scope
    "enforcement:draw_list": (None, ALL),
    "enforcement:draw_plan": (None, ALL),  # each reads the items of their scope
    "enforcement:draw_detail": ("draw", {"office", "clerk", "leader", "town_clerk", "viewer"}),
    "enforcement:draw_record": ("draw", {"office", "clerk", "leader", "town_clerk", "viewer"}),
    "enforcement:target_result": ("draw", set()),  # POST only: tests/enforcement/test_draw.py
    "enforcement:leniency_detail": ("leniency_list", {"office", "clerk", "leader", "town_clerk",
                                                      "viewer"}),
    # POST only: tests/enforcement/test_leniency.py
    "enforcement:leniency_item_add": ("leniency_list", set()),
    "enforcement:leniency_publish": ("leniency_list", set()),
})
PUBLIC = {"login", "logout"}
# 公众门户: no login, every page walked as an anonymous visitor in tests/portal/test_walk.py
PUBLIC_PREFIXES = ("portal:",)
PDF_BYTES = b"%PDF-1.4 test"


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            names |= _names(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    names = {n for n in _names(get_resolver()) - PUBLIC if not n.startswith(PUBLIC_PREFIXES)}
    assert names == set(MATRIX)


@pytest.fixture
def world(county, plan):  # noqa: ANN001, ANN201
    actors = {k: Actor.for_user(u) for k, u in county.users.items()}
    assignment = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    period = plan.periods.order_by("start").first()
    report = services.SaveReport(actors["clerk"], None, assignment=assignment, period=period,
                                 text="进展", completion="in_progress", submit=True).execute()
    evidence = Evidence(report=report, original_name="a.pdf", content_type="application/pdf",
                        size=8)
    evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    staged = PlanImport(region=county.county, year=2031, source_name="plan.txt",
                        created_by=county.users["office"])
    staged.file.save("plan.txt", ContentFile(SMALL_PLAN.encode()), save=True)
    from fazhi.analysis.models import PublishedReport, ReportBatch

    batch = ReportBatch.objects.create(owner_region=county.county, file_count=1,
                                       uploaded_by=county.users["office"])
    published = PublishedReport(batch=batch, original_name="r.txt", status="done", text="报告")
    published.file.save("r.txt", ContentFile("报告".encode()), save=True)
    analysis_fact = published.facts.create(phrase="报告", value=1, unit="件", start=0, end=2,
                                           num_start=0, num_end=1, quote="报告")
    from fazhi.registers.base import OpenCase, get_register
    from fazhi.registers.details.major_decision import DecisionCatalogue
    from fazhi.registers.models import Attachment, Deadline, Notification

    case = OpenCase(actors["clerk"], get_register("reconsideration"), region=county.county,
                    unit=county.units["县司法局"], data={
                        "number": "", "title": "不服罚款决定", "started_on": datetime.date(2025, 3, 3),
                        "applicant": "王建国", "applicant_type": "person", "respondent": "县市场监管局",
                        "contested_act": "行政处罚决定", "act_kind": "penalty", "channel": "post",
                        "procedure": "ordinary", "needs_correction": False}).execute()
    attachment = Attachment(case=case, original_name="申请书.pdf", size=8)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    notification = Notification.objects.create(
        unit=case.unit, deadline=Deadline.objects.filter(case=case).first(), kind="overdue",
        message="提醒", created_on=case.started_on)
    from fazhi.indicators import store
    from fazhi.indicators.models import IndicatorTarget, IndicatorValue, RecomputeRun

    store.recompute(2025, county.county)
    indicator_value = IndicatorValue.objects.get(
        code="RECON_RECEIVED", region=county.county, unit=None,
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31))
    recompute_run = RecomputeRun.objects.create(region=county.county, year=2025)
    from fazhi.indicators import reported
    from fazhi.indicators.periods import Period

    indicator_report = reported.SaveIndicatorReport(
        actors["clerk"], None, unit=county.units["县司法局"], code="LEGAL_LITERATE_PERSONS",
        period=Period.year(2025), value=120, evidence=ContentFile(PDF_BYTES, name="名册.pdf"),
        submit=True).execute()
    reported.ApproveIndicatorReport(actors["leader"], indicator_report).execute()
    indicator_draft = reported.SaveIndicatorReport(
        actors["clerk"], None, unit=county.units["县司法局"], code="PUBLICITY_EVENTS",
        period=Period.year(2025), value=6).execute()
    from fazhi.reports.compose import compose_report
    from fazhi.reports.models import ContributionRequest

    annual = compose_report(county.county, 2025, actors["office"])
    section = annual.sections.first()
    contribution = ContributionRequest.objects.create(
        report=annual, section=section, unit=county.units["县司法局"],
        due=datetime.date.today() + datetime.timedelta(days=5))
    from fazhi.core.exports import access_key
    from fazhi.core.models import ExportJob
    from fazhi.org.policy import Policy

    export_job = ExportJob(requested_by=county.users["office"], filename="单位.xlsx", total=1,
                           access_key=access_key(Policy.for_user(county.users["office"])),
                           path="/org/units/?export=xlsx", status=ExportJob.Status.DONE)
    export_job.file.save("e.xlsx", ContentFile(b"PK"), save=True)
    return {
        "export_job": {"pk": export_job.pk},
        "annual_report": {"pk": annual.pk},
        "report_section": {"pk": annual.pk, "section_pk": section.pk},
        "report_export": {"pk": annual.pk, "fmt": "html"},
        "annual_report_verb": {"pk": annual.pk, "verb": "publish"},
        "report_contribution": {"pk": contribution.pk},
        "indicator_code": {"code": "RECON_RECEIVED"},
        "indicator_target": {"pk": IndicatorTarget.objects.create(
            region=county.county, year=2025, code="HEAD_APPEARANCE_RATE", target=100).pk},
        "indicator_value": {"pk": indicator_value.pk},
        "recompute_run": {"pk": recompute_run.pk},
        "indicator_report": {"pk": indicator_report.pk},
        "indicator_report_draft": {"pk": indicator_draft.pk},
        "indicator_report_verb": {"pk": indicator_report.pk, "verb": "accept"},
        "register": {"key": "reconsideration"},
        "import_job": {"key": "reconsideration", "pk": __import__(
            "fazhi.core.imports", fromlist=["ImportJob"]).ImportJob.objects.create(
                register="reconsideration", region=county.county, user=county.users["office"],
                original_name="复议.xlsx").pk},
        "leniency_list": {"pk": __import__("fazhi.enforcement.models", fromlist=["LeniencyList"])
                          .LeniencyList.objects.create(region=county.county, field_name="市场监管",
                                                       title="市场监管领域不罚轻罚清单").pk},
        "draw": {"pk": __import__("fazhi.enforcement.models", fromlist=["Draw"]).Draw.objects.create(
            region=county.county, seed="s", seed_source="公告", period_start=datetime.date(2025, 3, 1),
            period_end=datetime.date(2025, 3, 31), drawn_on=datetime.date(2025, 2, 25),
            item=__import__("fazhi.enforcement.models", fromlist=["InspectionItem"])
            .InspectionItem.objects.create(region=county.county, unit=county.units["县市场监管局"],
                                           name="食品经营抽查")).pk},
        "case": {"key": "reconsideration", "pk": case.pk},
        "case_event": {"key": "reconsideration", "pk": case.pk, "event": "accept"},
        "attachment": {"pk": attachment.pk},
        "notification": {"pk": notification.pk},
        "md_catalogue": {"pk": DecisionCatalogue.objects.create(
            region=county.county, unit=county.units["县政府办公室"], year=2025, title="目录").pk},
        "rect_inspection": {"pk": _rect_inspection(county)},
        "med_committee": {"pk": __import__("fazhi.registers.details.mediation", fromlist=["x"])
                          .MediationCommittee.objects.create(
                              region=county.county, unit=county.units["县司法局"], kind="industry",
                              name="劳动争议人民调解委员会", established_on=datetime.date(2020, 1, 1)).pk},
        "case_obj": case,
        "plan": {"pk": plan.pk},
        "analysis_batch": {"pk": batch.pk},
        "analysis_report": {"pk": published.pk},
        "analysis_fact": {"pk": analysis_fact.pk},
        "task": {"pk": assignment.task_id},
        # a period with no report yet, so the form opens instead of redirecting
        "assignment_period": {"assignment_pk": assignment.pk,
                              "period_pk": plan.periods.order_by("start")[1].pk},
        "report": {"pk": report.pk},
        "report_verb": {"pk": report.pk, "verb": "approve"},
        "evidence": {"pk": evidence.pk},
        "staged": {"pk": staged.pk},
        "unit": {"pk": county.units["县司法局"].pk},
        "group": {"pk": UnitGroup.objects.filter(region=county.county).first().pk},
        "membership": {"pk": Membership.objects.get(user=county.users["clerk"]).pk},
        "audit": {"pk": AuditEntry.objects.filter(region_id_value=county.county.pk).first().pk},
        "users": county.users,
        "report_obj": report,
        **scoping_world(county),
    }


def _rect_inspection(county) -> int:  # noqa: ANN001
    """An inspection of the 司法局 (readers: the office, the viewer, the 司法局's people)."""
    from fazhi.registers.details.rectification import Inspection

    inspection = Inspection.objects.create(region=county.county, title="专项督察", kind="special",
                                           inspector="县委依法治县办", started_on=datetime.date(2025, 9, 1))
    inspection.units.set([county.units["县司法局"]])
    return inspection.pk


def _client(world, role: str) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(world["users"][role])
    return client


def test_who_may_see(world) -> None:  # noqa: ANN001
    """Every URL of the matrix for anonymous users and every role, in one walk over
    one world (a world per URL took minutes); every wrong answer is listed."""
    clients = {role: _client(world, role) for role in ROLES}
    wrong = []
    for name in sorted(MATRIX):
        key, allowed = MATRIX[name]
        url = reverse(name, kwargs=world[key] if key else None)
        if (status := Client().get(url).status_code) != 302:
            wrong.append(f"anonymous users must be sent to the login page from {name}, got {status}")
        for role in ROLES:
            status = clients[role].get(url).status_code
            if role in allowed and status != 200:
                wrong.append(f"{role} should see {name}, got {status}")
            elif role not in allowed and status not in (403, 404, 405):
                wrong.append(f"{role} must not see {name}, got {status}")
    assert not wrong, "\n".join(wrong)


def test_exports_are_scoped_like_the_pages(world) -> None:  # noqa: ANN001
    url = reverse("plans:assignment_list") + "?export=xlsx"
    from io import BytesIO

    from openpyxl import load_workbook

    def rows(role: str) -> int:
        response = _client(world, role).get(url)
        assert response.status_code == 200
        return load_workbook(BytesIO(response.content)).active.max_row - 1

    assert rows("office") == Assignment.objects.count()
    assert rows("clerk") == Assignment.objects.filter(unit__short_name="县司法局",
                                                      unit__region__name="莘县").count()
    assert rows("other_office") == 0 and rows("auditor") == 0


def _each_role(world, attempt, expected: set[str]) -> None:  # noqa: ANN001
    """Run ``attempt(client, role) -> bool`` for every role, each inside a savepoint
    that is rolled back, so one role's allowed write never changes what the next
    role meets (a world per role took minutes); every wrong answer is listed."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            done = attempt(_client(world, role), role)
            transaction.set_rollback(True)
        if done is not (role in expected):
            wrong.append(f"{role}: {'did' if done else 'did not'} succeed")
    assert not wrong, "\n".join(wrong)


def test_who_may_approve(world) -> None:  # noqa: ANN001
    url = reverse("plans:report_transition", kwargs=world["report_verb"])

    def attempt(client: Client, role: str) -> bool:
        client.post(url)
        state = ProgressReport.objects.get(pk=world["report"]["pk"]).state
        return state == ProgressReport.State.APPROVED

    _each_role(world, attempt, {"leader"})


def test_who_may_set_due_dates(world) -> None:  # noqa: ANN001
    url = reverse("plans:task_detail", kwargs=world["task"])

    def attempt(client: Client, role: str) -> bool:
        client.post(url, {"due_date": "2030-05-04"})
        due = Assignment.objects.filter(task_id=world["task"]["pk"]).first().task.due_date
        return str(due) == "2030-05-04"

    _each_role(world, attempt, {"office"})


def test_who_may_grant_roles(world) -> None:  # noqa: ANN001
    url = reverse("org:membership_toggle", kwargs=world["membership"])

    def attempt(client: Client, role: str) -> bool:
        client.post(url)
        return not Membership.objects.get(pk=world["membership"]["pk"]).is_active

    _each_role(world, attempt, {"secadmin"})


def test_who_may_edit_units(world) -> None:  # noqa: ANN001
    from fazhi.org.models import Unit

    unit_pk = world["unit"]["pk"]

    def attempt(client: Client, role: str) -> bool:
        unit = Unit.objects.get(pk=unit_pk)
        client.post(reverse("org:unit_edit", kwargs=world["unit"]), {
            "region": unit.region_id, "name": "莘县司法局（改）", "short_name": unit.short_name,
            "kind": unit.kind, "sort_order": 1, "is_active": "on"})
        return Unit.objects.get(pk=unit_pk).name == "莘县司法局（改）"

    _each_role(world, attempt, {"sysadmin"})


def test_who_may_enter_the_admin(world) -> None:  # noqa: ANN001
    """Only the system administrator (configuration) and the auditor
    (read-only log) get in; nobody else, not even the county office."""
    _each_role(world, lambda client, role: client.get(reverse("admin:index")).status_code == 200,
               {"sysadmin", "auditor"})
    _each_role(world, lambda client, role: client.get(
        reverse("admin:org_region_changelist")).status_code == 200, {"sysadmin"})


def test_who_may_act_on_a_case(world) -> None:  # noqa: ANN001
    """Only the handling unit's clerk and the county office may record events."""
    case = world["case_obj"]
    url = reverse("registers:case_event", kwargs=world["case_event"])

    def attempt(client: Client, role: str) -> bool:
        client.post(url, {"occurred_on": case.started_on.isoformat()})
        case.refresh_from_db()
        return case.state == "accepted"

    _each_role(world, attempt, {"clerk", "office"})


def test_register_exports_are_scoped(world) -> None:  # noqa: ANN001
    from io import BytesIO

    from openpyxl import load_workbook

    url = reverse("registers:case_list", kwargs=world["register"]) + "?export=xlsx"
    rows = {}
    for role in ROLES:
        response = _client(world, role).get(url)
        rows[role] = load_workbook(BytesIO(response.content)).active.max_row - 1
    assert rows == {role: (1 if role in READERS_OF_COUNTY else 0) for role in ROLES}


def test_rule_parameters_in_the_admin_are_limited_to_own_regions(world) -> None:  # noqa: ANN001
    from fazhi.org.models import Region
    from fazhi.procedures.models import RuleSetting

    county = Region.objects.get(name="莘县")
    other = Region.objects.get(name="东阿县")
    RuleSetting.objects.create(process="petition", step="handling", region=other, amount=45, unit="CD")
    client = _client(world, "sysadmin")
    listing = client.get(reverse("admin:procedures_rulesetting_changelist")).content.decode()
    assert "东阿县" not in listing
    add = reverse("admin:procedures_rulesetting_add")
    page = client.get(add).content.decode()
    assert f'value="{county.pk}"' in page and f'value="{other.pk}"' not in page
    client.post(add, {"process": "petition", "step": "handling", "amount": 50, "unit": "CD"})
    assert not RuleSetting.objects.filter(region__isnull=True).exists()  # no national row
