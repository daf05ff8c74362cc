"""The audit log as its auditor reads it: actions as Chinese labels (not
``disclosure.confirm_receipt``), values as the user sees them — names instead
of ids, 是/否, choice labels, dates as 2026年12月1日, — for empty, times in
Asia/Shanghai.

``Reader`` renders the entries of one page (or one export) with one query
per kind of referenced record, whatever the number of entries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

EMPTY = "—"

# Whole verbs (written by the write path and the login views).
ACTIONS: dict[str, str] = {
    "create": "新增", "update": "修改", "delete": "删除", "append": "追加",
    "auth.login": "登录", "auth.logout": "退出登录", "auth.login_failed": "登录失败",
    "auth.lockout": "账号锁定", "auth.ip_blocked": "来源地址封禁",
    "user.create": "新建账号", "user.password_change": "修改密码",
    "membership.restore": "恢复角色授权", "membership.revoke": "撤销角色授权",
    "calendar.load": "导入节假日安排", "demo.load": "加载演示数据", "file.export": "导出文件",
    "file.download": "下载文件", "register.import.restart": "重新导入登记簿",
    "file.export.restart": "重新生成导出文件", "deadline.recompute": "重新计算期限",
    "plan.import": "导入工作计划", "plan.update": "修改工作计划", "plan.withdraw": "撤回工作计划",
    "task.set_due_date": "设定完成时限", "task.update": "修改任务", "task.urge": "催办",
    "period.save": "保存报送周期", "unit.alias_added": "记录单位别名",
    "assignment.done": "分工标记为已完成", "assignment.reopened": "分工恢复为未完成",
    "assignment.add": "增加任务分工", "assignment.remove": "取消任务分工",
    "progress.save": "保存进展报告", "progress.submit": "提交进展报告",
    "progress.approve": "单位审核通过进展报告", "progress.accept": "采纳进展报告",
    "progress.return": "退回进展报告", "evidence.upload": "上传佐证材料",
    "attachment.upload": "上传附件", "case.open": "登记事项", "case.event": "记录办理经过",
    "case.correct": "更正登记信息",
    "indicator_report.save": "保存指标填报", "indicator_report.submit": "提交指标填报",
    "indicator_report.approve": "单位审核通过指标填报", "indicator_report.accept": "采纳指标填报",
    "indicator_report.return": "退回指标填报", "indicator_report.delete": "删除指标填报",
    "indicators.case_saved": "登记事项变化（指标待重算）",
    "indicators.assignment_saved": "任务分工变化（指标待重算）",
    "registers.recompute": "重新计算登记簿", "litigation.hearing": "记录开庭",
    "assessment.close": "考核结果定稿", "assessment.item_delete": "删除考核项目",
    "assessment.item_create": "新增考核项目", "assessment.item_update": "修改考核项目",
    "assessment.scheme_create": "新建考核方案", "assessment.scheme_update": "修改考核方案",
    "assessment.manual_score": "录入人工评分", "assessment.object": "提出考核异议",
    "assessment.publish": "发布考核方案", "assessment.rule": "裁定考核异议",
    "analysis.upload": "上传报告解读", "analysis.report.upload": "上传待解读报告",
    "analysis.report.read": "解读报告", "analysis.report.reread": "重新解读报告",
    "report.compose": "起草年度报告", "report.edit": "修改年度报告", "report.section": "修改报告章节",
    "report.section_delete": "删除报告章节", "report.refresh_figures": "刷新报告数据",
    "report.sign_off": "签发年度报告", "report.withdraw_sign_off": "撤回签发",
    "report.submit_upward": "报送上级", "report.publish": "公开发布年度报告",
    "report.request_contribution": "请单位提供材料", "report.contribution_requested": "请单位提供材料",
    "report.contribution_submit": "单位提交报告材料", "report.contribution_review": "审阅单位材料",
    "draw.perform": "组织双随机抽取", "draw.result": "登记抽查结果",
    "sampling_rule.set": "设定抽查比例和频次",
}
# The last word of a verb not listed above, for verbs added later.
VERB_WORDS = {
    "create": "新增", "update": "修改", "delete": "删除", "save": "保存", "submit": "提交",
    "approve": "审核通过", "accept": "采纳", "return": "退回", "upload": "上传", "import": "导入",
    "export": "导出", "publish": "发布", "close": "办结", "open": "登记", "withdraw": "撤回",
}


def action_label(verb: str) -> str:
    if verb in ACTIONS:
        return ACTIONS[verb]
    head, _, tail = verb.rpartition(".")
    register = _register_event(head, tail)
    if register:
        return register
    if tail in VERB_WORDS:
        return VERB_WORDS[tail]
    return "其他操作"  # never the code identifier itself


def _register_event(key: str, event: str) -> str:
    """``disclosure.confirm_receipt`` → 依申请公开：确认收到申请."""
    if not key:
        return ""
    try:
        from fazhi.registers.base import get_register

        register = get_register(key)
        return f"{register.label}：{register.event(event).label}"
    except Exception:  # not a register verb (or the register is gone)
        return ""


def action_choices(verbs: Iterable[str]) -> list[tuple[str, str]]:
    return sorted(((v, action_label(v)) for v in set(verbs)), key=lambda c: c[1])


def local_time(value: datetime.datetime) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M:%S}"


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f
    return None


def _name(obj: models.Model) -> str:
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


class Reader:
    """Readable values for a batch of entries."""

    def __init__(self, entries: Iterable[Any]) -> None:
        self.entries = list(entries)
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for e in self.entries:
            model = _model(e.model)
            for key, change in (e.changes or {}).items():
                f = _field(model, key)
                if isinstance(f, models.ForeignKey):
                    for v in (change.get("old"), change.get("new")):
                        if v not in (None, ""):
                            wanted[f.related_model].add(v)
        # one query per kind of referenced record (accounts, units, tasks …)
        self.names: dict[tuple[type, str], str] = {}
        for related, ids in wanted.items():
            for obj in related._default_manager.filter(pk__in=ids):
                self.names[(related, str(obj.pk))] = _name(obj)

    def value(self, model_label: str, key: str, value: Any) -> str:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        f = _field(_model(model_label), key)
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(f, models.ForeignKey):
            return self.names.get((f.related_model, str(value)), f"已删除的{f.related_model._meta.verbose_name}")
        if f is not None and f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(f, models.DateTimeField) or (isinstance(value, str) and "T" in value and parse_datetime(value)):
            parsed = parse_datetime(str(value))
            if parsed:
                return local_time(parsed)
        if isinstance(f, models.DateField) or (isinstance(value, str) and len(value) == 10 and parse_date(value)):
            parsed = parse_date(str(value)[:10])
            if parsed:
                return f"{parsed.year}年{parsed.month}月{parsed.day}日"
        if isinstance(value, list):
            return "、".join(self.value(model_label, "", v) for v in value) or EMPTY
        if isinstance(value, dict):
            return "；".join(f"{k}：{self.value(model_label, '', v)}" for k, v in value.items())
        return str(value)

    def changes(self, entry: Any) -> list[dict[str, str]]:
        return [{"label": c.get("label") or "字段", "old": self.value(entry.model, key, c.get("old")),
                 "new": self.value(entry.model, key, c.get("new"))}
                for key, c in (entry.changes or {}).items()]

    def rows(self) -> list[dict[str, Any]]:
        return [{"entry": e, "at": local_time(e.at), "action": action_label(e.action),
                 "changes": self.changes(e), "who": e.user_display or e.username or "系统",
                 "object_label": e.model_label or EMPTY} for e in self.entries]
