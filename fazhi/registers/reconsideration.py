"""reconsideration register (see docs/registers.md)."""
