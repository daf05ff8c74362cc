"""A city reads all its counties: a .zip of reports is opened at upload and
each report in it becomes a file of the batch (read in the background like the
others; a file that cannot be read fails with its reason, the others go on)."""

from __future__ import annotations

import contextlib
import os
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.uploads import check_archive, max_upload_bytes

MAX_MEMBERS = 1000  # reports in one archive: a province's counties, a city's towns


def _member_name(info: zipfile.ZipInfo) -> str:
    """File names in archives made on Chinese Windows are GBK, not UTF-8."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return os.path.basename(name.rstrip("/"))


def expand_zip(upload: Any, allowed: tuple[str, ...]) -> list[SimpleUploadedFile]:
    """The reports in a .zip upload (members of the allowed types; folders
    inside are walked), or a Chinese ValidationError for an unusable archive."""
    name = upload.name or "压缩包"
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        raise ValidationError(f"文件“{name}”不是有效的 .zip 压缩包。")
    upload.seek(0)
    check_archive(upload.file if hasattr(upload, "file") else upload, name)
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"压缩包“{name}”已损坏，无法打开。") from exc
    limit = max_upload_bytes()
    out: list[SimpleUploadedFile] = []
    with archive:
        for info in archive.infolist():
            member = _member_name(info)
            if info.is_dir() or not member or member.startswith((".", "__MACOSX")):
                continue
            if os.path.splitext(member)[1].lower() not in allowed:
                continue
            if info.file_size > limit:
                raise ValidationError(
                    f"压缩包“{name}”中的“{member}”超过 {limit // 1048576} MB 的上限。"
                )
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError):
                data = b""  # stored as is: its reading fails and says why
            out.append(SimpleUploadedFile(member, data))
            if len(out) > MAX_MEMBERS:
                raise ValidationError(f"压缩包“{name}”中的报告超过{MAX_MEMBERS}份，请分批上传。")
    if not out:
        raise ValidationError(f"压缩包“{name}”中没有可解读的报告文件（{'、'.join(allowed)}）。")
    return out
