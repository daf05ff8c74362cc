"""行政执法监督的目录数据：不予处罚、减轻处罚、从轻处罚清单（按版本）。

Enforcement cases themselves are a register (fazhi.registers.enforcement_case);
this app holds the county's published lists they cite."""
