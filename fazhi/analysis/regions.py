"""Which region a report is about: the county (or city, district) named in its
title and opening lines, or a town or street with the county it belongs to
(part of :mod:`fazhi.analysis.outline`)."""

from __future__ import annotations

import re

from .gazetteer import gazetteer
from .lines import _lines, _strip_md
from .numbers import words

_REGION_SUFFIX = "县区市旗州盟"


# Towns and streets (乡镇、街道) report too; they are named with their county
# when the title or header names one (鲤城区…金龙街道办事处).
_TOWN_SUFFIXES = ("街道", "镇", "乡", "苏木")


_NOT_TOWNS = frozenset(
    words(
        """全镇 全乡 我镇 我乡 本镇 本乡 该镇 该乡 各镇 各乡 乡镇 城镇 村镇 集镇 小镇 重镇 名镇 街道
    全街道 本街道 我街道 各街道 镇街 乡镇街道 各乡镇 示范镇 示范乡 特色小镇 中心镇"""
    )
)


_SPLIT_WORDS = (
    "中国共产党",
    "中共",
    "关于上报",
    "关于",
    "上报",
    "人民政府",
    "委员会",
    "政府",
    "办公室",
    "文件",
    "年度",
    "法治",
    "的报告",
    "报告",
    "情况",
    "司法局",
    "现将",
)


# Words ending like a region that name no region (全县, 我区, 社区, 示范县 …).
_NOT_REGIONS = frozenset(
    words(
        """全县 全区 全市 全旗 全州 我县 我区 我市 我旗 本县 本区 本市 本旗 该县 该区 各县 各区 各市
    县区 市区 城区 辖区 社区 园区 景区 片区 小区 街区 校区 山区 地区 新区 老区 矿区 林区 牧区
    示范县 示范区 示范市 先行区 试验区 开发区 功能区 自治区 自治州 各县区 各县市区 市县 区县 省市
    治县 治区 治市 治旗"""
    )
)


# Characters that end a date or document number, or are grammar, not a name's first character.
_NOT_NAME_START = "年度号届月日的了在对于将把向由我本该之其"


def _region_candidates(line: str) -> list[str]:
    s = re.sub(r"\s+", "|", line)
    s = re.sub(r"\d+\s*(?:年度|年|号|届|月|日)?", "|", s)
    s = re.sub(r"[〔〕﹝﹞\[\]【】]", "|", s)
    s = re.sub(rf"([{_REGION_SUFFIX}])委", r"\1|", s)  # 东阿县委 -> 东阿县
    for w in _SPLIT_WORDS:
        s = s.replace(w, "|")
    out = []
    for chunk in re.split(r"[|，,、：:；;。（）()《》“”\"]", s):
        chunk = re.sub(r"(县县|区区|市市)$", lambda m: m.group()[0], chunk)
        chunk = chunk.lstrip(_NOT_NAME_START)
        if chunk in _NOT_REGIONS:
            continue
        if not (2 <= len(chunk) <= 10 and re.fullmatch(r"[\u4e00-\u9fff]+", chunk)):
            continue
        if chunk[-1] in _REGION_SUFFIX:
            out.append(chunk)
            continue
        town = _town_in(chunk)
        if town:
            out.append(town)
    return out


def _town_in(chunk: str) -> str | None:
    """A town or street at the end of ``chunk`` (…金龙街道, 澧浦镇), or None."""
    chunk = re.sub(r"(?:办事处|党工委|党委)$", "", chunk)
    for suffix in _TOWN_SUFFIXES:
        if chunk.endswith(suffix) and len(chunk) >= len(suffix) + 2 and chunk not in _NOT_TOWNS:
            # 鲤城区金龙街道: the town is what follows the county's name
            m = re.search(rf"[{_REGION_SUFFIX}]([^{_REGION_SUFFIX}]{{2,6}}{suffix})$", chunk)
            return m.group(1) if m else chunk[-(len(suffix) + 4) :] if len(chunk) > len(
                suffix
            ) + 4 else chunk
    return None


def is_town(name: str | None) -> bool:
    return bool(name) and name.endswith(_TOWN_SUFFIXES)  # type: ignore[union-attr]


# How a body names itself without its name: a town's report says 全镇, 我乡,
# 镇党委, 街道党工委 (or 街道 alone opening a sentence), a county's 全县, 县委…
_TOWN_SELF = re.compile(
    r"(?:全|我|本)(?:镇|乡|街道)|(?:镇|乡|街道)(?:党委|党工委|政府|人大|办事处)"
    r"|(?:^|(?<=[，,。；;：:\n]))(?:街道|镇|乡)(?=[\u4e00-\u9fff])"
)
_COUNTY_SELF = re.compile(r"(?:全|我|本)(?:县|区|市|旗)|(?:县|区|市|旗)(?:委|政府|人大)")


def speaks_as_town(text: str, region: str | None) -> bool:
    """Whether a report is a town's or street's own: its region is one, or,
    where it names no region (an excerpt), it speaks of itself as a town
    more often than as a county (全镇, 镇党委 … against 全县, 县委 …)."""
    if region:
        return is_town(region)
    town = len(_TOWN_SELF.findall(text))
    return town > 0 and town > len(_COUNTY_SELF.findall(text))


def county_of_town(text: str, title: str | None, town: str) -> str | None:
    """The county (district) a town's report names beside it in the title or header."""
    lines = [title or ""] + [_strip_md(raw) for _s, _e, raw in _lines(text)[:10]]
    for line in lines:
        if town not in line:
            continue
        for c in _region_candidates(line.replace(town, "|")):
            if c[-1] in "县区旗":
                return c
    return None


# How much of a report's opening the gazetteer reads (its region is named early).
_GAZETTEER_SPAN = 3000
_TITLE_LENGTH = 60


def find_region(text: str, title: str | None) -> str | None:
    """The county (or city, district) the report is about: a town or street
    found by its wording, else the full name of a county, city or province
    the gazetteer knows, else what the wording alone suggests."""
    by_wording = _region_by_wording(text, title)
    gz = gazetteer()
    opening = (title or "") + "\n" + text[:_GAZETTEER_SPAN]
    spans = gz.spans(opening)
    # a town its county's name bounds (泾县琴溪镇), if the report is about it:
    # named twice, or in its title or the opening words
    first = (title or "") + text[:_TITLE_LENGTH]
    towns = [
        t for t, n in gz.towns_after_counties(opening, spans).most_common()
        if t not in _NOT_TOWNS and (n >= 2 or opening.count(t) >= 2 or t in first)
    ]
    if towns and (not by_wording or not is_town(by_wording) or towns[0].endswith(by_wording)):
        return towns[0]
    if by_wording and is_town(by_wording) and not by_wording.endswith("乡镇"):
        return by_wording
    named = gz.most_specific(gz.mentions(opening, spans))
    if named and by_wording and by_wording.endswith(named) and by_wording != named:
        # a longer name the gazetteer does not know (renamed, or new), standing
        # by itself, and the known name never without it: the wording's
        # (东山阳县, not 山阳县; but 开阳县, not 第3期开阳县 once among many 开阳县)
        extra = by_wording[: -len(named)]
        if (
            extra not in gz.level  # (重庆市长寿区 is 长寿区 with its city)
            and not _NOT_IN_NAME & set(extra)  # (2期开阳县)
            and _bounded(opening, by_wording)
            and opening.count(by_wording) >= opening.count(named)
        ):
            return by_wording
    return named or by_wording


# An addressee line (县人民政府：) is short; an opening paragraph that ends
# "……报告如下：" names the region that reports.
_ADDRESSEE_LENGTH = 30


def _addressee(line: str) -> bool:
    return line.endswith(("：", ":")) and len(line) <= _ADDRESSEE_LENGTH


def _region_by_wording(text: str, title: str | None) -> str | None:
    pools: list[list[str]] = []
    if title:
        pools.append(_region_candidates(title))
    head = [
        _strip_md(raw)
        for _s, _e, raw in _lines(text)[:40]
        if raw.strip() and not _addressee(raw.strip())
    ]
    # Header lines (发文机关, 名称 …) name the region among few other words.
    header = [ln for ln in head if len(ln) <= 40 and not re.search(r"[，。；,;]", ln)]
    pools.append([c for line in header for c in _region_candidates(line)])
    for pool in pools:
        if pool:
            # Prefer the most mentioned; counties and districts before cities;
            # a town the title names before the county it belongs to.
            def rank(c: str) -> tuple[int, int]:
                level = 2 if is_town(c) else 0 if c[-1] == "市" else 1
                return (text.count(c) + (2 if is_town(c) else 0), level)

            return max(dict.fromkeys(pool), key=rank)
    return _region_in_prose(text, head)


# Grammar characters that a place name (as found in prose) does not contain.
_PROSE_STOP = set("的了和与及等在是为对将把向由从并或也都而之其我本该各全每省年号届度件个项次名以")
# ... nor the part of a longer name before a known one (the measure words of 2期, 3批)
_NOT_IN_NAME = _PROSE_STOP | set("期批")


_NAME_LENGTH_ORDER = {3: 0, 4: 1, 2: 2, 5: 3}


# Verbs that open a sentence of work done; a place name does not start with them.
_PROSE_VERBS = tuple(
    words(
        """完成 开展 组织 召开 举办 深入 推进 推动 加强 坚持 围绕 落实 制定 印发 建立 健全
    实现 指导 协助 配合 参加 参与 赴 前往 走访 联合 依托 覆盖 服务 全面 持续 积极 进一步
    聚焦 延伸 建成 抽查 文明 毗邻 现将 纳入 法治 健康 提高 不断 成立
    推荐 明确 立足 定期 加大 强化 规范 压实 督促 引导 鼓励 支持 确保 要求"""
    )
)


def _region_in_prose(text: str, head: list[str]) -> str | None:
    """A region named in the opening sentences of a report without a title line
    ("2023年，某某县坚持…"): the most mentioned word ending in 县/区/旗/市 that
    is mentioned twice or opens a sentence."""
    counts: dict[str, int] = {}
    for line in head:
        for m in re.finditer(r"[\u4e00-\u9fff]+", line):
            run = m.group()
            opens = (
                m.start() == 0
                or line[m.start() - 1] in "，,。；;：:、 \u3000"
                or (line[max(0, m.start() - 5) : m.start()].rstrip().endswith(tuple("0123456789")))
            )
            for end, ch in enumerate(run, start=1):
                if ch not in _REGION_SUFFIX or ch in "州盟":
                    continue
                if any(run[:end].endswith(w) for w in _NOT_REGIONS):
                    continue
                for n in _NAME_LENGTH_ORDER:
                    cand = run[max(0, end - n) : end]
                    if len(cand) != n or _PROSE_STOP & set(cand[:-1]):
                        continue
                    if cand.startswith(_PROSE_VERBS):  # 完成宣城市…任务, 深入某某区
                        continue
                    c = text.count(cand)
                    first = 1 if run[0] == "年" else 0
                    # once only: it opens the sentence as its subject (not 按照市委…)
                    subject = opens and end - n == first and run[end : end + 1] not in "委政人"
                    if c >= 2 or subject:
                        counts.setdefault(cand, c)
    if not counts:
        return _town_in_prose(text, head)
    return max(counts, key=lambda c: (counts[c], -_NAME_LENGTH_ORDER[len(c)]))


_TOWN_IN_PROSE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:街道|镇|乡)")


def _bounded(text: str, name: str) -> int:
    """How often ``name`` stands after punctuation, a digit or a line start."""
    n = 0
    for m in re.finditer(re.escape(name), text):
        before = text[m.start() - 1] if m.start() else "\n"
        after = text[m.end() : m.end() + 1]
        if before in "、" or after in ("、", "等"):
            continue  # one of a list of towns, not the one reporting
        if not "\u4e00" <= before <= "\u9fff":
            n += 1
    return n


def _town_in_prose(text: str, head: list[str]) -> str | None:
    """A town or street the opening sentences name (清波街道党工委…, 白楼乡开展…,
    2024年成立五常街道…): the name as it stands on its own, else the shortest."""
    best: tuple[int, int, int, str] | None = None
    for line in head:
        for m in _TOWN_IN_PROSE.finditer(line):
            name = m.group()
            suffix = 2 if name.endswith("街道") else 1
            for cut in range(0, len(name) - suffix - 1):
                cand = name[cut:]
                if cand in _NOT_TOWNS or _PROSE_STOP & set(cand[:-suffix]):
                    continue
                if cand.startswith(_PROSE_VERBS):
                    continue
                key = (_bounded(text, cand), text.count(cand), -len(cand), cand)
                if key[0] == 0 and key[1] < 2:
                    continue
                if best is None or key > best:
                    best = key
    return best[3] if best else None
