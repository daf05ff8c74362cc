"""Checks on a read report, each pointing at the sentence it is about.

Within one report: rates above 100%, a part larger than its whole, parts that
do not add up to the whole the text gives, a required part missing, late
publication. Across reports (``cross_checks``): a figure that contradicts
another report of the same region and year, or jumps implausibly from the
previous year's report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Protocol

from fazhi.indicators import catalogue

from .facts import OUTCOME_VERBS, Fact
from .numbers import PERCENT_UNITS, format_value
from .outline import SECTION_KEYS, SECTION_NAMES

_SENTENCE_END = "。；;！!？?\n"
_SENTENCE_WINDOW = 1000  # a sentence longer than this is cut (keeps huge lines linear)
# Rates of change may exceed 100%; shares and completion rates may not.
_CHANGE_WORDS = re.compile(r"增长|增加|提高|提升|上升|下降|减少|降低|同比|环比|增幅|降幅|翻")
# Catalogue indicators that count a subset of another indicator's matters.
WHOLE_PARTS: dict[str, tuple[str, ...]] = {
    "RECON_RECEIVED": ("RECON_ACCEPTED", "RECON_REJECTED"),
    "LITIGATION_CASES": ("LITIGATION_HEARD_CASES",),
}


@dataclass
class Check:
    kind: str
    message: str
    start: int | None
    end: int | None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class AnalysedReport(Protocol):
    file: str
    region: str | None
    year: int | None
    facts: list[Fact]


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (ends at 。；！？ or a line break)."""
    lo, hi = max(0, pos - _SENTENCE_WINDOW), min(len(text), pos + _SENTENCE_WINDOW)
    # (the nearest 64 characters first: a sentence end is usually there, and
    # only then is the whole window searched for each end character)
    near = max(lo, pos - 64)
    s = max(text.rfind(c, near, pos) for c in _SENTENCE_END)
    if s < 0 and near > lo:
        s = max(text.rfind(c, lo, near) for c in _SENTENCE_END)
    s = s + 1 or lo
    near = min(hi, pos + 64)
    ends = [i for i in (text.find(c, pos, near) for c in _SENTENCE_END) if i >= 0]
    if not ends and near < hi:
        ends = [i for i in (text.find(c, near, hi) for c in _SENTENCE_END) if i >= 0]
    e = min(ends) + 1 if ends else hi
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " \n\r\t":
        e -= 1
    return s, e


def _fmt(f: Fact) -> str:
    return f"{format_value(f.value)}{f.unit}"


def _label(f: Fact) -> str:
    return f"“{f.phrase}”{_fmt(f)}" if f.phrase else _fmt(f)


def _date_cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------
# within one report
# ---------------------------------------------------------------------------


def rate_checks(text: str, facts: Sequence[Fact]) -> list[Check]:
    out: list[Check] = []
    for f in facts:
        if f.unit in ("%", "％") and f.value > 100 and not _CHANGE_WORDS.search(f.phrase + f.quote):
            s, e = sentence_span(text, f.num_start)
            out.append(
                Check("rate_over_100", f"比率超过100%：{_label(f)}，比率不应大于100%。", s, e)
            )
    return out


def _part_groups(text: str, facts: Sequence[Fact]) -> list[tuple[Fact, list[Fact], bool]]:
    """(whole, parts, parts_are_a_breakdown) found in the text.

    * "X N1，其中A N2、B N3": A and B break X down (their sum should be N1);
    * "接收…91件，受理73件，不予受理6件": clauses sharing the first one's subject
      and opening with an outcome verb count subsets of it (each ≤ the whole).
    """
    groups: list[tuple[Fact, list[Fact], bool]] = []
    sentences = [sentence_span(text, f.num_start) for f in facts]
    sharing: dict[int, list[int]] = {}
    for k, f in enumerate(facts):
        if f.subject_of is not None:
            sharing.setdefault(f.subject_of, []).append(k)
    for i, whole in enumerate(facts):
        if whole.unit in PERCENT_UNITS:
            continue
        # 其中-breakdowns: the parts that follow, up to the end of a bracket that
        # opened before 其中, and not outcome clauses (已办结12件) about the whole.
        parts: list[Fact] = []
        j = i + 1
        if j < len(facts) and sentences[j] == sentences[i]:
            between = text[whole.num_end : facts[j].num_start]
            if "其中" in between and not re.search(r"[。；;]", between):
                bracketed = bool(re.search(r"[（(][^）)]*其中", between))
                listed_by_dunhao = False
                while (
                    j < len(facts) and sentences[j] == sentences[i] and facts[j].unit == whole.unit
                ):
                    part = facts[j]
                    if parts:
                        gap = text[parts[-1].num_end : part.num_start]
                        if (bracketed and re.search(r"[）)]", gap)) or re.search(r"[。；;]", gap):
                            break
                        # "其中一审35件、二审3件，败诉4件": a list joined by 、 ends at ，
                        if listed_by_dunhao and re.search(r"[，,]", gap):
                            break
                        if len(parts) == 1:
                            listed_by_dunhao = "、" in gap
                    if OUTCOME_VERBS.search(part.own_phrase):
                        break
                    parts.append(part)
                    j += 1
        if parts:
            groups.append((whole, parts, True))
        # outcome clauses sharing this figure's subject
        subset = [
            facts[k]
            for k in sharing.get(i, [])
            if k > i
            and facts[k].unit == whole.unit
            and sentences[k] == sentences[i]
            and OUTCOME_VERBS.search(facts[k].own_phrase)
            and facts[k] not in parts
        ]
        if subset:
            groups.append((whole, subset, False))
    # catalogue relations (one figure of each code in the report)
    by_code: dict[str, list[Fact]] = {}
    for f in facts:
        if f.code:
            by_code.setdefault(f.code, []).append(f)
    for whole_code, part_codes in WHOLE_PARTS.items():
        wholes = by_code.get(whole_code, [])
        if len(wholes) != 1:
            continue
        parts = [by_code[c][0] for c in part_codes if len(by_code.get(c, [])) == 1]
        parts = [p for p in parts if p.unit == wholes[0].unit]
        if parts and not any(
            g[0] is wholes[0] and set(map(id, parts)) <= set(map(id, g[1])) for g in groups
        ):
            groups.append((wholes[0], parts, False))
    return groups


def part_whole_checks(text: str, facts: Sequence[Fact]) -> list[Check]:
    out: list[Check] = []
    seen: set[tuple[int, int]] = set()
    for whole, parts, breakdown in _part_groups(text, facts):
        s, e = sentence_span(text, whole.num_start)
        for p in parts:
            key = (id(whole), id(p))
            if key in seen or p.approx and whole.approx:
                continue
            seen.add(key)
            if p.value > whole.value and not (whole.approx and p.value <= whole.value * 1.1):
                ps, pe = sentence_span(text, p.num_start)
                out.append(
                    Check(
                        "part_exceeds_whole",
                        f"分项大于总数：{_label(p)}大于{_label(whole)}。",
                        min(s, ps),
                        max(e, pe),
                    )
                )
        total = sum(p.value for p in parts)
        if breakdown and len(parts) >= 2 and not any(p.approx for p in parts) and not whole.approx:
            if abs(total - whole.value) > 1e-6:
                out.append(
                    Check(
                        "parts_do_not_add_up",
                        f"分项之和与总数不符：{'、'.join(_label(p) for p in parts)}"
                        f"合计{format_value(total)}{whole.unit}，而总数为{_label(whole)}。",
                        s,
                        e,
                    )
                )
        elif not breakdown and len(parts) >= 2 and total > whole.value and not whole.approx:
            # Exclusive outcomes (受理 / 不予受理) cannot exceed what was received.
            exclusive = [p for p in parts if re.match(r"^(?:不予受理|受理|驳回)", p.own_phrase)]
            if len(exclusive) >= 2 and sum(p.value for p in exclusive) > whole.value:
                out.append(
                    Check(
                        "parts_do_not_add_up",
                        f"分项之和大于总数：{'、'.join(_label(p) for p in exclusive)}"
                        f"合计{format_value(sum(p.value for p in exclusive))}{whole.unit}，"
                        f"超过{_label(whole)}。",
                        s,
                        e,
                    )
                )
    return out


def section_checks(sections: dict[str, bool]) -> list[Check]:
    return [
        Check("missing_section", f"报告缺少必备部分：{SECTION_NAMES[k]}。", None, None)
        for k in SECTION_KEYS
        if not sections.get(k)
    ]


def publication_checks(
    published: date | None, year: int | None, span: tuple[int, int] | None
) -> list[Check]:
    """Annual reports are due in the first quarter: publication after 1 April is late."""
    if not published:
        return []
    due_year = year + 1 if year else published.year
    due = date(due_year, 4, 1)
    if published <= due:
        return []
    s, e = span if span else (None, None)
    return [
        Check(
            "late_publication",
            f"发布日期{_date_cn(published)}晚于{_date_cn(due)}（年度报告应于第一季度公开）。",
            s,
            e,
        )
    ]


def report_checks(
    text: str,
    facts: Sequence[Fact],
    sections: dict[str, bool],
    published: date | None = None,
    year: int | None = None,
    date_span: tuple[int, int] | None = None,
    weak_spans: dict[str, tuple[int, int]] | None = None,
) -> list[Check]:
    """The checks within one report; ``weak_spans`` are the parts found only by
    a sentence of the closing paragraphs."""
    checks = rate_checks(text, facts) + part_whole_checks(text, facts)
    checks += section_checks(sections) + publication_checks(published, year, date_span)
    for key, (s, e) in sorted((weak_spans or {}).items()):
        checks.append(
            Check(
                "weak_section",
                f"“{SECTION_NAMES[key]}”没有单独成部分，只在结尾段落的一句话中提到，"
                "请核实报告是否确实写了这一部分。",
                s,
                e,
            )
        )
    return checks


# ---------------------------------------------------------------------------
# across reports
# ---------------------------------------------------------------------------


def _singles(facts: Sequence[Fact]) -> dict[tuple[str, str], Fact]:
    """Figures that are the only one of their indicator (or phrase) and unit."""
    groups: dict[tuple[str, str], list[Fact]] = {}
    for f in facts:
        unit = "万元" if f.unit in _MONEY_SCALE else f.unit
        key = (f.code or "phrase:" + re.sub(r"\W", "", f.phrase), unit)
        groups.setdefault(key, []).append(f)
    return {k: v[0] for k, v in groups.items() if len(v) == 1}


def _indicator_name(key: str, f: Fact) -> str:
    ind = catalogue.find(key)
    return ind.name if ind else f.phrase


_MONEY_SCALE = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}


def _base(f: Fact) -> float:
    """Money in 万元 so that 1.2亿元 and 12000万元 compare equal."""
    return f.value * _MONEY_SCALE.get(f.unit, 1.0)


def _differs(a: Fact, b: Fact) -> bool:
    x, y = _base(a), _base(b)
    if a.approx or b.approx:
        lo, hi = sorted((x, y))
        return hi > lo * 1.2 + 1e-9
    return abs(x - y) > 1e-6 * max(1.0, abs(x))


def cross_checks(
    text: str, report: AnalysedReport, others: Sequence[AnalysedReport]
) -> list[Check]:
    """Compare ``report`` with other analysed reports.

    Same region and year: a figure of the same indicator (or, uncoded, the same
    phrase) with another value is a contradiction. Same region, previous year:
    a count that changes more than fivefold, or a rate by more than 50 points,
    is flagged as an implausible jump.
    """
    if not report.region or not report.year:
        return []
    mine = _singles(report.facts)
    out: list[Check] = []
    for other in others:
        if other is report or other.region != report.region or not other.year:
            continue
        out.extend(_compare(text, report, mine, other, _singles(other.facts)))
    return out


def batch_cross_checks(
    texts: Sequence[str], reports: Sequence[AnalysedReport]
) -> list[list[Check]]:
    """``cross_checks`` of every report of a batch against the others, in
    linear time: each report's single figures are computed once, the reports
    are grouped by (region, year), and a report is compared only with its own
    group and the previous year's group of its region (not with every other
    report: 800 reports made 320,000 comparisons). The result, report by
    report, equals ``cross_checks(text, report, reports)``."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(reports):
        if r.region and r.year:
            groups.setdefault((r.region, r.year), []).append(i)
    singles: dict[int, dict[tuple[str, str], Fact]] = {
        i: _singles(reports[i].facts) for members in groups.values() for i in members
    }
    out: list[list[Check]] = [[] for _ in reports]
    for (region, year), members in groups.items():
        # In batch order, as cross_checks meets them.
        peers = sorted(members + groups.get((region, year - 1), []))
        for i in members:
            for j in peers:
                if j != i:
                    out[i].extend(_compare(texts[i], reports[i], singles[i], reports[j], singles[j]))
    return out


def _compare(
    text: str,
    report: AnalysedReport,
    mine: dict[tuple[str, str], Fact],
    other: AnalysedReport,
    theirs: dict[tuple[str, str], Fact],
) -> list[Check]:
    """The checks of ``report`` against one other report of its region."""
    out: list[Check] = []
    if other.year == report.year:
        for key, f in mine.items():
            g = theirs.get(key)
            if g is not None and _differs(f, g):
                s, e = sentence_span(text, f.num_start)
                out.append(
                    Check(
                        "contradiction",
                        f"与同一地区同一年度的另一份报告（{other.file}）不一致："
                        f"“{_indicator_name(key[0], f)}”本报告为{_fmt(f)}，另一份为{_fmt(g)}。",
                        s,
                        e,
                    )
                )
    elif other.year == report.year - 1:
        for key, f in mine.items():
            if not f.code:
                continue  # only catalogued indicators are comparable year to year
            g = theirs.get(key)
            if g is None or f.approx and g.approx:
                continue
            if f.unit in PERCENT_UNITS:
                jump = abs(f.value - g.value) > 50
            else:
                lo, hi = sorted((_base(f), _base(g)))
                jump = hi >= 20 and (lo == 0 or hi / lo >= 5)
            if jump:
                s, e = sentence_span(text, f.num_start)
                out.append(
                    Check(
                        "implausible_jump",
                        f"较上一年度变化异常：“{_indicator_name(key[0], f)}”"
                        f"{other.year}年为{_fmt(g)}（{other.file}），{report.year}年为{_fmt(f)}。",
                        s,
                        e,
                    )
                )
    return out
