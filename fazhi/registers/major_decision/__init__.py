"""重大行政决策登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``, and the yearly catalogue's pages (``actions``, ``views``, ``urls``)."""

from .demo import load_demo
from .procedure import MajorDecisionRegister

__all__ = ["MajorDecisionRegister", "load_demo"]
