"""disclosure register (see docs/registers.md)."""
