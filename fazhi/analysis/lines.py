"""A report's text as lines with their offsets, and headings without Markdown
marks: what the outline and the region detection both read."""

from __future__ import annotations


def _lines(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        out.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _strip_md(s: str) -> str:
    return s.strip().strip("*").strip()
