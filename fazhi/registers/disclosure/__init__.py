"""依申请公开登记簿 (package): ``procedure`` (events and handlers, with the
articles of 《中华人民共和国政府信息公开条例》), ``forms``, ``excel``,
``stats`` (the 年度报告 tables and the on-time reply rate), ``demo``."""

from .demo import load_demo
from .procedure import DisclosureRegister
from .stats import annual_report_table, ontime_reply_rate, review_table

__all__ = ["DisclosureRegister", "annual_report_table", "load_demo", "ontime_reply_rate",
           "review_table"]
