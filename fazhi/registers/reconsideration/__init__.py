"""行政复议登记簿 (package): ``procedure`` (events and handlers, with the
articles of 《中华人民共和国行政复议法》), ``forms``, ``excel``, ``stats``,
``demo``. See fazhi/registers/base.py for what each module offers."""

from .demo import load_demo
from .excel import parse_periods
from .procedure import ReconsiderationRegister

__all__ = ["ReconsiderationRegister", "load_demo", "parse_periods"]
