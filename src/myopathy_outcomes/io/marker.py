"""The marker file that labels a cohort folder as synthetic data.

A folder holding a file named :data:`SYNTHETIC_MARKER` is synthetic: the
bundled example holds one, so a copy of it (as the own-data how-to suggests)
still reports as synthetic, however it is run. The folder reader looks only
for the three tables' files by name, so the marker is never taken for one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = ["SYNTHETIC_MARKER", "marked_synthetic"]

SYNTHETIC_MARKER: Final = "SYNTHETIC.txt"
"""The name of the file that marks a cohort folder as synthetic data."""


def marked_synthetic(path: Path) -> bool:
    """Whether the cohort folder ``path`` holds the synthetic-data marker.

    Parameters
    ----------
    path : pathlib.Path
        A checked cohort folder, or an ``.xlsx`` workbook (never marked).

    Returns
    -------
    bool
        True if ``path`` is a folder holding a file named
        :data:`SYNTHETIC_MARKER`; there is no R equivalent.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> marked_synthetic(folder)
    False
    >>> _ = (folder / SYNTHETIC_MARKER).write_text("synthetic\\n")
    >>> marked_synthetic(folder)
    True
    """
    return path.is_dir() and (path / SYNTHETIC_MARKER).is_file()
