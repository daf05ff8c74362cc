"""信访登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``, ``demo``,
``service`` (the link to the case a routed claim went to)."""

from .demo import load_demo
from .procedure import PetitionRegister

__all__ = ["PetitionRegister", "load_demo"]
