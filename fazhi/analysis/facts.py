"""Figures in a report: every quantitative statement about the work.

A figure is a number with a unit (see numbers.py) that is not a date, a
document number, an ordinal or part of a name (figure_filter.py). Each gets the clause it sits in
(its quote, never crossing a line break, at most 80 characters), the phrase it
measures (with the subject a list shares: "接收行政复议申请91件,受理73件" gives
"行政复议申请受理" for 73) and a catalogue code where one fits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass

from .coding import Coder, counts_nothing
from .figure_filter import CJK_CHAR as _CJK_CHAR
from .figure_filter import CLAUSE_DELIMS as _CLAUSE_DELIMS
from .figure_filter import in_brackets, is_figure, range_low
from .numbers import (
    PERCENT_UNITS,
    Quantity,
    clause_without_quantities,
    find_quantities,
    normalise_digits,
    without_quantities,
)
from .vocabulary import (
    COMPANION_COUNTS,
    COURT_CASELOAD_CODES,
    COURT_WORDS,
    GOVERNMENT_PARTY_WORDS,
    LIST_TOTALS,
    PEOPLE_UNITS,
    REACH_WORDS,
    SESSION_FAMILY,
    session_kind,
)

MAX_QUOTE = 80
# a noun ending so names a person (调解员, 执法人员): what 个 then counts are people
_PERSON_NOUN_ENDS = ("员",)

# Clause boundaries (figure_filter.CLAUSE_DELIMS). 、 only separates clauses
# between two figures (a list).
_SENTENCE_DELIMS = "。；;！!？?\n\r"
_EDGE_JUNK = " \u3000\xa0\t*#>-—"


# Stripped from the front of a phrase: list markers, time expressions, fillers.
_LEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）.、．]|"
    r"\d{4}\s*年(?:度|以来|全年|上半年|下半年)?|今年以来|全年|年内|截至目前|截至\S{0,10}?底|"
    r"目前|同时|其中|此外|另外|并|还|共|累计共|先后)+"
)
_TRAIL_RE = re.compile(
    r"(?:共计|合计|总计|累计|共|达到|高达|均达|均为|达|为|保持|实现|约|近|超过|逾|"
    r"连续\d+个月保持|连续)+$"
)
_AMONG_RE = re.compile(
    r"(?<=[\u4e00-\u9fff]{3}[^集其心空期当途高初命热选适居侧正暗])(?:之中|当中|中)$"
)
_LEADING_VERBS: tuple[str, ...] = (
    "接收",
    "收到",
    "受理",
    "办理",
    "办结",
    "完成",
    "开展",
    "组织",
    "举办",
    "召开",
    "制定",
    "出台",
    "印发",
    "审核",
    "审查",
    "梳理",
    "编制",
    "排查",
    "发放",
    "解答",
    "建设",
    "建成",
    "培养",
    "选聘",
    "聘任",
    "发现",
    "查处",
    "查出",
    "移送",
    "移交",
    "处理",
    "化解",
    "调解",
    "办",
    "共",
    "累计",
    "全县",
    "全市",
    "全区",
)


@dataclass
class Fact:
    phrase: str
    value: float
    unit: str
    approx: bool
    code: str | None
    start: int  # the clause (quote) around the figure
    end: int
    quote: str
    num_start: int  # the number and unit themselves
    num_end: int
    confidence: float = 0.0  # how sure the coder is of ``code`` (or of leaving it out)
    high: float | None = None  # the upper end of a range (3至5个: value 3, high 5)
    own_phrase: str = ""  # the phrase without a subject shared from an earlier clause
    subject_of: int | None = None  # index of the fact whose subject this one shares

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        v = self.value
        d["value"] = int(v) if float(v).is_integer() else v
        if self.high is not None:
            d["high"] = int(self.high) if float(self.high).is_integer() else self.high
        else:
            del d["high"]
        d["confidence"] = round(self.confidence, 3)
        for internal in ("num_start", "num_end", "own_phrase", "subject_of"):
            del d[internal]
        return d


@dataclass
class _Clause:
    start: int
    end: int


_DELIM_RES: dict[str, re.Pattern[str]] = {}


def _segments(text: str, start: int, end: int, delims: str) -> list[_Clause]:
    out: list[_Clause] = []
    s = start
    rx = _DELIM_RES.get(delims)
    if rx is None:
        rx = _DELIM_RES[delims] = re.compile("[" + re.escape(delims) + "]")
    # (only the delimiters are visited, found by the compiled class)
    for m in rx.finditer(text, start, end):
        i = m.start()
        # 1,234: a comma between digits is a thousands separator.
        if (
            text[i] == ","
            and 0 < i < len(text) - 1
            and text[i - 1].isdigit()
            and text[i + 1].isdigit()
        ):
            continue
        if s < i:
            out.append(_Clause(s, i))
        s = i + 1
    if s < end:
        out.append(_Clause(s, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    return start, end




_SPACES = re.compile(r"\s+")
_ETC = re.compile(r"(?<![平同高中初对均])等(?![级额待次同])")
_AND = re.compile(r"[、和及与]")
_POST_SPLIT = re.compile(r"[，,；;。：:、\s（()）]")


def _clean_phrase(s: str) -> str:
    s = _SPACES.sub("", s).strip("*#“”\"'")
    s = s.lstrip("（(）)").rstrip("（(")
    prev = None
    while prev != s:
        prev = s
        s = _LEAD_RE.sub("", s)
        s = _TRAIL_RE.sub("", s)
        # "2418项政务服务事项中，…": the matters counted, not "…事项中".
        s = _AMONG_RE.sub("", s)
    return s


# A clause that opens with one of these verbs reports what became of the
# matters counted just before it (受理73件 after 接收行政复议申请91件).
OUTCOME_VERBS = re.compile(
    r"^(?:已|共|均|依法|及时|成功)?(?:不予受理|受理|立案|办结|审结|结案|化解|纠错|纠正|调解|"
    r"答复|办复|开庭|出庭|撤销|维持|驳回|确认违法|整改|解决|采纳|作出|移交|移送|成功|处理|败诉|胜诉)"
)
# Attributes of the matters counted before: 涉案金额, 参与人次 …
_ATTRIBUTE_NOUNS = re.compile(
    r"^(?:涉案|涉及|共计|合计)?(?:金额|总额|总量|数量|人数|人次|比例|占比)$"
)


# A change without its own subject: "同比下降35.98%".
_CHANGE_ONLY = re.compile(
    r"(?:同比|环比|较上年|比上年|较去年|比去年)?(?:增长|下降|上升|减少|提高|降低|增加)了?"
)


def _needs_subject(head: str) -> bool:
    """Whether a short clause leans on the subject of the clause before it:
    a rate (办结率), an outcome (受理, 纠错) or an attribute (涉案金额)."""
    n = _cjk_len(head)
    if n == 0:
        return True
    if n > 6:
        return False
    return (
        head.endswith("率")
        or bool(OUTCOME_VERBS.search(head) or _ATTRIBUTE_NOUNS.search(head))
        or bool(_CHANGE_ONLY.fullmatch(head))
    )


def _focus(pre: str) -> str:
    """The part of a long phrase that the number measures.

    "A、B、C等“金牌调解员”" -> "“金牌调解员”"; "行政执法人员等共计" -> "行政执法人员".
    """
    matches = list(_ETC.finditer(pre))
    if not matches:
        return pre
    m = matches[-1]
    after = _clean_phrase(pre[m.end() :])
    if _cjk_len(after) >= 2:
        return after
    before = _AND.split(pre[: m.start()])[-1]
    return before if _cjk_len(before) >= 2 else pre


def _strip_leading_verb(s: str) -> str:
    if not s.startswith(_LEADING_VERBS):  # (the usual case, in one C-level test)
        return s
    changed = True
    while changed:
        changed = False
        for v in _LEADING_VERBS:
            if s.startswith(v) and len(s) > len(v) + 1:
                s = s[len(v) :]
                changed = True
    return s


def _cjk_len(s: str) -> int:
    return len(_CJK_CHAR.findall(s))


_BATCH, _BATCH_CHARS = 512, 1_000_000  # figures, characters of context the coder gets at once


def _counted_unit(unit: str, pre: str) -> str:
    """The unit the coder is told: 个 counts people when the noun it counts is
    a person (调解员1153个, 专职调解员600个 are mediators, not committees)."""
    return "人" if unit == "个" and pre.endswith(_PERSON_NOUN_ENDS) else unit


def extract_facts(text: str, coder: Coder | None = None) -> list[Fact]:
    """Every figure in ``text`` with its phrase, code and span."""
    if coder is None:
        from .learned import shipped_coder  # the learned coder builds on this module

        coder = shipped_coder()
    t = normalise_digits(text)
    every = find_quantities(t)  # (figures or not: a clause's words leave them all out)
    starts = [q.num_start for q in every]
    quantities = [
        q
        for q in every
        if is_figure(t, q) or (range_low(t, q) is not None and is_figure(t, q, in_range=True))
    ]
    # "3个到5个": the low end's own quantity is part of the range, not a figure.
    ranges = [(r[1], q.num_start) for q in quantities if (r := range_low(t, q))]
    if ranges:
        quantities = [
            q for q in quantities if not any(lo <= q.num_start < hi for lo, hi in ranges)
        ]
    facts: list[Fact] = []
    contexts: list[tuple[str, ...]] = []  # what the coder is told of each figure
    decisions: list[tuple[str | None, float]] = []  # (code, confidence) of the figures so far
    held = 0  # characters of the contexts not yet coded
    if not quantities:
        return facts
    sentences = _segments(t, 0, len(t), _SENTENCE_DELIMS)
    qi = 0
    for si, sent in enumerate(sentences):
        # the sentence before names the topic a figure's sentence may leave out
        prev_sent_start = sentences[si - 1].start if si else sent.start
        in_sent: list[Quantity] = []
        while qi < len(quantities) and quantities[qi].num_start < sent.end:
            if quantities[qi].num_start >= sent.start:
                in_sent.append(quantities[qi])
            qi += 1
        if not in_sent:
            continue
        clauses = _segments(t, sent.start, sent.end, _CLAUSE_DELIMS)
        # Split a clause at 、 between two figures: "建议2件、提案1件".
        split: list[_Clause] = []
        for c in clauses:
            qs = [q for q in in_sent if c.start <= q.num_start < c.end]
            s = c.start
            for a, b in zip(qs, qs[1:], strict=False):
                k = t.find("、", a.end, b.num_start)
                if k >= 0:
                    split.append(_Clause(s, k))
                    s = k + 1
            split.append(_Clause(s, c.end))
        prev_subject = ""
        prev_index: int | None = None
        for c in split:
            qs = [q for q in in_sent if c.start <= q.num_start < c.end]
            if not qs:
                continue
            cs, ce = _trim(t, c.start, c.end)
            local = t[cs:ce]
            local_words = clause_without_quantities(t, cs, ce, every, starts)  # (once per clause)
            first = qs[0]
            shared_pre = _clean_phrase(without_quantities(t[cs : max(cs, first.start)]))
            prev_post = ""
            for i, q in enumerate(qs):
                nxt = qs[i + 1].start if i + 1 < len(qs) else ce
                post = t[q.end : max(q.end, nxt)]
                post = _POST_SPLIT.split(post.strip(), maxsplit=1)[0][:16]
                if i == 0:
                    pre = _focus(shared_pre)  # (q is ``first``: the same words)
                else:
                    # "14件（其中信件申请10件": the words between the two figures,
                    # unless they only name what the previous one counted (20个单位333项).
                    between = t[qs[i - 1].end : q.start].strip()
                    between = between.removeprefix(prev_post)
                    between = _clean_phrase(without_quantities(between))
                    pre = _focus(between if _cjk_len(between) >= 2 else shared_pre)
                prev_post = post
                head = pre
                if post and _cjk_len(post) >= 1 and not post.startswith(("以上", "左右", "的")):
                    head = pre + _AMONG_RE.sub("", post)
                carried = ""
                # "执法人员1256人，其中持证1102人": a short breakdown leans on it too.
                breakdown = local.startswith("其中") and 0 < _cjk_len(head) <= 4
                if prev_subject and i == 0 and (_needs_subject(head) or breakdown):
                    carried = prev_subject
                    subject_of = prev_index
                else:
                    subject_of = None
                phrase = (carried + head) if carried else head
                phrase = phrase or local
                # (coded in batches, a whole report at once: nothing here needs a
                # code; a batch ends early rather than hold a copy of long sentences
                # for every figure)
                # (unit, phrase, local, subject, counted, after, context, topic)
                contexts.append((_counted_unit(q.unit, pre), pre, local_words, carried, post,
                                 head[len(pre) :],
                                 t[sent.start : q.start], t[prev_sent_start : sent.end]))
                held += len(contexts[-1][6]) + len(contexts[-1][7])
                if len(contexts) >= _BATCH or held > _BATCH_CHARS:
                    decisions += coder.decide_many(contexts)
                    contexts, held = [], 0
                qs_, qe_ = _quote_span(t, cs, ce, q)
                low = range_low(t, q)
                facts.append(
                    Fact(
                        phrase=phrase,
                        value=low[0] if low else q.value,
                        high=q.value if low else None,
                        unit=q.unit,
                        approx=q.approx,
                        code=None,
                        start=qs_,
                        end=qe_,
                        quote=text[qs_:qe_],
                        num_start=low[1] if low else q.start,
                        num_end=q.end,
                        own_phrase=head,
                        subject_of=subject_of,
                    )
                )
                # A figure with its own subject passes it on to the short clauses
                # after it; a rate or a change does not ("同比增长5%，其中…"), nor
                # does an item of a breakdown ("14件（其中网络申请4件），已办结12件";
                # "38件，其中一审35件、二审3件，败诉4件").
                if carried or q.unit in PERCENT_UNITS:
                    continue
                if "其中" in t[sent.start : q.start] or in_brackets(t, q.num_start):
                    continue
                subj = _strip_leading_verb(head)
                if _cjk_len(subj) >= 2:
                    prev_subject = subj
                    prev_index = len(facts) - 1
    decisions += coder.decide_many(contexts)
    for f, (code, confidence) in zip(facts, decisions, strict=True):
        f.code, f.confidence = code, confidence
        if code in SESSION_FAMILY:
            f.code = session_kind(f.quote) or code
    _leave_court_caseloads(t, sentences, facts)
    _inherit_breakdowns(t, facts)
    _inherit_enumerations(t, facts)
    _inherit_companions(t, facts)
    return facts


# An uncoded item leans on the figure it belongs to, a step less sure: a
# breakdown on its total ("信息37393条，其中通过网站公开23643条、政务新媒体4849条":
# the items count what the total counts), an enumeration's bare figures on the first.
INHERIT_FACTOR = 0.9
_MAX_ITEM_PHRASE = 10  # CJK characters: a longer phrase names its own thing
# An item named as a category of its total (行政处罚类17件, 涉及水务方面的有19件,
# 商事主体监管领域1项) counts what the total counts, whatever its own words
# would be coded as on their own.
_CATEGORY_ITEM = re.compile(r"(?:类|方面|领域)(?:的)?(?:有|共|为)?$")


# Words that open a breakdown of the total before them (其中, 即), and a total
# that the next clause breaks down ("新受理的行政复议151件中，……140件").
_BREAKDOWN_MARKS: tuple[str, ...] = ("其中", "即")
_AMONG_TOTAL = re.compile(r"[^。！？；;\n，,]{0,6}中[，,：:]")
# A sentence that opens by pointing back at a total of the sentence before
# ("在这些建议、批评和意见中，涉及水务方面的有19件") breaks that total down.
_BACK_REFERENCE = re.compile(r"(?:这些|上述|前述)[^。！？；;\n]{0,16}中[，,：:]")
_BACK_REACH = 300  # characters from the total to an item after such a reference
# A figure stated as a comparison (比上年的824件, 增加438件) is not the total a
# list breaks down.
_COMPARISON = re.compile(r"比|较|同比|增加|减少|增长|下降")

# Between two items of one breakdown list: the next item's label, no sentence end.
_SIBLING_GAP = re.compile(r"[^。！？；;\n]{1,30}")


def _inherit_breakdowns(t: str, facts: list[Fact]) -> None:
    """Give an uncoded breakdown item the code of the total it breaks down
    (after 其中 in the same or the next sentence, or in brackets right after it),
    and the items after it in the same list the same code ("其中商事主体监管领域1项,
    广告监管领域5项,……消费者权益保护领域1项": the list may run past the total's reach)."""
    items: set[int] = set()  # the facts that took a total's code
    list_items: set[int] = set()  # ... of a list total (LIST_TOTALS)
    for i, f in enumerate(facts):
        if f.unit in PERCENT_UNITS or _cjk_len(f.own_phrase) > _MAX_ITEM_PHRASE:
            continue
        # a coded item keeps its code, unless it is a category of its total or
        # an item of a list's total (权责清单…项，其中行政许可11项: a kind of power)
        own = bool(f.code) and not _CATEGORY_ITEM.search(f.own_phrase)
        if counts_nothing(t[f.start : f.num_start]):  # (其中审结30件，胜诉29件)
            continue
        for j in range(i - 1, -1, -1):
            p = facts[j]
            if p.unit in PERCENT_UNITS:
                continue
            between = t[p.num_end : f.num_start]
            if j in items and p.unit == f.unit and _SIBLING_GAP.fullmatch(between):
                if own and j not in list_items:
                    break
                f.code, f.confidence = p.code, p.confidence  # (p's is already the item's)
                items.add(i)
                if j in list_items:
                    list_items.add(i)
                break
            back = _BACK_REFERENCE.search(between)
            back = back if back and "。" not in between[back.end() :] else None
            if len(between) > (_BACK_REACH if back else 60) or sum(
                between.count(c) for c in "。！？\n"
            ) > 1:
                break
            if p.unit != f.unit:
                continue
            opened = between.count("（") + between.count("(") > between.count("）") + between.count(")")
            among = (
                any(m in between and "。" not in between.split(m)[-1] for m in _BREAKDOWN_MARKS)
                or bool(_AMONG_TOTAL.match(between))
                or back is not None
            )
            if not (among or opened):
                continue
            if p.code is None:
                if _COMPARISON.search(t[max(0, p.start) : p.num_end + 8]):
                    continue  # (比上年的824件增加438件: the total is further back)
                break
            if own and p.code not in LIST_TOTALS:
                break
            f.code = p.code
            f.confidence = p.confidence * INHERIT_FACTOR
            items.add(i)
            if p.code in LIST_TOTALS:
                list_items.add(i)
            break


# "败诉率分别为16.4%、11.36%、9.72%": the bare figures after the first of an
# enumeration have no words of their own; they count what the first counts.
_ENUMERATION_GAP = re.compile(r"[、，,和及与或\s]{1,3}")


def _inherit_enumerations(t: str, facts: list[Fact]) -> None:
    """Give an uncoded figure without any words of its own the code of the
    figure it follows in an enumeration (same unit, only 、/和/及 between)."""
    for i in range(1, len(facts)):
        f, p = facts[i], facts[i - 1]
        if f.code or not p.code or f.unit != p.unit or _cjk_len(f.own_phrase.strip("和及与或")):
            continue
        if _ENUMERATION_GAP.fullmatch(t[p.num_end : f.num_start]):
            f.code = p.code
            f.confidence = p.confidence * INHERIT_FACTOR


_COMPANION_GAP = re.compile(r"[^。！？；;\n]{0,40}")
_MAX_REACH_PHRASE = 8  # CJK characters: the verb of reach and whom it reached


def _inherit_companions(t: str, facts: list[Fact]) -> None:
    """Give an uncoded people figure the companion code (COMPANION_COUNTS) of
    the count of sessions just before it in its sentence, when its own words
    only say whom the sessions reached (覆盖科级以上干部680余人次)."""
    for i in range(1, len(facts)):
        f, p = facts[i], facts[i - 1]
        companion = COMPANION_COUNTS.get(p.code or "")
        if f.code or not companion or f.unit not in PEOPLE_UNITS:
            continue
        own = f.own_phrase
        if _cjk_len(own) > _MAX_REACH_PHRASE or not any(w in own for w in REACH_WORDS):
            continue
        if _COMPANION_GAP.fullmatch(t[p.num_end : f.num_start]):
            f.code = companion
            f.confidence = p.confidence * INHERIT_FACTOR


def _leave_court_caseloads(t: str, sentences: list[_Clause], facts: list[Fact]) -> None:
    """Uncode a caseload figure (COURT_CASELOAD_CODES) whose sentence or the
    sentence before names a court (COURT_WORDS): it is the court's count,
    unless its own sentence makes the government a party (GOVERNMENT_PARTY_WORDS)."""
    starts = [s.start for s in sentences]
    for f in facts:
        if f.code not in COURT_CASELOAD_CODES:
            continue
        si = bisect_right(starts, f.num_start) - 1
        own = t[sentences[si].start : f.num_start]
        around = t[sentences[max(si - 1, 0)].start : f.num_start]
        if any(w in around for w in COURT_WORDS) and not any(
            w in own for w in GOVERNMENT_PARTY_WORDS
        ):
            f.code = None


def _quote_span(text: str, cs: int, ce: int, q: Quantity) -> tuple[int, int]:
    """The clause around ``q``, at most MAX_QUOTE characters and without line breaks."""
    s, e = cs, ce
    if e - s > MAX_QUOTE:
        s = max(cs, min(q.start, q.end - MAX_QUOTE // 2))
        e = min(ce, s + MAX_QUOTE)
        if q.end > e:
            e = q.end
            s = e - MAX_QUOTE
    return _trim(text, s, e)
