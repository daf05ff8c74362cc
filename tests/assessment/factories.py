"""A 2025 assessment of 莘县's departments with hand-counted records.

Records (counted by hand):

* Ledger (plan of 2025, every task due 2025-06-30, so overdue on any later day):
  县司法局 3 assignments (tasks 1, 2, 3), one of them done → completion 1/3,
  overdue 2; 县市场监管局 2 (tasks 1, 3), none done → 0/2, overdue 2;
  县审计局 1 (task 1) → 0/1, overdue 1.
* Litigation: 县市场监管局 two cases closed in 2025, one 撤销 (lost), one 驳回
  (not lost) → 败诉率 50 %, 1 lost case; the other departments have none.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from fazhi.assessment import services
from fazhi.assessment.models import Scheme, SchemeItem
from fazhi.core.actions import Actor
from fazhi.org.models import Unit
from fazhi.plans import services as plan_services
from fazhi.plans.models import Assignment, Plan
from fazhi.plans.parser import parse_plan_text
from fazhi.registers.details.litigation import LitigationDetail
from fazhi.registers.models import Case

from ..conftest import SMALL_PLAN

YEAR = 2025
D = datetime.date
Kind = SchemeItem.Kind
CLOSED_ON = D(YEAR, 5, 1)


def ledger(county, year: int = YEAR) -> Plan:  # noqa: ANN001
    parsed = parse_plan_text(SMALL_PLAN.replace("2030", str(year)))
    preview = plan_services.preview_import(parsed, county.county, year)
    plan = plan_services.ImportPlan(Actor.for_user(county.users["office"]), preview).execute()
    plan.tasks.update(due_date=D(year, 6, 30))
    first = Assignment.objects.filter(task__plan=plan, unit=county.units["县司法局"]).order_by(
        "task__number").first()
    Assignment.objects.filter(pk=first.pk).update(is_done=True)
    return plan


def litigation_case(county, unit: Unit, number: str, outcome: str,  # noqa: ANN001
                    closed_on: datetime.date = CLOSED_ON) -> Case:
    case = Case.objects.create(register="litigation", region=county.county, unit=unit,
                               number=number, title="不服行政处罚", started_on=D(YEAR, 1, 10),
                               state="closed", closed_on=closed_on)
    LitigationDetail.objects.create(case=case, court_case_number=number, court="莘县人民法院",
                                    plaintiff="王某某", cause="行政处罚", final_outcome=outcome)
    return case


def records(county) -> dict[str, object]:  # noqa: ANN001
    plan = ledger(county)
    market = county.units["县市场监管局"]
    lost = litigation_case(county, market, "（2025）鲁1522行初1号", "revoke")
    won = litigation_case(county, market, "（2025）鲁1522行初2号", "reject_claim")
    return {"plan": plan, "lost": lost, "won": won}


ITEMS: list[dict[str, object]] = [
    {"title": "年度任务按期完成", "kind": Kind.TARGET, "code": "PLAN_COMPLETION_RATE",
     "full_marks": Decimal(20), "target": Decimal(100)},
    {"title": "逾期未完成事项", "kind": Kind.DEDUCTION, "code": "PLAN_OVERDUE_ASSIGNMENTS",
     "full_marks": Decimal(10), "per_item": Decimal(2), "cap": Decimal(6)},
    {"title": "行政诉讼败诉", "kind": Kind.DEDUCTION, "code": "LITIGATION_LOSS_RATE",
     "full_marks": Decimal(10), "per_item": Decimal(3)},
    {"title": "行政诉讼败诉率", "kind": Kind.TARGET, "code": "LITIGATION_LOSS_RATE",
     "full_marks": Decimal(10), "target": Decimal(10), "direction": "at_most"},
    {"title": "法治宣传教育", "kind": Kind.MANUAL, "full_marks": Decimal(5)},
    {"title": "工作创新", "kind": Kind.BONUS, "cap": Decimal(2)},
]


def scheme(county, *, year: int = YEAR, publish: bool = True,  # noqa: ANN001
           kinds: list[str] | None = None) -> Scheme:
    s = Scheme.objects.create(region=county.county, year=year, name=f"莘县{year}年度部门考核",
                              unit_kinds=kinds or [Unit.Kind.DEPARTMENT],
                              created_by=county.users["office"])
    for order, spec in enumerate(ITEMS, start=1):
        SchemeItem.objects.create(scheme=s, order=order, **spec)
    if publish:
        services.PublishScheme(Actor.for_user(county.users["office"]), s).execute()
        s.refresh_from_db()
    return s


def item(s: Scheme, title: str) -> SchemeItem:
    return s.items.get(title=title)


def hand_scores(county, s: Scheme) -> None:  # noqa: ANN001
    """司法局 4 + bonus 1.5; 市场监管局 5 + 0; 审计局 3 + 0."""
    office = Actor.for_user(county.users["office"])
    manual, bonus = item(s, "法治宣传教育"), item(s, "工作创新")
    for unit, p, b in (("县司法局", "4", "1.5"), ("县市场监管局", "5", "0"), ("县审计局", "3", "0")):
        services.EnterManualScore(office, manual, county.units[unit], points=Decimal(p),
                                  reason="开展普法活动，佐证材料齐全").execute()
        services.EnterManualScore(office, bonus, county.units[unit], points=Decimal(b),
                                  reason="创新做法被市级推广" if b != "0" else "无").execute()


# Hand-worked totals (see the module docstring and ITEMS):
# 司法局  6.67 (20×33.3333/100) + 6 (10−2×2) + 10 + 10 (不适用) + 4 + 1.5 = 38.17
# 审计局  0 + 8 (10−1×2) + 10 + 10 (不适用) + 3 + 0 = 31
# 市场监管局 0 + 6 + 7 (10−1×3) + 2 (10×10/50) + 5 + 0 = 20
EXPECTED = {"县司法局": (Decimal("38.17"), 1), "县审计局": (Decimal("31"), 2),
            "县市场监管局": (Decimal("20"), 3)}


def scoping_world(county) -> dict[str, dict[str, object]]:  # noqa: ANN001
    """URL kwargs for tests/test_scoping.py: a published 2030 departments'
    scheme, a hand score of 县司法局 with evidence and its pending objection."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    s = scheme(county, year=2030)
    justice = county.units["县司法局"]
    manual, overdue = item(s, "法治宣传教育"), item(s, "逾期未完成事项")
    score = services.EnterManualScore(
        Actor.for_user(county.users["office"]), manual, justice, points=Decimal(4), reason="材料齐全",
        evidence=SimpleUploadedFile("材料.pdf", b"%PDF-1.4 test")).execute()
    objection = services.RaiseObjection(Actor.for_user(county.users["clerk"]), manual, justice,
                                        reason="得分偏低").execute()
    return {
        "assessment_scheme": {"pk": s.pk},
        "assessment_verb": {"pk": s.pk, "verb": "close"},
        "assessment_unit": {"pk": s.pk, "unit_pk": justice.pk},
        "assessment_item": {"pk": overdue.pk},
        "assessment_manual": {"item_pk": manual.pk, "unit_pk": justice.pk},
        "assessment_object": {"item_pk": overdue.pk, "unit_pk": justice.pk},
        "assessment_evidence": {"pk": score.pk},
        "assessment_objection": {"pk": objection.pk},
    }
