"""Zip bombs: an Office file is judged by its central directory (members,
total size, compression ratio) before any parser opens it — on upload and
where stored files are read."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.core import documents
from fazhi.core.uploads import check_archive, check_upload


def bomb(megabytes: int, member: str = "word/document.xml") -> bytes:
    """An archive of ~1/1000 of its expanded size: zeros compress that well."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(member, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return bomb(150)


def test_the_check_reads_no_member(docx_bomb: bytes) -> None:
    tracemalloc.start()
    with pytest.raises(ValidationError, match="压缩比异常"):
        check_archive(docx_bomb, "bomb.docx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(docx_bomb) < 1_000_000 and peak < 5 * 1024 * 1024  # 150 MB never inflated


def test_total_size_and_member_count_limits(settings) -> None:  # noqa: ANN001
    settings.FAZHI_ZIP_MAX_UNCOMPRESSED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.xml", b"x" * (2 << 20))  # stored: ratio 1, but 2 MB > 1 MB
    with pytest.raises(ValidationError, match="超过上限 1 MB"):
        check_archive(buffer.getvalue())
    settings.FAZHI_ZIP_MAX_MEMBERS = 10
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for i in range(11):
            zf.writestr(f"{i}.xml", "<x/>")
    with pytest.raises(ValidationError, match="部件过多"):
        check_archive(buffer.getvalue())


def test_upload_and_reader_refuse_the_bomb(docx_bomb: bytes) -> None:
    with pytest.raises(ValidationError, match="压缩比异常"):
        check_upload(SimpleUploadedFile("plan.docx", docx_bomb), (".docx",))
    with pytest.raises(documents.DocumentError, match="压缩比异常"):
        documents._read_docx(docx_bomb)


def test_an_ordinary_docx_passes() -> None:
    import docx

    buffer = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("莘县2030年法治政府建设工作计划")
    d.save(buffer)
    check_archive(buffer.getvalue(), "plan.docx")


@pytest.mark.django_db
def test_plan_import_and_register_import_refuse_the_bomb(county, docx_bomb: bytes) -> None:  # noqa: ANN001
    client = Client()
    client.force_login(county.users["office"])
    page = client.post(reverse("plans:plan_import"), {
        "region": county.county.pk, "year": 2031, "title": "计划",
        "file": SimpleUploadedFile("plan.docx", docx_bomb)}).content.decode()
    assert "压缩比异常" in page
    xlsx_bomb = bomb(150, member="xl/worksheets/sheet1.xml")
    response = client.post(reverse("registers:excel_import", kwargs={"key": "reconsideration"}), {
        "file": SimpleUploadedFile("cases.xlsx", xlsx_bomb)})
    assert response.status_code == 200 and "压缩比异常" in response.content.decode()
