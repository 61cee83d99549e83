"""Word a pydantic validation error as a row's problem: the column at fault and what is wrong.

A value out of its plausible range names the range declared in
:mod:`myopathy_outcomes.schema` (``ck must be >= 0 and <= 1000000, got -3``);
a missing required value says so; a value that is not a number, a yes/no or
text says what it must be; a validator's own message is kept as it is. A
quoted value is cut after 60 characters, with its length
(:func:`~myopathy_outcomes.io.shorten.quote`), and a number is shown as
written (:func:`show_number`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic_core import ErrorDetails

from myopathy_outcomes.io.shorten import QUOTE_LIMIT, quote
from myopathy_outcomes.models import Record
from myopathy_outcomes.schema import DOSE, MEASURES, Measure

__all__ = ["describe_error", "show_number"]

_EXACT_INTEGERS: Final = 2.0**53
_BOUND_ERRORS: Final = frozenset(
    {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
)
_RANGES: Final[Mapping[str, Measure]] = {**MEASURES, DOSE.name: DOSE}
"""The plausible range of each numeric column, from :mod:`myopathy_outcomes.schema`."""


def describe_error(error: ErrorDetails, model: type[Record]) -> tuple[str | None, str]:
    """Turn one pydantic error into the column at fault and a short human message."""
    loc = error["loc"]
    kind = error["type"]
    value = error["input"]
    if len(loc) < 2 or not isinstance(loc[1], str):  # a rule spanning fields
        text = _error_text(error)
        first_word = text.split(" ", 1)[0]
        return (first_word if first_word in model.model_fields else None), text
    column = loc[1]
    if value is None:
        return column, f"{column} is required but missing"
    if isinstance(value, bytes):  # bytes that are not UTF-8 text (clean_cell decodes the others)
        return column, f"{column} must be UTF-8 text, got {quote(value)}"
    if kind in _BOUND_ERRORS:
        measure = _RANGES.get(column)
        allowed = (
            measure.bound_text()
            if measure is not None
            else "must be " + _error_text(error).removeprefix("input should be ")
        )
        return column, f"{column} {allowed}, got {show_number(value)}"
    if kind in {"float_parsing", "float_type"}:
        return column, f"{column} must be a number, got {quote(value)}"
    if kind == "finite_number":
        return column, f"{column} must be a finite number, got {quote(value)}"
    if kind in {"bool_parsing", "bool_type"}:
        spellings = "y/n, true/false, t/f, on/off, 1/0"
        return column, f"{column} must be yes or no ({spellings}), got {quote(value)}"
    if kind == "string_type":
        allowed = "text or a whole number" if column == "patient_id" else "text"
        return column, f"{column} must be {allowed}, got {quote(value)}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return column, f"{column} must be at most {limit} characters, got {len(value)}"
    text = _error_text(error)
    if isinstance(value, str) and repr(value) != quote(value):
        text = text.replace(repr(value), quote(value))  # a validator quoting a long value
    if kind == "value_error":
        return column, f"{column} {text}" if text.startswith(("must ", "is ")) else text
    return column, f"{column}: {text}, got {quote(value)}"


def _error_text(error: ErrorDetails) -> str:
    """The validator's own message, or pydantic's with its first letter lowered."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, Exception):
        return str(cause)
    message = error["msg"]
    return message[:1].lower() + message[1:]


def show_number(value: Any) -> str:
    """A number as written: text as given (cut if long), ``-3.0`` as ``-3``, ``1e308`` as such.

    Examples
    --------
    >>> show_number("1,200"), show_number(-3.0), show_number(1e308), show_number(71.5)
    ('1,200', '-3', '1e+308', '71.5')
    """
    if isinstance(value, str):
        return value if len(value) <= QUOTE_LIMIT else quote(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_INTEGERS:
        return str(int(value))
    return str(value)
