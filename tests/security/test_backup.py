"""Backup, then restore into an emptied database: the same rows (count and
checksum per table), the same files, and the audit chain still verifies."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.core.backup import backup, restore, table_checksums
from fazhi.plans import services
from fazhi.plans.models import Assignment, Evidence
from fazhi.registers import case_search
from fazhi.registers.models import Case


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_everything(county, plan, tmp_path, settings, capsys) -> None:  # noqa: ANN001
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assignment = Assignment.objects.filter(unit=county.units["县司法局"]).first()
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=assignment,
                                 period=plan.periods.order_by("start").first(), text="进展",
                                 completion="in_progress", submit=True).execute()
    evidence = Evidence(report=report, original_name="佐证.pdf", content_type="application/pdf", size=12)
    evidence.file.save("佐证.pdf", ContentFile(b"%PDF-1.4 abc"), save=True)
    Case.objects.create(register="disclosure", region=county.county, unit=county.units["县司法局"],
                        number="莘政公开〔2025〕7号", title="申请公开征收补偿方案",
                        started_on=datetime.date(2025, 3, 3), state="received")
    # Timestamps keep their microseconds, also under one millisecond (where
    # Django's JSON encoder would write ".000" and the restored value none).
    clerk = county.users["clerk"]
    joined = datetime.datetime(2025, 3, 3, 8, 0, 0, 250, tzinfo=datetime.UTC)
    type(clerk).objects.filter(pk=clerk.pk).update(date_joined=joined)
    before = table_checksums()
    audit_rows = AuditEntry.objects.count()
    assert audit_rows > 0 and before["plans.evidence"]["rows"] == 1
    manifest = backup(tmp_path / "backup")
    assert manifest["tables"] == before and len(manifest["files"]) == 1

    call_command("flush", interactive=False, verbosity=0)  # an empty database
    (tmp_path / "media").rename(tmp_path / "media-lost")
    assert AuditEntry.objects.count() == 0 and not Evidence.objects.exists()

    assert restore(tmp_path / "backup") == []
    assert table_checksums() == before
    assert AuditEntry.objects.count() == audit_rows
    assert type(clerk).objects.get(pk=clerk.pk).date_joined == joined
    assert Evidence.objects.get().file.read() == b"%PDF-1.4 abc"
    call_command("verify_audit")
    assert "全部校验通过" in capsys.readouterr().out
    # the search finds the restored case (on SQLite its index is rebuilt by its triggers)
    assert Case.objects.filter(case_search.number_or_title("征收补偿")).count() == 1
