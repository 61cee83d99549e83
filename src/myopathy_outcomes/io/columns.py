"""Match a table's column names to the schema's, allowing for how spreadsheets write them.

A column name matches a schema column when the two are equal after setting
aside case, surrounding spaces, byte-order marks and zero-width spaces, and
reading a run of spaces as ``_``: ``Patient ID``, `` Birth_Date`` and
``\\ufeffpatient_id`` all match. Each column matched so (not written exactly)
is named in a notice. Two columns matching one schema column are a problem,
as is a name written twice; a missing column that differs from a found name
only in punctuation (``BirthDate``, ``birth-date``) is named in its message.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final

from myopathy_outcomes.io.shorten import quote, some

_INVISIBLE: Final = str.maketrans("", "", "\ufeff\u200b")
_NOT_ALPHANUMERIC: Final = re.compile(r"[^0-9a-z]+")


def column_key(name: str) -> str:
    """A column name as compared with the schema's names.

    Examples
    --------
    >>> column_key(" Patient ID "), column_key("\\ufeffBirth_Date"), column_key("ck")
    ('patient_id', 'birth_date', 'ck')
    """
    return "_".join(name.translate(_INVISIBLE).casefold().split())


@dataclass(frozen=True)
class ColumnMatch:
    """How a table's column names match the schema's.

    Attributes
    ----------
    names : tuple of str
        For each found column, in order: the schema column it stands for, or
        its own name (stripped) when it is not a schema column.
    problems : tuple of str
        Names written twice, schema columns with two candidates, missing
        columns; the table cannot be read when there is one.
    matched : tuple of tuple of (str, str)
        The columns matched without being written exactly: (as written, schema name).
    unknown : tuple of str
        The columns that are not schema columns, as written (stripped).
    """

    names: tuple[str, ...]
    problems: tuple[str, ...]
    matched: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]


def match_columns(
    found: Sequence[str], wanted: Sequence[str], optional: Collection[str] = ()
) -> ColumnMatch:
    """Match the ``found`` column names to the ``wanted`` schema columns.

    A wanted column in ``optional`` may be absent; the others are required.

    Examples
    --------
    >>> match = match_columns(["Patient ID", "date", "bmi"], ["patient_id", "date"])
    >>> match.names, match.matched, match.unknown
    (('patient_id', 'date', 'bmi'), (('Patient ID', 'patient_id'),), ('bmi',))
    >>> match_columns(["Sex", "SEX"], ["sex"]).problems
    ("columns 'Sex', 'SEX' both stand for 'sex'; keep one",)
    """
    stripped = [name.strip() for name in found]
    keys = [column_key(name) for name in found]
    problems = [
        f"column {quote(name)} appears more than once"
        for name, count in Counter(stripped).items()
        if count > 1
    ]
    if len(problems) > 1:
        problems = [*problems[:1], f"and {len(problems) - 1} more columns appear more than once"]
    names = list(stripped)
    matched: list[tuple[str, str]] = []
    wanted_set = set(wanted)
    for column in wanted:
        candidates = [i for i, key in enumerate(keys) if key == column]
        spelt = list(dict.fromkeys(stripped[i] for i in candidates))
        if len(spelt) > 1:
            each = "both" if len(spelt) == 2 else "all"
            problems.append(
                f"columns {some(spelt, show=quote)} {each} stand for {column!r}; keep one"
            )
        elif not candidates and column not in optional:
            problems.append(_missing(column, stripped))
        for i in candidates:
            names[i] = column
            if found[i] != column:
                matched.append((found[i], column))
    unknown = tuple(stripped[i] for i, key in enumerate(keys) if key not in wanted_set)
    return ColumnMatch(tuple(names), tuple(problems), tuple(matched), unknown)


def _missing(column: str, names: Sequence[str]) -> str:
    """Say that ``column`` is missing, naming a found name that differs only in punctuation."""
    message = f"missing required column {column!r}"
    bare = _NOT_ALPHANUMERIC.sub("", column)
    near = [name for name in names if _NOT_ALPHANUMERIC.sub("", column_key(name)) == bare]
    if near:
        message += f" (found {some(near, show=quote)}; name it {column!r})"
    return message


def describe_matched(matched: Sequence[tuple[str, str]]) -> str:
    """The notice naming the columns matched without being written exactly.

    Examples
    --------
    >>> describe_matched([("Patient ID", "patient_id"), ("\\ufeffsex", "sex")])
    "read column 'Patient ID' as patient_id, '\\\\ufeffsex' as sex (column names are \
matched ignoring case, surrounding spaces, byte-order marks, and spaces for '_')"
    """
    pairs = ", ".join(f"{quote(written)} as {column}" for written, column in matched)
    return (
        f"read column {pairs} (column names are matched ignoring case, surrounding spaces, "
        "byte-order marks, and spaces for '_')"
    )
