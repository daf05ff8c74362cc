"""Read a county's annual 法治政府建设 work plan into sections and tasks.

A plan is a government document: a covering notice, a title, a preamble, then
sections (一、二、…) holding numbered tasks, each ending in a unit block such as
〔牵头单位：县司法局；责任单位：县政府各部门〕.  Plans come from many counties
and through many converters (Word, PDF, web pages, Markdown), so everything here
is written as general rules about that layout, not about one file.

Nothing is saved from a plan that is only partly readable: :func:`parse_plan_text`
raises :class:`PlanParseError` naming the lines it could not read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fazhi.core.documents import read_document

from .unit_blocks import _CLOSERS, _block_closed, _find_blocks, _has_block

__all__ = [
    "ParsedPlan",
    "ParsedTask",
    "PlanParseError",
    "PlanProblem",
    "parse_plan_document",
    "parse_plan_text",
]


@dataclass(frozen=True)
class PlanProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


@dataclass
class ParsedTask:
    number: int
    section: str | None
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    line: int


@dataclass
class ParsedPlan:
    title: str | None
    year: int | None
    region: str | None
    sections: list[str]
    tasks: list[ParsedTask]
    problems: list[PlanProblem] = field(default_factory=list)

    def unit_names(self) -> list[str]:
        """Every unit named by any task, in first-seen order."""
        names: dict[str, None] = {}
        for task in self.tasks:
            for name in (*task.lead_units, *task.responsible_units):
                names.setdefault(name, None)
        return list(names)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sections": list(self.sections),
            "tasks": [
                {
                    "number": t.number,
                    "section": t.section,
                    "text": t.text,
                    "lead_units": list(t.lead_units),
                    "responsible_units": list(t.responsible_units),
                }
                for t in self.tasks
            ],
        }


class PlanParseError(ValueError):
    """The text is not a work plan, or only partly one.  str() is Chinese and names the lines."""

    def __init__(
        self,
        message: str,
        problems: list[PlanProblem] | None = None,
        plan: ParsedPlan | None = None,
    ) -> None:
        super().__init__(message)
        self.problems: list[PlanProblem] = list(problems or [])
        self.plan = plan


# ---------------------------------------------------------------------------
# line patterns
# ---------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇两"
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_HEADING = re.compile(rf"^[{_CN_NUM}]{{1,4}}\s*[、．.]\s*\S")
_SUBHEADING = re.compile(rf"^[（(]\s*[{_CN_NUM}]{{1,4}}\s*[）)]")
# task numbers: "1." "1．" "1、" (a decimal such as "1.5倍" is not one), "（1）", "1）"
_TASK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dot", re.compile(r"^(\d{1,3})\s*\\?[.．、](?![\d.．])\s*(.*)$")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*(.*)$")),
    ("half", re.compile(r"^(\d{1,3})\s*[)）]\s*(.*)$")),
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~～·]*\s*\d{1,4}\s*[-—–－―~～·]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|[-*_=]{3,})$"
)
# the distribution list and the printing note end a government document
_TRAILER = re.compile(
    r"^(?:(?:抄送|主送|抄报)\s*[：:].*|[（(]此件.{0,12}[）)]"
    r"|.{0,30}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发)$"
)
# a signature date ("2022年4月12日", "县政府办公室 2022年4月12日"); a wrapped line may end in a date too
_DATE_LINE = re.compile(
    r"^(?:[\u4e00-\u9fff（）()]{2,30}\s+)?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
_YEAR = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年")
_TITLE_END = re.compile(r"(?:计划|要点|安排|方案|清单|任务|任务分工)(?:[（(][^）)]*[）)])?$")
_NOTICE_TITLE = re.compile(r"关于印发(.{4,60}?)的通知")
_REGION_END = re.compile(r"(?:自治县|县|区|市|旗|州|盟|省)$")
_REGION_AFTER_YEAR = re.compile(
    r"^度?\s*([\u4e00-\u9fff]{2,15}?(?:自治县|县|区|市|旗))(?=法治|全面|依法|政府|人民政府)"
)
_SENTENCE_END = "。；;！？"


def _clean(raw: str) -> str:
    """One physical line without layout marks: whitespace, form feeds, Markdown."""
    line = raw.replace("\f", " ").replace("\u200b", "").strip()
    line = re.sub(r"^(?:#{1,6}|>)+\s*", "", line)
    line = line.replace("**", "").replace("__", "")
    return line.strip(" \t\u3000\xa0\ufeff")


def _task_match(line: str) -> tuple[str, int, str] | None:
    for style, pattern in _TASK_PATTERNS:
        m = pattern.match(line)
        if m:
            return style, int(m.group(1)), m.group(2)
    return None


# ---------------------------------------------------------------------------
# the parse
# ---------------------------------------------------------------------------


@dataclass
class _Line:
    no: int  # 1-based line number in the text
    text: str  # cleaned
    kind: str  # blank | page | heading | heading-cont | subheading | task | trailer | date | text


@dataclass
class _Chunk:
    number: int
    line: int
    section: str | None
    parts: list[tuple[int, str]]  # (line number, text)


def _running_headers(raw: list[str], cleaned: list[str]) -> set[str]:
    """Lines repeated at page breaks (the title printed on every PDF page)."""

    def at_page_break(i: int) -> bool:
        near = raw[max(i - 2, 0) : i + 3]
        return any("\f" in r for r in near) or any(
            _PAGE_NUMBER.match(c) for c in cleaned[max(i - 2, 0) : i + 3] if c
        )

    counts = Counter(
        c for c in cleaned if 6 <= len(c) <= 40 and not re.search(r"[，、；：,;:（()）〔〕\[\]【】]", c)
    )
    return {
        c
        for c, n in counts.items()
        if n >= 3 and all(at_page_break(i) for i, x in enumerate(cleaned) if x == c)
    }


def _classify(lines: list[str]) -> list[_Line]:
    cleaned = [_clean(raw) for raw in lines]
    repeated = _running_headers(lines, cleaned)
    out: list[_Line] = []
    for no, line in enumerate(cleaned, 1):
        if not line:
            kind = "blank"
        elif _PAGE_NUMBER.match(line) or line in repeated:
            kind = "page"
        elif _task_match(line):
            kind = "task"
        elif _HEADING.match(line):
            kind = "heading"
        elif _SUBHEADING.match(line):
            kind = "subheading"
        elif _TRAILER.match(line) and len(line) <= 60:
            kind = "trailer"
        elif _DATE_LINE.match(line):
            kind = "date"
        else:
            kind = "text"
        out.append(_Line(no, line, kind))
    return out


def _find_start(lines: list[_Line]) -> tuple[int, str] | None:
    """Index and numbering style of the first numbered task that has a unit block."""
    for i, ln in enumerate(lines):
        if ln.kind != "task":
            continue
        found = _task_match(ln.text)
        assert found is not None
        style = found[0]
        chunk = [found[2]]
        # headings do not end the look-ahead: a wrapped line may look like one
        for nxt in lines[i + 1 :]:
            if nxt.kind == "trailer":
                break
            if nxt.kind == "task":
                other = _task_match(nxt.text)
                if other is not None and other[0] == style:
                    break
            if nxt.kind in ("text", "task", "heading", "subheading"):
                chunk.append(nxt.text)
        if any(_has_block(part) for part in chunk):
            return i, style
    return None


def _merge_headings(lines: list[_Line]) -> dict[int, str]:
    """Full text of every heading line, joining a heading wrapped onto following lines."""
    merged: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.kind not in ("heading", "subheading"):
            continue
        text = ln.text
        j = i + 1
        joined = 0
        while j < len(lines) and joined < 2 and text[-1] not in _SENTENCE_END + "：:，,":
            nxt = lines[j]
            if nxt.kind in ("blank", "page"):
                j += 1
                continue
            if (
                nxt.kind != "text"
                or len(nxt.text) > 30
                or len(text) + len(nxt.text) > 60
                or "。" in nxt.text
                or _has_block(nxt.text)
            ):
                break
            text += nxt.text
            nxt.kind = "heading-cont"
            joined += 1
            j += 1
        merged[i] = text
    return merged


def _cn_int(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23 (0 if unreadable)."""
    if "百" in numeral:
        head, _, rest = numeral.partition("百")
        return _CN_DIGIT.get(head, 1) * 100 + (_cn_int(rest.lstrip("零〇")) if rest else 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(numeral, 0) if len(numeral) == 1 else 0


def _heading_numeral(text: str) -> int:
    m = re.match(rf"^[（(]?\s*([{_CN_NUM}]{{1,4}})", text)
    return _cn_int(m.group(1)) if m else 0


def _is_next_heading(ln: _Line, last: dict[str, int]) -> bool:
    """Whether a heading-shaped line really is the next heading (checked inside an open task)."""
    if ln.text[-1] in "；;，,、：:" or _has_block(ln.text):
        return False  # an enumeration inside the task ("（一）建立台账；")
    value = _heading_numeral(ln.text)
    if ln.kind == "heading":
        return value == last["heading"] + 1
    return value == last["subheading"] + 1


def _number_problems(chunks: list[_Chunk]) -> list[PlanProblem]:
    """Numbers run 1..N through the whole plan, or — as some counties write
    them — restart at 1 in every section; gaps and repeats are problems."""
    problems: list[PlanProblem] = []
    if not chunks:
        return problems
    # Restarting plans: every section after the first starts again at 1.
    restart = any(c.number == 1 and prev.section != c.section
                  for prev, c in zip(chunks, chunks[1:], strict=False))
    expected = 1
    prev_section = chunks[0].section
    for c in chunks:
        if restart and c.section != prev_section:
            expected = 1
        prev_section = c.section
        if c.number != expected:
            if c.number < expected:
                problems.append(PlanProblem(c.line, f"任务编号 {c.number} 重复或顺序颠倒（应为 {expected}）。"))
            else:
                missing = "、".join(str(n) for n in range(expected, c.number))
                problems.append(PlanProblem(c.line, f"任务编号不连续：缺少第 {missing} 项（此处为 {c.number}）。"))
        expected = c.number + 1
    return problems


def _read_title(lines: list[_Line], stop: int) -> tuple[str | None, int | None, str | None]:
    title: str | None = None
    for ln in lines[:stop]:
        t = ln.text
        if (
            ln.kind in ("text", "heading")
            and 6 <= len(t) <= 60
            and _YEAR.search(t)
            and _TITLE_END.search(t)
            and not t.startswith("关于")
            and "通知" not in t
        ):
            title = t  # the last one before the tasks is the plan's own title
    if title is None:
        for ln in lines[:stop]:
            m = _NOTICE_TITLE.search(ln.text.replace(" ", ""))
            if m:
                title = m.group(1).strip("《》")
                break
    if title is None:
        return None, None, None
    year: int | None = None
    region: str | None = None
    m = _YEAR.search(title)
    if m:
        digits = m.group(1)
        year = int("".join(str(_CN_DIGIT.get(ch, ch)) for ch in digits))
        before = re.sub(r"\s+", "", title[: m.start()])
        if before and _REGION_END.search(before):
            region = before
        elif not before:
            after = re.sub(r"\s+", "", title[m.end() :])
            rm = _REGION_AFTER_YEAR.match(after)
            region = rm.group(1) if rm else None
    return title, year, region


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse the text of a work plan; raise :class:`PlanParseError` unless every task reads cleanly."""
    if not text or not text.strip():
        raise PlanParseError("文件为空，没有可读取的工作计划内容。")
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _classify(raw_lines)
    start_found = _find_start(lines)
    if start_found is None:
        raise PlanParseError(
            "未能识别为法治政府建设工作计划：没有找到带“牵头单位/责任单位”的编号任务"
            "（例如“1. ……〔牵头单位：……；责任单位：……〕”）。请确认上传的是年度工作计划。"
        )
    start, style = start_found
    headings = _merge_headings(lines)
    # sections are the 一、 headings; a plan that only has （一） headings uses those
    before = [ln.kind for ln in lines[:start] if ln.kind in ("heading", "subheading")]
    top_is_heading = (before and before[-1] == "heading") or any(
        ln.kind == "heading" for ln in lines[start:]
    )
    top_kind = "heading" if top_is_heading else "subheading"

    problems: list[PlanProblem] = []
    # anything shaped like a unit block before the first task is a task we failed to read
    for ln in lines[:start]:
        if ln.kind in ("text", "task") and _has_block(ln.text):
            problems.append(PlanProblem(ln.no, "这一行含有单位栏，但没有识别出任务编号。"))

    section: str | None = None
    for i in range(start):
        if lines[i].kind == top_kind:
            section = headings[i]

    last_numeral = {"heading": 0, "subheading": 0}
    for ln in lines[:start]:
        if ln.kind in ("heading", "subheading"):
            last_numeral[ln.kind] = _heading_numeral(ln.text)
            if ln.kind == "heading":
                last_numeral["subheading"] = 0
    chunks: list[_Chunk] = []
    pending_stray: list[_Line] = []  # text outside any task: an error only if more tasks follow
    current: _Chunk | None = None
    current_closed = False  # whether the current task's unit block is complete
    intro = True  # after a heading, before its first task

    def finish() -> None:
        nonlocal current
        if current is not None:
            chunks.append(current)
        current = None

    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.kind in ("blank", "page", "heading-cont"):
            continue
        if ln.kind == "trailer" or (ln.kind == "date" and (current is None or current_closed)):
            break
        if ln.kind in ("heading", "subheading") and not (
            current is not None and not current_closed and not _is_next_heading(ln, last_numeral)
        ):
            # inside an unfinished task only the next heading in sequence ends it ("一、二季度…" wraps)
            finish()
            # Prose between the last task and a heading, or between a heading and its
            # first task, is a section's introduction or conclusion, not a lost task;
            # only a unit block there means a task we failed to read.
            problems.extend(PlanProblem(s.no, "这一行含有单位栏，但没有识别出任务编号。")
                            for s in pending_stray if _has_block(s.text))
            pending_stray = []
            intro = True
            last_numeral[ln.kind] = _heading_numeral(ln.text)
            if ln.kind == "heading":
                last_numeral["subheading"] = 0
            if ln.kind == top_kind:
                section = headings[i]
            continue
        if ln.kind in ("heading", "subheading"):
            # with any wrapped lines the heading merge took along
            current.parts.append((ln.no, headings[i]))  # type: ignore[union-attr]
            continue
        found = _task_match(ln.text) if ln.kind == "task" else None
        if found is not None and found[0] == style:
            _, number, rest = found
            # a wrapped line may begin with "3、": inside an unfinished task only the next number counts
            if current is None or current_closed or number == current.number + 1:
                finish()
                problems.extend(PlanProblem(s.no, "无法识别的内容（不属于任何任务）。") for s in pending_stray)
                pending_stray = []
                current = _Chunk(number, ln.no, section, [(ln.no, rest)])
                current_closed = _block_closed([rest])
                intro = False
                continue
        if current is None or current_closed:
            if intro and not _has_block(ln.text):
                continue  # a section's introductory paragraph
            pending_stray.append(ln)
            if current is not None:
                finish()
            continue
        current.parts.append((ln.no, ln.text))
        if any(ch in ln.text for ch in _CLOSERS + "）)"):
            # only a closing bracket can complete the block: skip the rescan otherwise
            current_closed = _block_closed([p for _, p in current.parts])
    finish()
    # stray text after the last task is the signature or an annex: only a unit block there is lost work
    problems.extend(
        PlanProblem(s.no, "这一行含有单位栏，但没有识别出任务编号。") for s in pending_stray if _has_block(s.text)
    )

    tasks: list[ParsedTask] = []
    for idx, chunk in enumerate(chunks):
        task, task_problems = _read_chunk(chunk, last=idx == len(chunks) - 1)
        tasks.append(task)
        problems.extend(task_problems)
    problems.extend(_number_problems(chunks))

    title, year, region = _read_title(lines, start)
    sections: list[str] = []
    for t in tasks:
        if t.section is not None and t.section not in sections:
            sections.append(t.section)
    problems.sort(key=lambda p: p.line)
    plan = ParsedPlan(title, year, region, sections, tasks, problems)

    if problems:
        if not any(t.lead_units or t.responsible_units for t in tasks):
            raise PlanParseError(
                "未能识别为法治政府建设工作计划：没有任何任务带有可读的“牵头单位/责任单位”。",
                problems,
                plan,
            )
        shown = "；".join(str(p) for p in problems[:20])
        more = f"（另有 {len(problems) - 20} 处问题未列出）" if len(problems) > 20 else ""
        raise PlanParseError(
            f"工作计划中有 {len(problems)} 处无法读取，未导入任何内容。请修改后重新上传：{shown}{more}",
            problems,
            plan,
        )
    return plan


def _read_chunk(chunk: _Chunk, *, last: bool) -> tuple[ParsedTask, list[PlanProblem]]:
    joined = ""
    owners: list[int] = []
    starts: set[int] = set()
    for no, part in chunk.parts:
        starts.add(len(joined))
        joined += part
        owners.extend([no] * len(part))
    blocks = _find_blocks(joined, starts)
    problems: list[PlanProblem] = []

    def line_of(idx: int) -> int:
        return owners[min(idx, len(owners) - 1)] if owners else chunk.line

    text_parts: list[str] = []
    pos = 0
    lead: list[str] = []
    responsible: list[str] = []
    for block in blocks:
        text_parts.append(joined[pos : block.start])
        lead.extend(u for u in block.lead if u not in lead)
        responsible.extend(u for u in block.responsible if u not in responsible)
        problems.extend(PlanProblem(line_of(block.start), msg) for msg in block.problems)
        pos = block.end
    rest = joined[pos:]
    if blocks and rest.strip("。；;，, "):
        offset = pos + (len(rest) - len(rest.lstrip("。；;，, ")))
        if line_of(offset) == line_of(pos - 1):
            text_parts.append(rest)  # the block sat mid-line: the task goes on after it
        elif not last:
            problems.append(PlanProblem(line_of(offset), "无法识别的内容（在单位栏之后，不属于任何任务）。"))
    elif not blocks:
        text_parts.append(rest)
    text = "".join(text_parts).strip()

    if not blocks:
        problems.append(
            PlanProblem(chunk.line, f"第 {chunk.number} 项任务没有找到单位栏（牵头单位/责任单位）。")
        )
    if not text:
        problems.append(PlanProblem(chunk.line, f"第 {chunk.number} 项任务没有内容。"))
    task = ParsedTask(chunk.number, chunk.section, text, lead, responsible, chunk.line)
    return task, problems


def parse_plan_document(data: bytes, filename: str) -> ParsedPlan:
    """Read an uploaded plan file (txt/md/html/docx/pdf, or a task table in
    .docx/.xlsx) and parse it; DocumentError propagates."""
    from . import table_plans

    name = filename.lower()
    if name.endswith(".xlsx"):
        plan = table_plans.plan_from_tables(table_plans.rows_from_xlsx(data))
        if plan is None:
            raise PlanParseError("表格中没有找到任务表：需要有“任务（工作内容）”列和“牵头单位”或“责任单位”列。")
        return plan
    if name.endswith(".docx"):
        plan = table_plans.plan_from_tables(table_plans.rows_from_docx(data))
        if plan is not None:
            text = read_document(data, filename).text
            plan.title, plan.year, plan.region = _title_of_table_plan(text)
            return plan
    return parse_plan_text(read_document(data, filename).text)


_TABLE_TITLE = re.compile(r"^(?P<region>\S*?)(?P<year>20\d{2})\s*年.*(计划|方案|分解表|清单|任务表)$")


def _title_of_table_plan(text: str) -> tuple[str | None, int | None, str | None]:
    """Title, year and region from the paragraphs around a task table."""
    for line in text.splitlines():
        t = line.strip().lstrip("#").strip()
        m = _TABLE_TITLE.match(t) if 6 <= len(t) <= 60 else None
        if m and "通知" not in t:
            region = m.group("region") or None
            return t, int(m.group("year")), region
    return None, None, None
