"""The names of China's provinces, prefectures and counties (省、地、县三级区划),
to find the region a report is about by its full name: 哈尔滨市, not 尔滨市;
石柱土家族自治县, not the 重庆市 before it (part of :mod:`fazhi.analysis.regions`).

The names are public facts (国家统计局区划代码), shipped in ``data/divisions.json``
with their source; nothing is looked up at run time."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

DIVISIONS_PATH = Path(__file__).resolve().parent / "data" / "divisions.json"

# Real county-level names that are also ordinary words in reports (大同市"城区",
# "郊区"…): never taken as a region by themselves.
_GENERIC = frozenset({"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区", "市中区"})

LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY = 0, 1, 2

# A town or street right after a county's name: two to four characters and its
# suffix, but not the 乡 of 乡镇 (景宁乡镇 is no town).
_TOWN_AFTER = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:街道|镇|乡))(?![\u4e00-\u9fff]{0,1}镇)")


class Gazetteer:
    def __init__(self, provinces: list[str], cities: dict[str, str], counties: dict[str, list[str]]):
        self.level: dict[str, int] = {}
        for name in provinces:
            self.level[name] = LEVEL_PROVINCE
        for name in cities:
            self.level.setdefault(name, LEVEL_CITY)
        for name in counties:
            if name not in _GENERIC:
                self.level[name] = LEVEL_COUNTY
        self.parents: dict[str, tuple[str, ...]] = {
            name: tuple(dict.fromkeys(p for p in parents if p != name))
            for name, parents in counties.items()
        }
        for name, province in cities.items():
            self.parents.setdefault(name, (province,))
        # per last character, the lengths of the names ending in it, longest first
        lengths: dict[str, set[int]] = {}
        for n in self.level:
            lengths.setdefault(n[-1], set()).add(len(n))
        self._lengths = {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}
        self._last_char_re = re.compile("[" + re.escape("".join(sorted(lengths))) + "]")

    def mentions(self, text: str, spans: list[tuple[int, int, str]] | None = None) -> Counter[str]:
        """How often each name stands in ``text`` (the longest name ending at
        each place; a two-character name (和县, 冠县, 泾县) only after a
        boundary or a known name, so that "市和县两级" is not 和县)."""
        found: Counter[str] = Counter()
        spans = self.spans(text) if spans is None else spans
        for i, (_start, end, name) in enumerate(spans):
            # 重庆市石柱土家族自治县, 江苏省海门市: the province or city only
            # qualifies the name after it
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if nxt and nxt[0] == end and name in self.parents.get(nxt[2], ()):
                continue
            found[name] += 1
        return found

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Each name in ``text`` with its place, in order: the longest name
        ending at each place; a two-character name only after a boundary."""
        out: list[tuple[int, int, str]] = []
        level, lengths = self.level, self._lengths
        for m in self._last_char_re.finditer(text):  # (only where a name can end)
            end = m.end()
            for n in lengths[m.group()]:
                start = end - n
                if start < 0:
                    continue
                name = text[start:end]
                if name not in level:
                    continue
                # (安徽省和县, 马鞍山市和县: right after a known name is bounded too)
                if n == 2 and not (_starts_a_word(text, start) or (out and out[-1][1] == start)):
                    continue
                out.append((start, end, name))
                break
        return out

    def towns_after_counties(
        self, text: str, spans: list[tuple[int, int, str]] | None = None
    ) -> Counter[str]:
        """Towns and streets named right after their county (泾县琴溪镇,
        西青区杨柳青镇: the county's name bounds the town's on the left), where
        the county is never named by itself (a county's report names its
        towns with it, and itself alone too)."""
        found: Counter[str] = Counter()
        county_of: dict[str, str] = {}
        alone: set[str] = set()
        for _start, end, name in self.spans(text) if spans is None else spans:
            if self.level[name] != LEVEL_COUNTY:
                continue
            m = _TOWN_AFTER.match(text, end)
            if m:
                found[m.group(1)] += 1
                county_of[m.group(1)] = name
            else:
                alone.add(name)
        return Counter({t: n for t, n in found.items() if county_of[t] not in alone})

    def most_specific(self, counts: Counter[str]) -> str | None:
        """The region a text is about, from its ``mentions``: the most
        mentioned, and of names mentioned as often the lower level (a county
        before its city)."""
        if not counts:
            return None
        return max(counts, key=lambda n: (counts[n], self.level[n], len(n)))


def _starts_a_word(text: str, start: int) -> bool:
    """No character before ``start`` (a line start, punctuation, a digit), or 年."""
    if start == 0:
        return True
    before = text[start - 1]
    return not ("\u4e00" <= before <= "\u9fff") or before == "年"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = json.loads(DIVISIONS_PATH.read_text(encoding="utf-8"))
    return Gazetteer(data["provinces"], data["cities"], data["counties"])
