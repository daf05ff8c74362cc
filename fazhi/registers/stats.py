"""What the registers contribute to the indicator store: each register
package's ``stats`` module declares its ``Source`` and ``Computation``s
(fazhi.indicators.engine).

Imported by the indicators app at start-up (``autodiscover_modules("stats")``);
a register that lands later adds its figures with its package's ``stats``.
"""

from .registry import REGISTERS

for _register in REGISTERS.values():
    try:
        _register.module("stats")
    except ModuleNotFoundError as exc:
        if not exc.name or not exc.name.endswith(".stats"):
            raise
