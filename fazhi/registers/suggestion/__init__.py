"""人大代表建议和政协提案登记簿 (package): ``procedure``, ``forms``, ``excel``,
``stats``, ``demo``."""

from .demo import load_demo
from .procedure import SuggestionRegister

__all__ = ["SuggestionRegister", "load_demo"]
