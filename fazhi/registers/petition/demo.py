"""信访登记簿的演示数据：往年和今年约四十件信访事项，覆盖各条路径——受理后按第三十一条
第六项出具信访处理意见书（多数按期，少数延长或逾期，少数请求复查、复核并听证），导入复议、
诉讼、调解、仲裁等法定程序（有的关联本平台的案件），转送、交办，建议意见的回复，
转送交办事项的异议，以及今年尚在办理中的事项。"""

from __future__ import annotations

import datetime
import random

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.petition import Adoption, Category, Form, Opinion, ReviewResult, Route, Source
from ..models import Case
from .service import KEY

D = datetime.timedelta
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建军", "秀芳", "德才", "玉霞", "长海", "凤英", "国庆", "春生", "金花", "立平")
CLAIMS = (("县人力资源社会保障局", "反映某建筑公司拖欠农民工工资问题"),
          ("县自然资源和规划局", "要求解决宅基地确权登记问题"),
          ("县住房城乡建设局", "反映小区房屋漏水、开发商拒不维修问题"),
          ("县农业农村局", "反映土地流转费用未按约定支付问题"),
          ("县民政局", "申请重新核定低保待遇"),
          ("县市场监管局", "反映购买的电动车存在质量问题、商家拒绝退货"),
          ("县交通运输局", "反映村道修建占用承包地未予补偿"),
          ("县医疗保障局", "反映异地就医报销比例计算有误"))
# Claims that belong to a legal channel (第三十一条第一项至第五项), and the register it goes to here.
ROUTES = ((Route.ADMINISTRATIVE, "县人民政府（行政复议）", "reconsideration"),
          (Route.LITIGATION, "县人民法院", "litigation"),
          (Route.ARBITRATION, "县劳动人事争议仲裁委员会", ""),
          (Route.DUTY, "县市场监管局（依法查处）", ""),
          (Route.ADMINISTRATIVE, "县市场监管局（行政处罚程序）", "enforcement_case"))
SUGGESTIONS = ("建议在城区增设公共停车位", "建议延长县图书馆周末开放时间", "建议在学校周边增设交通信号灯")
ACCUSATIONS = ("检举某村干部违规发放补贴", "控告某工作人员索要好处费")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Twenty a year: most claims handled under 第三十一条第六项, a fifth routed, the
    rest transfers, suggestions and objections; last year's all finished."""
    from ..base import get_register

    reg = get_register(KEY)
    mine = {name: u for name, u in units.items() if u.region_id == region.pk}
    petitions = mine.get("县信访局")
    towns = [u for u in mine.values() if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    if petitions is None or not towns:
        return 0
    count = 0
    for year in (today.year - 1, today.year):
        first = datetime.date(year, 1, 5)
        last = min(datetime.date(year, 12, 20), today - D(days=3))
        if last <= first:
            continue
        span = (last - first).days
        for n in range(20):
            on = first + D(days=span * n // 20 + rng.randint(0, max(0, span // 25)))
            kind = ("claim" if n % 10 < 6 else "route" if n % 10 < 8 else
                    "transfer" if n % 10 == 8 else "suggestion" if n % 20 == 9 else "objection")
            unit_name, title = CLAIMS[n % len(CLAIMS)]
            unit = mine.get(unit_name) or towns[n % len(towns)]
            category = Category.CLAIM
            if kind == "suggestion":
                unit, title, category = petitions, rng.choice(SUGGESTIONS), Category.SUGGESTION
            elif kind == "transfer" and n % 20 == 8:
                unit, title, category = petitions, rng.choice(ACCUSATIONS), Category.ACCUSATION
            elif kind == "transfer":
                unit = towns[n % len(towns)]
            assigned = kind == "objection" or n % 3 == 0
            person = _person(rng)
            case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
                "title": f"{person}{title}", "started_on": on, "petitioner": person,
                "headcount": 3 if n % 7 == 0 else 1, "address": f"莘县{towns[n % len(towns)].name}",
                "form": rng.choice((Form.VISIT, Form.LETTER, Form.ONLINE, Form.ONLINE, Form.PHONE)),
                "source": Source.ASSIGNED if assigned else Source.DIRECT,
                "assigned_by": "县信访局" if assigned else "", "category": category,
                "content": f"{title}，请求依法处理。"}).execute()
            count += 1
            case = _handle(reg, case, kind, n, actor, today, rng, region)
    return count


def _event(reg, case: Case, key: str, on: datetime.date, today: datetime.date,  # noqa: ANN001
           actor: Actor, **data: object) -> Case | None:
    if on >= today:
        return None
    return RecordEvent(actor, case, reg, key, occurred_on=on, data=data).execute()


def _handle(reg, case: Case, kind: str, n: int, actor: Actor, today: datetime.date,  # noqa: ANN001, C901
            rng: random.Random, region: Region) -> Case:
    on = case.started_on
    told = on + D(days=rng.randint(2, 12) if n % 13 else 17)  # one told late
    if kind == "objection":
        step = _event(reg, case, "object", on + D(days=3), today, actor,
                      objection_reason="反映的事项属于镇人民政府职权范围，不属于本单位职责。")
        if step is None:
            return case
        answer = "objection_agreed" if n % 2 else "objection_refused"
        step = _event(reg, step, answer, on + D(days=8), today, actor) or step
        if answer == "objection_refused":
            step = _event(reg, step, "accept", on + D(days=10), today, actor,
                          route=Route.RESIDUAL) or step
        return step
    if kind == "route":
        # Four a year (n = 6, 7, 16, 17), the channels shifting by a year.
        route, body, register = ROUTES[(n // 10 * 2 + n % 10 - 6 + on.year) % len(ROUTES)]
        linked = (Case.objects.filter(region=region, register=register, started_on__lte=told)
                  .order_by("-started_on").values_list("number", flat=True).first()
                  if register else None)
        return _event(reg, case, "route", told, today, actor, route=route, route_body=body,
                      linked_register=register if linked else "",
                      linked_number=linked or "") or case
    if kind == "transfer":
        to = "县纪委监委" if case.petition.category == Category.ACCUSATION else f"{case.unit}（属地办理）"
        return _event(reg, case, "transfer", told, today, actor, transfer_to=to) or case
    if kind == "suggestion":
        step = _event(reg, case, "accept_suggestion", told, today, actor)
        if step is None:
            return case
        return _event(reg, step, "reply_suggestion", told + D(days=25), today, actor,
                      adoption=rng.choice((Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED)),
                      reply_summary="已研究论证，将结合年度计划统筹安排。") or step
    step = _event(reg, case, "accept", told, today, actor, route=Route.RESIDUAL)
    if step is None:
        return case
    case, accepted = step, told
    days = rng.randint(25, 55)
    if n % 11 == 4:  # complicated: extended with the head's approval
        ext = _event(reg, case, "extend", accepted + D(days=50), today, actor, extension_days=20,
                     extension_approver="分管负责同志", extension_reason="涉及多个部门，需进一步调查核实。",
                     extension_told_on=accepted + D(days=52))
        if ext is None:
            return case
        case, days = ext, 72
    elif n % 17 == 5:
        days = 66  # concluded late
    concluded = accepted + D(days=days)
    opinion = (Opinion.SUPPORT, Opinion.EXPLAIN, Opinion.REJECT)[n % 3]
    step = _event(reg, case, "conclude", concluded, today, actor, opinion=opinion,
                  opinion_number=f"莘信意〔{concluded.year}〕{n + 1}号",
                  opinion_request=case.petition.content, opinion_facts="经调查核实，情况基本属实。",
                  opinion_text={"support": "支持信访人的请求，责成有关单位限期解决。",
                                "explain": "请求事由合理但缺乏法律依据，已作解释说明。",
                                "reject": "请求缺乏事实根据，不予支持。"}[opinion],
                  opinion_basis="《信访工作条例》第三十二条及有关法律法规规定",
                  delivered_on=concluded + D(days=3))
    if step is None:
        return case
    case, delivered = step, concluded + D(days=3)
    if opinion == Opinion.REJECT and n % 2 == 0:  # the petitioner asks for 复查
        got = delivered + D(days=12)
        step = _event(reg, case, "request_review", got, today, actor, review_body="莘县人民政府",
                      review_submitted_on=got - D(days=2))
        if step is None:
            return case
        case = step
        step = _event(reg, case, "review_opinion", got + D(days=24), today, actor,
                      review_result=ReviewResult.UPHELD, review_delivered_on=got + D(days=26))
        if step is None:
            return case
        case = step
        if n > 10:
            again = got + D(days=40)
            step = _event(reg, case, "request_recheck", again, today, actor,
                          recheck_body="聊城市人民政府")
            if step is None:
                return case
            case = step
            step = _event(reg, case, "recheck_hearing", again + D(days=20), today, actor,
                          hearing_decided_on=again + D(days=10))
            case = step or case
            return _event(reg, case, "recheck_opinion", again + D(days=35), today, actor,
                          recheck_result=ReviewResult.UPHELD) or case
        # Closed once the 30 days to ask have run (a holiday may move their end a week).
        return _event(reg, case, "close", got + D(days=26 + 45), today, actor) or case
    return _event(reg, case, "close", delivered + D(days=45), today, actor) or case
