"""Validated input records: :class:`Patient`, :class:`Visit`, :class:`Regimen`.

Every model is frozen and rejects unknown fields. Constrained measurement
types are declared once with ``Annotated`` and reused. Rules that span
fields of one record live in ``model_validator(mode="after")``; rules that
span tables (a visit's patient exists) live in :mod:`myopathy_outcomes.io`,
which knows the file and row. A whole cohort is a
:class:`myopathy_outcomes.storage.Cohort`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)

from myopathy_outcomes.drugs import Drug, DrugClass, normalize_drug
from myopathy_outcomes.errors import locate
from myopathy_outcomes.schema import (
    ALDOLASE,
    ALT,
    AST,
    CK,
    DLCO,
    DOSE,
    EXTRAMUSCULAR_GLOBAL,
    FVC,
    HAQ_DI,
    HRCT,
    KL6,
    LDH,
    MMT8,
    PATIENT_GLOBAL,
    PHYSICIAN_GLOBAL,
    PSL,
    Measure,
)

_YEAR_FIRST = re.compile(
    r"(?P<year>[-+]?[0-9]{4,})(?P<sep>[-/])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
)
_FOUR_DIGITS = re.compile(r"[0-9]{4}")
_TIME_OF_DAY = re.compile(
    r"[T ]\s*(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,][0-9]+)?)?"
    r"\s*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_OTHER_ORDER = re.compile(
    r"(?P<first>[0-9]{1,2})(?P<sep>[-/.])(?P<second>[0-9]{1,2})(?P=sep)[0-9]{2,4}"
)
_MONTHS_IN_YEAR = 12
_EARLIEST = dt.date(1900, 1, 1)
PLACEHOLDER_DATES: Mapping[dt.date, str] = {
    dt.date(1900, 1, 1): "day 1 of Excel's calendar, the zero date of many databases",
    dt.date(1899, 12, 31): "day 0 of Excel's calendar, shown as 1900-01-00",
    dt.date(1899, 12, 30): "day 0 of Excel and OLE dates, what an empty date cell becomes",
}
"""Dates that stand for "unknown" in spreadsheets and databases, with where they come from."""
_HALF_WIDTH: Mapping[int, int] = {
    **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},  # full-width ASCII forms
    0x3000: ord(" "),  # the ideographic space
    0x2212: ord("-"),  # the minus sign, as the shift_jis codec reads a full-width minus
}
"""Full-width digits, letters and punctuation, as a Japanese input method types them, to ASCII.

Only the width is changed: full NFKC normalisation would also read ``10²`` as
``102`` and ``①`` as ``1``."""
_PLAIN_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_LAST_YEAR_PLACEHOLDER = 9999
PATIENT_ID_MAX_LENGTH = 64
"""The most characters a patient id may have."""


def parse_iso_date(value: Any) -> Any:
    """A date from a ``date``, a ``datetime`` or text written year first.

    Text is ``YYYY-MM-DD``, also with ``/`` for ``-`` and without zero
    padding (``1959/6/12``). A time of day after the date (``2014-04-13
    00:00:00``, ``2014-04-13T10:30``) is allowed and dropped: the date is the
    day, as it is for a ``datetime``. Full-width digits and punctuation
    (U+FF01 to U+FF5E, as a Japanese input method types them) are read as
    their ASCII forms. Day-first and month-first dates
    (``01/03/2015``) are refused, as one file may hold both orders. A date
    after the year 9999 or before the year 1, which Python's calendar cannot
    hold (``12920-03-01``, as a typo in a database's date or a numpy
    ``datetime64[s]`` may give), is refused as in the future or before 1900.

    Examples
    --------
    >>> parse_iso_date("1959/6/12")
    datetime.date(1959, 6, 12)
    >>> parse_iso_date("12920-03-01")
    Traceback (most recent call last):
    ...
    ValueError: is in the future: 12920-03-01
    """
    if isinstance(value, dt.datetime):
        try:
            return value.date()  # the date is the day; the time of day is not used
        except (NotImplementedError, OverflowError, ValueError):  # pandas' Timestamp past 9999
            raise ValueError(
                _beyond_calendar(value.year, f"{value.year}-{value.month:02d}-{value.day:02d}")
            ) from None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")
    text = value.strip() if value.isascii() else value.translate(_HALF_WIDTH).strip()
    date = _YEAR_FIRST.match(text)
    if date is None:
        other = _OTHER_ORDER.match(text)
        if other is not None and _is_time_of_day(text[other.end() :], real=False):
            raise ValueError(_ambiguous(value, int(other["first"]), int(other["second"])))
        raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")
    rest = text[date.end() :]
    if not _is_time_of_day(rest, real=False):
        raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")
    if not _is_time_of_day(rest, real=True):
        raise ValueError(f"is not a real time of day: {value!r}")
    if not _FOUR_DIGITS.fullmatch(date["year"]):
        year = int(date["year"])
        if dt.MINYEAR <= year <= dt.MAXYEAR:  # a real year, written oddly (02015)
            raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")
        raise ValueError(_beyond_calendar(year, date.group(0)))
    try:
        return dt.date(int(date["year"]), int(date["month"]), int(date["day"]))
    except ValueError:
        raise ValueError(f"is not a real calendar date: {value!r}") from None


def _beyond_calendar(year: int, written: str) -> str:
    """Why a date before the year 1 or after 9999 is refused, in :func:`_plausible_date`'s words.

    Examples
    --------
    >>> _beyond_calendar(12920, "12920-03-01"), _beyond_calendar(-44, "-0044-03-15")
    ('is in the future: 12920-03-01', 'is before 1900: -0044-03-15')
    """
    if year > dt.MAXYEAR:
        return f"is in the future: {written}"
    return f"is before {_EARLIEST.year}: {written}"


def _is_time_of_day(text: str, *, real: bool) -> bool:
    """Whether ``text``, after a date, is nothing or a time (``" 10:30"``, ``"T00:00:00Z"``).

    With ``real=True`` the time must also be on the clock (hours below 24).
    """
    if not text:
        return True
    time = _TIME_OF_DAY.fullmatch(text)
    if time is None or not real:
        return time is not None
    return int(time["hour"]) < 24 and int(time["minute"]) < 60 and int(time["second"] or 0) < 60


def _ambiguous(value: str, first: int, second: int) -> str:
    """Why a day-first or month-first date is refused."""
    message = (
        f"must be written year first, YYYY-MM-DD, got {value!r}: day-first and month-first "
        "dates are ambiguous"
    )
    if first != second and first <= _MONTHS_IN_YEAR and second <= _MONTHS_IN_YEAR:
        message += (
            f" (is it {first} {calendar.month_name[second]} or "
            f"{second} {calendar.month_name[first]}?)"
        )
    return message


def _plausible_date(value: dt.date) -> dt.date:
    """Clinical records lie between 1900 and today; anything else is a typing error.

    The placeholders of :data:`PLACEHOLDER_DATES` are named as such.
    """
    if value in PLACEHOLDER_DATES:
        raise ValueError(
            f"is {value.isoformat()}, a placeholder for an unknown date "
            f"({PLACEHOLDER_DATES[value]}), not a real date; give the real date, or leave "
            "the cell empty if it is unknown"
        )
    if value > dt.date.today():
        hint = ""
        if value.year == _LAST_YEAR_PLACEHOLDER:
            hint = " (a placeholder for an open or unknown date; leave the cell empty)"
        raise ValueError(f"is in the future: {value.isoformat()}{hint}")
    if value < _EARLIEST:
        raise ValueError(f"is before {_EARLIEST.year}: {value.isoformat()}")
    return value


def _strip_id(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("must not be empty")
        if len(value) > PATIENT_ID_MAX_LENGTH:
            raise ValueError(
                f"must be at most {PATIENT_ID_MAX_LENGTH} characters, got {len(value)}"
            )
        if not value.isprintable():
            raise ValueError(
                "must not contain control characters or invisible ones, found "
                f"{_first_unprintable(value)} in {value!r}"
            )
    return value


_CONTROL_NAMES = {
    "\t": "tab",
    "\n": "line feed",
    "\r": "carriage return",
    "\ufeff": "zero width no-break space (a byte-order mark)",
}


def _first_unprintable(text: str) -> str:
    """Name the first character of ``text`` that does not show, with its code point.

    Examples
    --------
    >>> _first_unprintable("P01\u200b"), _first_unprintable("P\xa001")
    ('U+200B zero width space at character 4', 'U+00A0 no-break space at character 2')
    """
    index, char = next((i, c) for i, c in enumerate(text) if not c.isprintable())
    fallback = "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, fallback).lower()
    return f"U+{ord(char):04X} {name} at character {index + 1}"


def _parse_drug(value: Any) -> Any:
    """Normalise a drug name; anything but text is an error, not a crash."""
    if isinstance(value, str):
        return normalize_drug(value)
    raise ValueError(f"must be a drug name, got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(parse_iso_date), AfterValidator(_plausible_date)]
PatientId = Annotated[
    str, BeforeValidator(_strip_id), Field(min_length=1, max_length=PATIENT_ID_MAX_LENGTH)
]


def half_width_number(value: Any) -> Any:
    """Text of a number in full-width digits, as ASCII; anything else as it is.

    Japanese input methods type digits, the point and the minus full-width
    (U+FF10 to U+FF19, U+FF0E, U+FF0D). Only text that becomes a plain
    decimal number is changed, so that a message quotes any other value as
    it was written.

    Examples
    --------
    >>> half_width_number("\uff11\uff12\uff10\uff10\uff0e\uff15"), half_width_number("\uff0d3")
    ('1200.5', '-3')
    >>> half_width_number("\uff11,\uff12") == "\uff11,\uff12"  # not a plain number: as written
    True
    """
    if isinstance(value, str) and not value.isascii():
        narrow = value.translate(_HALF_WIDTH)
        if _PLAIN_NUMBER.fullmatch(narrow):
            return narrow
    return value


_NARROW = BeforeValidator(half_width_number)


def _low(measure: Measure) -> Any:
    """The lower bound of ``measure``'s plausible range, as a pydantic constraint."""
    return Field(ge=measure.minimum) if measure.minimum_inclusive else Field(gt=measure.minimum)


def _high(measure: Measure) -> Any:
    """The upper bound of ``measure``'s plausible range, as a pydantic constraint."""
    return Field(le=measure.maximum) if measure.maximum_inclusive else Field(lt=measure.maximum)


_FINITE = Field(allow_inf_nan=False)
# Each range is declared once, in myopathy_outcomes.schema. Full-width digits are read as ASCII
# first: a before-validator last in the list wraps the constrained float, kept as one schema.
CkUL = Annotated[float, _low(CK), _high(CK), _FINITE, Field(description=CK.heading), _NARROW]
PercentPredicted = Annotated[
    float, _low(FVC), _high(FVC), _FINITE, Field(description="% of predicted"), _NARROW
]
PrednisoloneMgDay = Annotated[
    float, _low(PSL), _high(PSL), _FINITE, Field(description=PSL.heading), _NARROW
]
HrctScore = Annotated[
    float, _low(HRCT), _high(HRCT), _FINITE, Field(description=HRCT.heading), _NARROW
]


def _value_of(measure: Measure) -> Any:
    """A value of ``measure``: finite and in its plausible range, described by its heading."""
    return Annotated[
        float,
        _low(measure),
        _high(measure),
        _FINITE,
        Field(description=measure.heading),
        _NARROW,
    ]


Dose = Annotated[
    float, _low(DOSE), _high(DOSE), _FINITE, Field(description="in dose_unit"), _NARROW
]
CanonicalDrug = Annotated[Drug, BeforeValidator(_parse_drug)]


class Sex(StrEnum):
    """Sex as recorded."""

    FEMALE = "F"
    MALE = "M"


_SEX_SPELLINGS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "女": Sex.FEMALE,
    "女性": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "男": Sex.MALE,
    "男性": Sex.MALE,
}
"""Spellings of sex after stripping and case folding: English, and Japanese (女 woman, 男 man)."""


def _parse_sex(value: Any) -> Any:
    if isinstance(value, str):
        sex = _SEX_SPELLINGS.get(value.translate(_HALF_WIDTH).strip().casefold())
        if sex is None:
            raise ValueError(f"must be F or M (female/male), got {value!r}")
        return sex
    return value


class Diagnosis(StrEnum):
    """Inflammatory myopathy subtype."""

    PM = "PM"
    DM = "DM"
    CADM = "CADM"
    ASS = "ASS"
    IMNM = "IMNM"
    OVERLAP = "overlap"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The subtype written out in full."""
        return _DIAGNOSIS_LABELS[self]


_DIAGNOSIS_LABELS = {
    Diagnosis.PM: "polymyositis",
    Diagnosis.DM: "dermatomyositis",
    Diagnosis.CADM: "clinically amyopathic dermatomyositis",
    Diagnosis.ASS: "antisynthetase syndrome",
    Diagnosis.IMNM: "immune-mediated necrotising myopathy",
    Diagnosis.OVERLAP: "overlap myositis",
    Diagnosis.OTHER: "other inflammatory myopathy",
}
_DIAGNOSIS_SPELLINGS: dict[str, Diagnosis] = {
    **{d.value.casefold(): d for d in Diagnosis},
    **{label: d for d, label in _DIAGNOSIS_LABELS.items()},
    "amyopathic dermatomyositis": Diagnosis.CADM,
    "amyopathic dm": Diagnosis.CADM,
    "antisynthetase": Diagnosis.ASS,
    "anti synthetase syndrome": Diagnosis.ASS,
    "as": Diagnosis.ASS,
    "immune mediated necrotising myopathy": Diagnosis.IMNM,
    "immune mediated necrotizing myopathy": Diagnosis.IMNM,
    "necrotising myopathy": Diagnosis.IMNM,
    "necrotizing myopathy": Diagnosis.IMNM,
    "nam": Diagnosis.IMNM,
    "overlap": Diagnosis.OVERLAP,
    "om": Diagnosis.OVERLAP,
}


def _parse_diagnosis(value: Any) -> Any:
    if isinstance(value, str):
        key = " ".join(value.replace("-", " ").casefold().split())
        diagnosis = _DIAGNOSIS_SPELLINGS.get(key) or _DIAGNOSIS_SPELLINGS.get(
            value.strip().casefold()
        )
        if diagnosis is None:
            allowed = ", ".join(d.value for d in Diagnosis)
            raise ValueError(f"must be one of {allowed} (or written out), got {value!r}")
        return diagnosis
    return value


def _clean_unit(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class Record(BaseModel):
    """Shared base: frozen, unknown fields rejected, strings stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @classmethod
    def from_valid(cls, values: Mapping[str, Any], fields_set: set[str] | None = None) -> Self:
        """The record of ``values`` that already passed every rule of the model, as validated.

        The loader validates whole columns and then each row's rules spanning
        fields (:meth:`check_row`); building the record skips validating it a
        second time. The result equals the validated model. ``fields_set``,
        the names given, may be one set shared by many records (they are
        frozen); by default the keys of ``values``. A dict holding every
        field becomes the record's own.
        """
        record = cls.__new__(cls)
        names = cls.__pydantic_fields__  # model_fields without the property's cost
        fields = (
            values
            if isinstance(values, dict) and len(values) == len(names)
            else {name: values.get(name) for name in names}
        )
        object.__setattr__(record, "__dict__", fields)
        given = set(values) if fields_set is None else fields_set
        object.__setattr__(record, "__pydantic_fields_set__", given)
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", None)
        return record

    @classmethod
    def check_row(cls, row: object) -> None:
        """Run the model's rules spanning fields on ``row``, whose fields are valid one by one.

        ``row`` has each field as an attribute (the validated values). Raises
        the rule's ``ValueError`` if one fails.
        """
        for rule in cls.row_rules():
            rule(row)

    @classmethod
    def row_rules(cls) -> tuple[Callable[[object], object], ...]:
        """The model's rules spanning fields, each to call on a row (see :meth:`check_row`).

        Raises ``TypeError`` for a rule that is not of mode ``"after"``: a rule
        on raw input needs the model itself.
        """
        rules = []
        for decorator in cls.__pydantic_decorators__.model_validators.values():
            if decorator.info.mode != "after":
                raise TypeError(f"{cls.__name__}.check_row runs rules of mode 'after' only")
            rules.append(decorator.func)
        return tuple(rules)


class Patient(Record):
    """One patient with inflammatory myopathy.

    Examples
    --------
    >>> Patient(patient_id="P01", sex="female", birth_date="1960-04-02",
    ...         diagnosis="dermatomyositis", ild="yes").diagnosis
    <Diagnosis.DM: 'DM'>
    """

    patient_id: PatientId
    sex: Annotated[Sex, BeforeValidator(_parse_sex)]
    birth_date: IsoDate
    diagnosis: Annotated[Diagnosis, BeforeValidator(_parse_diagnosis)]
    ild: bool = Field(description="interstitial lung disease at baseline")
    death_date: IsoDate | None = None

    @model_validator(mode="after")
    def _death_after_birth(self) -> Self:
        if self.death_date is not None and self.death_date < self.birth_date:
            raise ValueError(
                f"death_date {self.death_date} is before birth_date {self.birth_date}"
            )
        return self

    def age_on(self, when: dt.date) -> int:
        """Age in completed years on ``when``."""
        before_birthday = (when.month, when.day) < (self.birth_date.month, self.birth_date.day)
        return when.year - self.birth_date.year - int(before_birthday)


class Visit(Record):
    """One clinic visit; any measurement may be missing.

    Every built-in measure of :data:`myopathy_outcomes.schema.MEASURES` is a
    field. A measure a study declares itself is a field of the model
    :func:`visit_model` makes for it. :meth:`value` reads any of them by name.

    Examples
    --------
    >>> v = Visit(patient_id="P01", date="2015-03-01", ck=1200, fvc_pct=71.5)
    >>> v.psl_mg is None, v.value("ck"), v.value("kl6_late")
    (True, 1200.0, None)
    """

    patient_id: PatientId
    date: IsoDate
    ck: CkUL | None = None
    aldolase: _value_of(ALDOLASE) | None = None  # type: ignore[valid-type]
    ldh: _value_of(LDH) | None = None  # type: ignore[valid-type]
    ast: _value_of(AST) | None = None  # type: ignore[valid-type]
    alt: _value_of(ALT) | None = None  # type: ignore[valid-type]
    kl6: _value_of(KL6) | None = None  # type: ignore[valid-type]
    fvc_pct: PercentPredicted | None = None
    dlco_pct: _value_of(DLCO) | None = None  # type: ignore[valid-type]
    psl_mg: PrednisoloneMgDay | None = None
    hrct_score: HrctScore | None = None
    mmt8: _value_of(MMT8) | None = None  # type: ignore[valid-type]
    physician_global: _value_of(PHYSICIAN_GLOBAL) | None = None  # type: ignore[valid-type]
    patient_global: _value_of(PATIENT_GLOBAL) | None = None  # type: ignore[valid-type]
    haq_di: _value_of(HAQ_DI) | None = None  # type: ignore[valid-type]
    extramuscular_global: _value_of(EXTRAMUSCULAR_GLOBAL) | None = None  # type: ignore[valid-type]

    def value(self, name: str) -> float | None:
        """The value of the measure called ``name`` (built in or declared); None if missing."""
        if name not in type(self).model_fields:
            return None
        value: float | None = getattr(self, name)
        return value


@functools.cache
def visit_model(declared: tuple[Measure, ...] = ()) -> type[Visit]:
    """:class:`Visit` with a field for each declared measure, in its plausible range.

    Examples
    --------
    >>> from myopathy_outcomes.schema import Measure
    >>> kl6 = Measure("kl6_late", "KL-6", "U/mL", decimals=0, minimum=0, maximum=1e5)
    >>> Model = visit_model((kl6,))
    >>> Model(patient_id="P01", date="2015-03-01", kl6_late=520).value("kl6_late")
    520.0
    """
    if not declared:
        return Visit
    clash = [m.name for m in declared if m.name in Visit.model_fields]
    if clash:
        raise ValueError(f"measure {clash[0]!r} is built in; declare measures under new names")
    fields: dict[str, Any] = {m.name: (_value_of(m) | None, None) for m in declared}
    model: type[Visit] = create_model("Visit", __base__=Visit, **fields)
    return model


class Regimen(Record):
    """One continuous exposure to one drug.

    ``stop_date`` is ``None`` while the patient is still taking the drug. The
    drug name is normalised (``"Neoral"`` becomes cyclosporine).

    Examples
    --------
    >>> r = Regimen(patient_id="P01", drug="CellCept", start_date="2015-03-01",
    ...             dose=2000, dose_unit="mg/day")
    >>> r.drug, r.is_active_on(r.start_date)
    (<Drug.MYCOPHENOLATE_MOFETIL: 'mycophenolate mofetil'>, True)
    """

    patient_id: PatientId
    drug: CanonicalDrug
    start_date: IsoDate
    stop_date: IsoDate | None = None
    dose: Dose | None = None
    dose_unit: Annotated[str | None, AfterValidator(_clean_unit)] = None

    @model_validator(mode="after")
    def _stop_not_before_start(self) -> Self:
        if self.stop_date is not None and self.stop_date < self.start_date:
            raise ValueError(f"stop_date {self.stop_date} is before start_date {self.start_date}")
        if self.dose is not None and self.dose_unit is None:
            raise ValueError("dose_unit is required when dose is given")
        return self

    @property
    def drug_class(self) -> DrugClass:
        """The pharmacological class of the drug."""
        return self.drug.drug_class

    def is_active_on(self, when: dt.date) -> bool:
        """Whether the drug is taken on ``when`` (start and stop days included)."""
        return self.start_date <= when and (self.stop_date is None or when <= self.stop_date)


@dataclass(frozen=True)
class PatientRecord:
    """One patient with their visits and regimens, each sorted by date."""

    patient: Patient
    visits: tuple[Visit, ...] = ()
    regimens: tuple[Regimen, ...] = ()

    @property
    def patient_id(self) -> str:
        """The patient's id."""
        return self.patient.patient_id


@dataclass(frozen=True)
class ExcludedRow:
    """An input row left out under ``on_error="exclude"``, with its reason."""

    file: str
    row: int | None
    patient_id: str | None
    reason: str

    def __str__(self) -> str:
        return f"{locate(self.file, self.row, self.patient_id)}: {self.reason}"
