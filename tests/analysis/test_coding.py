"""Catalogue codes for wordings the catalogue's own phrasings do not show."""

from __future__ import annotations

import pytest

from fazhi.analysis.coding import EXTRA_PHRASINGS, EXTRA_UNITS
from fazhi.analysis.facts import extract_facts
from fazhi.indicators import catalogue


def codes(text: str) -> list[tuple[float, str, str | None]]:
    return [(f.value, f.unit, f.code) for f in extract_facts(text)]


def test_extra_vocabulary_names_real_indicators() -> None:
    for code in (*EXTRA_PHRASINGS, *EXTRA_UNITS):
        assert catalogue.find(code) is not None, code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("县政府领导班子全年学法12次。", "LAW_STUDY_SESSIONS"),
        ("县委常委会会议研究法治建设9次。", "GOV_MEETINGS_ON_RULE_OF_LAW"),
        ("召开县政府常务会议4次专题研究部署法治政府建设工作。", "GOV_MEETINGS_ON_RULE_OF_LAW"),
        ("组织开展法治建设实地督察3轮。", "LAW_INSPECTION_MISSIONS"),
        ("全区政务服务事项全程网办率达98%。", "ONLINE_PROCESSING_RATE"),
        ("双随机抽查主体1320户次。", "RANDOM_INSPECTION_ENTITIES"),
        ("政府法律顾问全年审查重大合同27份。", "LEGAL_COUNSEL_MATTERS"),
        ("全县罚没收入356.2万元。", "FINES_COLLECTED"),
        ("以调解和解方式化解行政复议案件14件。", "RECON_MEDIATED"),
        ("全县共有持证执法人员865名。", "CERTIFIED_ENFORCEMENT_OFFICERS"),
        ("进村入户开展普法宣讲6次。", "PUBLICITY_EVENTS"),
    ],
)
def test_common_wordings_get_their_code(text: str, code: str) -> None:
    assert [c for _v, _u, c in codes(text)] == [code]


def test_retained_and_repealed_documents_are_not_issued_documents() -> None:
    got = codes("清理后保留行政规范性文件21件、废止行政规范性文件6件，新制定行政规范性文件3件。")
    assert [c for _v, _u, c in got][0] != "NORMATIVE_DOCS_ISSUED"
    # (what became of the documents a clean-up went through has codes of its own)
    assert got[1:] == [(6, "件", "NORMATIVE_DOCS_REPEALED"), (3, "件", "NORMATIVE_DOCS_ISSUED")]


def test_penalty_cases_are_not_no_penalty_cases() -> None:
    got = codes("全县办理行政处罚案件2400件，其中不予处罚案件130件、减轻处罚案件42件。")
    assert [c for _v, _u, c in got] == [
        "PENALTY_DECISIONS",
        "NO_PENALTY_CASES",
        "MITIGATED_PENALTY_CASES",
    ]
    assert codes("全年依法不予受理行政复议申请5件。")[0][2] == "RECON_REJECTED"


def test_verbs_that_name_the_same_action() -> None:
    got = codes("全年新收行政复议案件86件，作出撤销、确认违法等纠错决定9件。")
    assert [c for _v, _u, c in got] == ["RECON_RECEIVED", "RECON_CORRECTED"]


def test_an_indicator_about_a_topic_needs_the_topic_nearby() -> None:
    # staff are not trainees; a complaint closure rate is not a proposal closure rate
    got = codes("全县共有行政执法单位42个、行政执法人员980人，其中持证876人。")
    assert got[1][2] != "ENFORCEMENT_TRAINING_PARTICIPANTS"
    assert got[2] == (876, "人", "CERTIFIED_ENFORCEMENT_OFFICERS")
    assert codes("受理投诉举报1500件，办结率97%。")[1][2] is None
    # the topic may come after the figure in its sentence, or in the sentence before
    got = codes("全县行政执法人员等共计450余人参加依法行政能力培训班。")
    assert got[0][2] == "ENFORCEMENT_TRAINING_PARTICIPANTS"
    got = codes("强化审计监督。全年完成项目19个，查出问题210条。")
    assert [c for _v, _u, c in got] == ["AUDIT_PROJECTS", "AUDIT_ISSUES"]


def test_legal_counsel_staff() -> None:
    assert codes("全县村（社区）共配备法律顾问146名。")[0][2] == "LEGAL_COUNSEL_STAFF"


def test_leaders_reporting_on_law() -> None:
    assert codes("全县党政主要负责人现场述法23人。")[0][2] == "UNITS_REPORTING_ON_LAW"
