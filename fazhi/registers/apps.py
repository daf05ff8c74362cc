from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "fazhi.registers"
    label = "registers"
    verbose_name = "登记簿"
