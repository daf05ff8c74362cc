"""The one review mechanism other registers use: open a review of one of
their cases here (``open_review``) and read its state back for their gates
(``review_status``). A register that needs a review records its own
“送请合法性审查” event; its handler calls ``open_review``; the opinion is
entered in this register and shows on the sending case's timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from fazhi.core.actions import Actor

from ..details.legality_review import LegalityReviewDetail, Opinion
from ..models import Case, CaseEvent

KEY = "legality_review"


@dataclass(frozen=True)
class ReviewStatus:
    """The latest review of a case (none: ``opened`` is False)."""

    opened: bool = False
    case: Case | None = None
    opinion: str = ""
    opinion_on: datetime.date | None = None
    sent_on: datetime.date | None = None

    @property
    def done(self) -> bool:
        """审查完成：the reviewer gave its opinion."""
        return bool(self.opinion)

    @property
    def found_unlawful(self) -> bool:
        return self.opinion == Opinion.UNLAWFUL

    @property
    def passed(self) -> bool:
        """合法, or 修改后合法 (the sending unit made the changes asked)."""
        return self.opinion in (Opinion.LAWFUL, Opinion.LAWFUL_AFTER_CHANGES)

    @property
    def label(self) -> str:
        if not self.opened:
            return "未送审"
        if not self.done:
            return "审查中"
        return Opinion(self.opinion).label


def review_status(case: Case) -> ReviewStatus:
    detail = (LegalityReviewDetail.objects.filter(source_case=case)
              .exclude(case__state="withdrawn").select_related("case").order_by("-id").first())
    if detail is None:
        return ReviewStatus()
    return ReviewStatus(opened=True, case=detail.case, opinion=detail.opinion,
                        opinion_on=detail.opinion_on, sent_on=detail.case.started_on)


def open_review(actor: Actor, source: Case, *, matter_kind: str, sent_on: datetime.date,
                reviewer_kind: str, reviewer_name: str = "", title: str = "") -> Case:
    """Open a review of ``source`` in this register, sent by the source's unit."""
    from ..actions import OpenCase
    from ..base import get_register

    return OpenCase(actor, get_register(KEY), region=source.region, unit=source.unit, data={
        "title": title or source.title, "started_on": sent_on, "matter_kind": matter_kind,
        "reviewer_kind": reviewer_kind, "reviewer_name": reviewer_name, "source_case": source,
    }, is_demo=source.is_demo).execute()


def tell_source(review: Case, detail: LegalityReviewDetail, on: datetime.date,
                actor: Actor) -> None:
    """Put the opinion on the sending case's timeline (it does not change its state)."""
    source = detail.source_case
    if source is None:
        return
    text = Opinion(detail.opinion).label
    CaseEvent.objects.create(
        case=source, kind="review_opinion", label=f"收到合法性审查意见：{text}", occurred_on=on,
        from_state=source.state, to_state=source.state, recorded_by=actor.user,
        data={"review": review.number, "opinion": detail.opinion}, note=detail.opinion_reasons)
    source.version += 1
    source.save(update_fields=["version", "updated_at"])
