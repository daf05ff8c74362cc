"""不罚轻罚清单 (lenient-penalty lists), versioned.

A county (often per 执法领域) publishes a list of matters not penalised (不予处罚),
given a reduced penalty (减轻处罚) or a lighter one (从轻处罚), each with its
legal basis and conditions (行政处罚法 arts. 32–34). A new version supersedes
the old one from its publication date; items are never edited once the list
is published, so a case keeps pointing at the wording it was decided under.
"""

from __future__ import annotations

from django.db import models

from fazhi.org.models import Region


class LeniencyKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"


class LeniencyList(models.Model):
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="leniency_lists")
    field_name = models.CharField("执法领域", max_length=100, help_text="如：市场监管、生态环境、交通运输")
    title = models.CharField("清单名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    published_on = models.DateField("公布日期", null=True, blank=True,
                                    help_text="公布后清单事项不再修改；调整时发布新版本")
    document_number = models.CharField("公布文号", max_length=100, blank=True)
    supersedes = models.OneToOneField("self", verbose_name="取代的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "不罚轻罚清单"
        verbose_name_plural = "不罚轻罚清单"
        ordering = ["field_name", "-version"]
        constraints = [models.UniqueConstraint(fields=["region", "field_name", "version"],
                                               name="leniency_list_unique_version")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class LeniencyItem(models.Model):
    leniency_list = models.ForeignKey(LeniencyList, verbose_name="清单", on_delete=models.PROTECT,
                                      related_name="items")
    number = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=LeniencyKind.choices)
    act = models.CharField("违法行为", max_length=300)
    legal_basis = models.TextField("法律依据", help_text="违法行为的处罚依据和不罚轻罚的依据，如《中华人民共和国行政处罚法》第三十三条第一款")
    conditions = models.TextField("适用条件", help_text="如：初次违法、危害后果轻微并及时改正")

    SCOPE_REGION = "leniency_list__region"

    class Meta:
        verbose_name = "不罚轻罚清单事项"
        verbose_name_plural = "不罚轻罚清单事项"
        ordering = ["leniency_list", "number"]
        constraints = [models.UniqueConstraint(fields=["leniency_list", "number"],
                                               name="leniency_item_unique_number")]

    def __str__(self) -> str:
        return f"{self.leniency_list.field_name}第{self.number}项 {self.act}（{self.get_kind_display()}）"


class BodyProfile(models.Model):
    """执法主体: a unit marked 行政执法部门, with its legal basis and the powers
    list it publishes beforehand (事前公开, 118号; 行政处罚法第三十九条)."""

    unit = models.OneToOneField("org.Unit", verbose_name="执法主体", on_delete=models.CASCADE,
                                related_name="enforcement_profile")
    legal_basis = models.TextField("主体资格依据", help_text="如：法律、法规授权或机构设置文件")
    powers = models.TextField("执法职权清单", help_text="每行一项：职权名称及依据")
    powers_published_on = models.DateField("职权清单公示日期", null=True, blank=True)

    SCOPE_REGION = "unit__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"

    def __str__(self) -> str:
        return str(self.unit)


class OfficerStatus(models.TextChoices):
    ACTIVE = "active", "在岗持证"
    SUSPENDED = "suspended", "暂扣证件"
    CANCELLED = "cancelled", "注销证件"


class Officer(models.Model):
    """行政执法人员 and their 执法证 (行政处罚法第四十二条: 具有行政执法资格的执法人员)."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="officers")
    unit = models.ForeignKey("org.Unit", verbose_name="执法主体", on_delete=models.PROTECT,
                             related_name="officers")
    name = models.CharField("姓名", max_length=50)
    certificate_number = models.CharField("执法证号", max_length=40)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至", db_index=True)
    status = models.CharField("状态", max_length=20, choices=OfficerStatus.choices,
                              default=OfficerStatus.ACTIVE, db_index=True)
    is_legal_reviewer = models.BooleanField("法制审核人员", default=False)
    bar_qualified = models.BooleanField("取得法律职业资格", default=False)
    training_hours = models.PositiveIntegerField("本年度培训学时", default=0)
    training_year = models.PositiveIntegerField("培训学时所属年度", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "行政执法人员"
        verbose_name_plural = "行政执法人员"
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "certificate_number"],
                                               name="officer_unique_certificate")]
        indexes = [models.Index(fields=["region", "status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


# ----------------------------------------------------------------- 双随机、一公开
class Grade(models.TextChoices):
    A = "A", "A级（低风险）"
    B = "B", "B级（一般风险）"
    C = "C", "C级（较高风险）"
    D = "D", "D级（高风险）"


class InspectionItem(models.Model):
    """抽查事项清单的一项（一单）."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="inspection_items")
    unit = models.ForeignKey("org.Unit", verbose_name="实施部门", on_delete=models.PROTECT,
                             related_name="inspection_items")
    name = models.CharField("抽查事项", max_length=200)
    basis = models.TextField("抽查依据", blank=True)
    content = models.TextField("检查内容", blank=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "抽查事项"
        ordering = ["unit", "id"]

    def __str__(self) -> str:
        return self.name


class Entity(models.Model):
    """检查对象名录库的一户."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="inspection_entities")
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    industry = models.CharField("行业", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    grade = models.CharField("信用风险等级", max_length=1, choices=Grade.choices, db_index=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象"
        ordering = ["id"]
        indexes = [models.Index(fields=["region", "grade"])]

    def __str__(self) -> str:
        return self.name

    @property
    def draw_key(self) -> str:
        """The entity's key in a published draw record (public, stable)."""
        return self.credit_code or f"ID{self.pk}"


class SamplingRule(models.Model):
    """抽查比例和频次 by grade, for a county (rules.md §10: configurable)."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.CASCADE,
                               related_name="sampling_rules")
    grade = models.CharField("信用风险等级", max_length=1, choices=Grade.choices)
    ratio = models.DecimalField("抽查比例", max_digits=5, decimal_places=4,
                                help_text="0.05 表示 5%")
    frequency = models.PositiveIntegerField("每年抽查频次", default=1)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "抽查比例"
        verbose_name_plural = "抽查比例"
        constraints = [models.UniqueConstraint(fields=["region", "grade"],
                                               name="sampling_rule_unique_grade")]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}：{self.ratio:.2%}"


class InspectorConflict(models.Model):
    """A recorded relationship: the inspector steps aside for this entity."""

    officer = models.ForeignKey(Officer, verbose_name="检查人员", on_delete=models.CASCADE,
                                related_name="conflicts")
    entity = models.ForeignKey(Entity, verbose_name="检查对象", on_delete=models.CASCADE,
                               related_name="conflicts")
    reason = models.CharField("回避事由", max_length=200)

    SCOPE_REGION = "entity__region"

    class Meta:
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"

    def __str__(self) -> str:
        return f"{self.officer.name}回避{self.entity.name}"


class DrawManager(models.Manager):
    """Draws without their record (the whole directory, hundreds of kilobytes):
    read ``draw.record`` when it is needed (loaded on access)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer("record")


class Draw(models.Model):
    """One performed draw: its published record (inputs and outputs) and the
    targets with their inspectors and results."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="draws")
    item = models.ForeignKey(InspectionItem, verbose_name="抽查事项", on_delete=models.PROTECT,
                             related_name="draws")
    departments = models.ManyToManyField("org.Unit", verbose_name="参与部门", related_name="draws")
    seed = models.CharField("随机种子", max_length=200)
    seed_source = models.CharField("种子来源（事先公布）", max_length=300)
    period_start = models.DateField("检查期间自")
    period_end = models.DateField("至", db_index=True)
    drawn_on = models.DateField("抽取日期", db_index=True)
    record = models.JSONField("抽取记录", default=dict)
    is_joint = models.BooleanField("部门联合抽查", default=False)
    results_due = models.DateField("结果公示期限", null=True, blank=True)
    completed_on = models.DateField("结果全部公示日期", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)

    objects = DrawManager()

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "双随机抽取"
        verbose_name_plural = "双随机抽取"
        ordering = ["-drawn_on", "-id"]
        # Related access (a target's draw) defers the record too.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.item}（{self.drawn_on}）"


class InspectionResult(models.TextChoices):
    PASSED = "passed", "合格（未发现问题）"
    FAILED = "failed", "不合格（发现问题）"
    NOT_FOUND = "not_found", "通过登记的住所（经营场所）无法联系"


class DrawTarget(models.Model):
    draw = models.ForeignKey(Draw, verbose_name="抽取", on_delete=models.CASCADE,
                             related_name="targets")
    entity = models.ForeignKey(Entity, verbose_name="检查对象", on_delete=models.PROTECT,
                               related_name="draw_targets")
    grade = models.CharField("信用风险等级", max_length=1, choices=Grade.choices)
    inspectors = models.ManyToManyField(Officer, verbose_name="检查人员", related_name="draw_targets")
    result = models.CharField("检查结果", max_length=20, choices=InspectionResult.choices, blank=True)
    follow_up = models.CharField("后续处置", max_length=300, blank=True)
    follow_up_case = models.ForeignKey("registers.Case", verbose_name="立案查处", null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    result_on = models.DateField("检查日期", null=True, blank=True)
    published_on = models.DateField("结果公示日期", null=True, blank=True)

    SCOPE_REGION = "draw__region"

    class Meta:
        verbose_name = "抽中的检查对象"
        verbose_name_plural = "抽中的检查对象"
        constraints = [models.UniqueConstraint(fields=["draw", "entity"], name="draw_target_once")]

    def __str__(self) -> str:
        return f"{self.draw_id}：{self.entity_id}"
