"""Detail models of the registers, one module each, imported here so that
Django registers them with the app (fazhi.registers.models imports this)."""

from .activity import *  # noqa: F403
from .disclosure import *  # noqa: F403
from .enforcement_case import *  # noqa: F403
from .legality_review import *  # noqa: F403
from .litigation import *  # noqa: F403
from .major_decision import *  # noqa: F403
from .mediation import *  # noqa: F403
from .normative_document import *  # noqa: F403
from .petition import *  # noqa: F403
from .reconsideration import *  # noqa: F403
from .rectification import *  # noqa: F403
from .suggestion import *  # noqa: F403
