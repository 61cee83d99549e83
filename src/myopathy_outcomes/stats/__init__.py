"""The statistical tests: exact rank tests, Fisher and chi-square."""
