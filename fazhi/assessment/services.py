"""Every change to an assessment goes through an Action (fazhi.core.actions):
permission, row lock, audit entry. Views and tests call these only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor, SaveRecord
from fazhi.indicators.services import format_decimal
from fazhi.org.models import Region, Unit

from . import results, scoring
from .models import ManualScore, Objection, Scheme, SchemeItem, UnitScore

State = Scheme.State
MANAGE_DENIED = "只有本县依法治县办管理员可以设置和评定考核。"
CLOSED_REFUSED = "该年度考核已定稿，不能再修改。"


def _refuse_if_closed(scheme_id: int | None) -> None:
    if scheme_id and Scheme.objects.filter(pk=scheme_id, state=State.CLOSED).exists():
        raise ActionRefused(CLOSED_REFUSED)


# --------------------------------------------------------------- the scheme
class SaveScheme(SaveRecord):
    """Create or edit a scheme (name, year, who is assessed)."""

    def __init__(self, actor: Actor, form: Any) -> None:
        super().__init__(actor, form, "assessment.manage", MANAGE_DENIED)
        self.verb = ("assessment.scheme_update" if form.instance.pk  # type: ignore[misc]
                     else "assessment.scheme_create")

    def check(self) -> None:
        super().check()
        scheme = self.form.instance
        if scheme.region.level != Region.Level.COUNTY:
            raise ActionRefused("考核方案只能设在县（市、区）。")
        _refuse_if_closed(scheme.pk)


class SaveItem(SaveRecord):
    """Add or edit an item of a scheme that is not closed."""

    def __init__(self, actor: Actor, form: Any) -> None:
        super().__init__(actor, form, "assessment.manage", MANAGE_DENIED)
        self.verb = ("assessment.item_update" if form.instance.pk  # type: ignore[misc]
                     else "assessment.item_create")

    def check(self) -> None:
        super().check()
        _refuse_if_closed(self.form.instance.scheme_id)


class DeleteItem(Action):
    verb = "assessment.item_delete"
    permission = "assessment.manage"
    deletes = True
    denied_message = MANAGE_DENIED

    def check(self) -> None:
        super().check()
        _refuse_if_closed(self.obj.scheme_id)
        if self.obj.objections.exists():
            raise ActionRefused("该项目已有异议记录，不能删除；如需停用，可将分值改为0。")

    def apply(self) -> SchemeItem:
        pk = self.obj.pk
        self.obj.delete()
        self.obj.pk = pk
        return self.obj


class PublishScheme(Action):
    """Draft → published: the units see their live scores and may object."""

    verb = "assessment.publish"
    permission = "assessment.manage"
    denied_message = MANAGE_DENIED

    def check(self) -> None:
        super().check()
        if self.obj.state != State.DRAFT:
            raise ActionRefused("只有草稿状态的方案可以发布。")
        if not self.obj.items.exists():
            raise ActionRefused("方案还没有考核项目，不能发布。")
        if not self.obj.units().exists():
            raise ActionRefused("方案的考核对象中没有单位，请检查单位类型。")

    def apply(self) -> Scheme:
        self.obj.state = State.PUBLISHED
        self.obj.published_at = timezone.now()
        self.obj.save(update_fields=["state", "published_at"])
        return self.obj


class CloseScheme(Action):
    """Close the year: freeze every unit's score, rank and breakdown (with
    the ids of the records behind each item) as ``UnitScore`` rows. Pages
    show the snapshot from then on; later record changes do not alter it."""

    verb = "assessment.close"
    permission = "assessment.manage"
    denied_message = MANAGE_DENIED

    def check(self) -> None:
        super().check()
        if self.obj.state != State.PUBLISHED:
            raise ActionRefused("只有已发布的方案可以定稿。")
        pending = self.obj.objections.filter(state=Objection.State.PENDING).count()
        if pending:
            raise ActionRefused(f"尚有{pending}件异议未裁定，裁定后才能定稿。")

    def apply(self) -> Scheme:
        scores = results.live(self.obj, with_records=True)
        missing = sum(r.pending_items for r in scores)
        if missing:
            raise ActionRefused(f"尚有{missing}项人工评分未录入，录入后才能定稿。")
        UnitScore.objects.bulk_create(
            UnitScore(scheme=self.obj, unit_id=r.unit_id, unit_name=r.unit_name, total=r.total,
                      rank=r.rank, breakdown=r.to_json()) for r in scores)
        self.closed_count = len(scores)
        self.obj.state = State.CLOSED
        self.obj.closed_at = timezone.now()
        self.obj.closed_by = self.actor.user
        self.obj.save(update_fields=["state", "closed_at", "closed_by"])
        return self.obj

    def audit_note(self) -> str:
        return f"定稿{getattr(self, 'closed_count', 0)}个单位的考核结果"


# ------------------------------------------------------------ hand scores
def _check_unit(item: SchemeItem, unit: Unit) -> None:
    if not item.scheme.covers(unit):
        raise ActionRefused(f"{unit}不在该考核方案的考核对象中。")


class EnterManualScore(Action):
    """The office scores a unit on a hand-scored item, with a reason and
    optionally evidence (checked by the form with fazhi.core.uploads)."""

    verb = "assessment.manual_score"
    permission = "assessment.manage"
    denied_message = MANAGE_DENIED

    def __init__(self, actor: Actor, item: SchemeItem, unit: Unit, *, points: Decimal,
                 reason: str, evidence: UploadedFile | None = None) -> None:
        existing = ManualScore.objects.filter(item=item, unit=unit).first()
        super().__init__(actor, existing or ManualScore(item=item, unit=unit))
        self.item, self.unit = item, unit
        self.points, self.reason, self.evidence = points, reason.strip(), evidence

    def check(self) -> None:
        super().check()
        _refuse_if_closed(self.item.scheme_id)
        _check_unit(self.item, self.unit)
        if not self.item.is_hand_scored:
            raise ActionRefused("该项目按指标自动计分，不能人工评分。")
        if not self.reason:
            raise ActionRefused("请填写评分理由。")
        if not scoring.within(self.points, self.item.max_points):
            raise ActionRefused(f"得分应在0至{format_decimal(self.item.max_points)}分之间。")

    def apply(self) -> ManualScore:
        score = self.obj
        score.points, score.reason, score.entered_by = self.points, self.reason, self.actor.user
        if self.evidence is not None:
            score.evidence_name = (self.evidence.name or "")[:255]
            score.evidence.save(self.evidence.name or "evidence", self.evidence, save=False)
        score.save()
        return score


# -------------------------------------------------------------- objections
class RaiseObjection(Action):
    """A unit's clerk or leader disputes the points of one item of its score."""

    verb = "assessment.object"
    permission = "assessment.object"
    denied_message = "只有被考核单位的经办人或负责人可以对本单位得分提出异议。"

    def __init__(self, actor: Actor, item: SchemeItem, unit: Unit, *, reason: str) -> None:
        super().__init__(actor, None)
        self.item, self.unit, self.reason = item, unit, reason.strip()

    def permission_target(self) -> Objection:
        return Objection(scheme=self.item.scheme, item=self.item, unit=self.unit)

    def check(self) -> None:
        super().check()
        scheme = Scheme.objects.select_for_update().get(pk=self.item.scheme_id)
        if scheme.state != State.PUBLISHED:
            raise ActionRefused("只有已发布、尚未定稿的考核可以提出异议。")
        _check_unit(self.item, self.unit)
        if not self.reason:
            raise ActionRefused("请填写异议理由。")
        if Objection.objects.filter(item=self.item, unit=self.unit,
                                    state=Objection.State.PENDING).exists():
            raise ActionRefused("该项目已有待裁定的异议，请等待依法治县办裁定。")

    def apply(self) -> Objection:
        current = results.unit_result(self.item.scheme, self.unit.pk)
        item = current.item(self.item.pk) if current else None
        return Objection.objects.create(
            scheme=self.item.scheme, item=self.item, unit=self.unit, reason=self.reason,
            points_objected=item.points if item else None, raised_by=self.actor.user)


class RuleObjection(Action):
    """The office upholds an objection (with the adjusted points) or rejects
    it; a reason is required either way."""

    verb = "assessment.rule"
    permission = "assessment.manage"
    denied_message = MANAGE_DENIED

    def __init__(self, actor: Actor, objection: Objection, *, upheld: bool, reason: str,
                 points: Decimal | None = None) -> None:
        super().__init__(actor, objection)
        self.upheld, self.reason, self.points = upheld, reason.strip(), points

    def check(self) -> None:
        super().check()
        objection = self.obj
        _refuse_if_closed(objection.scheme_id)
        if objection.state != Objection.State.PENDING:
            raise ActionRefused("该异议已裁定。")
        if not self.reason:
            raise ActionRefused("请填写裁定理由。")
        if self.upheld:
            maximum = objection.item.max_points
            if self.points is None or not scoring.within(self.points, maximum):
                raise ActionRefused(f"采纳异议须填写调整后得分（0至{format_decimal(maximum)}分）。")

    def apply(self) -> Objection:
        objection = self.obj
        objection.state = Objection.State.UPHELD if self.upheld else Objection.State.REJECTED
        objection.adjusted_points = self.points if self.upheld else None
        objection.ruling_reason = self.reason
        objection.ruled_by = self.actor.user
        objection.ruled_at = timezone.now()
        objection.save()
        return objection
