"""Models of the shared core: the counters of assigned numbers, background
exports and background imports."""

from .export_jobs import ExportJob
from .imports import ImportJob
from .numbering import NumberCounter

__all__ = ["ExportJob", "ImportJob", "NumberCounter"]
