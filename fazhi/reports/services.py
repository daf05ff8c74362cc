"""Every change to an annual report, on the one write path (fazhi.core.actions):
compose, edit a section, refresh figures, ask units for paragraphs, sign off,
publish, submit upward. Each change after composing is a new version."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor, record_related

from . import compose, report_figures
from .models import (
    AnnualReport,
    ContributionRequest,
    ReportSection,
    ReportSignoff,
    ReportVersion,
)

State = AnnualReport.State


def content_of(report: AnnualReport) -> list[dict[str, Any]]:
    return [{"id": s.pk, "part": s.part, "heading": s.heading, "text": s.text}
            for s in report.sections.order_by("part", "order", "id")]


def new_version(report: AnnualReport, actor: Actor, note: str) -> ReportVersion:
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    report.version = number
    report.save(update_fields=["version", "updated_at"])
    return ReportVersion.objects.create(
        report=report, number=number, content=content_of(report), note=note[:300],
        created_by=None if actor.is_system else actor.user)


class _ReportAction(Action):
    permission = "reports.manage"
    denied_message = "只有本县依法治县办可以编辑年度报告。"

    def report(self) -> AnnualReport:
        return self.obj  # type: ignore[return-value]

    def require_draft(self) -> None:
        if not self.report().is_editable:
            raise ActionRefused(f"报告{self.report().get_state_display()}，不能再修改；"
                                "如需修改，请先撤回签发。")


class ComposeReport(Action):
    """Create the draft from the records (compose.propose)."""

    verb = "report.compose"
    permission = "reports.manage"
    denied_message = "只有本县依法治县办可以起草年度报告。"

    def permission_target(self) -> AnnualReport:
        return AnnualReport(region=self.params["region"], year=self.params["year"])

    def check(self) -> None:
        super().check()
        region, year = self.params["region"], self.params["year"]
        if AnnualReport.objects.filter(region=region, year=year).exists():
            raise ActionRefused(f"{region.name}{year}年度的报告已经存在。")
        if not 2000 <= year <= timezone.localdate().year:
            raise ActionRefused("只能起草已经开始的年度的报告。")

    def apply(self) -> AnnualReport:
        region, year = self.params["region"], self.params["year"]
        report = AnnualReport.objects.create(
            region=region, year=year, title=compose.default_title(region, year),
            recipients=compose.default_recipients(region), issuer=f"{region.name}人民政府",
            created_by=None if self.actor.is_system else self.actor.user)
        for order, p in enumerate(compose.propose(report), start=1):
            ReportSection.objects.create(report=report, part=p.part, order=order,
                                         heading=p.heading, text=p.text, origin=p.origin)
        report_figures.take(report, report_figures.codes_in(
            [s.text for s in report.sections.all()]))
        new_version(report, self.actor, "系统根据记录起草")
        return report


class SaveSection(_ReportAction):
    """Edit (or add, ``obj`` the report and no section) a section's heading and text."""

    verb = "report.edit"

    def check(self) -> None:
        super().check()
        self.require_draft()
        version = self.params.get("version")
        if version is not None and version != self.report().version:
            raise ActionRefused("报告已被他人修改（当前为第"
                                f"{self.report().version}版），请刷新后在最新版本上修改。")
        section = self.params.get("section")
        if section is not None and section.report_id != self.report().pk:
            raise ActionRefused("章节不属于该报告。")

    def apply(self) -> AnnualReport:
        report = self.report()
        section: ReportSection | None = self.params.get("section")
        before = None
        if section is None:
            last = report.sections.aggregate(n=Max("order"))["n"] or 0
            section = ReportSection(report=report, part=self.params["part"], order=last + 1)
        else:
            from fazhi.audit.service import snapshot

            before = snapshot(section)
        section.heading = self.params["heading"]
        section.text = self.params["text"]
        section.updated_by = None if self.actor.is_system else self.actor.user
        section.save()
        record_related(self.actor, "report.section", section, before=before)
        codes = report_figures.codes_in([section.text])
        known = set(report.figures.values_list("code", flat=True))
        report_figures.take(report, [c for c in codes if c not in known])
        new_version(report, self.actor, self.params.get("note") or f"修改“{section}”")
        return report


class DeleteSection(_ReportAction):
    verb = "report.section_delete"

    def check(self) -> None:
        super().check()
        self.require_draft()

    def apply(self) -> AnnualReport:
        section: ReportSection = self.params["section"]
        record_related(self.actor, "report.section_delete", section)
        section.delete()
        new_version(self.report(), self.actor, "删除一节")
        return self.report()


class RefreshFigures(_ReportAction):
    verb = "report.refresh_figures"

    def check(self) -> None:
        super().check()
        self.require_draft()

    def apply(self) -> AnnualReport:
        self.count = report_figures.refresh(self.report(), self.params.get("codes"))
        return self.report()


class RequestContribution(_ReportAction):
    verb = "report.request_contribution"

    def check(self) -> None:
        super().check()
        self.require_draft()
        unit = self.params["unit"]
        if unit.region_id != self.report().region_id:
            raise ActionRefused("只能请本县的单位撰写。")
        if self.params["due"] < timezone.localdate():
            raise ActionRefused("提交期限不能早于今天。")

    def apply(self) -> AnnualReport:
        request = ContributionRequest.objects.create(
            report=self.report(), section=self.params["section"], unit=self.params["unit"],
            due=self.params["due"], instructions=self.params.get("instructions", ""))
        record_related(self.actor, "report.contribution_requested", request)
        return self.report()


class SubmitContribution(Action):
    verb = "report.contribution_submit"
    permission = "reports.contribute"
    denied_message = "只有被征集单位的经办人或负责人可以提交。"

    def check(self) -> None:
        super().check()
        request: ContributionRequest = self.obj  # type: ignore[assignment]
        if request.state not in (ContributionRequest.State.REQUESTED,
                                 ContributionRequest.State.RETURNED):
            raise ActionRefused("该材料已提交，等待依法治县办审核。")
        if not request.report.is_editable:
            raise ActionRefused("报告已签发，不再征集材料。")
        if not (self.params.get("text") or "").strip():
            raise ActionRefused("请填写内容后再提交。")

    def apply(self) -> ContributionRequest:
        request: ContributionRequest = self.obj  # type: ignore[assignment]
        request.text = self.params["text"].strip()
        request.state = ContributionRequest.State.SUBMITTED
        request.submitted_at = timezone.now()
        request.submitted_by = self.actor.user
        request.save()
        return request


class ReviewContribution(Action):
    """Accept (its text is added to the section) or return with a reason."""

    verb = "report.contribution_review"
    permission = "reports.manage"
    denied_message = "只有本县依法治县办可以审核征集的材料。"

    def check(self) -> None:
        super().check()
        request: ContributionRequest = self.obj  # type: ignore[assignment]
        if request.state != ContributionRequest.State.SUBMITTED:
            raise ActionRefused("只能审核单位已提交的材料。")
        if not request.report.is_editable:
            raise ActionRefused("报告已签发，不能再采用材料。")
        if not self.params["accept"] and not (self.params.get("reason") or "").strip():
            raise ActionRefused("退回时须说明理由。")

    def apply(self) -> ContributionRequest:
        request: ContributionRequest = self.obj  # type: ignore[assignment]
        request.reviewed_at = timezone.now()
        if self.params["accept"]:
            request.state = ContributionRequest.State.ACCEPTED
            section = request.section
            section.text = (section.text.rstrip() + "\n" + request.text).strip()
            section.save()
            new_version(request.report, self.actor, f"采用{request.unit.short_name or request.unit}"
                                                    "撰写的内容")
        else:
            request.state = ContributionRequest.State.RETURNED
            request.return_reason = self.params["reason"].strip()
        request.save()
        return request


def sign_off_problems(report: AnnualReport) -> list[str]:
    """What stops a sign-off: a required part left empty, a stale figure, a
    figure typed by hand that contradicts the store (fazhi.reports.checks)."""
    from .checks import contradictions

    problems = []
    filled = {s.part for s in report.sections.all() if s.text.strip()}
    for part in (1, 2, 3, 4):
        if part not in filled:
            from .models import PARTS

            problems.append(f"第{'一二三四'[part - 1]}部分“{dict(PARTS)[part]}”还没有内容。")
    stale = [s for s in report_figures.states(report) if s.stale]
    if stale:
        problems.append(f"有 {len(stale)} 个数据已过期（{'、'.join(s.name for s in stale[:5])}），"
                        "请先更新。")
    for c in contradictions(report):
        problems.append(f"手写数字与系统数据不符：{c.message}")
    return problems


class SignOff(_ReportAction):
    """依法治县办审核, then 领导签发 (recorded with the signer's name and date);
    the leader's sign-off freezes the text."""

    verb = "report.sign_off"

    def check(self) -> None:
        super().check()
        report = self.report()
        role = self.params["role"]
        if role == ReportSignoff.Role.OFFICE:
            self.require_draft()
            problems = sign_off_problems(report)
            if problems:
                raise ActionRefused("不能签发：" + "；".join(problems))
        elif role == ReportSignoff.Role.LEADER:
            self.require_draft()
            if not report.signoffs.filter(role=ReportSignoff.Role.OFFICE,
                                          version_number=report.version).exists():
                raise ActionRefused("须先由依法治县办审核当前版本，再由领导签发。")
        if not (self.params.get("signer_name") or "").strip():
            raise ActionRefused("请填写签发人姓名。")

    def apply(self) -> AnnualReport:
        report = self.report()
        ReportSignoff.objects.create(
            report=report, role=self.params["role"], signer_name=self.params["signer_name"],
            signer_post=self.params.get("signer_post", ""), version_number=report.version,
            signed_on=self.params.get("signed_on") or timezone.localdate(),
            recorded_by=self.actor.user)
        if self.params["role"] == ReportSignoff.Role.LEADER:
            report.state = State.SIGNED_OFF
            report.report_date = report.report_date or self.params.get("signed_on") or \
                timezone.localdate()
            report.save()
        return report


class WithdrawSignOff(_ReportAction):
    verb = "report.withdraw_sign_off"

    def check(self) -> None:
        super().check()
        if self.report().state != State.SIGNED_OFF:
            raise ActionRefused("只有已签发、尚未公开的报告可以撤回签发。")

    def apply(self) -> AnnualReport:
        report = self.report()
        report.state = State.DRAFT
        report.save()
        return report


class Publish(_ReportAction):
    """Make the signed-off report public on the portal, with its date."""

    verb = "report.publish"

    def check(self) -> None:
        super().check()
        if self.report().state != State.SIGNED_OFF:
            raise ActionRefused("报告须经领导签发后才能公开发布。")

    def apply(self) -> AnnualReport:
        report = self.report()
        report.state = State.PUBLISHED
        report.published_on = self.params.get("on") or timezone.localdate()
        report.save()
        return report


class SubmitUpward(_ReportAction):
    """报送上级: the report reaches the upper level's 报告解读, read as data there
    (so the city's comparison of its counties fills itself)."""

    verb = "report.submit_upward"

    def check(self) -> None:
        super().check()
        report = self.report()
        if report.state == State.DRAFT:
            raise ActionRefused("报告须经领导签发后才能报送上级。")
        if report.region.parent is None:
            raise ActionRefused("该地区没有上级。")

    def apply(self) -> AnnualReport:
        from fazhi.analysis.services import upload_reports

        from .document import build
        from .html_render import plain_text

        report = self.report()
        report.submitted_upward_on = self.params.get("on") or timezone.localdate()
        report.save()
        text = plain_text(build(report))
        upload = SimpleUploadedFile(f"{report.title}.txt", text.encode("utf-8"), "text/plain")
        upload_reports(Actor.system(), [upload], owner_region=report.region.parent)
        return report


def deadlines(year: int) -> dict[str, datetime.date]:
    """design/rules.md §9 (督察规定): departments to the county and the county to
    the higher level by 3月1日, public by 4月1日 — of the year after the one reported."""
    nxt = year + 1
    return {"departments": datetime.date(nxt, 3, 1), "upward": datetime.date(nxt, 3, 1),
            "public": datetime.date(nxt, 4, 1)}


def home_status(counties: list, today: datetime.date) -> list[dict[str, Any]]:
    """For the office's home page: last year's report of each county, with the
    dates it owes (design/rules.md §9) as red (missed), yellow (within 15 days)
    or green (done). One query."""
    year = today.year - 1
    due = deadlines(year)
    reports = {r.region_id: r for r in AnnualReport.objects.filter(
        region__in=counties, year=year)}
    out = []
    for county in counties:
        report = reports.get(county.pk)
        steps = []
        for key, label, done_on in (
                ("upward", "报送上级", report.submitted_upward_on if report else None),
                ("public", "向社会公开", report.published_on if report else None)):
            if done_on:
                light = "green"
            elif today > due[key]:
                light = "red"
            elif (due[key] - today).days <= 15:
                light = "yellow"
            else:
                light = "grey"
            steps.append({"label": label, "due": due[key], "done_on": done_on, "light": light})
        out.append({"county": county, "year": year, "report": report, "steps": steps})
    return out
