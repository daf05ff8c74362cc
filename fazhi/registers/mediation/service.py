"""The key of the register."""

KEY = "mediation"
