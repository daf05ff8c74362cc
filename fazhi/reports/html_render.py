"""The report as text: plain (for the report reader and the .txt sent upward)
and as blocks for the HTML page (templates/reports/_document.html)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from .document import ReportDocument

CSS = Path(__file__).resolve().parents[1] / "core" / "static" / "fazhi" / "report.css"


def render(doc: ReportDocument) -> str:
    """A standalone HTML file of the report in the 公文 look, its style sheet
    inlined so the file reads anywhere (no server, no network)."""
    return render_to_string("reports/print.html", {"doc": doc,
                                                   "inline_css": CSS.read_text("utf-8")})


def plain_text(doc: ReportDocument) -> str:
    lines = [doc.title, ""]
    if doc.recipients:
        lines += [f"{doc.recipients}：", ""]
    for block in doc.blocks:
        lines.append(block.text if block.kind == "heading" else f"　　{block.text}")
    lines += ["", doc.issuer, doc.date_text]
    return "\n".join(line for line in lines if line is not None).strip() + "\n"
