"""The Content-Security-Policy forbids inline script, so no template may
carry one: no <script> without src, no on…= handler, no javascript: URL."""

from __future__ import annotations

import re
from pathlib import Path

import fazhi

ROOT = Path(fazhi.__file__).parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_has_inline_script() -> None:
    offenders = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile(r"javascript:", re.IGNORECASE)):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:40]}")
    assert offenders == []


def test_nul_bytes_in_parameters_are_a_400(client) -> None:  # noqa: ANN001
    assert client.get("/login/", {"next": "a\x00b"}).status_code == 400
