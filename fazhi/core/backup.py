"""Backup and restore of the whole system: every table (Django's serializer,
any database), the uploaded files, and a manifest with each table's row
count and checksum, so a restore proves it found the same records.

On PostgreSQL in production the documented alternative is ``pg_dump -Fc`` plus
the media folder; this format moves between databases (PostgreSQL ↔ SQLite)
and is what the restore test exercises."""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import models
from django.db.models import signals

# Full-precision timestamps; read back by the ordinary JSON deserializer.
LOSSLESS = "lossless_json"
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def _models() -> list[type[models.Model]]:
    return [m for m in apps.get_models()
            if m._meta.label_lower not in EXCLUDED and m._meta.managed and not m._meta.proxy]


def table_checksums() -> dict[str, dict[str, Any]]:
    """{model: {"rows": n, "sha256": …}} over every row's serialized fields in pk order."""
    result = {}
    for model in _models():
        digest = hashlib.sha256()
        count = 0
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            row = serializers.serialize(LOSSLESS, [obj], use_natural_foreign_keys=True)
            digest.update(json.dumps(json.loads(row)[0]["fields"], sort_keys=True,
                                     ensure_ascii=False).encode())
            digest.update(str(obj.pk).encode())
            count += 1
        result[model._meta.label_lower] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def _media_files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def backup(target: Path) -> dict[str, Any]:
    target.mkdir(parents=True, exist_ok=True)
    with (target / "data.json").open("w", encoding="utf-8") as out:
        # Unmanaged models are views of other tables (the SQLite search index,
        # rebuilt by its triggers as the cases are restored): not data of their own.
        derived = {m._meta.label_lower for m in apps.get_models() if not m._meta.managed}
        call_command("dumpdata", *[f"--exclude={label}" for label in sorted(EXCLUDED | derived)],
                     natural_foreign=True, format=LOSSLESS, stdout=out, verbosity=0)
    with tarfile.open(target / "media.tar", "w") as tar:
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            tar.add(root, arcname="media")
    manifest = {"tables": table_checksums(), "files": _media_files()}
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    return manifest


def restore(source: Path) -> list[str]:
    """Load a backup into an empty, migrated database; return the differences
    from the manifest (empty = same records, same files)."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    # The backup holds derived data too: model signal handlers (recomputations,
    # notifications) must not run on half-loaded rows.
    muted = (signals.pre_save, signals.post_save, signals.m2m_changed)
    saved = [(signal, signal.receivers, signal.sender_receivers_cache.copy()) for signal in muted]
    try:
        for signal in muted:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        call_command("loaddata", str(source / "data.json"), verbosity=0)
    finally:
        for signal, receivers, cache in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
            signal.sender_receivers_cache.update(cache)
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar") as tar:
        for member in tar.getmembers():
            if not member.name.startswith("media/") or ".." in Path(member.name).parts:
                continue
            if member.isfile():
                member.name = member.name[len("media/"):]
                tar.extract(member, root, filter="data")
    differences = []
    now = table_checksums()
    for table, expected in manifest["tables"].items():
        if now.get(table) != expected:
            differences.append(f"表 {table}：备份 {expected}，恢复后 {now.get(table)}")
    files = _media_files()
    for name, digest in manifest["files"].items():
        if files.get(name) != digest:
            differences.append(f"文件 {name} 缺失或内容不同")
    return differences
