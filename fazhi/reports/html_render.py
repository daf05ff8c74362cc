"""The report as text: plain (for the report reader and the .txt sent upward)
and as blocks for the HTML page (templates/reports/_document.html)."""

from __future__ import annotations

from .document import ReportDocument


def plain_text(doc: ReportDocument) -> str:
    lines = [doc.title, ""]
    if doc.recipients:
        lines += [f"{doc.recipients}：", ""]
    for block in doc.blocks:
        lines.append(block.text if block.kind == "heading" else f"　　{block.text}")
    lines += ["", doc.issuer, doc.date_text]
    return "\n".join(line for line in lines if line is not None).strip() + "\n"
