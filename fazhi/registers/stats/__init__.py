"""What each register contributes to the indicator store: its ``Source`` and
``Computation`` declarations (fazhi.indicators.engine), one module per register.

Imported by the indicators app at start-up (``autodiscover_modules("stats")``),
so a register that lands later adds its figures by adding a module here.
"""

from . import disclosure, litigation, reconsideration  # noqa: F401
