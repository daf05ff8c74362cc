"""Exports at any size: past FAZHI_EXPORT_BACKGROUND_ROWS rows the export runs
in the background worker (the immediate backend in tests), the requester is
told in the inbox, and only they can download the file; both the request and
the download are audited."""

from __future__ import annotations

import datetime
import importlib
import random
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.core import exports, notifications
from fazhi.core.actions import Actor
from fazhi.core.models import ExportJob
from fazhi.org.models import Membership
from fazhi.org.policy import Policy
from fazhi.registers import excel
from fazhi.registers.base import get_register
from fazhi.registers.models import Case

TODAY = datetime.date(2025, 11, 20)


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def _download(client: Client, job: ExportJob) -> bytes:
    response = client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_a_large_export_runs_in_the_background_end_to_end(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 3  # the county has six units
    sysadmin = county.users["sysadmin"]
    client = _client(sysadmin)
    response = client.get(reverse("org:unit_list") + "?export=xlsx&sort=-name")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job", args=[job.pk])
    assert job.requested_by == sysadmin and job.total == 6
    # The immediate backend has already run it: done, every row written.
    assert job.status == ExportJob.Status.DONE and job.done == 6 and job.size > 0
    page = client.get(response["Location"])
    assert "已完成" in page.content.decode() and reverse("export_download", args=[job.pk]) \
        in page.content.decode()
    # Told in the inbox: one unread item, listed with its download link.
    assert notifications.unread_count(Policy.for_user(sysadmin)) == 1
    inbox = client.get(reverse("notifications")).content.decode()
    assert "单位.xlsx" in inbox and "已生成" in inbox

    ws = load_workbook(BytesIO(_download(client, job))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("县（市、区）", "全称")
    names = [r[1] for r in rows[1:]]
    assert len(names) == 6 and names == sorted(names, reverse=True)  # the page's own sort
    assert ws.auto_filter.ref == "A1:F7" and ws.freeze_panes == "A2"
    # Downloaded: no longer unread; the request and the download are audited.
    assert notifications.unread_count(Policy.for_user(sysadmin)) == 0
    asked = AuditEntry.objects.get(action="file.export", username="sysadmin")
    assert "后台导出 6 行" in asked.note
    assert AuditEntry.objects.filter(action="file.download", username="sysadmin",
                                     object_repr="单位.xlsx").exists()


@pytest.mark.django_db
def test_a_small_export_is_sent_at_once(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 6
    response = _client(county.users["sysadmin"]).get(reverse("org:unit_list") + "?export=xlsx")
    assert response.status_code == 200 and not ExportJob.objects.exists()
    assert load_workbook(BytesIO(response.content)).active.max_row == 7


@pytest.mark.django_db
def test_only_the_requester_can_see_or_download_the_file(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 3
    _client(county.users["sysadmin"]).get(reverse("org:unit_list") + "?export=xlsx")
    job = ExportJob.objects.get(status=ExportJob.Status.DONE)
    for name in ("office", "secadmin", "auditor", "clerk", "other_office"):
        other = _client(county.users[name])
        assert other.get(reverse("export_job", args=[job.pk])).status_code == 404, name
        assert other.get(reverse("export_download", args=[job.pk])).status_code == 404, name
        assert notifications.unread_count(Policy.for_user(county.users[name])) == 0, name
        assert "单位.xlsx" not in other.get(reverse("notifications")).content.decode()
    anonymous = Client().get(reverse("export_download", args=[job.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert job.file.name.startswith("exports/") and len(job.file.name.rsplit("/", 1)[1]) == 37


@pytest.mark.django_db
def test_a_change_of_roles_stops_the_download(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 3
    sysadmin = county.users["sysadmin"]
    client = _client(sysadmin)
    client.get(reverse("org:unit_list") + "?export=xlsx")
    job = ExportJob.objects.get(status=ExportJob.Status.DONE)
    membership = Membership.objects.get(user=sysadmin)
    membership.is_active = False
    membership.save()
    response = client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 403 and "角色" in response.content.decode()


@pytest.mark.django_db
def test_the_worker_uses_the_access_of_the_moment(county) -> None:  # noqa: ANN001
    """A job whose requester's roles changed before it ran is not generated."""
    sysadmin = county.users["sysadmin"]
    job = ExportJob.objects.create(requested_by=sysadmin, access_key="before-a-change",
                                   path=reverse("org:unit_list") + "?export=xlsx",
                                   filename="单位.xlsx", total=6)
    exports.run_job(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "角色" in job.error and not job.file
    # A page that does not export is refused with a clear message.
    job = ExportJob.objects.create(requested_by=sysadmin,
                                   access_key=exports.access_key(Policy.for_user(sysadmin)),
                                   path=reverse("notifications"), filename="x.xlsx", total=1)
    exports.run_job(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "未生成导出文件" in job.error


@pytest.mark.django_db
def test_a_register_export_in_the_background_equals_the_direct_one(county, settings) -> None:  # noqa: ANN001
    demo = importlib.import_module("fazhi.registers.reconsideration")
    demo.load_demo(county.county, county.units, Actor.for_user(county.users["office"]), TODAY,
                   random.Random(1))
    cases = Case.objects.filter(register="reconsideration", region=county.county)
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = cases.count() - 1
    client = _client(county.users["office"])
    response = client.get(reverse("registers:case_list", args=["reconsideration"]) + "?export=xlsx")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.done == cases.count()
    background = load_workbook(BytesIO(_download(client, job)))
    direct = load_workbook(BytesIO(excel.workbook_bytes(
        get_register("reconsideration"), cases.order_by("-started_on", "-id"))))
    assert background.sheetnames == direct.sheetnames and background.sheetnames[1] == "填写说明"
    for a, b in zip(background.worksheets, direct.worksheets, strict=True):
        assert list(a.iter_rows(values_only=True)) == list(b.iter_rows(values_only=True))
        assert a.auto_filter.ref == b.auto_filter.ref and a.auto_filter.ref


@pytest.mark.django_db
def test_progress_is_recorded_while_writing(county, settings, monkeypatch) -> None:  # noqa: ANN001
    from fazhi.core import xlsx

    monkeypatch.setattr(xlsx, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    original = ExportJob.objects.filter

    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 3
    client = _client(county.users["sysadmin"])

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        qs = original(*args, **kwargs)
        update = qs.update

        def recorded(**values):  # noqa: ANN003, ANN202
            if set(values) == {"done", "heartbeat_at"}:  # a progress update (and heartbeat)
                seen.append(values["done"])
            return update(**values)

        qs.update = recorded
        return qs

    monkeypatch.setattr(ExportJob.objects, "filter", spy)
    client.get(reverse("org:unit_list") + "?export=xlsx")
    assert seen == [2, 4, 6, 6]


@pytest.mark.django_db
def test_expired_exports_are_deleted_with_their_files(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_EXPORT_BACKGROUND_ROWS = 3
    _client(county.users["sysadmin"]).get(reverse("org:unit_list") + "?export=xlsx")
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert exports.purge_expired(timezone.now() + datetime.timedelta(days=8)) == 1
    assert not ExportJob.objects.exists() and not storage.exists(name)
