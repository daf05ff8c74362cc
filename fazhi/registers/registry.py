"""Imports every register module so that each adds itself to REGISTERS.
To add a register: write its module (see docs/registers.md) and list it here."""

from . import disclosure, litigation, reconsideration  # noqa: F401
