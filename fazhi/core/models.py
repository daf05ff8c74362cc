"""Models of the shared core: the counters of assigned numbers, background imports."""

from .imports import ImportJob
from .numbering import NumberCounter

__all__ = ["ImportJob", "NumberCounter"]
