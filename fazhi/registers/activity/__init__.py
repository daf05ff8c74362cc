"""学法、述法、普法活动登记簿 (package): ``procedure``, ``forms``, ``excel``,
``stats``, ``demo``."""

from .demo import load_demo
from .procedure import ActivityRegister

__all__ = ["ActivityRegister", "load_demo"]
