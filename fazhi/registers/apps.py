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

        from django.db import transaction
        from django.db.models.signals import post_delete, post_migrate, post_save

        from fazhi.procedures.models import RuleSetting

        from .base import recompute_for_rule

        def on_rule_changed(sender, instance, **kwargs) -> None:  # noqa: ANN001, ANN003, ARG001
            transaction.on_commit(lambda: recompute_for_rule(instance.process, instance.step))

        for signal in (post_save, post_delete):
            signal.connect(on_rule_changed, sender=RuleSetting, weak=False,
                           dispatch_uid=f"registers.rule.{signal is post_save}")

        from .case_search import ensure_triggers

        # A later migration that rebuilds the cases' table drops the search
        # index's triggers with it (fazhi.registers.case_search).
        post_migrate.connect(lambda sender, using="default", **kwargs: ensure_triggers(using),
                             sender=self, weak=False, dispatch_uid="registers.case_search")

        from . import party_search

        # The site search's index of parties and 文号 follows the models' columns.
        post_migrate.connect(lambda sender, using="default", **kwargs: party_search.ensure(using),
                             sender=self, weak=False, dispatch_uid="registers.party_search")
