"""Row-level data problems and the error that carries them."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

SHOWN_ALL: Final = 10
"""Problems a :class:`CohortDataError` message lists one by one; beyond, it lists them by kind."""

SHOWN_PER_KIND: Final = 5
"""Problems of each kind a longer message shows."""

SHOWN_KINDS: Final = 20
"""Kinds of problem a longer message shows; the others are counted."""

ID_SHOWN: Final = 64
"""The longest patient id shown whole where a row is located (the longest valid id)."""

_ID_CUT: Final = 60
"""Characters of a longer patient id shown, before ``...`` and its length."""

_VALUE: Final = re.compile(
    r"""(?<!\w)[bB]?'(?:[^'\\]|\\.)*'|(?<!\w)[bB]?"(?:[^"\\]|\\.)*"|\b\d[\w.:/+-]*"""
)
"""A value in a message: quoted text (a ``repr``), or a number or date as written."""


@dataclass(frozen=True)
class RowProblem:
    """One problem with one input row, located as a person would look for it.

    Attributes
    ----------
    file : str
        The file (or table) name, e.g. ``"visits.csv"``.
    row : int or None
        The line number in the file as a person counts it (the header is
        line 1, so the first data row is line 2). ``None`` for a problem that
        concerns the whole table, such as a missing column.
    patient_id : str or None
        The patient the row belongs to, when it can be read.
    field : str or None
        The column at fault.
    message : str
        What is wrong, e.g. ``"ck must be >= 0 and <= 1000000, got -3"``.

    Examples
    --------
    >>> str(RowProblem("visits.csv", 14, "P07", "ck", "ck must be >= 0 and <= 1000000, got -3"))
    'visits.csv row 14 (patient P07): ck must be >= 0 and <= 1000000, got -3'
    """

    file: str
    row: int | None
    patient_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{locate(self.file, self.row, self.patient_id)}: {self.message}"

    @property
    def kind(self) -> tuple[str, str | None, str]:
        """The kind of problem: the file, the field and the rule broken (:func:`rule_of`).

        Problems of one kind break one rule in one column of one file, with
        different values.

        Examples
        --------
        >>> a = RowProblem("visits.csv", 3, "P01", "ck", "ck must be >= 0 and <= 1000000, got -3")
        >>> b = RowProblem("visits.csv", 9, "P02", "ck", "ck must be >= 0 and <= 1000000, got -7")
        >>> a.kind == b.kind
        True
        """
        return self.file, self.field, rule_of(self.message)


@functools.lru_cache(maxsize=4096)
def rule_of(message: str) -> str:
    """A problem's message with the values in it set aside: the rule it says is broken.

    Quoted values, numbers and dates become ``...``; two messages that
    differ only in the values they quote say the same rule.

    Examples
    --------
    >>> rule_of("ck must be >= 0 and <= 1000000, got -3")
    'ck must be >= ... and <= ..., got -...'
    >>> rule_of("date must be an ISO date YYYY-MM-DD, got '2015-13-45'")
    'date must be an ISO date YYYY-MM-DD, got ...'
    """
    return _VALUE.sub("...", message)


def locate(file: str, row: int | None, patient_id: str | None) -> str:
    r"""Say where a row is, as a person would look for it.

    Examples
    --------
    >>> locate("visits.csv", 14, "P07"), locate("visits.csv", None, None)
    ('visits.csv row 14 (patient P07)', 'visits.csv')
    >>> locate("patients.csv", 3, "C\n1")  # a line break is shown, not printed
    "patients.csv row 3 (patient 'C\\n1')"
    """
    where = file if row is None else f"{file} row {row}"
    if not patient_id:
        return where
    if len(patient_id) > ID_SHOWN:
        return f"{where} (patient {patient_id[:_ID_CUT] + '...'!r}, {len(patient_id)} characters)"
    shown = patient_id if patient_id.isprintable() else repr(patient_id)
    return f"{where} (patient {shown})"


class CohortDataError(ValueError):
    """Raised when input data break one or more rules; holds every problem found.

    Parameters
    ----------
    problems : sequence of RowProblem
        Every problem found, in table and row order.

    Attributes
    ----------
    problems : tuple of RowProblem
        Every problem, none left out, in table and row order. Each has its
        ``file``, ``row`` (``None`` for a problem of a whole table, such as a
        missing column), ``patient_id`` (``None`` where it cannot be read),
        ``field`` (``None`` for the row as a whole) and ``message``; ``str()``
        of one is the line the message shows, and :attr:`RowProblem.kind`
        its kind. A program writing every problem to a file (a "problems
        file") writes these.

    Notes
    -----
    The message does not grow with the data. Up to 10 problems
    (:data:`SHOWN_ALL`) are listed one per line. More are listed by kind
    (file, field and rule broken, :attr:`RowProblem.kind`), in the order
    their first problems come: each kind with its count and its first 5
    problems (:data:`SHOWN_PER_KIND`), for the first 20 kinds
    (:data:`SHOWN_KINDS`); further kinds are counted. A patient id longer
    than 64 characters (the longest valid id) is cut where a row is located
    (:func:`locate`), as quoted values are in the messages.

    Examples
    --------
    >>> problems = [RowProblem("visits.csv", row, "P01", "ck", f"ck must be >= 0, got -{row}")
    ...             for row in range(2, 14)]
    >>> print(CohortDataError(problems))
    12 problems in the input data, of 1 kind; the first 5 of each kind:
      visits.csv, ck: 12 problems
        visits.csv row 2 (patient P01): ck must be >= 0, got -2
        visits.csv row 3 (patient P01): ck must be >= 0, got -3
        visits.csv row 4 (patient P01): ck must be >= 0, got -4
        visits.csv row 5 (patient P01): ck must be >= 0, got -5
        visits.csv row 6 (patient P01): ck must be >= 0, got -6
        and 7 more
    """

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems: tuple[RowProblem, ...] = tuple(problems)
        super().__init__(_message(self.problems))


def _message(problems: tuple[RowProblem, ...]) -> str:
    """The message of a :class:`CohortDataError`: every problem, or a few of each kind."""
    count = len(problems)
    header = f"{count} problem{'s' if count != 1 else ''} in the input data"
    if count <= SHOWN_ALL:
        return "\n".join([header + ":", *(f"  {p}" for p in problems)])
    kinds: dict[tuple[str, str | None, str], list[RowProblem]] = {}
    counts: dict[tuple[str, str | None, str], int] = {}
    for problem in problems:
        kind = problem.kind
        counts[kind] = counts.get(kind, 0) + 1
        shown = kinds.setdefault(kind, [])
        if len(shown) < SHOWN_PER_KIND:
            shown.append(problem)
    lines = [
        f"{header}, of {len(kinds)} kind{'s' if len(kinds) != 1 else ''}; the first "
        f"{SHOWN_PER_KIND} of each kind:"
    ]
    for kind, shown in list(kinds.items())[:SHOWN_KINDS]:
        file, field, _ = kind
        total = counts[kind]
        where = file if field is None else f"{file}, {field}"
        lines.append(f"  {where}: {total} problem{'s' if total != 1 else ''}")
        lines.extend(f"    {problem}" for problem in shown)
        if total > len(shown):
            lines.append(f"    and {total - len(shown)} more")
    if len(kinds) > SHOWN_KINDS:
        rest = list(kinds)[SHOWN_KINDS:]
        lines.append(
            f"  and {len(rest)} more kinds, {sum(counts[kind] for kind in rest)} problems"
        )
    return "\n".join(lines)
