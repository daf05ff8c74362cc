"""litigation register (see docs/registers.md)."""
