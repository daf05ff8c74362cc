"""行政执法案件登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``; ``rules`` (limitation, credit code) and ``leniency`` (citing a list item)."""

from .demo import load_demo
from .procedure import EnforcementCaseRegister

__all__ = ["EnforcementCaseRegister", "load_demo"]
