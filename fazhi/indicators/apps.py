from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        # Each app's ``stats`` module declares the figures it computes
        # (fazhi.registers.stats, fazhi.plans.stats …).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("stats")
        from . import signals  # noqa: F401
