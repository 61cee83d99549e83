"""Clinical rules, one module per family."""
