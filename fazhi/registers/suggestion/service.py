"""The key of the register and what its pages and exports share."""

KEY = "suggestion"
