"""Imports every register module so that each adds itself to REGISTERS.
To add a register: write its module (see docs/registers.md) and list it here."""

from . import disclosure, litigation, reconsideration  # noqa: F401
from .base import REGISTERS

# The order of the tabs: reconsideration, litigation, disclosure.
ORDER = ("reconsideration", "litigation", "disclosure")
_ordered = {key: REGISTERS[key] for key in ORDER if key in REGISTERS}
_ordered.update(REGISTERS)
REGISTERS.clear()
REGISTERS.update(_ordered)
