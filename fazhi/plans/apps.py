from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "fazhi.plans"
    label = "plans"
    verbose_name = "工作计划与任务台账"
