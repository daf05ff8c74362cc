"""Models of the shared core: the counters of assigned numbers, background exports."""

from .export_jobs import ExportJob
from .numbering import NumberCounter

__all__ = ["ExportJob", "NumberCounter"]
