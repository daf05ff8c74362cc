"""The structure of a report: its outline, who issued it for which region and
year, when, and whether it has the four parts an annual report must have.

Pure functions over the text; offsets refer to the text passed in.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from .lines import _lines, _strip_md
from .numbers import parse_chinese
from .regions import find_region

SECTION_KEYS: tuple[str, ...] = (
    "measures_and_results",
    "shortcomings",
    "first_responsible_duty",
    "next_year_plan",
)
SECTION_NAMES: dict[str, str] = {
    "measures_and_results": "主要举措和成效",
    "shortcomings": "存在的不足",
    "first_responsible_duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "next_year_plan": "下一年度工作安排",
}

_CN_NUM = "一二三四五六七八九十百零〇两"
# Numbering markers, outermost first: 一、 （一） 1. （1） ①
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"(?:第[{_CN_NUM}]+(?:部分|章)|[{_CN_NUM}]+[、．.])\s*")),
    (2, re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*")),
    (3, re.compile(r"\d{1,2}(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"(?:[（(]\d{1,2}[）)]|\d{1,2}[）)])\s*")),
    (5, re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
)
_MD_HEADING = re.compile(r"#{1,6}")
_MAX_TITLE = 60


@dataclass
class Heading:
    level: int
    marker: str  # 一、 / （一） / 1. / （1） / ① / # (markdown without number)
    title: str
    start: int  # the heading line
    end: int

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    title: str | None = None
    region: str | None = None
    year: int | None = None
    issuer: str | None = None
    date: date | None = None
    date_span: tuple[int, int] | None = None
    sections: dict[str, bool] = field(default_factory=dict)
    # where each required part is (the heading's section, or the passage)
    section_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # parts found only by a sentence of the closing paragraphs, not by a heading
    weak_sections: frozenset[str] = frozenset()


def find_headings(text: str) -> list[Heading]:
    """Numbered and markdown headings at the start of a line.

    A heading that runs on into its paragraph ("（一）加强组织领导，着力推进。始终…")
    keeps the words up to the first full stop as its title.
    """
    headings: list[Heading] = []
    for start, end, raw in _lines(text):
        line = raw.strip()
        if not line:
            continue
        md = _MD_HEADING.match(line)
        body = _strip_md(line[md.end() :] if md else line)
        level = None
        marker = ""
        for lvl, pat in _MARKERS:
            m = pat.match(body)
            if m and len(body) > m.end():
                level, marker = lvl, m.group().strip()
                body = body[m.end() :]
                break
        if level is None:
            if not md:
                continue
            level, marker = len(md.group()), "#"
        title = re.split(r"[。；;]", body, maxsplit=1)[0]
        title = _strip_md(title)
        if not title or (marker != "#" and len(title) > _MAX_TITLE):
            continue
        headings.append(Heading(level=level, marker=marker, title=title, start=start, end=end))
    return headings


# ---------------------------------------------------------------------------
# title, region, year, issuer, date
# ---------------------------------------------------------------------------

_TITLE_HINT = re.compile(r"法治(?:政府)?建设.{0,30}(?:报告|情况)")


def find_title(text: str) -> tuple[str | None, int]:
    """The report's title line (a line naming 法治…建设…报告) and its offset.

    Lines with a year or 关于 are preferred; breadcrumbs (首页 > …) are not titles.
    """
    found: list[tuple[str, int]] = []
    for start, _end, raw in _lines(text)[:60]:
        line = _strip_md(raw.lstrip("#"))
        line = re.sub(r"^(?:名\s*称|标\s*题|题\s*目)\s*[:：]\s*", "", line)  # a web page's label
        if len(line) > 80 or ">" in line or "当前位置" in line or not _TITLE_HINT.search(line):
            continue
        line = re.sub(r"\s+", "", line)
        if re.search(r"20\d{2}|关于|[〇○]", line):
            return line, start
        found.append((line, start))
    return found[0] if found else (None, -1)


def find_year(text: str, title: str | None, published: date | None) -> int | None:
    if title:
        m = re.search(r"(20\d{2})\s*年", title)
        if m:
            return int(m.group(1))
        m = re.search(r"([二〇○零一三四五六七八九]{4})\s*年", title)
        if m:
            return _cn_year(m.group(1))
    m = re.search(r"(20\d{2})\s*年(?:度)?", text[:3000])
    if m:
        return int(m.group(1))
    return published.year - 1 if published else None


def _cn_year(s: str) -> int | None:
    digits = {
        "〇": "0",
        "○": "0",
        "零": "0",
        "一": "1",
        "二": "2",
        "三": "3",
        "四": "4",
        "五": "5",
        "六": "6",
        "七": "7",
        "八": "8",
        "九": "9",
    }
    try:
        return int("".join(digits[c] for c in s))
    except KeyError:
        return None


_DATE_RE = re.compile(
    r"(?P<y>20\d{2})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))"
)
_CN_DATE_RE = re.compile(
    r"(?P<y>[二〇○零一三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATE_LABELS = ("发文日期", "成文日期", "发布日期", "印发日期", "发布时间", "时间", "日期")


def _make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if not (y and m and d):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parse_date(s: str) -> tuple[date, int, int] | None:
    m = _DATE_RE.search(s)
    if m:
        mo = m.group("m") or m.group("m2")
        dd = m.group("d") or m.group("d2")
        dt = _make_date(int(m.group("y")), int(mo), int(dd))
        if dt:
            return dt, m.start(), m.end()
    m = _CN_DATE_RE.search(s)
    if m:
        dt = _make_date(
            _cn_year(m.group("y")), parse_chinese(m.group("m")), parse_chinese(m.group("d"))
        )
        if dt:
            return dt, m.start(), m.end()
    return None


def find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    """The date the report was issued: the date line under the signature, or a
    labelled date (发文日期 / 发布时间 …) of a web page."""
    lines = [ln for ln in _lines(text) if ln[2].strip()]
    # A line that is only a date, in the last part of the document.
    for start, _end, raw in reversed(lines[-15:]):
        s = _strip_md(raw)
        if len(s) <= 20:
            got = _parse_date(s)
            if got and len(re.sub(r"\s", "", s)) <= got[2] - got[1] + 2:
                off = start + raw.find(s)
                return got[0], (off + got[1], off + got[2])
    for i, (start, _end, raw) in enumerate(lines[:40]):
        s = raw.strip()
        for label in _DATE_LABELS:
            if s.startswith(label):
                rest = s[len(label) :].lstrip(":： ")
                cand = [(start + raw.find(rest), rest)] if rest else []
                if i + 1 < len(lines):
                    nxt = lines[i + 1]
                    cand.append((nxt[0] + nxt[2].find(nxt[2].strip()), nxt[2].strip()))
                for off, c in cand:
                    got = _parse_date(c)
                    if got and got[1] <= 1:
                        return got[0], (off + got[1], off + got[2])
    return None


_ORG_END = re.compile(
    r"(?:人民政府|政府|县委|区委|市委|旗委|州委|委员会|党委|司法局|办公室|办公厅|局|委)$"
)


def find_issuer(text: str, title: str | None, date_span: tuple[int, int] | None) -> str | None:
    """Who issued the report: the signature above the date, the words before 关于
    in the title, the "…文件" header, or a web page's 发布机构."""
    lines = [ln for ln in _lines(text) if ln[2].strip()]
    if date_span:
        idx = next((i for i, ln in enumerate(lines) if ln[0] <= date_span[0] <= ln[1]), None)
        if idx is not None:
            orgs: list[str] = []
            j = idx - 1
            while j >= 0 and len(orgs) < 4:
                s = _strip_md(lines[j][2])
                if len(s) <= 30 and _ORG_END.search(s) and not s.endswith(("：", ":")):
                    orgs.insert(0, re.sub(r"\s+", "", s))
                    j -= 1
                else:
                    break
            if orgs:
                return "、".join(orgs)
    for _s, _e, raw in lines[:40]:
        s = re.sub(r"\s+", "", _strip_md(raw.lstrip("#")))
        if "关于" in s and _TITLE_HINT.search(s):
            prefix = s.split("关于", 1)[0]
            # A title names its issuer; a sentence ("贯彻落实市委和市政府关于…
            # 法治政府建设的决策部署，…") names whose decisions it follows.
            if len(s) > 80 or re.search(r"[，,。；;！？]", s):
                continue
            if prefix and _ORG_END.search(prefix):
                # 中共冠县县委冠县人民政府 -> 中共冠县县委、冠县人民政府
                return re.sub(r"(县委|区委|市委|旗委|州委|党委|人民政府)(?=[^、])", r"\1、", prefix)
    for _s, _e, raw in lines[:10]:
        s = re.sub(r"\s+", "", _strip_md(raw.lstrip("#")))
        if s.endswith("文件") and len(s) <= 30:
            return s[: -len("文件")]
    for i, (_s, _e, raw) in enumerate(lines[:40]):
        s = raw.strip()
        if s.startswith(("发布机构", "发文机关", "发文单位")):
            rest = re.sub(r"^(发布机构|发文机关|发文单位)[:：\s]*", "", s)
            if rest:
                return rest
            if i + 1 < len(lines):
                return lines[i + 1][2].strip() or None
    return None


# ---------------------------------------------------------------------------
# the four required parts
# ---------------------------------------------------------------------------

_PART_PATTERNS: dict[str, re.Pattern[str]] = {
    "shortcomings": re.compile(r"不足|问题|短板|差距|薄弱|困难|弱项|需要改进|有待"),
    "next_year_plan": re.compile(
        r"下一步|下步|明年|新的一年|来年|今后|打算|展望|工作安排|主要安排|工作计划|工作思路|"
        r"努力方向|(?:安排|计划|思路|重点)$"
    ),
    "first_responsible_duty": re.compile(r"第一责任人|主要负责人.{0,12}(?:职责|履职)"),
    "measures_and_results": re.compile(
        r"举措|措施|成效|成绩|进展|做法|工作开展情况|主要工作|工作情况|取得|推进.{0,12}情况|落实情况"
    ),
}
# Order matters: a heading about "存在的问题和下一步打算" is a shortcomings heading
# first; the duty heading wins over generic "情况".
_PART_ORDER = ("first_responsible_duty", "shortcomings", "next_year_plan", "measures_and_results")
_DUTY_PASSAGE = re.compile(r"第一责任人(?:职责|责任)?")
_DUTY_VERBS = re.compile(r"履行|落实|扛牢|扛起|压实|切实|带头|亲自|认真")


# A topical heading that *acts on* problems is not the shortcomings part:
# 坚持问题导向, 着力解决群众急难愁盼问题, 补齐短板, 破解发展难题.
_ACTING_ON_PROBLEMS = re.compile(
    r"问题导向|(?:解决|破解|化解|补齐|补强|补足|弥补|攻克|突破|聚焦|针对|回应|整改|克服|"
    r"消除|清理|排查|防范)[^，,；;、]{0,10}?(?:问题|短板|弱项|难题|困难|难点|不足|差距)"
)


def _classify(title: str, year: int | None = None) -> list[str]:
    probe = _ACTING_ON_PROBLEMS.sub("", title)
    kinds = [
        k for k in _PART_ORDER if _PART_PATTERNS[k].search(probe if k == "shortcomings" else title)
    ]
    m = re.search(r"(20\d{2})\s*年", title)
    if m and year:
        # "2024年…主要安排" plans the next year; "2023年…举措" reports this one.
        if (
            int(m.group(1)) > year
            and "next_year_plan" not in kinds
            and re.search(r"安排|打算|计划|思路|重点|举措|任务|工作", title)
        ):
            kinds.insert(0, "next_year_plan")
        elif (
            int(m.group(1)) == year
            and kinds[:1] == ["next_year_plan"]
            and not re.search(r"下一步|下步|明年|打算", title)
        ):
            kinds.remove("next_year_plan")
    return kinds


def find_sections(
    text: str, headings: list[Heading], year: int | None = None
) -> tuple[dict[str, bool], dict[str, tuple[int, int]]]:
    """Which required parts the report has, and where.

    Parts are found by the report's top headings; the duty of the principal
    leaders may also be reported by a passage within another part.
    """
    flags = dict.fromkeys(SECTION_KEYS, False)
    spans: dict[str, tuple[int, int]] = {}
    if headings:
        top = min(h.level for h in headings)
        # The body's top level: ignore a lone title heading above the numbered parts.
        numbered = [h for h in headings if h.marker != "#"]
        if numbered:
            top = min(h.level for h in numbered)
        tops = [h for h in headings if h.level == top and (h.marker != "#" or not numbered)]
        for i, h in enumerate(tops):
            end = tops[i + 1].start if i + 1 < len(tops) else len(text)
            for key in _classify(h.title, year)[:1]:
                if not flags[key]:
                    flags[key] = True
                    spans[key] = (h.start, end)
        # Sub-headings may carry a part the top level merged ("二、问题与打算").
        for h in headings:
            if h.level == top:
                continue
            kinds = _classify(h.title, year)
            if kinds and kinds[0] == "first_responsible_duty" and not flags[kinds[0]]:
                flags[kinds[0]] = True
                spans[kinds[0]] = (h.start, h.end)
        # A top part that names two things ("存在的问题及下一步打算").
        for h in tops:
            kinds = _classify(h.title, year)
            for key in kinds[1:]:
                if key in ("shortcomings", "next_year_plan") and not flags[key]:
                    flags[key] = True
                    spans[key] = (h.start, h.end)
    if not flags["measures_and_results"] and headings:
        # Reports that open with their work under topical headings: the text
        # before the first shortcomings/plan part reports the measures.
        first_other = min(
            (
                spans[k][0]
                for k in ("shortcomings", "next_year_plan", "first_responsible_duty")
                if k in spans
            ),
            default=len(text),
        )
        if sum(1 for h in headings if h.start < first_other and h.marker != "#") >= 2:
            flags["measures_and_results"] = True
            spans["measures_and_results"] = (headings[0].start, first_other)
    if not flags["first_responsible_duty"]:
        passage = _duty_passage(text, spans)
        if passage:
            flags["first_responsible_duty"] = True
            spans["first_responsible_duty"] = passage
    return flags, spans


def _duty_passage(text: str, spans: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    """A sentence reporting how the principal leaders performed the duty, outside
    the shortcomings and next-year parts (and outside cited titles 《…》)."""
    excluded = [spans[k] for k in ("shortcomings", "next_year_plan") if k in spans]
    clean = re.sub(r"《[^》\n]{0,80}》", lambda m: "＿" * len(m.group()), text)
    for m in _DUTY_PASSAGE.finditer(clean):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        s = max(clean.rfind(c, 0, m.start()) for c in "。；;\n") + 1
        e_candidates = [i for i in (clean.find(c, m.end()) for c in "。；;\n") if i >= 0]
        e = min(e_candidates) if e_candidates else len(text)
        sentence = clean[s:e]
        if _DUTY_VERBS.search(sentence):
            return s, e
    return None


# A closing paragraph may state the shortcomings or the next year's plans in a
# sentence instead of a part of their own ("但也存在一些短板……下一步，我县将……").
_WEAK_PATTERNS: dict[str, re.Pattern[str]] = {
    "shortcomings": re.compile(
        r"(?:存在|仍有|还有|尚有|依然|仍然|也有)[^。；;\n]{0,30}"
        r"(?:不足|短板|差距|薄弱|弱项|问题|困难)"
    ),
    "next_year_plan": re.compile(
        r"(?:下一步|下步|明年|今后|新的一年|20\d\d年)[，,]?[^。；;\n]{0,12}"
        r"(?:将|要|继续|持续|进一步|着力|坚持)"
    ),
}
_NOT_WEAK = re.compile(r"解决|整改|发现|查出|排查|化解|\d")
CLOSING_SHARE = 0.3  # the closing paragraphs: the last third of the text (before the date)


def find_weak_parts(
    text: str,
    flags: dict[str, bool],
    spans: dict[str, tuple[int, int]],
    date_span: tuple[int, int] | None,
) -> frozenset[str]:
    """Shortcomings or next year's plans stated only as a sentence near the end:
    the part counts as found, but is marked weak (a check says so)."""
    end = date_span[0] if date_span else len(text)
    start = int(end * (1 - CLOSING_SHARE))
    weak = set()
    for key, pattern in _WEAK_PATTERNS.items():
        if flags.get(key):
            continue
        for m in pattern.finditer(text, start, end):
            s = max(text.rfind(c, 0, m.start()) for c in "。；;\n") + 1
            e_candidates = [i for i in (text.find(c, m.end()) for c in "。；;\n") if i >= 0]
            e = min(e_candidates) + 1 if e_candidates else end
            if key == "shortcomings" and _NOT_WEAK.search(text[s : m.end()]):
                continue
            flags[key] = True
            spans[key] = (s, e)
            weak.add(key)
            break
    return frozenset(weak)


def analyse_outline(text: str) -> Outline:
    headings = find_headings(text)
    title, _ = find_title(text)
    found = find_date(text)
    published, date_span = (found[0], found[1]) if found else (None, None)
    year = find_year(text, title, published)
    flags, spans = find_sections(text, headings, year)
    weak = find_weak_parts(text, flags, spans, date_span)
    return Outline(
        weak_sections=weak,
        headings=headings,
        title=title,
        region=find_region(text, title),
        year=year,
        issuer=find_issuer(text, title, date_span),
        date=published,
        date_span=date_span,
        sections=flags,
        section_spans=spans,
    )
