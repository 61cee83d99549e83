"""The error of the OMOP source: one line that says what is wrong and where."""

from __future__ import annotations

__all__ = ["OmopError"]


class OmopError(ValueError):
    """An OMOP database that cannot be read as asked, in one line.

    A connection that fails, a missing table, a CDM version other than 5.4,
    an empty concept set, a unit with no known conversion, or no person
    starting the index drug.
    """
