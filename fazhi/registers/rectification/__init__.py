"""法治督察与整改登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``, ``actions`` (督察), ``service`` (risk signals from the other
registers, overdue findings for the home page), ``views``/``urls``."""

from .demo import load_demo
from .procedure import RectificationRegister
from .service import overdue_findings, raise_finding, signals

__all__ = ["RectificationRegister", "load_demo", "overdue_findings", "raise_finding", "signals"]
