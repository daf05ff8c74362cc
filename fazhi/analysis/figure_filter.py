"""Which numbers of a report are figures: a number with its unit (numbers.py)
that is not a date, a document number, an ordinal, a session, a slogan, a
time frame, part of a name or title, or a line of document metadata; and the
low end of a range (3至5个). Part of :mod:`fazhi.analysis.facts`."""

from __future__ import annotations

import re

from .numbers import DURATION_UNITS, Quantity, parse_number, words

# (a clause ends at these; 、 only between two figures: facts.py)
CLAUSE_DELIMS = "，,；;。：:！!？?\n\r"
_DIGIT = re.compile(r"\d")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")

# Slogans and names built from small Chinese numbers: 三项制度, 两个维护, 三年行动.
_SLOGAN_NOUNS: tuple[str, ...] = words(
    """
    制度 机制 体系 政策 原则 要求 服务 工程 行动 责任 意识 自信 维护 确立 全面 实事 作风 优先 必须
    务必 坚持 模式 理念 思想 精神 战略 攻坚 计划 规划 清单 不直接 严禁 禁止 融合 合一 同步 同时
    统一 到位 工作法 做法 导向 联动 一体 示范 保障 覆盖 标准 环节 目标 能力 效应 指数 代表 规定
    区分 监督 基本 主体 体制
    """
)
_DURATION_TRIGGERS: tuple[str, ...] = (
    "连续",
    "节省",
    "节约",
    "缩短",
    "压缩",
    "压减",
    "减少",
    "提前",
    "历时",
    "用时",
    "平均",
    "累计",
    "长达",
    "达到",
    "达",
    "为",
    "至",
    "到",
    "共",
    "满",
    "超",
    "保持",
    "坚持",
)
_SHORTENED: tuple[str, ...] = ("压缩", "缩短", "压减", "减少", "减至", "降至", "提速")
_METADATA_MARKERS: tuple[str, ...] = ("共印", "印数", "抄送", "抄报", "页码")
# 附件 heads the list of attachments ("附件：1.…"); in prose ("详见附件2") it is
# only a reference, and the paragraph's figures stay figures.
_ATTACHMENTS = "附件"


_WINDOW = 300  # how far around a number its line is searched (keeps long lines linear)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line around ``pos``, clipped to a window around it."""
    lo = max(0, pos - _WINDOW)
    start = text.rfind("\n", lo, pos) + 1 or lo
    hi = min(len(text), pos + _WINDOW)
    end = text.find("\n", pos, hi)
    return start, hi if end < 0 else end


def _open_between(
    text: str, pos: int, opener: str, closer: str, limit: int,
    bounds: tuple[int, int] | None = None,
) -> bool:
    """True if ``pos`` lies inside opener…closer within the same line, content ≤ limit
    (``bounds``: ``_line_bounds(text, pos)`` when the caller has it)."""
    line_start, line_end = bounds or _line_bounds(text, pos)
    lo = max(line_start, pos - limit)
    o = text.rfind(opener, lo, pos)
    if o < 0:
        return False
    if text.rfind(closer, o, pos) >= 0:
        return False
    c2 = text.find(closer, pos, min(line_end, o + limit + 2))
    return c2 >= 0 and c2 - o - 1 <= limit


def in_brackets(text: str, pos: int) -> bool:
    bounds = _line_bounds(text, pos)
    return _open_between(text, pos, "（", "）", 80, bounds) or _open_between(
        text, pos, "(", ")", 80, bounds
    )


def _unbalanced_close(text: str, pos: int, bounds: tuple[int, int] | None = None) -> bool:
    """A ” shortly after ``pos`` that no “ on the line opened: the number sits in
    a quoted name whose opening mark was lost (…三支队伍”…)."""
    line_start, _ = bounds or _line_bounds(text, pos)
    close = text.find("”", pos, pos + 10)
    if close < 0 or "“" in text[pos:close] or "\n" in text[pos:close]:
        return False
    return text.count("“", line_start, pos) <= text.count("”", line_start, pos)


# A range: "3至5个", "3—5天", "1-2部" -- the number before the dash is the low end.
_RANGE_RE = re.compile(
    r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)\s*(?:[^\s\d至到~～—–\-－]{1,3})?"
    r"\s*(?:至|到|~|～|—|–|-|－)\s*$"
)


def range_low(text: str, q: Quantity) -> tuple[float, int] | None:
    """The low end of a range ending in ``q`` and where it starts, or None."""
    before = text[max(0, q.num_start - 12) : q.num_start]
    m = _RANGE_RE.search(before)
    if not m:
        return None
    unit_between = m.group(0)[len(m.group(1)) :].strip().rstrip("至到~～—–-－").strip()
    if unit_between and unit_between != q.unit:
        return None  # 1月至5件: not one range
    low = parse_number(m.group(1))
    if low is None or low >= q.value:
        return None
    return low, q.num_start - len(before) + m.start(1)


_ORDINAL_LIST = re.compile(r"第[\d一二三四五六七八九十]{1,3}[、和及至到]$")
# 届 and the body it is of (人大, 政协, 县委): not 届时/届满/届期.
_SESSION_OF = re.compile(r"届(?![时满期])[\u4e00-\u9fff]{0,4}$")
_SESSIONS = ("会议", "全会", "全体会议")


def is_figure(text: str, q: Quantity, in_range: bool = False) -> bool:
    before = text[max(0, q.num_start - 6) : q.num_start].rstrip(" \u3000\xa0")
    after = text[q.end : q.end + 6]
    after_stripped = after.lstrip(" \u3000\xa0")
    # Ordinals and rankings: 第十五届, 第3名, 前三名, and the second of 第二、三批.
    if before.endswith("第") or (q.unit in ("名", "位", "强") and before.endswith(("前", "后"))):
        return False
    if _ORDINAL_LIST.search(before):
        return False
    # 二次 before a verb is "a second time", not a count (二次办理, 二次审核);
    # a count says 两次 or 2次.
    if q.unit == "次" and q.raw == "二" and CJK_CHAR.match(after_stripped) and not after_stripped.startswith(
            ("会", "全")):
        return False
    # Sessions of a congress or committee: 市委八届六次全会, 十三届三次会议,
    # 第十七届人大二次会议 (the body named between 届 and the session).
    if q.unit == "次" and (before.endswith("届") or (
            q.chinese and _SESSION_OF.search(before) and after.startswith(_SESSIONS))):
        return False
    # Codes and identifiers: letters, slashes or hyphens glued to the number.
    glued = (before[-1:].isascii() and before[-1:].isalnum()) or before.endswith(
        ("-", "/", "—", "〕", "]")
    )
    if glued and not q.chinese and not in_range:
        return False
    # Years: 2023年 is a date; only short spans (连续两年, 3年来) are durations.
    if q.unit == "年" and q.value >= 100:
        return False
    if q.unit in ("年", "个月") and _DIGIT.match(after_stripped):
        return False
    if q.chinese:
        if q.value == 1 and q.raw in ("一", "壹"):
            return False  # 一次性, 一批, 一件事: "one" is rarely a counted figure
        if q.value <= 10 and after_stripped.startswith(_SLOGAN_NOUNS):
            return False
        if q.value <= 10 and after_stripped[:1] in "一二三四五六七八九十两":
            return False  # 五个一工程, 三个一批
        if q.unit in ("分", "倍", "元"):
            return False  # 十分重视
    if q.unit in ("年", "周", "天") and after_stripped.startswith(("行动", "计划", "规划", "攻坚")):
        return False
    # 五年来, 3个月内: a time frame, not a quantity of work.
    if q.unit in DURATION_UNITS and after_stripped.startswith(("来", "以来", "内", "间", "期间")):
        return False
    if q.unit in DURATION_UNITS:
        nxt = after_stripped[:1]
        ends_clause = (
            not nxt
            or nxt in CLAUSE_DELIMS + "、）)”"
            or after_stripped.startswith(("以上", "左右", "来", "以来"))
        )
        triggered = before.endswith(_DURATION_TRIGGERS) or any(
            t in before for t in ("连续", "节省", "缩短", "压缩", "提前", "历时")
        ) or (
            # 时限由20个工作日压缩至5个: the old time limit of a change
            before.endswith(("由", "从"))
            and any(t in text[q.end : q.end + 12] for t in _SHORTENED)
        )
        if not (ends_clause or triggered):
            return False
    # Names and titles: “三提三敢”, 《…（2021—2025年）》.
    bounds = _line_bounds(text, q.num_start)  # (the same line for every test below)
    if _open_between(text, q.num_start, "“", "”", 20, bounds) or _open_between(
        text, q.num_start, "《", "》", 80, bounds
    ):
        return False
    if _unbalanced_close(text, q.num_start, bounds):
        return False
    if _open_between(text, q.num_start, "〔", "〕", 10, bounds) or _open_between(
        text, q.num_start, "[", "]", 10, bounds
    ):
        return False
    line_start, line_end = bounds
    line = text[line_start:line_end]
    if line.lstrip(" \u3000\t").startswith(_ATTACHMENTS):
        return False
    return not any(m in line for m in _METADATA_MARKERS)
