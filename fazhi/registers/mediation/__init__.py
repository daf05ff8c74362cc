"""人民调解登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``, ``actions`` and ``views``/``urls`` (committees and mediators)."""

from .demo import load_demo
from .procedure import MediationRegister

__all__ = ["MediationRegister", "load_demo"]
