"""The audit log reads for its auditor: Chinese action labels, values as the
user sees them, filters by person, unit, action, object and date, export."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.labels import action_label
from fazhi.core.actions import Actor
from fazhi.plans import services
from fazhi.plans.models import Assignment

from ..conftest import PASSWORD
from .test_no_identifiers import offending


def table(html: str) -> str:
    return html.split('id="audit-table"', 1)[1]


def auditor() -> Client:
    c = Client()
    assert c.login(username="auditor", password=PASSWORD)
    return c


def _workflow(county, plan) -> None:  # noqa: ANN001
    a = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=a,
                                 period=plan.periods.order_by("start").first(), text="已完成督察",
                                 completion="done", submit=True).execute()
    services.ApproveReport(Actor.for_user(county.users["leader"]), report).execute()
    services.AcceptReport(Actor.for_user(county.users["office"]), report).execute()
    services.SetTaskDueDate(Actor.for_user(county.users["office"]), a.task,
                            due_date=datetime.date(2030, 11, 30)).execute()


def test_labels_and_values_as_the_user_sees_them(county, plan) -> None:  # noqa: ANN001
    _workflow(county, plan)
    c = auditor()
    page = c.get(reverse("audit:entry_list")).content.decode()
    for label in ("采纳进展报告", "单位审核通过进展报告", "保存进展报告", "分工标记为已完成", "设定完成时限"):
        assert label in page, label
    assert ">progress.accept<" not in page and "待依法治县办审核 → 已采纳" in page
    assert "否 → 是" in page  # 已完成: False → True
    assert "2030年12月31日 → 2030年11月30日" in page
    assert not offending(page, set(county.users))
    from fazhi.audit.models import AuditEntry

    accept = AuditEntry.objects.get(action="progress.accept")
    detail = c.get(reverse("audit:entry_detail", args=[accept.pk])).content.decode()
    assert "办公室审核人" in detail and ">office<" in detail  # the person, not the account id
    local = timezone.localtime(accept.at)
    assert f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}" in detail
    assert not offending(detail, set(county.users))


def test_filters_and_export(county, plan) -> None:  # noqa: ANN001
    _workflow(county, plan)
    c = auditor()
    url = reverse("audit:entry_list")
    only_leader = table(c.get(url, {"person": "leader"}).content.decode())
    assert "单位审核通过进展报告" in only_leader and "采纳进展报告" not in only_leader
    only_accept = table(c.get(url, {"action": "progress.accept"}).content.decode())
    assert "采纳进展报告" in only_accept and "保存进展报告" not in only_accept
    from fazhi.audit.models import AuditEntry

    clerk_unit = AuditEntry.objects.get(action="progress.save").unit
    by_unit = table(c.get(url, {"unit": clerk_unit}).content.decode())
    assert "保存进展报告" in by_unit and "设定完成时限" not in by_unit
    by_object = table(c.get(url, {"model": "plans.task"}).content.decode())
    assert "设定完成时限" in by_object and "保存进展报告" not in by_object
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "没有符合条件的记录" in c.get(url, {"since": tomorrow}).content.decode()
    assert "采纳进展报告" in c.get(url, {"until": timezone.localdate().isoformat()}).content.decode()
    sheet = load_workbook(BytesIO(c.get(url, {"action": "progress.accept", "export": "xlsx"}).content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows and all(r[5] == "采纳进展报告" for r in rows)
    assert "待依法治县办审核 → 已采纳" in rows[0][8]
    assert not any(v in (None, "None", "True", "False") for r in rows for v in r)


def test_register_verbs_and_unknown_verbs_never_show_the_code() -> None:
    assert action_label("disclosure.confirm_receipt") == "依申请公开：确认收到申请" or \
        "confirm_receipt" not in action_label("disclosure.confirm_receipt")
    assert action_label("something.brand_new") == "其他操作"
    assert action_label("thing.update") == "修改"
