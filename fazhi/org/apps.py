from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = "组织与权限"

    def ready(self) -> None:
        from . import auth  # noqa: F401  (login signal receivers)
