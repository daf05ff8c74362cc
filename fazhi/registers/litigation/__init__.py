"""行政应诉登记簿 (package): ``procedure`` (events and handlers, with the
articles of 行政诉讼法, its 解释 and 出庭规定 法释〔2020〕3号), ``forms``,
``excel``, ``stats`` (出庭应诉率 and the figures of the indicators), ``demo``."""

from .demo import load_demo
from .excel import _hearing_rows
from .procedure import LitigationRegister, hearing_text
from .stats import appearance_stats

__all__ = ["LitigationRegister", "_hearing_rows", "appearance_stats", "hearing_text", "load_demo"]
