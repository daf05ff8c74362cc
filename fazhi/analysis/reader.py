"""Reading a published annual report as data (stub while outline/checks are written)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Fact, extract_facts


@dataclass
class ReportAnalysis:
    file: str
    facts: list[Fact] = field(default_factory=list)
    sections: dict[str, bool] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sections": self.sections,
            "facts": [f.to_dict() for f in self.facts],
        }


def analyze_text(text: str, filename: str = "") -> ReportAnalysis:
    return ReportAnalysis(file=filename, facts=extract_facts(text))
