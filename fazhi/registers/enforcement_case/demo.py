"""行政执法案件登记簿的演示数据：各执法部门两年来的处罚、许可、检查等案件，
经过与网页相同的写入路径（OpenCase、RecordEvent），覆盖法制审核、简易程序、
不罚轻罚、公示和撤回等情形。"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Region, Unit

from ..actions import OpenCase, RecordEvent
from ..details.enforcement_case import EnforcementKind, LenientBasis, Outcome, PenaltyType
from .rules import make_credit_code

KEY = "enforcement_case"
ACTS = ("销售超过保质期的食品", "未按规定公示营业执照", "无证经营", "未按规定设置安全警示标志",
        "占道经营", "违法排放污水", "超限运输", "未取得施工许可证擅自施工", "使用未经检验的特种设备",
        "未按规定建立进货查验记录", "违规发布广告", "未落实消防安全责任制")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("建国", "秀英", "志强", "桂兰", "海涛", "丽娟", "国庆", "晓东", "玉梅", "春生")
FIRMS = ("超市", "商贸有限公司", "餐饮店", "建材经营部", "物流有限公司", "农资门市", "加油站",
         "食品有限公司", "汽车修理厂", "药店")
PLACES = ("莘县", "莘亭", "燕店", "朝城", "观城", "古城", "张鲁", "十八里铺", "大王寨", "柿子园")


LENIENCY_FIELD = "综合执法"
LENIENCY_ITEMS = (
    ("no_penalty", "未按规定公示营业执照等登记信息", "《中华人民共和国市场主体登记管理条例》第四十八条；"
     "《中华人民共和国行政处罚法》第三十三条第一款", "初次违法，责令改正后及时改正"),
    ("no_penalty", "未按规定设置安全警示标志", "《中华人民共和国安全生产法》第九十九条；"
     "《中华人民共和国行政处罚法》第三十三条第一款", "违法行为轻微并及时改正，没有造成危害后果"),
    ("no_penalty", "占道经营", "《城市市容和环境卫生管理条例》第三十六条；"
     "《中华人民共和国行政处罚法》第三十三条第一款", "初次违法、危害后果轻微并及时改正"),
    ("mitigated", "销售标签不符合规定的预包装食品", "《中华人民共和国食品安全法》第一百二十五条；"
     "《中华人民共和国行政处罚法》第三十二条", "主动消除或者减轻违法行为危害后果"),
)


def _leniency_list(region: Region, actor: Actor, start: datetime.date) -> None:
    """The county's published list the demo cases cite (through the list's actions)."""
    from fazhi.enforcement.actions import AddLeniencyItem, CreateLeniencyList, PublishLeniencyList
    from fazhi.enforcement.models import LeniencyList

    if LeniencyList.objects.filter(region=region, field_name=LENIENCY_FIELD).exists():
        return
    lst = CreateLeniencyList(actor, region=region, field_name=LENIENCY_FIELD,
                             title=f"{region.name}综合行政执法领域不予处罚、减轻处罚事项清单",
                             document_number=f"莘司发〔{start.year - 1}〕8号", is_demo=True).execute()
    for kind, act, basis, conditions in LENIENCY_ITEMS:
        AddLeniencyItem(actor, lst, kind=kind, act=act, legal_basis=basis,
                        conditions=conditions).execute()
    PublishLeniencyList(actor, lst, published_on=start - datetime.timedelta(days=30)).execute()


def _party(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.4:
        return "person", rng.choice(SURNAMES) + rng.choice(GIVEN), ""
    body = "91371522" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return "organisation", rng.choice(PLACES) + rng.choice(PLACES) + rng.choice(FIRMS), \
        make_credit_code(body)


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random, per_unit_year: int | None = None) -> int:
    """About ``per_unit_year`` cases a year for each 行政执法部门, over two years;
    by default as many as make about ``settings.FAZHI_DEMO_ENFORCEMENT_CASES`` in
    all (every case goes through the write path)."""
    from django.conf import settings

    from ..base import get_register

    reg = get_register(KEY)
    bodies = [u for u in units.values() if u.is_law_enforcement]
    if not bodies:
        return 0
    start = datetime.date(today.year - 1, 1, 1)
    span = (today - start).days
    _leniency_list(region, actor, start)
    from fazhi.enforcement.demo import load_directory

    load_directory(region, units, actor, today, rng)  # bodies, officers, entities, draws
    if per_unit_year is None:
        total = settings.FAZHI_DEMO_ENFORCEMENT_CASES
        per_unit_year = max(5, total * 365 // (len(bodies) * max(span, 1)))
    from ..bulk import staged_writes

    count = 0
    # Thousands of cases: each through the write path's actions, gates and
    # clocks, made in memory and written in bulk at the end (as a large import).
    with staged_writes() as st:
        for unit in bodies:
            n = per_unit_year * span // 365
            for filed in sorted(start + datetime.timedelta(days=rng.randint(0, span - 1))
                                for _ in range(n)):
                mark = st.mark()
                try:
                    _one(reg, region, unit, actor, today, rng, filed, seq=count + 1)
                except ActionRefused:
                    st.rollback(mark)  # a random combination the gates refuse: not a demo case
                    continue
                count += 1
    return count


def _one(reg, region: Region, unit: Unit, actor: Actor, today: datetime.date,  # noqa: ANN001, PLR0913
         rng: random.Random, filed: datetime.date, seq: int) -> None:
    roll = rng.random()
    kind = (EnforcementKind.PENALTY if roll < 0.7 else EnforcementKind.LICENCE if roll < 0.85
            else EnforcementKind.INSPECTION if roll < 0.95 else EnforcementKind.COERCION)
    party_type, party, code = _party(rng)
    simple = kind == EnforcementKind.PENALTY and rng.random() < 0.25
    major = kind == EnforcementKind.PENALTY and not simple and rng.random() < 0.08
    act = rng.choice(ACTS)
    title = f"{party}{act}案" if kind == EnforcementKind.PENALTY else \
        f"{party}{'行政许可申请' if kind == EnforcementKind.LICENCE else '行政检查'}"
    case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
        "title": title, "started_on": filed, "kind": kind, "sector": "general",
        "party_type": party_type, "party_name": party, "credit_code": code,
        "procedure": "simple" if simple else "ordinary",
        "act_ended_on": filed - datetime.timedelta(days=rng.randint(1, 120)),
        "powers_published": True, "is_major": major,
        "major_reason": "complex" if major else ""}).execute()
    age = (today - filed).days
    if age < 10 and not simple:
        return  # still under investigation
    day = filed
    if kind == EnforcementKind.COERCION:
        day += datetime.timedelta(days=1)
        case = RecordEvent(actor, case, reg, "measure", occurred_on=day, data={
            "measure": "detention", "av_record_ref": f"执法记录仪 {unit.short_name}-{seq}"}).execute()
    if major:
        day += datetime.timedelta(days=rng.randint(20, 50))
        if day > today:
            return
        case = RecordEvent(actor, case, reg, "legal_review", occurred_on=day, data={
            "reviewer_name": rng.choice(SURNAMES) + rng.choice(GIVEN), "reviewer_first_time": False,
            "reviewer_bar_qualified": rng.random() < 0.7, "review_result": "passed",
            "review_opinion": "事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。"}).execute()
    if not simple:
        day += datetime.timedelta(days=rng.randint(5, 60))
    if day > today:
        return
    data: dict[str, object] = {"decision_number": f"{unit.short_name or unit.name}罚决字〔{day.year}〕{seq}号"}
    if kind == EnforcementKind.PENALTY:
        r = rng.random()
        if simple:
            data |= {"outcome": Outcome.PENALTY, "penalty_type": PenaltyType.FINE,
                     "fine_amount": str(rng.choice((50, 100, 200)))}
        elif r < 0.12:
            cite = {"leniency_ref": f"{LENIENCY_FIELD}第{rng.randint(1, 3)}项"} \
                if rng.random() < 0.7 else {"lenient_basis": LenientBasis.ART33_FIRST}
            data |= {"outcome": Outcome.NO_PENALTY, **cite,
                     "amount_involved": str(Decimal(rng.randint(200, 30000)))}
        elif r < 0.2:
            data |= {"outcome": Outcome.MITIGATED, "penalty_type": PenaltyType.FINE,
                     "lenient_basis": LenientBasis.ART32, "fine_amount": str(rng.randint(5, 50) * 100),
                     "amount_involved": str(Decimal(rng.randint(1000, 80000)))}
        else:
            data |= {"outcome": Outcome.PENALTY, "penalty_type": PenaltyType.FINE,
                     "fine_amount": str(rng.randint(5, 300) * 100)}
    elif kind == EnforcementKind.LICENCE:
        data |= {"outcome": Outcome.GRANTED if rng.random() < 0.9 else Outcome.REFUSED}
    else:
        data |= {"outcome": Outcome.DECIDED}
    case = RecordEvent(actor, case, reg, "decide", occurred_on=day, data=data).execute()
    if data["outcome"] == Outcome.NO_PENALTY and rng.random() < 0.5:
        RecordEvent(actor, case, reg, "exempt_publication", occurred_on=day,
                    data={"not_published_reason": "不予处罚决定涉及个人信息，依法不予公开"}).execute()
        return
    pub = day + datetime.timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 8, 12)))
    if pub > today:
        return
    case = RecordEvent(actor, case, reg, "publish", occurred_on=pub,
                       data={"publication_place": "莘县人民政府门户网站"}).execute()
    if rng.random() < 0.02 and pub + datetime.timedelta(days=10) <= today:
        revoked = pub + datetime.timedelta(days=rng.randint(5, 9))
        case = RecordEvent(actor, case, reg, "revoke", occurred_on=revoked,
                           data={"revocation_reason": "经行政复议决定撤销"}).execute()
        RecordEvent(actor, case, reg, "withdraw_publication",
                    occurred_on=revoked + datetime.timedelta(days=rng.randint(1, 4)),
                    data={"withdrawal_note": "原决定已被撤销，撤回公示信息"}).execute()
        return
    closed = pub + datetime.timedelta(days=rng.randint(5, 40))
    if closed <= today:
        RecordEvent(actor, case, reg, "close", occurred_on=closed).execute()
