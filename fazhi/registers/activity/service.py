"""The key of the register."""

KEY = "activity"
