from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "fazhi.procedures"
    label = "procedures"
    verbose_name = "法定程序"
