"""Checking uploaded files: extension, size and the file's real content
(its leading bytes), so a renamed executable is not stored as a PDF; Office
archives also by what they would expand to (``check_archive``), before any
parser opens them — here for every upload, and again where stored files are
read (fazhi.core.documents, plan tables, register imports)."""

from __future__ import annotations

import io
import os
import zipfile
from typing import BinaryIO

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
        if ext in ARCHIVE_TYPES:
            check_archive(upload.file if hasattr(upload, "file") else upload, name)
            upload.seek(0)
    elif ext in TEXT_TYPES:
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head:
            raise ValidationError(f"文件“{name}”不是文本文件。")


ARCHIVE_TYPES = (".docx", ".xlsx", ".pptx", ".ofd")


def check_archive(data: bytes | BinaryIO, name: str = "") -> None:
    """Raise ValidationError (Chinese) if an Office archive would expand beyond
    the limits when opened: too many members, too much in total, or a member
    compressed suspiciously well (a zip bomb). Reads only the central
    directory, never the members, so it costs nothing for a normal file."""
    label = f"文件“{name}”" if name else "该文件"
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    position = source.tell() if hasattr(source, "tell") else 0
    try:
        with zipfile.ZipFile(source) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(f"无法读取{label}：不是有效的 Office 文档，可能已损坏。") from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(position)
    if len(members) > settings.FAZHI_ZIP_MAX_MEMBERS:
        raise ValidationError(f"{label}包含的部件过多（{len(members)} 个），拒绝读取。")
    total = sum(m.file_size for m in members)
    limit = settings.FAZHI_ZIP_MAX_UNCOMPRESSED_MB * 1024 * 1024
    if total > limit:
        raise ValidationError(
            f"{label}解压后约 {total / 1048576:.0f} MB，超过上限 {settings.FAZHI_ZIP_MAX_UNCOMPRESSED_MB} MB，拒绝读取。")
    for m in members:
        # Small members compress well legitimately; judge only those that expand to > 1 MB.
        if m.file_size > 1024 * 1024 and m.file_size > settings.FAZHI_ZIP_MAX_RATIO * max(m.compress_size, 1):
            raise ValidationError(f"{label}中的部件压缩比异常（疑似压缩炸弹），拒绝读取。")


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
