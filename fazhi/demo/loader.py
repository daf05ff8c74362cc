"""The demo county: 莘县 (山东省聊城市), with its units, the 2022 work plan
imported from the published document, a current-year plan in progress with
progress reports in every state, and an account for every role.

Everything created here is marked ``is_demo``; the loader refuses to run
where settings.FAZHI_DEMO_ALLOWED is false (production).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core.actions import Actor
from fazhi.org.models import Account, Membership, Region, Role, Unit, UnitGroup
from fazhi.plans import services
from fazhi.plans.models import Assignment, Plan, ProgressReport, Task
from fazhi.plans.parser import parse_plan_document

DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "fazhi-demo-2026"  # noqa: S105 - demo accounts only, never in production
COUNTY = "莘县"

K = Unit.Kind
# (short name as documents write it, kind, law-enforcement department)
DEPARTMENTS: list[tuple[str, str, bool]] = [
    ("县政府办公室", K.GOV_OFFICE, False),
    ("县发展改革局", K.DEPARTMENT, True),
    ("县教育体育局", K.DEPARTMENT, True),
    ("县科学技术局", K.DEPARTMENT, False),
    ("县工业和信息化局", K.DEPARTMENT, True),
    ("县公安局", K.DEPARTMENT, True),
    ("县民政局", K.DEPARTMENT, True),
    ("县司法局", K.DEPARTMENT, True),
    ("县财政局", K.DEPARTMENT, True),
    ("县人力资源社会保障局", K.DEPARTMENT, True),
    ("县自然资源和规划局", K.DEPARTMENT, True),
    ("县住房城乡建设局", K.DEPARTMENT, True),
    ("县交通运输局", K.DEPARTMENT, True),
    ("县水利局", K.DEPARTMENT, True),
    ("县农业农村局", K.DEPARTMENT, True),
    ("县商务局", K.DEPARTMENT, True),
    ("县文化和旅游局", K.DEPARTMENT, True),
    ("县卫生健康局", K.DEPARTMENT, True),
    ("县退役军人事务局", K.DEPARTMENT, False),
    ("县应急局", K.DEPARTMENT, True),
    ("县审计局", K.DEPARTMENT, False),
    ("县市场监管局", K.DEPARTMENT, True),
    ("县统计局", K.DEPARTMENT, True),
    ("县医疗保障局", K.DEPARTMENT, True),
    ("县综合执法局", K.DEPARTMENT, True),
    ("县行政审批局", K.DEPARTMENT, True),
    ("县信访局", K.DEPARTMENT, False),
    ("县地方金融监管局", K.DEPARTMENT, True),
    ("县大数据局", K.DEPARTMENT, False),
    ("市生态环境局莘县分局", K.DEPARTMENT, True),
    ("县经济开发区管委会", K.DEV_ZONE, False),
    ("县人民法院", K.OTHER_BODY, False),
    ("县人民检察院", K.OTHER_BODY, False),
]
STREETS = ["莘亭街道", "莘州街道", "东鲁街道"]
TOWNS = ["朝城镇", "观城镇", "古城镇", "大张家镇", "古云镇", "河店镇", "董杜庄镇", "妹冢镇",
         "张鲁回族镇", "燕店镇", "徐庄镇", "王庄集镇", "柿子园镇", "十八里铺镇", "樱桃园镇",
         "魏庄镇", "大王寨镇", "张寨镇", "王奉镇", "俎店镇"]
GROUPS: list[tuple[str, list[str], bool, list[str]]] = [
    # (name, member kinds, law-enforcement only, other spellings)
    ("县政府各部门", [K.GOV_OFFICE, K.DEPARTMENT], False, ["县政府各部门、直属机构"]),
    ("各镇人民政府（街道办事处）", [K.TOWN, K.STREET], False, ["各镇（街道）", "各镇街"]),
    ("县政府各行政执法部门", [K.DEPARTMENT], True, ["各行政执法部门"]),
    ("县政府有关部门", [K.GOV_OFFICE, K.DEPARTMENT], False, []),
    ("县直有关部门", [K.GOV_OFFICE, K.DEPARTMENT], False, []),
    ("县有关部门", [K.GOV_OFFICE, K.DEPARTMENT], False, []),
    ("县直各部门", [K.GOV_OFFICE, K.DEPARTMENT], False, []),
]


@dataclass
class DemoAccount:
    username: str
    name: str
    role: str
    scope: str  # unit short name, or region name

    @property
    def role_label(self) -> str:
        return Role(self.role).label


ACCOUNTS = [
    DemoAccount("fzb_admin", "王依法", Role.OFFICE_ADMIN, COUNTY),
    DemoAccount("sfj_clerk", "李经办", Role.CLERK, "县司法局"),
    DemoAccount("sfj_leader", "赵局长", Role.LEADER, "县司法局"),
    DemoAccount("sjj_clerk", "孙经办", Role.CLERK, "县市场监管局"),
    DemoAccount("sjj_leader", "周局长", Role.LEADER, "县市场监管局"),
    DemoAccount("xt_clerk", "吴经办", Role.CLERK, "莘亭街道"),
    DemoAccount("xt_leader", "郑主任", Role.LEADER, "莘亭街道"),
    DemoAccount("lc_viewer", "陈市级", Role.UPPER_VIEWER, "聊城市"),
    DemoAccount("sys_admin", "钱系统", Role.SYSTEM_ADMIN, COUNTY),
    DemoAccount("sec_admin", "冯安全", Role.SECURITY_ADMIN, COUNTY),
    DemoAccount("audit_admin", "褚审计", Role.AUDIT_ADMIN, COUNTY),
]


def demo_loaded() -> bool:
    return Region.objects.filter(name=COUNTY, is_demo=True).exists()


def _require_allowed() -> None:
    if not getattr(settings, "FAZHI_DEMO_ALLOWED", False):
        raise ImproperlyConfigured("生产模式下不能加载演示数据。")


def _full_name(short: str) -> str:
    if short.startswith("县"):
        return COUNTY + short[1:] if short != "县政府办公室" else "莘县人民政府办公室"
    if short.startswith("市"):
        return "聊城" + short
    return short if short.endswith(("街道", "镇")) else COUNTY + short


@transaction.atomic
def load(today: datetime.date | None = None, seed: int = 2026,
         say: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the demo county. Returns counts of what was created; ``say``
    hears each register as it is loaded (``fazhi demo`` prints it)."""
    _require_allowed()
    if demo_loaded():
        return {}
    from fazhi.indicators import signals

    with signals.paused():
        counts = _load(today or timezone.localdate(), seed, say or (lambda _text: None))
    _figures(today or timezone.localdate())
    return counts


def _figures(today: datetime.date) -> None:
    """Targets the demo county set itself, and its figures of last year and
    this year computed once (the cockpit reads them)."""
    from fazhi.indicators import store
    from fazhi.indicators.models import IndicatorTarget

    county = Region.objects.get(name=COUNTY, is_demo=True)
    for year in (today.year - 1, today.year):
        for code, target, basis in (
                ("HEAD_APPEARANCE_RATE", 100, "山东省法治政府建设考核：行政机关负责人出庭应诉率100%"),
                ("DISCLOSURE_ONTIME_REPLY_RATE", 100, "政府信息公开条例第三十三条：依法按期答复"),
                ("PLAN_COMPLETION_RATE", 100, f"莘县{year}年法治政府建设工作计划")):
            IndicatorTarget.objects.get_or_create(region=county, year=year, code=code,
                                                  defaults={"target": target, "basis": basis})
        store.recompute(year, county.parent)
    _annual_report(county, today)


DUTY_TEXT = (
    "县委、县政府主要负责人认真履行推进法治建设第一责任人职责，县委常委会、县政府常务会议"
    "定期听取法治政府建设工作汇报，研究解决重点难点问题。\n"
    "县政府主要负责人带头学法、带头依法决策，带头出庭应诉，年终述法纳入领导班子考核。"
)


def _annual_report(county: Region, today: datetime.date) -> None:
    """Last year's report, composed from the records, signed off and published,
    so the portal and the city's reading have it; the office can compose others."""
    from fazhi.core.actions import ActionRefused
    from fazhi.reports import services as report_services
    from fazhi.reports.compose import compose_report

    office = Actor.for_user(get_user_model().objects.get(username="fzb_admin"))
    report = compose_report(county, today.year - 1, office)
    report.is_demo = True
    report.save(update_fields=["is_demo"])
    duty = report.sections.filter(part=3).first()
    report_services.SaveSection(office, report, section=duty, part=3, heading="", text=DUTY_TEXT,
                         version=report.version, note="填写第一责任人履职情况").execute()
    signed = datetime.date(today.year, 2, 26)
    try:
        report_services.SignOff(office, report, role="office", signer_name="周法治",
                         signer_post="县委依法治县办主任", signed_on=signed).execute()
        report_services.SignOff(office, report, role="leader", signer_name="孙县长",
                         signer_post="县长", signed_on=signed).execute()
        report_services.SubmitUpward(office, report, on=datetime.date(today.year, 2, 28)).execute()
        report_services.Publish(office, report, on=datetime.date(today.year, 3, 25)).execute()
    except ActionRefused:
        pass  # left as a draft: the office sees on its page what blocks the sign-off


def _load(today: datetime.date, seed: int, say: Callable[[str], None]) -> dict[str, int]:
    rng = random.Random(seed)
    province = Region.objects.create(name="山东省", level=Region.Level.PROVINCE, code="370000",
                                     is_demo=True)
    city = Region.objects.create(name="聊城市", level=Region.Level.CITY, parent=province,
                                 code="371500", is_demo=True)
    county = Region.objects.create(name=COUNTY, level=Region.Level.COUNTY, parent=city,
                                   code="371522", is_demo=True)
    neighbour = Region.objects.create(name="东阿县", level=Region.Level.COUNTY, parent=city,
                                      code="371524", is_demo=True)
    Region.objects.create(name="冠县", level=Region.Level.COUNTY, parent=city, code="371525",
                          is_demo=True)
    units = _create_units(county, neighbour)
    _create_groups(county)
    users = _create_accounts(county, city, units)

    office = Actor.for_user(users["fzb_admin"])
    plan_2022 = _import_plan(office, county, 2022, "莘县2022年法治政府建设工作计划")
    current = _import_plan(office, county, today.year, f"莘县{today.year}年法治政府建设工作计划")
    _schedule(current, today, rng)
    _complete_past_plan(plan_2022)
    reports = _progress(current, today, rng, users)
    reports += _background_progress(current, today, rng, users)
    cases = _registers(county, units, office, today, rng, say)
    _published_reports(city, Actor.for_user(users["lc_viewer"]))
    return {"units": len(units), "users": len(users), "plans": 2, "reports": reports,
            "cases": cases}


def _create_units(county: Region, neighbour: Region) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    order = 0
    for short, kind, enforcement in DEPARTMENTS:
        order += 1
        aliases = "县政府办公室（县大数据局）" if short == "县政府办公室" else ""
        units[short] = Unit(region=county, name=_full_name(short), short_name=short, kind=kind,
                            is_law_enforcement=enforcement, sort_order=order, aliases=aliases,
                            is_demo=True)
    for name in STREETS:
        order += 1
        units[name] = Unit(region=county, name=f"{name}办事处", short_name=name, kind=K.STREET,
                           sort_order=order, is_demo=True)
    for name in TOWNS:
        order += 1
        units[name] = Unit(region=county, name=f"{name}人民政府", short_name=name, kind=K.TOWN,
                           sort_order=order, is_demo=True)
    Unit.objects.bulk_create(units.values())
    # A second county of the same city, so the city's viewer sees more than one.
    Unit.objects.bulk_create([
        Unit(region=neighbour, name="东阿县司法局", short_name="县司法局", kind=K.DEPARTMENT,
             is_law_enforcement=True, is_demo=True),
        Unit(region=neighbour, name="东阿县人民政府办公室", short_name="县政府办公室",
             kind=K.GOV_OFFICE, is_demo=True),
    ])
    return {u.short_name: u for u in Unit.objects.filter(region=county)}


def _create_groups(county: Region) -> None:
    for name, kinds, enforcement_only, aliases in GROUPS:
        UnitGroup.objects.create(region=county, name=name, member_kinds=list(kinds),
                                 law_enforcement_only=enforcement_only,
                                 aliases="\n".join(aliases), is_demo=True)


def _create_accounts(county: Region, city: Region, units: dict[str, Unit]) -> dict:
    User = get_user_model()
    users = {}
    for account in ACCOUNTS:
        user = User.objects.create_user(account.username, password=DEMO_PASSWORD,
                                        first_name=account.name)
        users[account.username] = user
        if account.role in (Role.CLERK, Role.LEADER):
            Membership.objects.create(user=user, role=account.role, unit=units[account.scope],
                                      is_demo=True)
            region = county
        else:
            region = city if account.scope == city.name else county
            Membership.objects.create(user=user, role=account.role, region=region, is_demo=True)
        Account.objects.create(user=user, region=region)
    return users


def _import_plan(actor: Actor, county: Region, year: int, title: str) -> Plan:
    data = (DATA / "shenxian_plan_2022.txt").read_bytes()
    parsed = parse_plan_document(data, "shenxian_plan_2022.txt")
    preview = services.preview_import(parsed, county, year)
    # Every name must resolve through the county's units and groups above.
    assert not preview.unresolved, preview.unresolved
    plan = services.ImportPlan(actor, preview, title=title, source_name="莘政办发〔2022〕5号.txt",
                               is_demo=True).execute()
    plan.source_file.save("shenxian_plan_2022.txt", ContentFile(data), save=True)
    return plan


def _schedule(plan: Plan, today: datetime.date, rng: random.Random) -> None:
    """Due dates spread over the year: some already past, some within days."""
    tasks = list(plan.tasks.order_by("number"))
    year_end = datetime.date(plan.year, 12, 31)
    for i, task in enumerate(tasks):
        if i % 5 == 0:
            task.due_date = today - datetime.timedelta(days=10 + 7 * i)  # overdue
        elif i % 5 == 1:
            task.due_date = today + datetime.timedelta(days=3 + i % 4)  # due soon
        else:
            task.due_date = max(year_end, today + datetime.timedelta(days=20))
    Task.objects.bulk_update(tasks, ["due_date"])


def _complete_past_plan(plan: Plan) -> None:
    """The 2022 plan is history: every assignment done, due at year end."""
    plan.tasks.update(due_date=datetime.date(plan.year, 12, 31))
    Assignment.objects.filter(task__plan=plan).update(is_done=True)


PROGRESS_TEXTS = [
    "已召开专题会议研究部署，制定工作方案，明确责任分工和时间节点。",
    "组织开展专题学习 2 次，形成学习记录和会议纪要，相关材料已归档。",
    "已完成阶段性任务，建立工作台账，按月调度推进情况。",
    "牵头梳理相关清单并在政府网站公开，持续动态调整。",
    "开展专项检查 1 次，发现问题 3 项，已全部整改到位。",
]


def _progress(plan: Plan, today: datetime.date, rng: random.Random, users: dict) -> int:
    """Reports in every state for the demo accounts' units, through the same
    actions as the web interface."""
    periods = [p for p in plan.periods.order_by("start") if p.start <= today]
    if not periods:
        return 0
    count = 0
    actors = {name: Actor.for_user(u) for name, u in users.items()}
    office = actors["fzb_admin"]
    for prefix in ("sfj", "sjj", "xt"):
        clerk, leader = actors[f"{prefix}_clerk"], actors[f"{prefix}_leader"]
        unit_id = next(iter(clerk.policy.unit_ids))
        assignments = list(Assignment.objects.filter(task__plan=plan, unit_id=unit_id)
                           .select_related("task").order_by("task__number"))
        for i, assignment in enumerate(assignments):
            # The older periods are all accepted; the newest carries the mix.
            for period in periods[:-1]:
                report = services.SaveReport(clerk, None, assignment=assignment, period=period,
                                             text=rng.choice(PROGRESS_TEXTS),
                                             completion=ProgressReport.Completion.IN_PROGRESS,
                                             submit=True).execute()
                services.ApproveReport(leader, report).execute()
                services.AcceptReport(office, report).execute()
                count += 1
            stage = i % 6
            if stage == 5:
                continue  # nothing reported yet for the current period
            done = assignment.task.due_date and assignment.task.due_date > today and i % 3 == 0
            completion = (ProgressReport.Completion.DONE if done
                          else ProgressReport.Completion.IN_PROGRESS)
            report = services.SaveReport(clerk, None, assignment=assignment, period=periods[-1],
                                         text=rng.choice(PROGRESS_TEXTS), completion=completion,
                                         submit=stage > 0).execute()
            count += 1
            if stage >= 2:
                services.ApproveReport(leader, report).execute()
            if stage == 3:
                services.AcceptReport(office, report).execute()
            elif stage == 4:
                services.ReturnReport(office, report,
                                      reason="佐证材料不足，请补充会议纪要或工作台账。").execute()
    return count


def _background_progress(plan: Plan, today: datetime.date, rng: random.Random,
                         users: dict) -> int:
    """The county's other units: a realistic spread of accepted reports, some
    tasks finished. Created in bulk (hundreds of rows) and recorded as one
    audit entry for the demo load rather than one per row."""
    from fazhi.audit import service as audit

    periods = [p for p in plan.periods.order_by("start") if p.start <= today]
    if not periods:
        return 0
    account_units = {m.unit_id for u in users.values() for m in u.memberships.all() if m.unit_id}
    office = users["fzb_admin"]
    now = timezone.now()
    reports, done_ids = [], []
    assignments = (Assignment.objects.filter(task__plan=plan).exclude(unit_id__in=account_units)
                   .select_related("task"))
    for assignment in assignments:
        roll = rng.random()
        if roll < 0.2:
            continue  # not reported yet
        done = roll > 0.65 and (assignment.task.due_date or today) > today - datetime.timedelta(days=30)
        for period in periods:
            last = period == periods[-1]
            reports.append(ProgressReport(
                assignment=assignment, period=period, region_id=plan.region_id, unit_id=assignment.unit_id,
                text=rng.choice(PROGRESS_TEXTS),
                completion=(ProgressReport.Completion.DONE if done and last
                            else ProgressReport.Completion.IN_PROGRESS),
                state=ProgressReport.State.ACCEPTED, submitted_at=now, approved_at=now,
                reviewed_at=now, reviewed_by=office, is_demo=True))
        if done:
            done_ids.append(assignment.pk)
    ProgressReport.objects.bulk_create(reports, batch_size=500)
    Assignment.objects.filter(pk__in=done_ids).update(is_done=True)
    audit.record(actor=None, action="demo.load", obj=plan, region_id=plan.region_id,
                 note=f"演示数据：批量生成 {len(reports)} 份已采纳的进展报告")
    return len(reports)


def _registers(county: Region, units: dict[str, Unit], office: Actor, today: datetime.date,
               rng: random.Random, say: Callable[[str], None]) -> int:
    """Each register module that offers ``load_demo`` fills its register."""
    import importlib

    from fazhi.registers.base import REGISTERS

    total = 0
    for key, register in REGISTERS.items():
        module = importlib.import_module(f"fazhi.registers.{key}")
        load_demo = getattr(module, "load_demo", None)
        if load_demo is not None:
            started = time.monotonic()
            n = load_demo(county, units, office, today, rng)
            say(f"  {register.label}：{n}件（{time.monotonic() - started:.0f}秒）")
            total += n
    return total


def _published_reports(city: Region, viewer: Actor) -> None:
    """Two of the city's counties' published 2023 reports, read as data, so
    the comparison page has something to compare."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.analysis.services import UploadReports, process_report

    files = [SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
             for path in sorted((DATA / "reports").glob("*.txt"))]
    batch = UploadReports(viewer, files=files, owner_region=city).execute()
    for pk in batch.reports.order_by("pk").values_list("pk", flat=True):
        process_report(pk)
