"""The statutory procedures, one module per family (rules.md section numbers in
each block); ``fazhi.procedures.definitions`` gathers them in ``PROCESSES``."""
