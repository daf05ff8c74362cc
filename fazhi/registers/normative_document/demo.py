"""行政规范性文件登记簿的演示数据：上一年和今年至今约25件规范性文件，覆盖各个
环节——起草、征求意见、审核中、审核不合法待修改、已审议、已公布待备案、已备案
（一件逾期报备）、下月到期的暂行办法、清理（继续有效、修改、废止）和终止制定。
合法性审核经合法性审查登记簿办理（``open_review``），意见在该登记簿出具。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.workdays.calendar import add_months

from ..actions import OpenCase, RecordEvent
from ..base import get_register
from ..clocks import open_deadline
from ..legality_review.service import review_status
from ..models import Case
from .procedure import KEY, comment_step

D = datetime.timedelta
GOVERNMENT_TITLES = (
    "{county}城区停车管理办法", "{county}促进民营经济高质量发展若干措施", "{county}城市供热管理办法",
    "{county}国有土地上房屋征收与补偿实施办法", "{county}政府投资项目管理办法",
    "{county}农村宅基地管理办法（试行）", "{county}最低生活保障审核确认办法",
    "{county}招商引资优惠政策兑现办法", "{county}公共租赁住房管理办法",
    "{county}城镇生活垃圾分类管理办法（暂行）", "{county}耕地保护激励办法",
    "{county}城区养犬管理规定", "{county}农村集体经营性建设用地入市管理办法（试行）",
)
DEPARTMENT_TITLES = (
    "{unit}行政处罚裁量基准", "{unit}行政执法公示办法", "{unit}涉企行政检查事项清单管理办法",
    "{unit}轻微违法行为不予处罚清单（试行）", "{unit}信用分级分类监管办法",
    "{unit}行政许可告知承诺制实施办法",
)
BUSINESS_WORDS = ("民营经济", "招商", "涉企", "信用", "告知承诺", "裁量")
# (stage, how many): the stage each document has reached today.
STAGES = (("drafting", 2), ("comment", 2), ("reviewing", 2), ("unlawful", 1), ("deliberated", 1),
          ("published", 2), ("filed", 9), ("filed_late", 1), ("expiring", 1), ("kept", 1),
          ("amended", 1), ("repealed", 1), ("abandoned", 1))
ORDER = ("drafting", "comment", "review", "opinion", "deliberated", "published", "filed",
         "result", "cleanup")
UPTO = {"drafting": "drafting", "comment": "comment", "reviewing": "review",
        "unlawful": "opinion", "deliberated": "deliberated", "published": "published",
        "filed": "result", "filed_late": "filed", "expiring": "filed", "kept": "cleanup",
        "amended": "cleanup", "repealed": "cleanup", "abandoned": "opinion"}


class _Doc:
    """One demo document walked through its steps, each dated after the last."""

    def __init__(self, actor: Actor, case: Case, today: datetime.date, rng: random.Random) -> None:
        self.actor, self.case, self.today, self.rng = actor, case, today, rng
        self.reg = get_register(KEY)
        self.day = case.started_on

    def fits(self, day: datetime.date) -> bool:
        return day <= self.today

    def act(self, event: str, day: datetime.date, **data: object) -> bool:
        if not self.fits(day):
            return False
        self.case = RecordEvent(self.actor, self.case, self.reg, event, occurred_on=day,
                                data=data).execute()
        self.day = day
        return True


def _opinion(doc: _Doc, day: datetime.date, opinion: str) -> bool:
    review = review_status(doc.case).case
    if review is None or not doc.fits(day):
        return False
    reasons = {"lawful": "",
               "lawful_after_changes": "第六条设定的备案要求缺少上位法依据，建议删除；第九条表述修改为“依法”。",
               "unlawful": "第八条增设了行政许可条件，规范性文件不得设定行政许可（国办发〔2018〕37号）。"}
    lr = get_register("legality_review")
    review = RecordEvent(doc.actor, review, lr, "opinion", occurred_on=day, data={
        "opinion": opinion, "opinion_reasons": reasons[opinion],
        "opinion_number": f"莘司审〔{day.year}〕{review.pk}号"}).execute()
    if opinion != "unlawful" and doc.fits(day + D(days=2)):
        RecordEvent(doc.actor, review, lr, "adoption", occurred_on=day + D(days=2),
                    data={"adoption": "adopted", "adoption_note": "已按审核意见修改。"
                          if opinion != "lawful" else ""}).execute()
    doc.day = day
    return True


def _walk(doc: _Doc, stage: str, n: int) -> None:
    """Take the document as far as its stage (and no later than today)."""
    rng, detail = doc.rng, doc.reg.detail_of(doc.case)
    last = ORDER.index(UPTO[stage])
    commented = detail.business_related or rng.random() < 0.7
    if commented and not doc.act("start_comment", doc.day + D(days=rng.randint(5, 20)),
                                 comment_channel="县政府门户网站“意见征集”栏目"):
        return
    if last < ORDER.index("review"):
        return
    sent = doc.day + D(days=2)
    if commented:
        least = open_deadline(doc.case, comment_step(detail))
        sent = (least.due if least else doc.day) + D(days=rng.randint(1, 4))
        ok = doc.act("send_review", sent, comment_ended_on=sent - D(days=1),
                     reviewer_kind="justice_bureau", reviewer_name="县司法局合法性审查科")
    else:
        ok = doc.act("send_review", sent, reviewer_kind="justice_bureau",
                     comment_omitted_reason="属于内部执行程序的细化规定，不涉及公民、法人和其他组织的"
                                            "权利义务，未公开征求意见。")
    if not ok or last < ORDER.index("opinion"):
        return
    opinion = ("unlawful" if stage in ("unlawful", "abandoned") else
               "lawful_after_changes" if n % 3 == 0 else "lawful")
    if not _opinion(doc, doc.day + D(days=rng.randint(4, 9)), opinion):
        return
    if stage == "abandoned":
        doc.act("abandon", doc.day + D(days=10), abandon_reason="审核认为不合法，起草单位决定不再制定。")
        return
    if last < ORDER.index("deliberated") or not doc.act(
            "deliberate", doc.day + D(days=rng.randint(5, 15)),
            deliberation_meeting=f"{'县政府常务会议' if detail.congress_filing_required else '局党组会议'}"):
        return
    if last < ORDER.index("published"):
        return
    published = doc.day + D(days=rng.randint(3, 8))
    number = (f"莘政发〔{published.year}〕{doc.case.pk}号" if detail.congress_filing_required
              else f"莘{(doc.case.unit.short_name or '县')[1:3]}发〔{published.year}〕{doc.case.pk}号")
    if not doc.act("publish", published, doc_number=number, effective_on=published + D(days=30),
                   publication_channel="莘县人民政府门户网站"):
        return
    if last < ORDER.index("filed"):
        return
    late = stage == "filed_late"
    authority = "聊城市人民政府" if detail.congress_filing_required else "莘县人民政府"
    if not doc.act("file_government", published + D(days=rng.randint(45, 55) if late else
                                                     rng.randint(5, 20)),
                   filing_authority=authority):
        return
    if detail.congress_filing_required:
        doc.act("file_congress", published + D(days=rng.randint(6, 25)))
    if last >= ORDER.index("result"):
        doc.act("filing_result", doc.day + D(days=rng.randint(15, 40)), filing_result="no_objection")
    if stage == "kept":
        doc.act("cleanup_kept", doc.today - D(days=40), cleanup_note=f"{doc.today.year}年规范性文件集中清理：继续有效。")
    elif stage == "amended":
        doc.act("cleanup_amended", doc.today - D(days=35),
                cleanup_note="根据上位法修改第五条、第十二条，修改后重新公布施行。")
    elif stage == "repealed":
        doc.act("repeal", doc.today - D(days=30), cleanup_note="上位法已废止，本文件同时废止。")


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """About 25 documents of the county government and its departments."""
    reg = get_register(KEY)
    government = next((u for u in units.values() if u.kind == Unit.Kind.GOV_OFFICE), None)
    departments = [u for u in units.values() if u.kind == Unit.Kind.DEPARTMENT]
    if government is None and not departments:
        return 0
    plans = [stage for stage, count in STAGES for _ in range(count)]
    gov_titles, dep_titles = list(GOVERNMENT_TITLES), list(DEPARTMENT_TITLES)
    rng.shuffle(gov_titles)
    first = datetime.date(today.year - 1, 1, 10)
    made = 0
    for n, stage in enumerate(plans):
        by_government = government is not None and (n % 2 == 0 or not departments)
        if by_government:
            unit, issuer = government, f"{region.name}人民政府"
            title = gov_titles[n // 2 % len(gov_titles)].format(county=region.name)
            if stage == "expiring" and "暂行" not in title and "试行" not in title:
                title += "（暂行）"
        else:
            unit = departments[n % len(departments)]
            issuer = unit.name
            title = dep_titles[n % len(dep_titles)].format(unit=unit.name)
            if stage == "expiring":
                title += "（暂行）"
        if Case.objects.filter(register=KEY, region=region, title=title).exists():
            title = f"{title}（{n + 1}）"
        if stage == "drafting":
            started = today - D(days=rng.randint(3, 25))
        elif stage in ("comment", "reviewing", "unlawful"):
            started = today - D(days=rng.randint(45, 60) if stage == "comment" else rng.randint(60, 80))
        elif stage in ("deliberated", "published"):
            started = today - D(days=rng.randint(100, 120))
        elif stage == "expiring":
            # Valid 2 years (暂行) and ending next month: in force since 23–24 months ago.
            ends = add_months(today.replace(day=1), 1)[0] + D(days=rng.randint(5, 20))
            started = add_months(ends, -24)[0] - D(days=150)
        elif stage in ("kept", "amended", "repealed"):
            started = first + D(days=rng.randint(0, 60))
        else:
            span = max((today - first).days - 260, 1)
            started = first + D(days=rng.randint(0, span))
        case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
            "title": title, "started_on": started, "issuer": issuer,
            "business_related": any(w in title for w in BUSINESS_WORDS),
            "congress_filing_required": unit.kind == Unit.Kind.GOV_OFFICE}).execute()
        made += 1
        doc = _Doc(actor, case, today, rng)
        if stage == "expiring":
            _walk_expiring(doc, ends)
            continue
        _walk(doc, stage, n)
    return made


def _walk_expiring(doc: _Doc, ends: datetime.date) -> None:
    """A 暂行 document whose two years run out next month (the reminders warn of it)."""
    effective = add_months(ends, -24)[0]
    published = effective - D(days=30)
    doc.act("send_review", doc.day + D(days=10), reviewer_kind="justice_bureau",
            comment_omitted_reason="属于临时性管理措施的细化，不直接涉及群众切身利益。")
    _opinion(doc, doc.day + D(days=6), "lawful")
    doc.act("deliberate", doc.day + D(days=10), deliberation_meeting="县政府常务会议")
    doc.act("publish", published, doc_number=f"莘政办发〔{published.year}〕{doc.case.pk}号",
            effective_on=effective, publication_channel="莘县人民政府门户网站")
    doc.act("file_government", published + D(days=12), filing_authority="聊城市人民政府")
    if doc.reg.detail_of(doc.case).congress_filing_required:
        doc.act("file_congress", published + D(days=15))
