"""Models of the shared core: the counters of assigned numbers."""

from .numbering import NumberCounter

__all__ = ["NumberCounter"]
