"""Every measure recorded at visits, declared once: name, label, unit, decimals, range, direction.

The visits table has two required columns, ``patient_id`` and ``date``;
every other column is a measure. The built-in measures are below
(:data:`MEASURES`); a study declares further ones with :class:`Measure`
(in Python, or in a design file) and passes them to the loader and the
design. The loader checks each value against its measure's plausible range
and names the bound in the message; the report takes labels, units and
decimals from here and nowhere else.

Plausible ranges
----------------
A range is what a human body and the measuring scale allow, not a normal
range: a value outside it is a typing or unit error (CK of 1e308, %FVC of
850). Sources are the assays' reportable ranges and the instruments' scales.

==================== ============================ ============ ========== ========
name                 label (unit)                 range        decimals   better
==================== ============================ ============ ========== ========
ck                   CK (U/L)                     0 to 10^6    0          lower
aldolase             Aldolase (U/L)               0 to 10^4    1          lower
ldh                  LDH (U/L)                    0 to 10^5    0          lower
ast                  AST (U/L)                    0 to 10^5    0          lower
alt                  ALT (U/L)                    0 to 10^5    0          lower
kl6                  KL-6 (U/mL)                  0 to 10^5    0          lower
fvc_pct              %FVC (% predicted)           > 0 to 200   1          higher
dlco_pct             DLCO (% predicted)           > 0 to 200   1          higher
psl_mg               Prednisolone (mg/day)        0 to 2000    1          lower
hrct_score           HRCT extent score (%)        0 to 100     1          lower
mmt8                 MMT-8 (score)                0 to 80      0          higher
physician_global     Physician global activity    0 to 10      1          lower
patient_global       Patient global activity      0 to 10      1          lower
haq_di               HAQ-DI                       0 to 3       2          lower
extramuscular_global Extramuscular activity       0 to 10      1          lower
==================== ============================ ============ ========== ========

The five IMACS core set measures (MMT-8, physician and patient global
activity on a 0-10 cm visual analogue scale, HAQ-DI, extramuscular global
activity) follow Rider et al., Arthritis Care Res 2011;63 Suppl 11:S118-157.

A regimen's ``dose`` has a plausible range too, :data:`DOSE`: above 0 and at
most 10^6 in whatever unit ``dose_unit`` names. The largest dose of the
drug vocabulary, intravenous immunoglobulin at 2 g/kg, is 3 x 10^5 mg for a
patient of 150 kg; a larger number is a typing or unit error.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

__all__ = [
    "ALDOLASE",
    "ALT",
    "AST",
    "CK",
    "DLCO",
    "DOSE",
    "EXTRAMUSCULAR_GLOBAL",
    "FVC",
    "HAQ_DI",
    "HRCT",
    "KL6",
    "LDH",
    "MEASURES",
    "MMT8",
    "PATIENT_GLOBAL",
    "PHYSICIAN_GLOBAL",
    "PSL",
    "Measure",
    "check_label",
    "measure_set",
    "resolve_measure",
]

_NAME = re.compile(r"[a-z][a-z0-9_]*")

# Unicode categories a label must not hold: control characters (NUL, ESC of an
# ANSI escape, line breaks), format characters (zero-width, right-to-left
# override, byte-order mark), surrogates, private use, unassigned, and line or
# paragraph separators. Spaces (also no-break and ideographic) are fine.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_CHARACTER_NAMES = {
    "\0": "null",
    "\t": "tab",
    "\n": "line feed",
    "\r": "carriage return",
    "\x1b": "escape (as in an ANSI terminal code)",
    "\x7f": "delete",
    "\ufeff": "zero width no-break space (a byte-order mark)",
}
_SHOWN_LABEL = 60


def check_label(value: object, what: str, *, empty: bool = False) -> str:
    r"""Return ``value`` if it is text fit to print in every output; raise naming it otherwise.

    Labels (titles, group and drug-set labels, measure labels and units)
    are printed in every table, figure and document, so they are checked
    as patient ids are: control characters (NUL, the ESC of an ANSI escape,
    line breaks), invisible format characters (zero-width spaces and
    joiners, right-to-left overrides, a byte-order mark), surrogates,
    private-use and unassigned code points are refused. Any other script,
    and any space, is fine.

    Parameters
    ----------
    value : object
        The label.
    what : str
        Its name in the message (``"title"``, ``"group label"``).
    empty : bool, default False
        Whether an empty (or all-space) label is allowed.

    Raises
    ------
    TypeError
        If ``value`` is not text.
    ValueError
        If it is empty (unless allowed) or holds a character above, named
        with its code point and position (the label is shown escaped and cut).

    Examples
    --------
    >>> check_label("MMF + CNI", "group label")
    'MMF + CNI'
    >>> check_label("MMF\u202e + CNI", "group label")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: group label 'MMF\u202e + CNI' contains U+202E right-to-left override at ...
    """
    if not isinstance(value, str):
        raise TypeError(f"{what} must be text, got {value!r}")
    if not empty and not value.strip():
        raise ValueError(f"{what} must be non-empty text, got {value!r}")
    for index, char in enumerate(value):
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            shown = repr(value)
            if len(shown) > _SHOWN_LABEL:
                shown = f"{shown[: _SHOWN_LABEL - 4]}...{shown[-1]}"
            fallback = "control character" if char.isascii() else "unnamed character"
            name = _CHARACTER_NAMES.get(char) or unicodedata.name(char, fallback).lower()
            raise ValueError(
                f"{what} {shown} contains U+{ord(char):04X} {name} at character {index + 1}; "
                "a label is printed in every output and must not hold control or invisible "
                "characters"
            )
    return value


_RESERVED = frozenset({"patient_id", "date", "values", "source"})
_MAX_DECIMALS = 6


@dataclass(frozen=True)
class Measure:
    """A measure recorded at visits: its column, label, unit, display and plausible range.

    Parameters
    ----------
    name : str
        The column name in ``visits.csv``: lower case letters, digits and
        ``_``, starting with a letter.
    label : str
        The name as printed in tables, without the unit (``"CK"``).
    unit : str
        The unit (``"U/L"``); empty for a score without one.
    decimals : int
        Decimals shown in reports (0 to 6).
    minimum, maximum : float
        The plausible range; values outside it are rejected when loading.
    minimum_inclusive, maximum_inclusive : bool, default True
        Whether the bounds themselves are allowed (%FVC must be above 0).
    lower_is_better : bool or None, default None
        The direction of improvement, for figures and response criteria;
        ``None`` when neither direction is better.
    short : str, optional
        The name in running text (``"prednisolone dose"``); the label when
        not given.

    Examples
    --------
    >>> kl6 = Measure("kl6_late", "KL-6", "U/mL", decimals=0, minimum=0, maximum=1e5)
    >>> kl6.heading, kl6.admits(520.0), kl6.admits(-1.0)
    ('KL-6 (U/mL)', True, False)
    >>> kl6.bound_text()
    'must be >= 0 and <= 100000'
    """

    name: str
    label: str
    unit: str
    decimals: int
    minimum: float
    maximum: float
    minimum_inclusive: bool = True
    maximum_inclusive: bool = True
    lower_is_better: bool | None = None
    short: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise ValueError(
                "Measure name must be lower case letters, digits and '_', starting with a "
                f"letter (a column name), got {self.name!r}"
            )
        if self.name in _RESERVED:
            raise ValueError(f"Measure name {self.name!r} is reserved for a visits column")
        for field in ("label", "unit"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(f"Measure {field} must be text, got {getattr(self, field)!r}")
        if not self.label.strip():
            raise ValueError(f"Measure {self.name!r}: label must not be empty")
        check_label(self.label, f"Measure {self.name!r}: label")
        check_label(self.unit, f"Measure {self.name!r}: unit", empty=True)
        if self.short is not None:
            check_label(self.short, f"Measure {self.name!r}: short")
        decimals = self.decimals
        if isinstance(decimals, bool | np.bool_) or not isinstance(decimals, int | np.integer):
            raise TypeError(f"Measure {self.name!r}: decimals must be an integer")
        if not 0 <= decimals <= _MAX_DECIMALS:
            raise ValueError(
                f"Measure {self.name!r}: decimals must be 0 to {_MAX_DECIMALS}, got {decimals}"
            )
        object.__setattr__(self, "decimals", int(decimals))
        for field in ("minimum", "maximum"):
            value = getattr(self, field)
            if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
                raise TypeError(f"Measure {self.name!r}: {field} must be a number")
            if not math.isfinite(value):
                raise ValueError(f"Measure {self.name!r}: {field} must be finite, got {value}")
            object.__setattr__(self, field, float(value))
        if not self.minimum < self.maximum:
            raise ValueError(
                f"Measure {self.name!r}: minimum {self.minimum:g} must be below maximum "
                f"{self.maximum:g}"
            )

    @property
    def heading(self) -> str:
        """The label with its unit, for table headings: ``"CK (U/L)"``."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    @property
    def in_text(self) -> str:
        """The name in running text: ``"prednisolone dose"``."""
        return self.short or self.label

    def admits(self, value: float) -> bool:
        """Whether ``value`` lies in the plausible range (NaN and infinities do not)."""
        if not math.isfinite(value):
            return False
        above = value >= self.minimum if self.minimum_inclusive else value > self.minimum
        below = value <= self.maximum if self.maximum_inclusive else value < self.maximum
        return above and below

    def bound_text(self) -> str:
        """The range as a loader message says it: ``"must be > 0 and <= 200"``."""
        low = ">=" if self.minimum_inclusive else ">"
        high = "<=" if self.maximum_inclusive else "<"
        return f"must be {low} {_number(self.minimum)} and {high} {_number(self.maximum)}"


def _number(value: float) -> str:
    """A bound without a trailing ``.0`` and without an exponent (``1000000``)."""
    return f"{value:.0f}" if value == int(value) else repr(value)


CK = Measure("ck", "CK", "U/L", 0, 0, 1e6, lower_is_better=True)
ALDOLASE = Measure("aldolase", "Aldolase", "U/L", 1, 0, 1e4, lower_is_better=True)
LDH = Measure("ldh", "LDH", "U/L", 0, 0, 1e5, lower_is_better=True)
AST = Measure("ast", "AST", "U/L", 0, 0, 1e5, lower_is_better=True)
ALT = Measure("alt", "ALT", "U/L", 0, 0, 1e5, lower_is_better=True)
KL6 = Measure("kl6", "KL-6", "U/mL", 0, 0, 1e5, lower_is_better=True)
FVC = Measure(
    "fvc_pct", "%FVC", "% predicted", 1, 0, 200, minimum_inclusive=False, lower_is_better=False
)
DLCO = Measure(
    "dlco_pct", "DLCO", "% predicted", 1, 0, 200, minimum_inclusive=False, lower_is_better=False
)
PSL = Measure(
    "psl_mg", "Prednisolone", "mg/day", 1, 0, 2000, lower_is_better=True, short="prednisolone dose"
)
HRCT = Measure(
    "hrct_score", "HRCT extent score", "%", 1, 0, 100, lower_is_better=True, short="HRCT score"
)
MMT8 = Measure("mmt8", "MMT-8", "score", 0, 0, 80, lower_is_better=False)
PHYSICIAN_GLOBAL = Measure(
    "physician_global", "Physician global activity", "cm", 1, 0, 10, lower_is_better=True
)
PATIENT_GLOBAL = Measure(
    "patient_global", "Patient global activity", "cm", 1, 0, 10, lower_is_better=True
)
HAQ_DI = Measure("haq_di", "HAQ-DI", "", 2, 0, 3, lower_is_better=True)
EXTRAMUSCULAR_GLOBAL = Measure(
    "extramuscular_global", "Extramuscular global activity", "cm", 1, 0, 10, lower_is_better=True
)

DOSE = Measure("dose", "Dose", "", 1, 0, 1e6, minimum_inclusive=False)
"""The plausible range of a regimen's ``dose``, in any unit; not a visit measure."""

MEASURES: Mapping[str, Measure] = MappingProxyType(
    {
        m.name: m
        for m in (
            CK,
            ALDOLASE,
            LDH,
            AST,
            ALT,
            KL6,
            FVC,
            DLCO,
            PSL,
            HRCT,
            MMT8,
            PHYSICIAN_GLOBAL,
            PATIENT_GLOBAL,
            HAQ_DI,
            EXTRAMUSCULAR_GLOBAL,
        )
    }
)
"""The built-in measures by column name, in the order of the table above."""


def measure_set(extra: Iterable[Measure] = ()) -> Mapping[str, Measure]:
    """The built-in measures plus ``extra``, by name; a name may be declared once.

    Examples
    --------
    >>> ratio = Measure("kl6_ratio", "KL-6 ratio", "", 2, 0, 100)
    >>> list(measure_set([ratio]))[-1]
    'kl6_ratio'
    >>> measure_set([CK])
    Traceback (most recent call last):
    ...
    ValueError: measure 'ck' is declared twice (it is built in)
    """
    combined = dict(MEASURES)
    for measure in extra:
        if not isinstance(measure, Measure):
            raise TypeError(f"a declared measure must be a Measure, got {measure!r}")
        if measure.name in combined:
            where = "it is built in" if measure.name in MEASURES else "declared earlier"
            raise ValueError(f"measure {measure.name!r} is declared twice ({where})")
        combined[measure.name] = measure
    return MappingProxyType(combined)


def resolve_measure(measure: Measure | str, known: Mapping[str, Measure] = MEASURES) -> Measure:
    """The :class:`Measure` named ``measure`` (a name or a Measure) among ``known``.

    Examples
    --------
    >>> resolve_measure("fvc_pct").heading
    '%FVC (% predicted)'
    >>> resolve_measure("fvc")
    Traceback (most recent call last):
    ...
    ValueError: unknown measure 'fvc'; known: ck, aldolase, ldh, ast, alt, kl6, fvc_pct, \
dlco_pct, psl_mg, hrct_score, mmt8, physician_global, patient_global, haq_di, \
extramuscular_global
    """
    if isinstance(measure, Measure):
        return measure
    if isinstance(measure, str) and measure in known:
        return known[measure]
    raise ValueError(f"unknown measure {measure!r}; known: {', '.join(known)}")
