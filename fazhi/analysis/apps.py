from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "fazhi.analysis"
    label = "analysis"
    verbose_name = "报告解读"
