"""The report as plain data, for every output (DOCX, HTML, PDF): the title,
主送, the blocks in reading order, 落款 and date. Renderers know nothing of the
database; ``build`` reads a report once and resolves its figure tokens.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .models import PART_NUMERALS, PARTS, AnnualReport

CN_DIGITS = "〇一二三四五六七八九"
TOKEN = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass
class Block:
    """``kind``: "heading" (level 1 一、, 2 （一）, 3 1., 4 （1）) or "paragraph".
    ``figures``: the codes whose values the text contains (for links)."""

    kind: str
    text: str
    level: int = 0
    figures: list[str] = field(default_factory=list)


@dataclass
class ReportDocument:
    title: str
    recipients: str
    blocks: list[Block]
    issuer: str
    date: datetime.date | None

    @property
    def date_text(self) -> str:
        """成文日期 in Arabic numerals, as GB/T 9704-2012 (7.3.5.1) prescribes."""
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日" if d else ""


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (heading numbers up to 99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"


def paragraph_blocks(text: str, values: dict[str, str]) -> list[Block]:
    """Split a section's text into paragraphs (one per line) and resolve its
    figure tokens. Paragraphs opening with 1. or （1） keep their number: in the
    公文 layout the third and fourth heading levels are set like body text."""
    out = []
    for raw in re.split(r"\n\s*\n|\n", text or ""):
        line = raw.strip()
        if not line:
            continue
        codes = TOKEN.findall(line)
        resolved = TOKEN.sub(lambda m: values.get(m.group(1), "—"), line)
        out.append(Block("paragraph", resolved, figures=codes))
    return out


def build(report: AnnualReport) -> ReportDocument:
    """The report's text with every figure token replaced by the figure's text."""
    values = {f.code: f.text for f in report.figures.all()}
    sections = list(report.sections.order_by("part", "order", "id"))
    blocks: list[Block] = []
    used_parts = {s.part for s in sections}
    part_titles = dict(PARTS)
    for part, _ in PARTS:
        if part not in used_parts:
            continue
        # Each part keeps its own number: a part left out shows as a gap, not
        # as the next part renumbered into its place.
        blocks.append(Block("heading", f"{PART_NUMERALS[part - 1]}、{part_titles[part]}",
                            level=1))
        sub = 0
        for section in (s for s in sections if s.part == part):
            if section.heading:
                sub += 1
                blocks.append(Block("heading", f"（{chinese_number(sub)}）{section.heading}",
                                    level=2))
            blocks.extend(paragraph_blocks(section.text, values))
    return ReportDocument(title=report.title, recipients=report.recipients, blocks=blocks,
                          issuer=report.issuer, date=report.report_date)
