"""A table of display strings, the unit every renderer works on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Table"]


@dataclass(frozen=True)
class Table:
    """A titled table of display strings, with notes printed under it.

    Examples
    --------
    >>> t = Table("Demo", ("a", "b"), (("1", "x"),), ("a note",))
    >>> print(t.to_markdown())
    ### Demo
    <BLANKLINE>
    | a | b |
    |---|---|
    | 1 | x |
    <BLANKLINE>
    a note
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a DataFrame of strings."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_text(self) -> str:
        """Render with aligned columns for a terminal or a plain-text file."""
        from myopathy_outcomes.report.text import table_text  # noqa: PLC0415 (renderer)

        return table_text(self)

    def to_markdown(self) -> str:
        """Render as a GitHub-flavoured markdown table under a level-3 heading."""
        from myopathy_outcomes.report.markdown import table_markdown  # noqa: PLC0415

        return table_markdown(self)
