"""行政执法人员名录：登记和导入（经 fazhi.core.actions 写入并审计）、Excel 列、
各执法主体的持证和法制审核人员统计、证件到期提醒。

``OFFICERS`` is what ``fazhi export_register officer`` / ``import_register
officer`` use: it has the shape the register Excel machinery reads
(``label``, ``excel_columns()``, ``import_row()``), so the template, the
all-rows-or-none import and the bad-row report are the registers' own."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from fazhi.core.actions import Action, ActionRefused, Actor
from fazhi.org.models import Region, Unit
from fazhi.registers.excel import ExcelColumn, choice_parser, parse_bool, parse_date, parse_int

from .models import Officer, OfficerStatus

# 118号 (rules.md §6, M): 法制审核人员原则上不少于本单位执法人员总数的5%.
REVIEWER_SHARE = 0.05
EXPIRY_WARNING_DAYS = 90


class SaveOfficer(Action):
    verb = "officer.save"
    permission = "register.edit"
    denied_message = "只有本单位经办人或依法治县办可以登记执法人员。"

    def __init__(self, actor: Actor, *, region: Region, unit: Unit, data: dict[str, Any],
                 is_demo: bool = False) -> None:
        super().__init__(actor)
        self.region, self.unit, self.data, self.is_demo = region, unit, data, is_demo

    def permission_target(self) -> Officer:
        return Officer(region=self.region, unit=self.unit)

    def apply(self) -> Officer:
        d = self.data
        if self.unit.region_id != self.region.pk:
            raise ActionRefused("执法主体不属于该县（市、区）。")
        if not self.unit.is_law_enforcement:
            raise ActionRefused(f"“{self.unit}”未标为行政执法部门，不能登记执法人员。")
        number = str(d.get("certificate_number") or "").strip()
        if not d.get("name") or not number:
            raise ActionRefused("请填写姓名和执法证号。")
        if Officer.objects.filter(region=self.region, certificate_number=number).exists():
            raise ActionRefused(f"执法证号“{number}”已登记。")
        issued, expires = d.get("issued_on"), d.get("expires_on")
        if issued is None or expires is None:
            raise ActionRefused("请填写发证日期和有效期。")
        if expires <= issued:
            raise ActionRefused("有效期应晚于发证日期。")
        status = d.get("status") or OfficerStatus.ACTIVE
        if status not in OfficerStatus.values:
            raise ActionRefused("状态应为：在岗持证、暂扣证件或注销证件。")
        return Officer.objects.create(
            region=self.region, unit=self.unit, name=str(d["name"]).strip(),
            certificate_number=number, issued_on=issued, expires_on=expires, status=status,
            is_legal_reviewer=bool(d.get("is_legal_reviewer")),
            bar_qualified=bool(d.get("bar_qualified")),
            training_hours=d.get("training_hours") or 0, training_year=d.get("training_year"),
            is_demo=self.is_demo)


@dataclass
class BodySummary:
    unit_id: int
    name: str
    officers: int
    certified: int
    reviewers: int
    expiring: int

    @property
    def reviewer_share(self) -> float:
        return self.reviewers / self.officers if self.officers else 0.0

    @property
    def reviewers_enough(self) -> bool:
        return self.officers > 0 and self.reviewers >= self.officers * REVIEWER_SHARE


def body_summaries(officers: QuerySet[Officer], on: datetime.date) -> list[BodySummary]:
    """Per body, in one grouped query: officers (not cancelled), valid
    certificates on ``on``, legal reviewers, certificates expiring soon."""
    valid = Q(status=OfficerStatus.ACTIVE, issued_on__lte=on, expires_on__gte=on)
    soon = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = (officers.exclude(status=OfficerStatus.CANCELLED)
            .values("unit_id", "unit__name").order_by("unit__name")
            .annotate(n=Count("id"), certified=Count("id", filter=valid),
                      reviewers=Count("id", filter=valid & Q(is_legal_reviewer=True)),
                      expiring=Count("id", filter=valid & Q(expires_on__lte=soon))))
    return [BodySummary(r["unit_id"], r["unit__name"], r["n"], r["certified"], r["reviewers"],
                        r["expiring"]) for r in rows]


STATUS_PARSER = choice_parser([(v, str(lbl)) for v, lbl in OfficerStatus.choices])


class OfficerDirectory:
    """The officers' Excel, in the registers' shape (see the module docstring)."""

    key = "officer"
    label = "行政执法人员"

    def excel_columns(self) -> list[ExcelColumn]:
        return [
            ExcelColumn("unit", "执法主体", lambda o: str(o.unit), required=True,
                        note="本县行政执法部门的简称或全称"),
            ExcelColumn("name", "姓名", lambda o: o.name, required=True),
            ExcelColumn("certificate_number", "执法证号", lambda o: o.certificate_number,
                        required=True, width=20),
            ExcelColumn("issued_on", "发证日期", lambda o: o.issued_on, parse_date, required=True),
            ExcelColumn("expires_on", "有效期至", lambda o: o.expires_on, parse_date, required=True),
            ExcelColumn("status", "状态", lambda o: o.get_status_display(), STATUS_PARSER,
                        note="在岗持证、暂扣证件、注销证件；留空为在岗持证"),
            ExcelColumn("is_legal_reviewer", "法制审核人员", lambda o: o.is_legal_reviewer, parse_bool),
            ExcelColumn("bar_qualified", "取得法律职业资格", lambda o: o.bar_qualified, parse_bool),
            ExcelColumn("training_hours", "本年度培训学时", lambda o: o.training_hours, parse_int),
            ExcelColumn("training_year", "培训学时所属年度", lambda o: o.training_year, parse_int),
        ]

    def export_queryset(self, region: Region, year: int | None = None) -> QuerySet[Officer]:
        qs = Officer.objects.filter(region=region).select_related("unit").order_by("unit__name", "id")
        return qs.filter(issued_on__year=year) if year else qs

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Officer:
        from fazhi.org.resolve import NameIndex

        unit = NameIndex.for_region(region).resolve(values.get("unit") or "").unit
        if unit is None:
            raise ValidationError(f"“执法主体”：{region.name}没有名为“{values.get('unit')}”的单位。")
        return SaveOfficer(actor, region=region, unit=unit, data=values).execute()


OFFICERS = OfficerDirectory()
# Lists the register commands accept beside the registers (fazhi export_register KEY).
DIRECTORIES = {OFFICERS.key: OFFICERS}
