"""Uploading published reports and reading them into data.

``upload_reports`` stores the files of one upload as a batch (an Action on the
one write path) and queues one background task per file. The task
(``process_report``) reads the file, runs the reader
(:mod:`fazhi.analysis.reader`) and saves, all or nothing, the report's
metadata, figures, checks and its values in the indicator store. A file that
cannot be read ends in status "解读失败" with the reader's Chinese message;
the other files of the batch are not affected.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fazhi.audit import service as audit
from fazhi.core.actions import Action, ActionRefused, Actor, record_related, region_id_of
from fazhi.core.documents import DocumentError, read_document
from fazhi.core.uploads import max_upload_bytes
from fazhi.indicators import catalogue
from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.services import delete_values, format_decimal, replace_values, to_decimal
from fazhi.org.models import Region
from fazhi.org.policy import PERMISSIONS, Policy

from . import corrections
from .models import OUTLINE_FIELDS, ExtractedFact, PublishedReport, ReportBatch, ReportCheck

logger = logging.getLogger(__name__)

Status = PublishedReport.Status
INTERNAL_ERROR = "解读时发生内部错误，请稍后点击“重新解读”；如仍失败，请联系系统管理员。"
# A report left "processing" this long lost its worker (restart, crash).
STALE_AFTER = timedelta(minutes=15)


# ------------------------------------------------------------------ upload
def upload_regions(policy: Policy) -> list[Region]:
    """Regions an upload can belong to: the office admin's county, the upper
    viewer's city (a person may hold several such roles)."""
    roles = PERMISSIONS["analysis.upload"]
    seen: dict[int, Region] = {}
    for m in policy.memberships:
        if m.role in roles and m.region_id and m.region_id not in seen:
            seen[m.region_id] = m.region
    return sorted(seen.values(), key=lambda r: r.path)


class UploadReports(Action):
    """Stores one upload (several files) as a batch of pending reports."""

    verb = "analysis.upload"
    permission = "analysis.upload"
    denied_message = "只有依法治县办管理员和上级查阅人员可以上传报告。"

    def __init__(
        self, actor: Actor, *, files: Sequence[UploadedFile], owner_region: Region
    ) -> None:
        super().__init__(actor, None, files=files, owner_region=owner_region)

    def permission_target(self) -> models.Model:
        return ReportBatch(owner_region=self.params["owner_region"])

    def check(self) -> None:
        super().check()
        if not self.params["files"]:
            raise ActionRefused("请选择要上传的报告文件。")

    def apply(self) -> ReportBatch:
        files = self.params["files"]
        batch = ReportBatch.objects.create(
            uploaded_by=self.actor.user if not self.actor.is_system else None,
            owner_region=self.params["owner_region"],
            file_count=len(files),
        )
        for upload in files:
            report = PublishedReport(
                batch=batch, original_name=(upload.name or "")[:255], size=upload.size or 0
            )
            report.file.save(upload.name or "report", upload, save=True)
            record_related(self.actor, "analysis.report.upload", report)
        return batch

    def audit_note(self) -> str:
        return "、".join(f.name or "" for f in self.params["files"])[:500]


def upload_reports(
    actor: Actor, files: Sequence[UploadedFile], owner_region: Region
) -> ReportBatch:
    """Store the files and queue their reading; returns the batch."""
    batch = UploadReports(actor, files=files, owner_region=owner_region).execute()
    for pk in batch.reports.order_by("pk").values_list("pk", flat=True):
        enqueue(pk)
    return batch


def enqueue(report_id: int) -> None:
    # Enqueued directly, not on commit: the database queue stores the task in
    # the caller's transaction, so a worker sees it only with the report rows.
    from .tasks import process_report_task

    process_report_task.enqueue(report_id)


class RereadReport(Action):
    """Queue a report to be read again (after a reader improvement, or when
    its worker was lost)."""

    verb = "analysis.report.reread"
    permission = "analysis.upload"
    denied_message = "只有上传单位（或其上级）的依法治县办管理员、上级查阅人员可以重新解读。"

    def check(self) -> None:
        super().check()
        report = self.obj
        assert isinstance(report, PublishedReport)
        if report.status == Status.PENDING or (
            report.status == Status.PROCESSING
            and report.started_at
            and timezone.now() - report.started_at < STALE_AFTER
        ):
            raise ActionRefused("该报告正在排队或解读中，请稍候。")

    def apply(self) -> PublishedReport:
        report = self.obj
        assert isinstance(report, PublishedReport)
        report.status = Status.PENDING
        report.error = ""
        report.started_at = report.finished_at = None
        report.save(update_fields=["status", "error", "started_at", "finished_at"])
        return report


def reread_report(actor: Actor, report: PublishedReport) -> PublishedReport:
    report = RereadReport(actor, report).execute()  # type: ignore[assignment]
    enqueue(report.pk)
    return report


# ------------------------------------------------------------------ reading
def resolve_region(name: str | None, owner: Region) -> Region | None:
    """The Region of that name within the uploader's region, if the system holds it."""
    if not name:
        return None
    return Region.objects.filter(name=name, path__startswith=owner.path).order_by("path").first()


def read_file(report: PublishedReport) -> Any:
    """Read and analyse the stored file; DocumentError (Chinese) if it cannot be read."""
    from .reader import analyze_document

    limit = max_upload_bytes()
    with report.file.open("rb") as fh:
        data = fh.read(limit + 1)
    doc = read_document(data, report.original_name, max_bytes=limit)
    analysis = analyze_document(doc, report.original_name)
    if analysis.error:
        raise DocumentError(analysis.error)
    if not analysis.text:
        analysis.text = doc.text
    return analysis


def process_report(report_id: int) -> str:
    """The background task's body: read one report and save what it says.

    Returns the final status. A report another worker has already claimed
    is left alone ("skipped").
    """
    claimed = PublishedReport.objects.filter(pk=report_id, status=Status.PENDING).update(
        status=Status.PROCESSING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    report = PublishedReport.objects.select_related("batch__owner_region").get(pk=report_id)
    analysis = None
    error = ""
    try:
        analysis = read_file(report)
    except DocumentError as exc:
        error = str(exc)
    except FileNotFoundError:
        error = "找不到已上传的文件，请重新上传。"
    except Exception:
        logger.exception("reading report %s failed", report_id)
        error = INTERNAL_ERROR
    try:
        SaveReading(Actor.system(), report, analysis=analysis, error=error).execute()
    except Exception:
        logger.exception("saving the reading of report %s failed", report_id)
        PublishedReport.objects.filter(pk=report_id).update(
            status=Status.ERROR, error=INTERNAL_ERROR, finished_at=timezone.now()
        )
        return Status.ERROR
    if analysis is not None and not error:
        refresh_peers(
            PublishedReport.objects.select_related("batch__owner_region").get(pk=report_id)
        )
    return Status.ERROR if error else Status.DONE


@dataclass
class _Peer:
    """A stored report in the shape the cross-report checks expect."""

    file: str
    region: str | None
    year: int | None
    facts: list[Any] = field(default_factory=list)
    error: str | None = None


def _fact_from_row(row: ExtractedFact) -> Any:
    from .facts import Fact

    return Fact(
        phrase=row.phrase,
        value=float(row.value),
        unit=row.unit,
        approx=row.approx,
        code=row.code or None,
        start=row.start,
        end=row.end,
        quote=row.quote,
        num_start=row.num_start,
        num_end=row.num_end,
    )


def _peer_reports(report: PublishedReport, years: Sequence[int]) -> models.QuerySet:
    """Read reports of the same region in ``years`` that everyone who sees
    ``report`` also sees: those uploaded within its batch's region."""
    return (
        PublishedReport.objects.filter(
            status=Status.DONE,
            region_name=report.region_name,
            year__in=list(years),
            batch__owner_region__path__startswith=report.batch.owner_region.path,
        )
        .exclude(pk=report.pk)
        .prefetch_related(
            models.Prefetch("facts", queryset=ExtractedFact.objects.order_by("num_start", "pk"))
        )
    )


def _cross_checks(report: PublishedReport, facts: Sequence[Any]) -> list[Any]:
    try:
        from .checks import cross_checks
    except ImportError:  # the reader core does not offer cross-report checks yet
        return []
    if not report.region_name or not report.year:
        return []
    peers = [
        _Peer(
            file=p.original_name,
            region=p.region_name,
            year=p.year,
            facts=[_fact_from_row(f) for f in p.facts.all()],
        )
        for p in _peer_reports(report, (report.year, report.year - 1))
    ]
    if not peers:
        return []
    me = _Peer(
        file=report.original_name, region=report.region_name, year=report.year, facts=list(facts)
    )
    return _duplicate_checks(report, peers) + list(cross_checks(report.text, me, peers))


def _duplicate_checks(report: PublishedReport, peers: Sequence[_Peer]) -> list[Any]:
    """Another read report of the same region and year: probably the same report
    uploaded twice (or the county's and the city's copy)."""
    from .checks import Check

    return [
        Check(
            "duplicate",
            f"与“{p.file}”是同一地区（{report.region_name}）同一年度（{report.year}年）的报告，"
            "可能重复上传；对比时只取最近读的一份。",
            None,
            None,
        )
        for p in peers
        if p.year == report.year
    ]


def refresh_peers(report: PublishedReport) -> None:
    """A newly read report may contradict (or be the previous year of) reports
    read earlier: recompute the cross-report checks of those reports that can
    see it (same region, same or next year, uploaded at or above its region)."""
    if not report.region_name or not report.year:
        return
    owner_ids = [int(x) for x in report.batch.owner_region.path.strip("/").split("/") if x]
    peers = (
        PublishedReport.objects.filter(
            status=Status.DONE,
            region_name=report.region_name,
            year__in=[report.year, report.year + 1],
            batch__owner_region_id__in=owner_ids,
        )
        .exclude(pk=report.pk)
        .select_related("batch__owner_region")
    )
    for peer in peers:
        with transaction.atomic():
            facts = [_fact_from_row(f) for f in peer.facts.order_by("num_start", "pk")]
            peer.checks.filter(kind__in=ReportCheck.CROSS_KINDS).delete()
            ReportCheck.objects.bulk_create(_check_rows(peer, _cross_checks(peer, facts)))
            PublishedReport.objects.filter(pk=peer.pk).update(check_count=peer.checks.count())


def _check_rows(report: PublishedReport, checks: Sequence[Any]) -> list[ReportCheck]:
    return [
        ReportCheck(
            report=report, kind=str(c.kind)[:40], message=c.message, start=c.start, end=c.end
        )
        for c in checks
    ]


def _snapshot(report: PublishedReport) -> dict[str, Any]:
    data = audit.snapshot(report)
    data.pop("text", None)  # the document itself does not belong in the audit log
    return data


class SaveReading(Action):
    """Saves what the reader found in one report (or why it could not read
    it), replacing any earlier reading: metadata, figures, checks and the
    report's values in the indicator store, all in one transaction."""

    verb = "analysis.report.read"

    def __init__(
        self, actor: Actor, report: PublishedReport, *, analysis: Any = None, error: str = ""
    ) -> None:
        super().__init__(actor, report, analysis=analysis, error=error)

    def execute(self) -> PublishedReport:
        # The base path, with the report's text left out of the audit entry.
        with transaction.atomic():
            assert self.obj is not None
            self.obj = (
                PublishedReport.objects.select_for_update()
                .select_related("batch__owner_region")
                .get(pk=self.obj.pk)
            )
            before = _snapshot(self.obj)
            self.check()
            result = self.apply()
            audit.record(
                actor=self.actor.user,
                action=self.verb,
                obj=result,
                before=before,
                after=_snapshot(result),
                note=self.audit_note(),
                role=self.actor.role_label,
                unit=self.actor.unit_label,
                region_id=region_id_of(result),
            )
        return result

    def audit_note(self) -> str:
        error = self.params["error"]
        return f"解读失败：{error}" if error else "解读完成"

    def apply(self) -> PublishedReport:
        report = self.obj
        assert isinstance(report, PublishedReport)
        kept = corrections.saved_corrections(report)  # an office's corrections survive
        report.facts.all().delete()
        report.checks.all().delete()
        delete_values(report.origin)
        report.finished_at = timezone.now()
        error = self.params["error"]
        if error:
            report.status = Status.ERROR
            report.error = error
            report.fact_count = report.coded_count = report.value_count = report.check_count = 0
            report.save()
            return report
        a = self.params["analysis"]
        report.status = Status.DONE
        report.error = ""
        report.text = a.text
        report.region_name = (a.region or "")[:100]
        report.county_name = (getattr(a, "county", None) or "")[:100]
        report.region = resolve_region(a.region, report.batch.owner_region)
        report.year = a.year if a.year and 1949 < a.year < 2200 else None
        report.issuer = (a.issuer or "")[:200]
        report.published_on = a.date
        report.title = (a.title or "")[:300]
        for key, attr in OUTLINE_FIELDS:
            setattr(report, attr, bool(a.sections.get(key)))
        facts = [f for f in a.facts if to_decimal(f.value) is not None]
        ExtractedFact.objects.bulk_create(
            [
                ExtractedFact(
                    report=report,
                    phrase=f.phrase[:500],
                    value=to_decimal(f.value),
                    unit=(f.unit or "")[:20],
                    approx=bool(f.approx),
                    code=f.code or "",
                    start=f.start,
                    end=f.end,
                    num_start=f.num_start,
                    num_end=f.num_end,
                    quote=f.quote,
                    confidence=float(getattr(f, "confidence", 0.0)),
                    high=to_decimal(f.high) if getattr(f, "high", None) is not None else None,
                )
                for f in facts
            ],
            batch_size=500,
        )
        checks = list(a.checks) + _cross_checks(report, facts)
        ReportCheck.objects.bulk_create(_check_rows(report, checks), batch_size=500)
        if kept:
            corrections.reapply(report, kept)
            facts = list(report.facts.all())
        values = self._values(report, facts)
        replace_values(report.origin, values)
        report.fact_count = len(facts)
        report.coded_count = sum(1 for f in facts if catalogue.find(f.code))
        report.value_count = len(values)
        report.check_count = len(checks)
        report.save()
        return report

    @staticmethod
    def _values(report: PublishedReport, facts: Sequence[Any]) -> list[IndicatorValue]:
        """One extracted value per coded figure, with its sentence as provenance.
        A report whose region or year could not be read gives no values: a
        figure without both cannot be compared."""
        if not report.region_name or not report.year:
            return []
        return [
            IndicatorValue(
                code=f.code,
                region=report.region,
                region_name=report.region_name,
                owner_region=report.batch.owner_region,
                year=report.year,
                value=to_decimal(f.value),
                approx=bool(f.approx),
                source=IndicatorValue.Source.EXTRACTED,
                provenance={
                    "report": report.pk,
                    "start": f.start,
                    "end": f.end,
                    "quote": f.quote,
                    "phrase": f.phrase,
                    "unit": f.unit,
                    "file": report.original_name,
                    **({"high": format_decimal(f.high)} if getattr(f, "high", None) else {}),
                },
            )
            for f in facts
            if catalogue.find(f.code)
        ]


# ------------------------------------------------------------------ display
def highlight(
    text: str, facts: Sequence[ExtractedFact], checks: Sequence[ReportCheck] = ()
) -> SafeString:
    """The report text as HTML with every figure's clause in ``<mark>`` (the
    number itself in ``<b>``) and anchors for facts (``#s{start}-{end}``) and
    checks (``#check-{pk}``).

    Safe by construction: every piece of the document goes through
    ``escape``; only the tags written here are markup.
    """
    n = len(text)
    spans = sorted({(max(0, f.start), min(n, f.end)) for f in facts if f.start < f.end <= n})
    marks: list[list[int]] = []
    titles: list[list[str]] = []
    by_span: dict[tuple[int, int], list[str]] = {}
    for f in facts:
        ind = catalogue.find(f.code)
        label = (
            f"{ind.name if ind else f.phrase}：{'约' if f.approx else ''}"
            f"{format_decimal(f.value)}{f.unit}"
        )
        by_span.setdefault((f.start, f.end), []).append(label)
    for s, e in spans:  # overlapping clauses (two figures in one clause) merge
        if marks and s < marks[-1][1]:
            marks[-1][1] = max(marks[-1][1], e)
            titles[-1].extend(by_span.get((s, e), []))
        else:
            marks.append([s, e])
            titles.append(list(by_span.get((s, e), [])))
    numbers: list[tuple[int, int]] = []
    for s, e in sorted({(f.num_start, f.num_end) for f in facts}):
        inside = any(ms <= s and e <= me for ms, me in marks)
        if s < e and inside and (not numbers or s >= numbers[-1][1]):
            numbers.append((s, e))
    anchors: dict[int, list[str]] = {}
    for s, e in spans:
        anchors.setdefault(s, []).append(f"s{s}-{e}")
    for c in checks:
        if c.start is not None and 0 <= c.start <= n:
            anchors.setdefault(c.start, []).append(f"check-{c.pk}")
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for (s, e), title in zip(marks, titles, strict=True):
        opens.setdefault(s, []).append(f'<mark title="{escape("；".join(title))}">')
        closes.setdefault(e, []).append("</mark>")
    for s, e in numbers:
        opens.setdefault(s, []).append("<b>")
        closes.setdefault(e, []).insert(0, "</b>")  # inner tag closes first
    cuts = sorted({0, n, *opens, *closes, *anchors})
    out: list[str] = []
    for i, pos in enumerate(cuts):
        out.extend(closes.get(pos, []))
        out.extend(f'<span class="anchor" id="{a}"></span>' for a in anchors.get(pos, []))
        out.extend(opens.get(pos, []))
        if i + 1 < len(cuts):
            out.append(escape(text[pos : cuts[i + 1]]))
    return mark_safe("".join(out))  # noqa: S308 - every text slice above is escaped
