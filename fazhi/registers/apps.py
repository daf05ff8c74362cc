from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "fazhi.registers"
    label = "registers"
    verbose_name = "登记簿"

    def ready(self) -> None:
        from fazhi.workdays.signals import calendar_changed

        from . import registry  # noqa: F401  (imports every register module)
        from .base import recompute_open_deadlines

        def on_calendar_changed(sender, years, **kwargs) -> None:  # noqa: ANN001, ANN003, ARG001
            recompute_open_deadlines(years)

        # weak=False: the receiver is a local function that would otherwise be
        # garbage-collected as soon as ready() returns.
        calendar_changed.connect(on_calendar_changed, weak=False,
                                 dispatch_uid="registers.recompute")
