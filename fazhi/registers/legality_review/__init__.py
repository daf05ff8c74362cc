"""合法性审查登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``, and ``service`` — the one review mechanism the registers of
normative documents and major decisions use (``open_review``, ``review_status``)."""

from .demo import load_demo
from .procedure import LegalityReviewRegister
from .service import ReviewStatus, open_review, review_status

__all__ = ["LegalityReviewRegister", "ReviewStatus", "load_demo", "open_review", "review_status"]
