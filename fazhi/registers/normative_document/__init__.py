"""行政规范性文件登记簿 (package): ``procedure``, ``forms``, ``excel``, ``stats``,
``demo``. Its 合法性审核 is the legality_review register's (``open_review``)."""

from .demo import load_demo
from .procedure import IN_FORCE_STATES, NormativeDocumentRegister

__all__ = ["IN_FORCE_STATES", "NormativeDocumentRegister", "load_demo"]
