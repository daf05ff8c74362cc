"""The catalogue's writes, on the one write path (fazhi.core.actions): create,
record the party committee's approval, publish. Only the county office
(register.manage) keeps the catalogue; each write is audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.org.models import Region, Unit
from fazhi.workdays.calendar import fmt_date

from ..details.major_decision import DecisionCatalogue

LAW = "《重大行政决策程序暂行条例》"


def _not_future(on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ActionRefused("日期不能晚于今天。")


class CreateCatalogue(Action):
    verb = "major_decision.catalogue.create"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以编制重大行政决策事项目录。"

    def __init__(self, actor: Actor, *, region: Region, unit: Unit, year: int, title: str,
                 document_number: str = "") -> None:
        super().__init__(actor)
        self.region, self.unit, self.year = region, unit, year
        self.title, self.document_number = title.strip(), document_number.strip()

    def permission_target(self) -> DecisionCatalogue:
        return DecisionCatalogue(region=self.region, unit=self.unit)

    def check(self) -> None:
        super().check()
        if self.unit.region_id != self.region.pk:
            raise ActionRefused("编制单位不属于该县（市、区）。")
        if DecisionCatalogue.objects.filter(region=self.region, year=self.year).exists():
            raise ActionRefused(f"{self.region.name}{self.year}年度重大行政决策事项目录已经建立；"
                                "目录调整在各决策事项的“调整目录”中登记。")

    def apply(self) -> DecisionCatalogue:
        return DecisionCatalogue.objects.create(
            region=self.region, unit=self.unit, year=self.year, title=self.title,
            document_number=self.document_number, created_by=self.actor.user)


class ApproveCatalogue(Action):
    """同级党委同意 (条例第三条第三款)."""

    verb = "major_decision.catalogue.approve"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以登记目录的党委同意情况。"

    def __init__(self, actor: Actor, catalogue: DecisionCatalogue, *, approved_on: datetime.date,
                 approval_note: str) -> None:
        super().__init__(actor, catalogue)
        self.approved_on, self.approval_note = approved_on, approval_note.strip()

    def check(self) -> None:
        super().check()
        catalogue: DecisionCatalogue = self.obj  # type: ignore[assignment]
        _not_future(self.approved_on)
        if catalogue.published_on:
            raise ActionRefused("目录已向社会公布，不能再修改党委同意情况。")

    def audit_note(self) -> str:
        return f"同级党委同意（{self.approved_on.isoformat()}）{self.approval_note}"

    def apply(self) -> DecisionCatalogue:
        catalogue: DecisionCatalogue = self.obj  # type: ignore[assignment]
        catalogue.approved_on, catalogue.approval_note = self.approved_on, self.approval_note
        catalogue.save(update_fields=["approved_on", "approval_note", "updated_at"])
        return catalogue


class PublishCatalogue(Action):
    """向社会公布 — only after the party committee agreed (条例第三条第三款)."""

    verb = "major_decision.catalogue.publish"
    permission = "register.manage"
    denied_message = "只有依法治县办管理员可以登记目录的公布情况。"

    def __init__(self, actor: Actor, catalogue: DecisionCatalogue, *, published_on: datetime.date,
                 published_where: str, document_number: str = "") -> None:
        super().__init__(actor, catalogue)
        self.published_on, self.published_where = published_on, published_where.strip()
        self.document_number = document_number.strip()

    def check(self) -> None:
        super().check()
        catalogue: DecisionCatalogue = self.obj  # type: ignore[assignment]
        _not_future(self.published_on)
        if catalogue.approved_on is None:
            raise ActionRefused(f"决策事项目录应当经同级党委同意后向社会公布（{LAW}第三条第三款），"
                                "请先登记党委同意情况。")
        if self.published_on < catalogue.approved_on:
            raise ActionRefused(f"公布日期不能早于同级党委同意的日期（{fmt_date(catalogue.approved_on)}）。")

    def audit_note(self) -> str:
        return f"向社会公布（{self.published_on.isoformat()}，{self.published_where}）"

    def apply(self) -> DecisionCatalogue:
        catalogue: DecisionCatalogue = self.obj  # type: ignore[assignment]
        catalogue.published_on, catalogue.published_where = self.published_on, self.published_where
        fields: list[Any] = ["published_on", "published_where", "updated_at"]
        if self.document_number:
            catalogue.document_number = self.document_number
            fields.append("document_number")
        catalogue.save(update_fields=fields)
        return catalogue
