"""States, transitions and gates, from design/rules.md §§1–5: refused moves
come back with a Chinese reason that cites the article."""

from __future__ import annotations

import pytest

from fazhi.procedures.definitions import PROCESSES, ProcedureLookupError, can_transition

# process, from, to, facts, allowed, fragment of the reason
CASES = [
    # 行政复议: decision only after acceptance (art. 30, 62)
    ("reconsideration", "received", "decided", {}, False, "复议决定只能在受理后作出"),
    ("reconsideration", "accepted", "decided", {}, True, "作出行政复议决定"),
    ("reconsideration", "received", "accepted", {}, True, "第三十条"),
    # refusal after the 5 WD: deemed accepted, refusal no longer possible (art. 30)
    ("reconsideration", "received", "rejected", {"acceptance_period_expired": True}, False, "视为受理"),
    ("reconsideration", "received", "rejected", {}, True, "不予受理"),
    ("reconsideration", "correction_requested", "abandoned", {}, False, "补正期限尚未届满"),
    ("reconsideration", "correction_requested", "abandoned", {"correction_period_expired": True},
     True, "视为放弃"),
    ("reconsideration", "decided", "accepted", {}, False, "终结状态"),
    # 行政应诉: the duty to appear (行诉法 art. 3③; 解释 art. 128) is not a
    # condition of the hearing: a lawyer alone or nobody is recorded (出庭规定
    # arts. 6②, 12); only who appeared must be stated.
    ("litigation", "hearing_scheduled", "heard", {"appearance_stated": True}, True, "开庭审理"),
    ("litigation", "hearing_scheduled", "heard", {}, False, "第三条第三款"),
    # 行诉法 art. 85: a first-instance decision takes effect once the appeal period has run
    ("litigation", "judged", "closed", {}, False, "上诉期限尚未届满"),
    ("litigation", "judged", "closed", {"judgment_effective": True}, True, "裁判生效"),
    # 行诉法 art. 89: 发回重审 at second instance, once
    ("litigation", "heard", "remanded", {}, False, "只有第二审程序中才能发回重审"),
    ("litigation", "appealed", "remanded", {"second_instance": True, "remanded_before": True},
     False, "不得再次发回重审"),
    ("litigation", "appealed", "remanded", {"second_instance": True}, True, "发回原审人民法院重审"),
    # 信访工作条例 arts. 31, 34: the 60 days only for art. 31(六) matters
    ("petition", "received", "handling", {}, False, "导入相应程序"),
    ("petition", "received", "handling", {"residual_matter": True}, True, "第三十四条"),
    ("petition", "received", "routed", {"residual_matter": True}, False, "信访处理意见书"),
    ("petition", "received", "routed", {}, True, "导入"),
    # 行政复议法 art. 53: 简易 outside ① only with consent (②)
    ("reconsideration", "received", "accepted", {"simple_procedure": True}, False, "第五十三条"),
    ("reconsideration", "received", "accepted",
     {"simple_procedure": True, "simple_procedure_allowed": True}, True, "受理"),
    ("litigation", "complaint_received", "judged", {}, False, "只能从"),
    # 政府信息公开: reply only after receipt (条例 arts. 31, 33)
    ("disclosure", "submitted", "replied", {}, False, "只能在收到申请后答复"),
    ("disclosure", "received", "replied", {}, False, "尚未登记收到申请的日期"),
    ("disclosure", "received", "replied", {"receipt_date": "2025-09-26"}, True, "作出答复"),
    ("disclosure", "received", "extended", {"extension_approved": True}, False, "告知申请人"),
    ("disclosure", "received", "extended", {"extension_approved": True, "applicant_notified": True},
     True, "延长答复期限"),
    ("disclosure", "received", "correction_requested", {"correction_already_requested": True},
     False, "一次性告知"),
    # 重大行政决策: no 集体讨论 before 合法性审查 (条例 art. 25)
    ("major_decision", "consultation", "discussed", {}, False, "第二十五条"),
    ("major_decision", "started", "discussed", {}, False, "未经合法性审查不得提交集体讨论"),
    ("major_decision", "legality_review", "discussed", {}, False, "未经合法性审查"),
    ("major_decision", "legality_review", "discussed",
     {"legality_review_done": True, "found_unlawful": True}, False, "不合法"),
    ("major_decision", "legality_review", "discussed",
     {"legality_review_done": True, "found_unlawful": True, "exploratory_reform_risk_stated": True},
     True, "集体讨论"),
    ("major_decision", "legality_review", "discussed", {"legality_review_done": True}, True, "第三十条"),
    ("major_decision", "consultation", "legality_review", {}, False, "公众参与"),
    ("major_decision", "consultation", "legality_review", {"not_public": True}, True, "合法性审查"),
    ("major_decision", "consultation", "legality_review",
     {"public_participation_done": True, "technical_matter": True}, False, "专家论证"),
    ("major_decision", "consultation", "legality_review",
     {"public_participation_done": True, "technical_matter": True, "expert_argument_done": True},
     True, "第二十五条"),
    # 规范性文件: no deliberation without legality review (115号, M)
    ("normative_document", "public_comment", "deliberated", {}, False, "合法性审核"),
]


@pytest.mark.parametrize(("process", "source", "target", "facts", "allowed", "fragment"), CASES)
def test_transitions(process: str, source: str, target: str, facts: dict, allowed: bool,
                     fragment: str) -> None:
    ok, reason = can_transition(process, source, target, facts)
    assert ok is allowed, reason
    assert fragment in reason


def test_unknown_names_raise() -> None:
    with pytest.raises(ProcedureLookupError, match="未知的程序"):
        can_transition("nosuch", "a", "b", {})
    with pytest.raises(ProcedureLookupError, match="可用的状态"):
        can_transition("disclosure", "received", "nosuch", {})


def test_declarations_are_consistent() -> None:
    for process in PROCESSES.values():
        keys = [s.key for s in process.states]
        assert len(keys) == len(set(keys)), process.key
        if process.states:
            assert process.initial in keys
        # A basis cites a text (《…》), or says it is practice (通行做法, rules.md M).
        for t in process.transitions:
            assert t.source in keys and t.target in keys, (process.key, t)
            assert t.label and (t.basis.startswith("《") or "通行做法" in t.basis), (process.key, t)
        for rule in process.rules:
            assert rule.confidence in {"C1", "C2", "M"}
            # An M rule may rest on practice or on a regional setting.
            assert rule.basis.startswith("《") or (
                rule.confidence == "M" and any(w in rule.basis for w in ("通行做法", "地区设置", "《"))), rule
    for key in ("reconsideration", "litigation", "disclosure", "major_decision"):
        assert PROCESSES[key].transitions, key
