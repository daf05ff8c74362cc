"""Plan import and the progress-report workflow, as actions on the one write
path (fazhi.core.actions). Views, commands and the demo loader call these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor, StateTransition, record_related
from fazhi.org.models import Region, Unit, UnitGroup
from fazhi.org.resolve import NameIndex, Resolution

from .models import Assignment, Evidence, Plan, ProgressReport, ReportingPeriod, Section, Task
from .parser import ParsedPlan

State = ProgressReport.State

QUARTERS = [("第一季度", 1, 3), ("第二季度", 4, 6), ("第三季度", 7, 9), ("第四季度", 10, 12)]


def quarterly_periods(year: int) -> list[tuple[str, datetime.date, datetime.date, datetime.date]]:
    """Default reporting periods: each quarter, due on the 10th day after it ends."""
    periods = []
    for name, first, last in QUARTERS:
        start = datetime.date(year, first, 1)
        end = (datetime.date(year + (last == 12), last % 12 + 1, 1) - datetime.timedelta(days=1))
        periods.append((name, start, end, end + datetime.timedelta(days=10)))
    return periods


# --------------------------------------------------------------------- import
@dataclass
class NameChoice:
    """How the user settled an unresolved name: map it to a unit or group,
    or create a new unit of a kind."""

    unit_id: int | None = None
    group_id: int | None = None
    create_kind: str | None = None


@dataclass
class ImportPreview:
    parsed: ParsedPlan
    region: Region
    year: int
    resolutions: dict[str, Resolution] = field(default_factory=dict)

    @property
    def unresolved(self) -> list[str]:
        return [n for n, r in self.resolutions.items() if not r.resolved]

    def to_dict(self) -> dict[str, Any]:
        data = self.parsed.to_dict()
        data["unresolved"] = self.unresolved
        return data


def preview_import(parsed: ParsedPlan, region: Region, year: int) -> ImportPreview:
    index = NameIndex.for_region(region)
    resolutions = {name: index.resolve(name) for name in parsed.unit_names()}
    return ImportPreview(parsed=parsed, region=region, year=year, resolutions=resolutions)


class ImportPlan(Action):
    """Saves a parsed plan: sections, tasks, assignments (groups expanded to
    their members) and quarterly reporting periods — all or nothing."""

    verb = "plan.import"
    permission = "plan.manage"
    denied_message = "只有本县依法治县办管理员可以导入工作计划。"

    def __init__(self, actor: Actor, preview: ImportPreview, *, title: str = "",
                 choices: dict[str, NameChoice] | None = None, source_name: str = "",
                 source_file: Any = None, is_demo: bool = False) -> None:
        super().__init__(actor)
        self.preview = preview
        self.title = title
        self.choices = choices or {}
        self.source_name = source_name
        self.source_file = source_file
        self.is_demo = is_demo

    def permission_target(self) -> Plan:
        return Plan(region=self.preview.region)

    def check(self) -> None:
        super().check()
        region, year = self.preview.region, self.preview.year
        if region.level != Region.Level.COUNTY:
            raise ActionRefused("工作计划只能导入到县（市、区）。")
        if Plan.objects.filter(region=region, year=year).exists():
            raise ActionRefused(f"{region.name}{year}年度的工作计划已存在，不能重复导入。")
        missing = [n for n in self.preview.unresolved if n not in self.choices]
        if missing:
            raise ActionRefused("以下单位名称尚未对应到本县单位，请逐一选择对应单位或新建单位："
                                + "、".join(missing))

    def audit_note(self) -> str:
        p = self.preview.parsed
        return f"导入{len(p.sections)}个部分、{len(p.tasks)}项任务；来源：{self.source_name}"

    def _settle_names(self) -> dict[str, Resolution]:
        region = self.preview.region
        resolutions = dict(self.preview.resolutions)
        for name, choice in self.choices.items():
            if choice.unit_id:
                unit = Unit.objects.get(pk=choice.unit_id, region=region)
                # Remember the spelling, so the next import resolves it by itself.
                if name not in unit.names():
                    before = unit.aliases
                    unit.aliases = "\n".join(filter(None, [unit.aliases.strip(), name]))
                    unit.save(update_fields=["aliases"])
                    record_related(self.actor, "unit.alias_added", unit,
                                   note=f"别名：{before!r} → {unit.aliases!r}")
                resolutions[name] = Resolution(name, unit=unit)
            elif choice.group_id:
                group = UnitGroup.objects.get(pk=choice.group_id, region=region)
                resolutions[name] = Resolution(name, group=group)
            elif choice.create_kind:
                if choice.create_kind not in Unit.Kind.values:
                    raise ActionRefused(f"单位类型不正确：{choice.create_kind}")
                unit, created = Unit.objects.get_or_create(
                    region=region, name=name,
                    defaults={"short_name": name, "kind": choice.create_kind,
                              "is_demo": self.is_demo},
                )
                if created:
                    record_related(self.actor, "create", unit, note="导入计划时新建")
                resolutions[name] = Resolution(name, unit=unit)
        return resolutions

    def apply(self) -> Plan:
        parsed, region, year = self.preview.parsed, self.preview.region, self.preview.year
        resolutions = self._settle_names()
        plan = Plan.objects.create(
            region=region, year=year,
            title=self.title or parsed.title or f"{region.name}{year}年法治政府建设工作计划",
            source_name=self.source_name, created_by=self.actor.user, is_demo=self.is_demo,
        )
        if self.source_file is not None:
            plan.source_file.save(self.source_name or "plan.txt", self.source_file, save=True)
        sections = {
            title: Section(plan=plan, order=i, title=title)
            for i, title in enumerate(parsed.sections, start=1)
        }
        Section.objects.bulk_create(sections.values())
        # A plan numbered afresh in each section keeps its numbers as written
        # beside a plan-wide sequence, so every task still has one 序号.
        restarts = len({t.number for t in parsed.tasks}) < len(parsed.tasks)
        tasks = [
            Task(plan=plan, section=sections.get(t.section) if t.section else None,
                 number=i if restarts else t.number,
                 source_number=f"{(t.section or '').split('、', 1)[0]}-{t.number}" if restarts else "",
                 text=t.text,
                 lead_units_text="、".join(t.lead_units),
                 responsible_units_text="、".join(t.responsible_units))
            for i, t in enumerate(parsed.tasks, start=1)
        ]
        Task.objects.bulk_create(tasks)
        members_cache: dict[int, list[Unit]] = {}

        def units_of(name: str) -> list[Unit]:
            r = resolutions[name]
            if r.unit is not None:
                return [r.unit]
            assert r.group is not None
            if r.group.pk not in members_cache:
                members_cache[r.group.pk] = list(r.group.members())
            return members_cache[r.group.pk]

        assignments = []
        for task, parsed_task in zip(tasks, parsed.tasks, strict=True):
            seen: set[int] = set()
            for role, names in ((Assignment.Role.LEAD, parsed_task.lead_units),
                                (Assignment.Role.RESPONSIBLE, parsed_task.responsible_units)):
                for name in names:
                    for unit in units_of(name):
                        if unit.pk not in seen:  # a lead unit named again as responsible stays lead
                            seen.add(unit.pk)
                            assignments.append(Assignment(task=task, unit=unit, role=role))
        Assignment.objects.bulk_create(assignments)
        ReportingPeriod.objects.bulk_create(
            ReportingPeriod(plan=plan, name=n, start=s, end=e, due=d)
            for n, s, e, d in quarterly_periods(year)
        )
        return plan


# ------------------------------------------------------------ plan settings
class SetTaskDueDate(Action):
    verb = "task.set_due_date"
    permission = "plan.manage"
    denied_message = "只有本县依法治县办管理员可以设定完成时限。"

    def apply(self) -> Task:
        task: Task = self.obj  # type: ignore[assignment]
        task.due_date = self.params["due_date"]
        task.save(update_fields=["due_date"])
        task.assignments.update(updated_at=timezone.now())  # ledger figures are now stale
        return task


class SavePeriod(Action):
    verb = "period.save"
    permission = "plan.manage"
    denied_message = "只有本县依法治县办管理员可以设置报送周期。"

    def apply(self) -> ReportingPeriod:
        period: ReportingPeriod = self.obj  # type: ignore[assignment]
        period.full_clean()
        period.save()
        return period


# ------------------------------------------------------- progress workflow
ALLOWED_EVIDENCE = {
    # extension: (accepted content types, magic-number check)
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".wps": "application/vnd.ms-works",
    ".ofd": "application/ofd",
}


class SaveReport(Action):
    """The clerk writes (or rewrites) the report of an assignment for a period."""

    verb = "progress.save"
    permission = "progress.edit"
    denied_message = "只有本单位经办人可以填写进展情况。"

    def permission_target(self) -> Assignment:
        if self.obj is not None:
            return self.obj.assignment  # type: ignore[attr-defined]
        return self.params["assignment"]

    def check(self) -> None:
        super().check()
        report: ProgressReport | None = self.obj  # type: ignore[assignment]
        if report is not None and not report.is_editable:
            raise ActionRefused(f"该进展报告当前状态为“{report.get_state_display()}”，不能修改。")
        expected = self.params.get("version")
        if report is not None and expected is not None and report.version != expected:
            raise ActionRefused("该进展报告已被他人修改，请刷新页面后重新填写。")

    def apply(self) -> ProgressReport:
        report: ProgressReport | None = self.obj  # type: ignore[assignment]
        if report is None:
            report = ProgressReport(assignment=self.params["assignment"],
                                    period=self.params["period"])
        else:
            report.version += 1
        report.text = self.params["text"]
        report.completion = self.params["completion"]
        report.save()
        for upload in self.params.get("files", []):
            evidence = Evidence(report=report, original_name=upload.name[:255],
                                content_type=upload.content_type or "",
                                size=upload.size, uploaded_by=self.actor.user)
            evidence.file.save(safe_storage_name(upload.name), upload, save=True)
            record_related(self.actor, "evidence.upload", evidence)
        if self.params.get("submit"):
            _submit(report, self.actor)
        return report

    def notify(self, result: ProgressReport) -> None:  # type: ignore[override]
        if self.params.get("submit"):
            from .notify import report_moved

            report_moved(result)


def safe_storage_name(name: str) -> str:
    """A storage name that keeps the extension but none of the user's path."""
    import os
    import uuid

    ext = os.path.splitext(name)[1].lower()[:10]
    return f"{uuid.uuid4().hex}{ext}"


def _submit(report: ProgressReport, actor: Actor) -> None:
    if not report.text.strip():
        raise ActionRefused("进展情况不能为空。")
    report.state = State.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor.user
    report.return_reason = ""
    report.save()


class _Transition(StateTransition):
    """A state change of a progress report: allowed only from ``sources``."""

    refused_message = "该进展报告当前状态为“{state}”，不能执行此操作。"

    def permission_target(self) -> Assignment:
        return self.obj.assignment  # type: ignore[union-attr]

    def notify(self, result: ProgressReport) -> None:  # type: ignore[override]
        from .notify import report_moved

        report_moved(result)


class SubmitReport(_Transition):
    verb = "progress.submit"
    permission = "progress.edit"
    denied_message = "只有本单位经办人可以提交进展情况。"
    sources = (State.DRAFT, State.RETURNED)

    def apply(self) -> ProgressReport:
        _submit(self.obj, self.actor)  # type: ignore[arg-type]
        return self.obj  # type: ignore[return-value]


class ApproveReport(_Transition):
    verb = "progress.approve"
    permission = "progress.approve"
    denied_message = "只有本单位负责人可以审核本单位的进展情况。"
    sources = (State.SUBMITTED,)

    def apply(self) -> ProgressReport:
        report: ProgressReport = self.obj  # type: ignore[assignment]
        report.state = State.APPROVED
        report.approved_at = timezone.now()
        report.approved_by = self.actor.user
        report.save()
        return report


class ReturnReport(_Transition):
    """Returned with a reason, by the unit leader (before approval) or by the
    county office (after it)."""

    verb = "progress.return"
    sources = (State.SUBMITTED, State.APPROVED)

    def check(self) -> None:
        report: ProgressReport = self.obj  # type: ignore[assignment]
        target = report.assignment
        if report.state == State.SUBMITTED:
            allowed = self.actor.can("progress.approve", target)
            who = "本单位负责人"
        else:
            allowed = self.actor.can("progress.review", target)
            who = "依法治县办"
        if not allowed:
            raise PermissionDenied(f"当前阶段只有{who}可以退回。")
        super().check()
        if not (self.params.get("reason") or "").strip():
            raise ActionRefused("退回时必须填写退回理由。")

    def apply(self) -> ProgressReport:
        report: ProgressReport = self.obj  # type: ignore[assignment]
        report.state = State.RETURNED
        report.return_reason = self.params["reason"].strip()
        report.reviewed_at = timezone.now()
        report.reviewed_by = self.actor.user
        report.save()
        return report


class AcceptReport(_Transition):
    verb = "progress.accept"
    permission = "progress.review"
    denied_message = "只有本县依法治县办可以采纳进展情况。"
    sources = (State.APPROVED,)

    def apply(self) -> ProgressReport:
        report: ProgressReport = self.obj  # type: ignore[assignment]
        report.state = State.ACCEPTED
        report.reviewed_at = timezone.now()
        report.reviewed_by = self.actor.user
        report.return_reason = ""
        report.save()
        assignment = report.assignment
        done = report.completion == ProgressReport.Completion.DONE
        if assignment.is_done != done:
            from fazhi.audit.service import snapshot

            before = snapshot(assignment)
            assignment.is_done = done
            assignment.save(update_fields=["is_done", "updated_at"])
            record_related(self.actor, "assignment.done" if done else "assignment.reopened",
                           assignment, before=before)
        return report


def warning_days() -> int:
    return settings.FAZHI_WARNING_DAYS
