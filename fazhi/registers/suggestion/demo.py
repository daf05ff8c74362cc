"""建议提案登记簿的演示数据：往年和今年人代会、政协会议期间交办的建议和提案（每年约六十件），
往年的全部办结（少数不满意经重新办理），今年的处于各个办理阶段。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.suggestion import Feedback, ReplyClass, Source
from .service import KEY

TOPICS = (
    "关于加强农村道路交通安全管理的建议", "关于规范城区占道经营的建议", "关于提升农村饮水安全保障水平的建议",
    "关于加强校园周边环境综合治理的建议", "关于推进蔬菜产业标准化生产的建议", "关于加大农民工工资支付保障力度的建议",
    "关于完善农村养老服务设施的建议", "关于加强食品小作坊监管的建议", "关于优化营商环境、压缩审批时限的建议",
    "关于规范物业管理服务的建议", "关于加强农村人居环境长效管护的建议", "关于推进公共法律服务进村（社区）的建议",
    "关于加快老旧小区改造的建议", "关于加强河道采砂管理的建议", "关于规范电动自行车停放充电管理的建议",
    "关于加强未成年人网络保护的建议", "关于推进行政执法“首违不罚”的建议", "关于完善县域医共体建设的建议",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "志强", "海燕", "立新", "桂兰", "文华", "春梅", "德胜", "丽娟", "振华", "玉兰")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """About sixty items a year, most handed over after the two sessions (late
    February to March), some during the year; the older ones closed, the
    recent ones in every state."""
    from ..base import get_register

    reg = get_register(KEY)
    departments = [u for u in units.values()
                   if u.kind == Unit.Kind.DEPARTMENT and u.region_id == region.pk]
    if len(departments) < 2:
        return 0
    count = 0
    for year in (today.year - 1, today.year):
        sessions = datetime.date(year, 2, 26)
        if sessions > today:
            continue
        for n in range(60):
            source = Source.NPC if n % 5 < 3 else Source.CPPCC
            # Most after the two sessions; the rest 闭会期间 through the year.
            spread = 30 if n < 46 else max(30, min(300, (today - sessions).days - 1))
            assigned = min(today, sessions + datetime.timedelta(days=rng.randint(0, spread)))
            lead, *co = rng.sample(departments, 3)
            co = co[:rng.choice((0, 0, 1, 2))]
            wide = rng.random() < 0.08
            names = "、".join(_person(rng) for _ in range(rng.choice((1, 1, 2, 3))))
            session = (f"县十九届人大{year - 2022}次会议" if source == Source.NPC
                       else f"政协县第十一届委员会第{year - 2022}次会议")
            case = OpenCase(actor, reg, region=region, unit=lead, is_demo=True, data={
                "title": rng.choice(TOPICS) if source == Source.NPC
                else rng.choice(TOPICS).replace("的建议", "的提案"),
                "started_on": assigned, "source": source, "proposers": names,
                "session": session, "co_units": co, "wide_ranging": wide,
                "extension_reason": "涉及多个部门和资金安排，处理难度大。" if wide else "",
                "assigned_by": "县人大常委会代表工作室" if source == Source.NPC else "县政协提案委员会",
            }).execute()
            count += 1
            day = assigned
            for unit in co:
                day = assigned + datetime.timedelta(days=rng.randint(10, 35))
                if day > today:
                    break
                case = RecordEvent(actor, case, reg, "co_opinion", occurred_on=day, data={
                    "co_unit": unit.short_name or unit.name,
                    "co_opinion": "同意主办单位的办理意见，我单位负责相关配合工作。"}).execute()
            months = 6 if wide else 3
            # A few of this year's are answered late or not yet (one overdue).
            reply_on = assigned + datetime.timedelta(days=rng.randint(40, months * 30 - 5))
            if rng.random() < 0.04:
                reply_on += datetime.timedelta(days=20)
            reply_on = max(reply_on, day)
            if reply_on > today:
                continue
            roll = rng.random()
            reply_class = ReplyClass.A if roll < 0.55 else ReplyClass.B if roll < 0.88 else ReplyClass.C
            case = RecordEvent(actor, case, reg, "reply", occurred_on=reply_on, data={
                "contacted": True, "contact_way": rng.choice(("in_person", "in_person", "phone")),
                "reply_class": reply_class, "reply_number": f"{lead.short_name}复〔{year}〕{n + 1}号",
                "reply_summary": "受财力所限，暂列入下一年度计划。" if reply_class == ReplyClass.C
                else "已会同有关单位研究落实。"}).execute()
            feedback_on = reply_on + datetime.timedelta(days=rng.randint(5, 20))
            if feedback_on > today:
                continue
            unhappy = reply_class == ReplyClass.C and rng.random() < 0.5 or rng.random() < 0.03
            if unhappy:
                case = RecordEvent(actor, case, reg, "dissatisfied", occurred_on=feedback_on, data={
                    "dissatisfied_reason": "答复未提出具体解决时间表，建议进一步研究。"}).execute()
                again = feedback_on + datetime.timedelta(days=rng.randint(10, 28))
                if again > today:
                    continue
                case = RecordEvent(actor, case, reg, "reply", occurred_on=again, data={
                    "contacted": True, "contact_way": "in_person", "reply_class": ReplyClass.B,
                    "reply_number": f"{lead.short_name}复〔{year}〕{n + 1}-1号",
                    "reply_summary": "经再次研究，已列入明年实施计划并明确时间节点。"}).execute()
                feedback_on = again + datetime.timedelta(days=rng.randint(3, 10))
                if feedback_on > today:
                    continue
            feedback = (Feedback.SATISFIED if rng.random() < 0.8 else Feedback.BASICALLY)
            if unhappy and rng.random() < 0.15:
                feedback = Feedback.DISSATISFIED
            RecordEvent(actor, case, reg, "feedback", occurred_on=feedback_on,
                        data={"feedback": feedback}).execute()
    return count
