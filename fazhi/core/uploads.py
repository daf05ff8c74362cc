"""Checking uploaded files: extension, size and the file's real content
(its leading bytes), so a renamed executable is not stored as a PDF."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc/xls/ppt/wps)

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".ofd": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ppt": (OLE,),
    ".wps": (OLE,),
}

EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".doc", ".docx", ".xls", ".xlsx",
                  ".ppt", ".pptx", ".wps", ".ofd")
TEXT_TYPES = (".txt", ".md", ".html", ".htm")


def max_upload_bytes() -> int:
    return settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024


def check_upload(upload: UploadedFile, allowed: tuple[str, ...],
                 max_bytes: int | None = None) -> None:
    """Raise ValidationError (Chinese) unless the file is of an allowed type,
    not empty, within the size limit, and its content matches its extension."""
    limit = max_bytes or max_upload_bytes()
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed:
        raise ValidationError(
            f"文件“{name}”的类型不受支持。允许的类型：{'、'.join(allowed)}。")
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    if upload.size > limit:
        raise ValidationError(
            f"文件“{name}”大小为 {upload.size / 1048576:.1f} MB，超过上限 {limit // 1048576} MB。")
    if ext in SIGNATURES:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
            raise ValidationError(f"文件“{name}”的内容与扩展名 {ext} 不符，可能已损坏或被改名。")
    elif ext in TEXT_TYPES:
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head:
            raise ValidationError(f"文件“{name}”不是文本文件。")


def check_uploads(files: list[UploadedFile] | None, allowed: tuple[str, ...]) -> list[UploadedFile]:
    """Check several files; one ValidationError listing every bad file."""
    errors: list[str] = []
    for upload in files or []:
        try:
            check_upload(upload, allowed)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return list(files or [])
