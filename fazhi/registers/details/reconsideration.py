"""reconsideration register: detail model (filled in by its module)."""
