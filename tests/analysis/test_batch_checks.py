"""Cross-report checks of a whole batch, grouped by region and year: the same
checks as comparing every report with every other, found by comparing each
report only with its own region's reports of the same and the previous year."""

from __future__ import annotations

import itertools

import pytest

from fazhi.analysis import checks
from fazhi.analysis.reader import ReportAnalysis, add_batch_cross_checks, analyze_text

FULL = (
    "{region}{year}年度法治政府建设情况的报告\n"
    "一、{year}年主要举措和成效\n{body}\n"
    "二、存在的不足\n不足。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
    "四、{next}年工作安排\n继续努力。\n"
    "{region}人民政府\n{next}年3月2日\n"
)
FILLER_REGIONS = ["".join(p) + "县" for p in itertools.product("东西南北中", "山河湖林田", "阳平")]


def _report(region: str, year: int, body: str, name: str) -> ReportAnalysis:
    text = FULL.format(region=region, year=year, next=year + 1, body=body)
    r = analyze_text(text, name)
    assert (r.region, r.year) == (region, year), name
    return r


@pytest.fixture(scope="module")
def batch() -> list[ReportAnalysis]:
    reports = [
        _report("甲县", 2023, "开展庭审观摩32次。接收行政复议申请91件。", "甲2023a.txt"),
        _report("乙县", 2023, "开展庭审观摩35次。", "乙2023.txt"),
        _report("甲县", 2022, "接收行政复议申请3件。", "甲2022.txt"),
        _report("甲县", 2023, "开展庭审观摩35次。", "甲2023b.txt"),
    ]
    # Many other counties' reports, each consistent with itself and the others.
    reports += [_report(region, 2023, "开展庭审观摩32次。接收行政复议申请91件。", f"{region}.txt")
                for region in FILLER_REGIONS]
    return reports


def test_a_batch_finds_its_known_contradictions(batch) -> None:  # noqa: ANN001
    results = list(batch)
    before = {id(r): len(r.checks) for r in results}
    add_batch_cross_checks(results)
    found = {r.file: r.checks[before[id(r)]:] for r in results}
    a, b = found["甲2023a.txt"], found["甲2023b.txt"]
    # In batch order: the 2022 report comes before the second 2023 one.
    assert [c.kind for c in a] == ["implausible_jump", "contradiction"]
    assert "甲2022.txt" in a[0].message and "91" in a[0].message
    assert "甲2023b.txt" in a[1].message and "32" in a[1].message and "35" in a[1].message
    assert [c.kind for c in b] == ["contradiction"] and "甲2023a.txt" in b[0].message
    # The previous year is not checked against the next; other counties agree with themselves.
    assert found["甲2022.txt"] == [] and found["乙2023.txt"] == []
    assert all(found[f"{region}.txt"] == [] for region in FILLER_REGIONS)
    for r in results:  # leave the module's batch as it was
        del r.checks[before[id(r)]:]


def test_the_grouped_checks_equal_the_pairwise_ones(batch) -> None:  # noqa: ANN001
    grouped = checks.batch_cross_checks([r.text for r in batch], batch)
    for r, found in zip(batch, grouped, strict=True):
        pairwise = checks.cross_checks(r.text, r, batch)
        assert [(c.kind, c.message, c.start, c.end) for c in found] == \
            [(c.kind, c.message, c.start, c.end) for c in pairwise], r.file


def test_each_report_is_compared_only_within_its_region(batch, monkeypatch) -> None:  # noqa: ANN001
    calls: list[tuple[str, str]] = []
    compare = checks._compare

    def counting(text, report, mine, other, theirs):  # noqa: ANN001, ANN202
        calls.append((report.file, other.file))
        return compare(text, report, mine, other, theirs)

    monkeypatch.setattr(checks, "_compare", counting)
    checks.batch_cross_checks([r.text for r in batch], batch)
    # 甲县 2023 a and b with each other and with 甲县 2022: four comparisons for
    # a batch of len(batch) reports (all pairs would be len(batch) ** 2).
    assert sorted(calls) == sorted([("甲2023a.txt", "甲2023b.txt"), ("甲2023a.txt", "甲2022.txt"),
                                    ("甲2023b.txt", "甲2023a.txt"), ("甲2023b.txt", "甲2022.txt")])
    assert len(batch) == 54
