"""双随机、一公开 on the directory: the draw's inputs read from the database
(entities, the departments' inspectors with valid certificates, conflicts and
last time's inspectors), a dry run (``fazhi random_draw``), a performed draw
saved with its record (``PerformDraw``), results per entity and their
publication within 20 working days of the end of the inspection (rules.md §10)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.org.models import Region, Unit

from . import draw as algorithm
from .models import (
    Draw,
    DrawTarget,
    Entity,
    InspectionItem,
    InspectionResult,
    InspectorConflict,
    Officer,
    OfficerStatus,
    SamplingRule,
)

RESULTS_WD = 20  # rules.md §10 (C2 local / M): results public within 20 WD


def ratios(region: Region) -> dict[str, Decimal]:
    out = dict(algorithm.DEFAULT_RATIOS)
    for rule in SamplingRule.objects.filter(region=region):
        out[rule.grade] = rule.ratio
    return out


def pool(departments: list[Unit], on: datetime.date) -> QuerySet[Officer]:
    """执法检查人员名录库: the departments' officers with a valid certificate."""
    return Officer.objects.filter(unit__in=departments, status=OfficerStatus.ACTIVE,
                                  issued_on__lte=on, expires_on__gte=on)


def build_record(region: Region, item: InspectionItem, departments: list[Unit], seed: str,
                 seed_source: str, on: datetime.date,
                 period: tuple[datetime.date, datetime.date] | None = None,
                 grades: str | None = None) -> dict[str, Any]:
    """The draw's record; ``grades`` (e.g. "CD") limits it to one round of the
    yearly plan (fazhi.enforcement.plan): the other grades' ratios are 0."""
    entities = list(Entity.objects.filter(region=region).values_list("pk", "credit_code", "grade"))
    key_of = {pk: code or f"ID{pk}" for pk, code, _ in entities}
    inspectors = dict(pool(departments, on).values_list("pk", "certificate_number"))
    excluded = {(inspectors[o], key_of[e]) for o, e in InspectorConflict.objects.filter(
        officer_id__in=inspectors, entity__region=region).values_list("officer_id", "entity_id")}
    # The same inspector on the same entity last time (the latest draw of the item).
    last = Draw.objects.filter(region=region, item=item).order_by("-drawn_on", "-id").first()
    if last is not None:
        excluded |= {(inspectors[o], key_of[e]) for o, e in DrawTarget.inspectors.through.objects
                     .filter(drawtarget__draw=last, officer_id__in=inspectors)
                     .values_list("officer_id", "drawtarget__entity_id")}
    return algorithm.record(
        seed=seed, seed_source=seed_source, region=region.name, item=item.name,
        departments=[u.name for u in departments],
        ratios={g: (r if grades is None or g in grades else Decimal(0))
                for g, r in ratios(region).items()},
        entities=[(key_of[pk], grade) for pk, _, grade in entities],
        inspectors=list(inspectors.values()), excluded=sorted(excluded),
        period=(period[0].isoformat(), period[1].isoformat()) if period else None)


class PerformDraw(Action):
    """Draw and save: the record, the targets and their inspectors. The seed must
    have been published before the draw (its source is recorded with it)."""

    verb = "draw.perform"
    permission = "register.edit"
    denied_message = "只有实施部门经办人或依法治县办可以组织抽取。"

    def __init__(self, actor: Actor, *, item: InspectionItem, departments: list[Unit], seed: str,
                 seed_source: str, period: tuple[datetime.date, datetime.date],
                 drawn_on: datetime.date, grades: str | None = None,
                 is_demo: bool = False) -> None:
        super().__init__(actor)
        self.item, self.departments, self.grades = item, departments, grades
        self.seed, self.seed_source, self.period = seed.strip(), seed_source.strip(), period
        self.drawn_on, self.is_demo = drawn_on, is_demo

    def permission_target(self) -> InspectionItem:
        return self.item

    def apply(self) -> Draw:
        if not self.seed or not self.seed_source:
            raise ActionRefused("请填写随机种子和事先公布种子的来源（如：某日公布的某公开数值）。")
        if self.item.unit not in self.departments:
            raise ActionRefused("参与部门应包括抽查事项的实施部门。")
        if self.period[1] < self.period[0]:
            raise ActionRefused("检查期间的结束日期不能早于开始日期。")
        if self.grades is not None and (not self.grades or set(self.grades) - set(algorithm.GRADES)):
            raise ActionRefused("请选择本次抽取的信用风险等级（A、B、C、D）。")
        region = self.item.region
        rec = build_record(region, self.item, self.departments, self.seed, self.seed_source,
                           self.drawn_on, self.period, self.grades)
        if not any(rec["selected"].values()):
            raise ActionRefused("按所选等级的抽查比例，本次不抽取任何对象，请检查等级或抽查比例。")
        if rec["unstaffed"]:
            raise ActionRefused(f"检查人员不足：{len(rec['unstaffed'])}户对象找不到两名无需回避的检查人员。")
        from fazhi.workdays.services import current_calendar

        due = current_calendar().add_working_days(self.period[1], RESULTS_WD).date
        d = Draw.objects.create(region=region, item=self.item, seed=self.seed,
                                seed_source=self.seed_source, period_start=self.period[0],
                                period_end=self.period[1], drawn_on=self.drawn_on, record=rec,
                                is_joint=len(self.departments) > 1, results_due=due,
                                is_demo=self.is_demo)
        d.departments.set(self.departments)
        entity_ids = {e.draw_key: e.pk for e in Entity.objects.filter(region=region)}
        grade_of = {key: g for g, keys in rec["selected"].items() for key in keys}
        targets = DrawTarget.objects.bulk_create(
            DrawTarget(draw=d, entity_id=entity_ids[key], grade=grade_of[key])
            for key in rec["assignments"])
        officer_ids = dict(pool(self.departments, self.drawn_on)
                           .values_list("certificate_number", "pk"))
        through = DrawTarget.inspectors.through
        through.objects.bulk_create(
            through(drawtarget_id=t.pk, officer_id=officer_ids[number])
            for t, key in zip(targets, rec["assignments"], strict=True)
            for number in rec["assignments"][key])
        return d


class RecordResult(Action):
    verb = "draw.result"
    permission = "register.edit"
    denied_message = "只有实施部门经办人或依法治县办可以登记检查结果。"

    def __init__(self, actor: Actor, target: DrawTarget, *, result: str, result_on: datetime.date,
                 follow_up: str = "", published_on: datetime.date | None = None) -> None:
        super().__init__(actor, target)
        self.result, self.result_on = result, result_on
        self.follow_up, self.published_on = follow_up.strip(), published_on

    def permission_target(self) -> InspectionItem:
        # The item through the draw's id: the draw's record (the whole directory)
        # is never loaded to enter one result.
        return InspectionItem.objects.select_related("unit", "region").get(
            draws=self.obj.draw_id)  # type: ignore[union-attr]

    def apply(self) -> DrawTarget:
        t: DrawTarget = self.obj  # type: ignore[assignment]
        if self.result not in InspectionResult.values:
            raise ActionRefused("检查结果应为：合格、不合格或无法联系。")
        if self.result == InspectionResult.FAILED and not self.follow_up:
            raise ActionRefused("不合格的，请写明后续处置（责令整改、立案查处等）。")
        drawn_on = Draw.objects.filter(pk=t.draw_id).values_list("drawn_on", flat=True).get()
        from django.utils import timezone

        if self.result_on > timezone.localdate() or (
                self.published_on is not None and self.published_on > timezone.localdate()):
            raise ActionRefused("检查日期和公示日期不能晚于今天。")
        if self.result_on < drawn_on:
            raise ActionRefused("检查日期不能早于抽取日期。")
        if self.published_on is not None and self.published_on < self.result_on:
            raise ActionRefused("公示日期不能早于检查日期。")
        t.result, t.result_on, t.follow_up = self.result, self.result_on, self.follow_up
        t.published_on = self.published_on
        t.save(update_fields=["result", "result_on", "follow_up", "published_on"])
        targets = DrawTarget.objects.filter(draw_id=t.draw_id)
        if not targets.filter(published_on__isnull=True).exists():
            latest = max(targets.values_list("published_on", flat=True))
            Draw.objects.filter(pk=t.draw_id).update(completed_on=latest)
        return t
