"""学法、述法、普法活动登记簿的指标：按活动日期计入期间，作废的不计。

集体学法 = 政府常务会议会前学法 + 理论学习中心组 + 党委（党组）会议研究法治建设
(catalogue LAW_STUDY_SESSIONS, body dimension); 述法单位 counts each unit once,
述法人次 each report.
"""

from __future__ import annotations

from django.db.models import Q

from fazhi.indicators.engine import Computation, ReportSentence, declare, declare_sentence

from ..details.activity import STUDY_KINDS, ActivityKind
from ..sources import case_source
from .service import KEY


def _state_label(case):  # noqa: ANN001, ANN202
    from fazhi.registers.base import get_register

    return get_register(KEY).state_label(case.state)


SOURCE = case_source(KEY, "学法述法普法活动登记簿", state_label=_state_label)
HELD = ~Q(state="void")


def _of(*kinds: str) -> Q:
    return HELD & Q(activity__kind__in=list(kinds))


def _count(code: str, where: Q, definition: str, **kw: object) -> Computation:
    return Computation(code, SOURCE, "started_on", placing_label="按活动日期", where=where,
                       definition=definition, **kw)  # type: ignore[arg-type]


FIGURES = (
    _count("LAW_STUDY_SESSIONS", _of(*STUDY_KINDS),
           "政府常务会议会前学法、理论学习中心组集体学法、党委（党组）会议研究法治建设的次数。"),
    _count("EXEC_MEETING_LAW_LECTURES", _of(ActivityKind.EXEC_STUDY), "政府常务会议会前学法次数。"),
    _count("EXEC_MEETINGS_ON_LAW_REPORT", _of(ActivityKind.EXEC_REPORT),
           "政府常务会议听取法治政府建设情况汇报的次数。"),
    _count("PARTY_MEETINGS_ON_LAW", _of(ActivityKind.PARTY_MEETING),
           "党委（党组）会议研究法治建设的次数。"),
    _count("UNITS_REPORTING_ON_LAW", _of(ActivityKind.REPORTING),
           "开展领导干部述法的单位数（一个单位多人述法计一个）。", distinct="unit_id"),
    _count("LEADERS_REPORTING_ON_LAW", _of(ActivityKind.REPORTING), "领导干部述法人次。"),
    _count("LAW_TRAINING_SESSIONS", _of(ActivityKind.LECTURE), "举办法治讲座、培训的场次。"),
    _count("COURT_OBSERVATION_SESSIONS", _of(ActivityKind.TRIAL), "组织旁听庭审的场次。"),
    # PUBLICITY_EVENTS stays a figure the units report (fazhi.indicators reported
    # values): publicity is done by every unit; these are the ones registered here.
    _count("REGISTERED_PUBLICITY_EVENTS", _of(ActivityKind.PUBLICITY),
           "登记簿中登记的普法宣传活动场次。"),
    _count("LEGAL_LITERATE_TRAININGS", _of(ActivityKind.LITERATE), "开展“法律明白人”培训的场次。"),
)

declare(*FIGURES)
declare_sentence(ReportSentence(
    KEY, "抓好领导干部学法用法和普法宣传",
    "全年开展集体学法{LAW_STUDY_SESSIONS}，其中政府常务会议会前学法{EXEC_MEETING_LAW_LECTURES}；"
    "政府常务会议听取法治政府建设情况汇报{EXEC_MEETINGS_ON_LAW_REPORT}，党委（党组）会议研究法治建设"
    "{PARTY_MEETINGS_ON_LAW}；{UNITS_REPORTING_ON_LAW}单位的{LEADERS_REPORTING_ON_LAW}领导干部述法；"
    "举办法治讲座培训{LAW_TRAINING_SESSIONS}，组织旁听庭审{COURT_OBSERVATION_SESSIONS}，"
    "开展普法宣传活动{REGISTERED_PUBLICITY_EVENTS}、“法律明白人”培训{LEGAL_LITERATE_TRAININGS}。",
    order=80))
