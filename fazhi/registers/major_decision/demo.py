"""重大行政决策登记簿的演示数据：莘县上一年度和本年度的决策事项目录（经县委同意并公布）
和7件决策事项 —— 已归档并评估的、目录外经调整目录作出的、公开征求意见中的，以及
一件经合法性审查认为不合法、停在集体讨论门槛前的。送审经 ``open_review`` 进入合法性
审查登记簿，审查意见在该登记簿登记。"""

from __future__ import annotations

import datetime
import random
from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.procedures.deadlines import compute_deadline

from ..actions import OpenCase, RecordEvent
from ..base import get_register
from ..legality_review.service import review_status
from .actions import ApproveCatalogue, CreateCatalogue, PublishCatalogue
from .procedure import KEY

D = datetime.timedelta
Step = tuple[int, str, dict[str, Any]]

COMMENT = {"participation_methods": "县政府门户网站公开征求意见、座谈会"}
ARCHIVE = {"archive_documents": "决策启动审批单\n征求意见稿及起草说明\n公众意见采纳情况\n"
                                "合法性审查意见书\n常务会议纪要\n决策文件",
           "archive_number": "WS·2-{year}-Y-{n}"}


def _review(opinion: str, reasons: str = "") -> dict[str, Any]:
    return {"opinion": opinion, "opinion_reasons": reasons, "counsel_consulted": True}


def _through_publication(meeting: int, *, party: bool = True, expert: bool = False,
                         risk: bool = False, opinion: str = "lawful", short: str = "") -> list[Step]:
    """A decision's steps from public comment to publication (days after its start)."""
    steps: list[Step] = [(5, "public_comment", {**COMMENT, "comment_days": 20 if short else 31,
                                                "comment_short_reason": short})]
    day = 5 + (22 if short else 46)  # the 30 days' end may move past a holiday
    steps.append((day, "participation_done", {"participation_summary":
                  "收到意见建议46条，采纳21条，部分采纳9条，未采纳的已说明理由。"}))
    if expert:
        steps.append((day, "expert_argument", {"expert_summary":
                      "组织5名专家论证，认为方案必要、可行，建议细化分期实施安排，已采纳。"}))
    if risk:
        steps.append((day + 1, "risk_assessment", {"risk_conclusion": "controllable",
                      "risk_summary": "风险等级为低；已制定矛盾纠纷化解和舆情应对预案。"}))
    reasons = "建议删除第十二条中缺少上位法依据的收费条款，已按意见修改。" \
        if opinion == "lawful_after_changes" else ""
    steps += [(day + 3, "send_review", {"reviewer_kind": "justice_bureau",
                                        "reviewer_name": "县司法局合法性审查科"}),
              (day + 15, "opinion", _review(opinion, reasons)),
              (day + 20, "discuss", {"meeting_kind": "standing",
                                     "meeting_name": f"县政府第{meeting}次常务会议",
                                     "discussion_result": "adopted"})]
    if party:
        steps.append((day + 27, "party_report", {"party_report_note": "县委常委会会议研究同意"}))
    steps.append((day + 35, "publish", {"publication_channel": "县政府门户网站、莘县政务新媒体",
                                        "decision_number": "莘政发〔{year}〕{n}号"}))
    return steps


def _archived(meeting: int, **kwargs: Any) -> list[Step]:
    steps = _through_publication(meeting, **kwargs)
    last = steps[-1][0]
    documents = ARCHIVE["archive_documents"].split("\n")
    documents[3:3] = [name for flag, name in ((kwargs.get("expert"), "专家论证意见"),
                                              (kwargs.get("risk"), "风险评估报告")) if flag]
    archive = {**ARCHIVE, "archive_documents": "\n".join(documents)}
    return [*steps, (last + 20, "archive", archive),
            (last + 60, "implementation", {"implementation_status": "on_track",
                                           "implementation_note": "已按实施方案完成年度任务的60%。"})]


UNLAWFUL = ("方案拟对农贸市场经营户收取“市场管理保证金”，缺少法律、法规依据，违反《中华人民共和国"
            "价格法》和国家关于涉企收费的规定；方案不得提交集体讨论，建议删除后重新送审。")

# (unit, title, kind, year offset (0 = this year), days before today it started or its
# start in the previous year, open data, steps)
PLANS: tuple[tuple[str, str, str, int, int, dict[str, Any], list[Step]], ...] = (
    ("县住房城乡建设局", "莘县城区老旧小区改造实施方案", "policy", -1, 60,
     {"risk_required": True}, [
         *_archived(12, risk=True),
         (400, "evaluate", {"evaluation_ground": "necessary", "evaluation_unit": "聊城大学法学院（第三方）",
                            "evaluation_result": "改造目标基本实现，建议完善后续物业管理长效机制。"})]),
    ("县自然资源和规划局", "莘县国土空间总体规划（2021—2035年）", "plan", -1, 90,
     {"expert_required": True, "risk_required": True},
     _archived(15, expert=True, risk=True, opinion="lawful_after_changes")),
    ("县交通运输局", "莘县城乡公交一体化实施方案", "project", -1, 150,
     {"party_report_required": False, "party_report_reason": ""},
     [*_archived(19, party=False),
      (260, "implementation", {"implementation_status": "problem",
                               "implementation_note": "部分线路客流不足，运营企业提出调整线路。"})]),
    ("县水利局", "莘县马颊河生态补水工程建设方案", "project", -1, 200,
     {"catalogue_year": None, "outside_catalogue_reason": "年中上级下达生态补水项目，经县政府常务会议研究调整目录后列入决策程序。",
      "expert_required": True, "risk_required": True},
     _archived(23, expert=True, risk=True, short="汛期前须完成补水工程设计，情况紧急，征求意见期限缩短为20日")),
    ("县教育体育局", "莘县中心城区中小学学区划分调整方案", "policy", 0, 110,
     {"risk_required": True}, _through_publication(4, risk=True)),
    ("县市场监管局", "莘县城区农贸市场布局和管理规定", "policy", 0, 80, {}, [
        (5, "public_comment", {**COMMENT, "comment_days": 31}),
        (51, "participation_done", {"participation_summary": "收到意见建议12条，采纳5条。"}),
        (54, "send_review", {"reviewer_kind": "justice_bureau", "reviewer_name": "县司法局合法性审查科"}),
        (68, "opinion", _review("unlawful", UNLAWFUL))]),
    ("县住房城乡建设局", "莘县城区停车设施建设管理办法", "policy", 0, 12,
     {"expert_required": True}, [(4, "public_comment", {**COMMENT, "comment_days": 31})]),
)


def _unit(region: Region, units: dict[str, Unit], name: str) -> Unit | None:
    """The named department, or (a smaller county) one of the county's departments."""
    if name in units and units[name].region_id == region.pk:
        return units[name]
    departments = [u for u in units.values()
                   if u.kind == Unit.Kind.DEPARTMENT and u.region_id == region.pk]
    return departments[sum(map(ord, name)) % len(departments)] if departments else None


def _catalogue(actor: Actor, region: Region, unit: Unit, year: int, today: datetime.date) -> None:
    catalogue = CreateCatalogue(actor, region=region, unit=unit, year=year,
                                title=f"{region.name}人民政府{year}年度重大行政决策事项目录").execute()
    approved = min(today, datetime.date(year, 1, 20))
    ApproveCatalogue(actor, catalogue, approved_on=approved,
                     approval_note="经县委常委会会议研究同意").execute()
    PublishCatalogue(actor, catalogue, published_on=min(today, datetime.date(year, 2, 10)),
                     published_where="县政府门户网站",
                     document_number=f"莘政办字〔{year}〕{year % 7 + 3}号").execute()


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    reg, reviews = get_register(KEY), get_register("legality_review")
    office = next((u for u in units.values()
                   if u.kind == Unit.Kind.GOV_OFFICE and u.region_id == region.pk), None)
    if office is None:
        return 0
    for year in (today.year - 1, today.year):
        _catalogue(actor, region, office, year, today)
    count = 0
    for n, (unit_name, title, kind, offset, start_day, extra, steps) in enumerate(PLANS, start=1):
        unit = _unit(region, units, unit_name)
        if unit is None:
            continue
        year = today.year + offset
        started = (datetime.date(year, 1, 1) + D(days=start_day) if offset
                   else today - D(days=start_day))
        data: dict[str, Any] = {
            "title": title, "started_on": started, "decision_kind": kind, "catalogue_year": year,
            "participation_required": True, "expert_required": False,
            "expert_reason": "不属于专业性、技术性较强的事项", "risk_required": False,
            "risk_reason": "已对实施风险作出评价，不需重复评估（条例第二十二条第二款）",
            "party_report_required": True, **extra}
        if data["expert_required"]:
            data["expert_reason"] = "涉及专业技术问题，须组织专家论证"
        if data["risk_required"]:
            data["risk_reason"] = "涉及群众切身利益，可能影响社会稳定"
        if not data["party_report_required"]:
            data["party_report_reason"] = "按县委规定无须请示报告"
        case = OpenCase(actor, reg, region=region, unit=unit, data=data, is_demo=True).execute()
        count += 1
        for day, key, fields in steps:
            on = started + D(days=day)
            if on > today:
                break
            fields = {k: (v.format(year=on.year, n=n + 10) if isinstance(v, str) else v)
                      for k, v in fields.items()}
            if key == "opinion":
                review = review_status(case).case
                RecordEvent(actor, review, reviews, "opinion", occurred_on=on, data={
                    **fields, "opinion_number": f"莘司审〔{on.year}〕{n + 20}号"}).execute()
                continue
            if key == "public_comment":
                days = fields.pop("comment_days")
                # 30 days at least (条例第十五条), the end moved past a holiday as the rule does.
                fields["comment_until"] = (on + D(days=days) if fields.get("comment_short_reason")
                                           else compute_deadline("major_decision", "public_comment",
                                                                 on, region=region).due)
            case = RecordEvent(actor, case, reg, key, occurred_on=on, data=fields).execute()
    return count
