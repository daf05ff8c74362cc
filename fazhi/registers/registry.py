"""Imports every register package so that each adds itself to REGISTERS.
To add a register: write its package (see docs/registers.md) and list it here."""

import importlib

from .base import REGISTERS

# The packages, in the order of the tabs.
PACKAGES = ("reconsideration", "litigation", "disclosure", "legality_review",
            "major_decision", "normative_document", "enforcement_case", "suggestion", "rectification", "activity", "mediation",
            "petition")

for _key in PACKAGES:
    importlib.import_module(f"fazhi.registers.{_key}.procedure")

_ordered = {key: REGISTERS[key] for key in PACKAGES if key in REGISTERS}
_ordered.update(REGISTERS)
REGISTERS.clear()
REGISTERS.update(_ordered)
