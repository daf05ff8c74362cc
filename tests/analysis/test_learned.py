"""The learned coder: every catalogue code on sentences of our own making,
units that do not fit, abstention, and the leave-one-document-out scorer."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from fazhi.analysis import coder_examples, learned
from fazhi.analysis.coding import Coder
from fazhi.analysis.facts import extract_facts

from .own_sentences import OWN_SENTENCES

REPO = Path(__file__).resolve().parents[2]


def test_every_reported_code_has_a_sentence() -> None:
    codes = {i.code for i in coder_examples.coded_indicators() if i.kind != "boolean"}
    assert set(OWN_SENTENCES) == codes


@pytest.mark.parametrize(("code", "text"), sorted(OWN_SENTENCES.items()))
def test_sentence_of_our_own_making_gets_its_code(code: str, text: str) -> None:
    facts = extract_facts(text)
    assert [f.code for f in facts] == [code], [(f.phrase, f.code, f.confidence) for f in facts]
    assert 0.0 < facts[0].confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("组织旁听庭审9人次，花费3.5万元。", "COURT_OBSERVATION_SESSIONS"),  # money is no count
        ("审计查出问题整改到位93项。", "AUDIT_RECTIFICATION_RATE"),  # a count is no rate
        ("行政复议纠错率为15.5%。", "RECON_CORRECTED"),  # a rate is no count
    ],
)
def test_a_unit_that_does_not_fit_is_refused(text: str, refused: str) -> None:
    coder = learned.shipped_coder()
    for f in extract_facts(text, coder):
        if f.code:
            ind = next(i for i in coder_examples.coded_indicators() if i.code == f.code)
            assert (ind.kind == "rate") == (f.unit == "%")
            assert (ind.kind == "amount") == f.unit.endswith("元")
        assert not (f.code == refused and f.unit not in coder.units[refused])


def test_a_duration_is_never_coded() -> None:
    assert [f.code for f in extract_facts("审批时限压缩至5个工作日。")] == [None]


def test_below_the_threshold_the_figure_stays_uncoded() -> None:
    text = "进村入户开展普法宣讲6次。"  # a wording of middling confidence
    examples = coder_examples.load_examples()
    sure = learned.train_coder(examples, threshold=0.0)
    strict = learned.train_coder(examples, threshold=0.999)
    loose = extract_facts(text, sure)[0]
    assert loose.code is not None and loose.confidence < 0.999
    held = extract_facts(text, strict)[0]
    assert held.code is None and held.confidence == pytest.approx(loose.confidence)


def _bench():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("bench_extraction", REPO / "bench" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_extraction"] = module
    spec.loader.exec_module(module)
    return module


class _Memory(Coder):
    """Codes exactly the wordings it was trained on (a known answer for the scorer)."""

    def __init__(self, known: dict[str, str]) -> None:
        self.known = known

    def decide(self, unit: str, phrase: str, *args: str, **kwargs: str) -> tuple[str | None, float]:
        code = self.known.get(phrase)
        return code, 1.0 if code else 0.0


def test_leave_one_out_scores_only_what_the_coder_did_not_learn(tmp_path: Path) -> None:
    bench = _bench()
    docs = {
        "a.txt": ("全年搞了红袖章巡逻普法12场。", "PUBLICITY_EVENTS"),
        "b.txt": ("开办夜间法治小课堂7场。", "LAW_TRAINING_SESSIONS"),
        "c.txt": ("开办夜间法治小课堂9场。", "LAW_TRAINING_SESSIONS"),
    }
    for name, (text, code) in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        value = int("".join(ch for ch in text if ch.isdigit()))
        gold = {"doc": name, "kind": "annual_report", "sections": None,
                "facts": [{"phrase": "", "value": value, "unit": "场", "approx": False,
                           "quote": text.rstrip("。"), "code": code}]}
        (tmp_path / name.replace(".txt", ".json")).write_text(json.dumps(gold, ensure_ascii=False))
    loaded = bench.load_docs(tmp_path, tmp_path)

    def train(train_docs):  # noqa: ANN001, ANN202
        known = {}
        for d in train_docs:
            for e in coder_examples.examples_from_gold(d.text, d.gold["facts"]):
                known[e.pre] = e.code
        return _Memory(known)

    out = bench.held_out(loaded, [], train)
    # a.txt's wording is in no other document; b and c teach each other
    assert (out["coded_matched"], out["coded_predicted"], out["coded_gold"]) == (2, 2, 3)
    assert out["figure_f1"] == 1.0
    in_sample = bench.summarise([bench.score_doc(d, train(loaded)) for d in loaded])
    assert in_sample["coded_matched"] == 3
    two_fold = bench.held_out(loaded, [], train, folds=2)  # a,c | b: c cannot learn from b? it can
    assert two_fold["coded_gold"] == 3 and two_fold["coded_matched"] <= 2


@pytest.mark.parametrize(
    ("change", "stock", "code"),
    [
        ("新增持证执法人员3名。", "全县共有持证执法人员716名。", "CERTIFIED_ENFORCEMENT_OFFICERS"),
        ("取消行政许可事项5项。", "全县行政许可事项清单共列事项260项。", "LICENSING_ITEMS"),
    ],
)
def test_a_change_is_not_the_stock(change: str, stock: str, code: str) -> None:
    # the annotation rules: 存量与增量不混; 取消、下放的不计入
    assert [f.code for f in extract_facts(stock)] == [code]
    assert [f.code for f in extract_facts(change)] == [None]


def test_a_stage_the_figure_does_not_state_goes_to_the_sibling_without_it() -> None:
    got = extract_facts("全年行政诉讼案件14件，审结12件。")
    assert [f.code for f in got] == ["LITIGATION_CASES", "LITIGATION_CLOSED_CASES"]


def test_nearest_examples_closeness() -> None:
    rows = [
        (learned.features("件", "受理行政复议申请", "受理行政复议申请"), "RECON_ACCEPTED"),
        (learned.features("件", "调解纠纷", "调解纠纷"), "DISPUTES_MEDIATED"),
        *[(learned.features("件", f"其他事项{i}", f"其他事项{i}"), learned.NONE) for i in range(20)],
    ]
    near = learned.NearestExamples(rows, learned.WEIGHTS)
    probe = learned.features("件", "受理行政复议申请", "受理行政复议申请")
    assert near.closeness(probe, "RECON_ACCEPTED") == pytest.approx(1.0)
    assert near.closeness(probe, "DISPUTES_MEDIATED") < 0.5
    assert near.closeness(learned.features("件", "毫不相干", "毫不相干"), "RECON_ACCEPTED") == 0.0


def test_the_nearest_check_only_lowers() -> None:
    examples = coder_examples.load_examples()
    with_check = learned.train_coder(examples, threshold=0.0)
    without = learned.train_coder(examples, threshold=0.0, nearest_weight=0.0)
    text = "全年组织法律顾问坐班值班147次，覆盖群众4万余人次。"
    for a, b in zip(extract_facts(text, with_check), extract_facts(text, without), strict=True):
        assert a.confidence <= b.confidence + 1e-9


def test_assess_names_the_best_code_even_when_it_abstains() -> None:
    coder = learned.shipped_coder()
    args = ("件", "全县办理行政处罚案件", "全县办理行政处罚案件2400件")
    a = coder.assess(*args)
    assert coder.decide(*args) == ((a.code if a.coded else None), a.confidence)
    strict = learned.train_coder(coder_examples.load_examples(), threshold=0.99)
    b = strict.assess(*args)
    assert not b.coded and b.code == a.code and b.confidence == pytest.approx(a.confidence)
    assert strict.decide(*args) == (None, b.confidence)


def test_scores_over_a_few_labels_are_those_over_all() -> None:
    # (the scorer keeps rows per set of allowed labels: the same sums, in the same order)
    model = learned.shipped_coder().model
    feats = learned.features("件", "受理行政复议申请", "全年受理行政复议申请", scoring=True)
    every = model.log_scores(feats, model.labels)
    few = [lb for lb in ("RECON_ACCEPTED", "DISPUTES_MEDIATED", learned.NONE) if lb in every]
    assert len(few) >= 2
    assert model.log_scores(feats, few) == {lb: every[lb] for lb in few}
    # a part of weight 0 left out when scoring changes no score
    full = learned.features("件", "受理行政复议申请", "全年受理行政复议申请")
    assert model.log_scores(full, model.labels) == every


def _load_curve():
    sys.path.insert(0, str(REPO / "bench"))  # (coder_curve imports its sibling extraction)
    try:
        spec = importlib.util.spec_from_file_location("bench_coder_curve", REPO / "bench" / "coder_curve.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_coder_curve"] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(REPO / "bench"))
    return module


def test_the_curve_and_the_nested_threshold_on_known_rows() -> None:
    curve = _load_curve()

    def row(doc: str, code: str | None, gold: str | None, conf: float) -> dict:
        return {"doc": doc, "code": code, "gold": gold, "confidence": conf, "unit": "件"}

    # every document: a right figure at 0.8, a wrong one at 0.4, an uncoded gold figure
    rows = [r for d in ("a", "b", "c") for r in (
        row(d, "X", "X", 0.8), row(d, "Y", "X", 0.4), row(d, None, "Z", 0.0))]
    (_, p_all, r_all, _), (_, p_hi, r_hi, _) = curve.curve(rows, [0.3, 0.5])
    assert (p_all, r_all) == (0.5, pytest.approx(1 / 3))  # 3 right of 6 coded, of 9 gold
    assert (p_hi, r_hi) == (1.0, pytest.approx(1 / 3))
    # chosen on the other documents, the threshold drops the wrong figures
    p, r, _ = curve.nested(rows, None)
    assert (p, r) == (1.0, pytest.approx(1 / 3))


def _plain_log_scores(model: learned.NaiveBayes, feats, labels) -> dict[str, float]:
    """The scores one feature at a time in plain Python (the sums the batched
    scorer must reproduce exactly, in the same order)."""
    n = 0.0
    for k, v in feats.items():
        n += v * learned.WEIGHTS.get(k[0], 1.0)
    out = {}
    for lb in labels:
        acc = 0.0
        for k, v in feats.items():
            pw = learned.WEIGHTS.get(k[0], 1.0)
            d = model.delta.get(k, {})
            if pw and lb in d:
                x = pw * d[lb]
                acc += x if v == 1 else v * x
        out[lb] = model.prior[lb] + n * model.default[lb] + acc
    return out


def _contexts_of(text: str) -> list[tuple[str, ...]]:
    """The contexts ``extract_facts`` hands a coder for the figures of ``text``."""
    seen: list[tuple[str, ...]] = []

    class _Keep(Coder):
        def __init__(self) -> None:  # (no catalogue: it only keeps the contexts)
            pass

        def decide_many(self, contexts):  # noqa: ANN001, ANN202
            seen.extend(contexts)
            return [(None, 0.0)] * len(contexts)

    extract_facts(text, _Keep())
    return seen


def test_batched_scores_are_the_plain_sums_and_batching_changes_no_decision() -> None:
    coder = learned.shipped_coder()
    text = (
        "全年共收到行政复议申请91件，受理73件，不予受理6件，办结率98.5%。"
        "组织行政执法人员培训12期、参训1256人次，其中持证执法人员1102人。"
    )
    seen = _contexts_of(text)
    assert len(seen) >= 6
    preps = [p for c in seen if (p := coder._prepare(*c)).feats is not None]
    assert len(preps) >= 3  # (the others the catalogue coder decides alone)
    model = coder.model
    for p in preps:
        assert model.log_scores(p.feats, p.allowed) == _plain_log_scores(model, p.feats, p.allowed)
    # a document's figures scored together decide as each one alone
    assert coder.decide_many(seen) == [coder.decide(*c) for c in seen]


def test_gate_words_are_shared_within_a_report_only() -> None:
    # a cache of texts across reports would make re-reading the same reports
    # in bench/extraction.py measure the cache, not the reader
    coder = learned.shipped_coder()
    extract_facts("全县开展法治培训10场次，覆盖500余人次。", coder)
    assert any("法治培训" in text for text in coder._gate_words_cache)
    extract_facts("受理行政复议申请73件。", coder)
    assert not any("法治培训" in text for text in coder._gate_words_cache)


def test_a_figure_the_catalogue_is_sure_of_is_not_asked_of_the_model(monkeypatch) -> None:  # noqa: ANN001
    # (SURE_RULE_SCORE: the catalogue coder alone decides a figure in its own words)
    coder = learned.shipped_coder()
    sure, unsure = _contexts_of("全年办理行政处罚案件2400件。抓实领导干部学法，全年举办法治讲座3期。")
    asked: list[int] = []
    posteriors = coder.model.posteriors

    def spy(asks, temperature):  # noqa: ANN001, ANN202
        asked.append(len(asks))
        return posteriors(asks, temperature)

    monkeypatch.setattr(coder.model, "posteriors", spy)
    first, second = coder.assess_many([sure, unsure])
    assert asked == [1]  # (only the figure the catalogue is unsure of)
    assert (first.code, first.coded, first.nb_best) == ("PENALTY_DECISIONS", True, None)
    assert first.confidence == first.rule_score >= learned.SURE_RULE_SCORE
    assert second.nb_best is not None
    # the model asked all the same: the same decisions
    monkeypatch.setattr(learned, "SURE_RULE_SCORE", 2.0)
    again = coder.assess_many([sure, unsure])
    assert asked == [1, 2]
    assert [(a.code, a.coded) for a in again] == [(a.code, a.coded) for a in (first, second)]
    # the threshold still holds
    strict = learned.train_coder(coder_examples.load_examples(), threshold=1.01)
    assert not strict.assess(*sure).coded
