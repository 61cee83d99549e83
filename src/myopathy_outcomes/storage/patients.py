"""Every patient of a cohort as columns, each model built only when asked for.

The twin of :class:`~myopathy_outcomes.storage.visits.VisitRows` for the
patients file: a registry's 100,000 patients stay columns, and the analysis
reads their sex, birth and death dates, diagnosis and ILD without a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from myopathy_outcomes.models import Patient
from myopathy_outcomes.storage.on_demand import items_at, objects
from myopathy_outcomes.storage.rows import ColumnRows

__all__ = ["PatientColumns", "PatientRows", "ages_on", "patient_columns", "patients_at"]

IntArray = NDArray[np.int64]
ObjectArray = NDArray[np.object_]

_EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class PatientColumns:
    """The patients' fields as columns, one entry per patient.

    Attributes
    ----------
    patient_ids : tuple of str
        The patients.
    sex, diagnosis : object array
        Each patient's :class:`~myopathy_outcomes.models.Sex` and
        :class:`~myopathy_outcomes.models.Diagnosis`.
    birth_day, death_day : int array
        Ordinal days (``date.toordinal``); ``death_day`` is -1 for a patient
        not known to have died.
    ild : bool array
        ILD at baseline.
    covariates : tuple of (str, object array)
        The covariates a study declared (:mod:`myopathy_outcomes.covariates`),
        by name, each patient's value (``None``: missing).
    """

    patient_ids: tuple[str, ...]
    sex: ObjectArray
    birth_day: IntArray
    diagnosis: ObjectArray
    ild: NDArray[np.bool_]
    death_day: IntArray
    covariates: tuple[tuple[str, ObjectArray], ...] = ()

    def select(self, rows: NDArray[np.intp]) -> PatientColumns:
        """The patients at ``rows``, in that order."""
        ids = tuple(self.patient_ids[p] for p in rows.tolist())
        arrays = {f.name: getattr(self, f.name)[rows] for f in fields(self)[1:-1]}
        covariates = tuple((name, values[rows]) for name, values in self.covariates)
        return PatientColumns(ids, **arrays, covariates=covariates)

    def covariate(self, name: str) -> ObjectArray:
        """The declared covariate ``name``, each patient's value (``None``: missing)."""
        for given, values in self.covariates:
            if given == name:
                return values
        raise KeyError(f"no covariate {name!r} in the patients' columns")


class PatientRows(ColumnRows[Patient]):
    """The patients as columns; indexing or iterating gives equal :class:`Patient` models.

    Parameters
    ----------
    columns : PatientColumns
        The patients' validated fields.
    given : set of str
        The fields the input gave (the columns of the patients file), the
        models' ``model_fields_set``.
    """

    __slots__ = ("_given", "columns")
    noun = "patients"

    def __init__(self, columns: PatientColumns, given: Set[str]) -> None:
        self.columns, self._given = columns, set(given)

    def __len__(self) -> int:
        return len(self.columns.patient_ids)

    @property
    def patient_ids(self) -> tuple[str, ...]:
        """The patients, in the cohort's order."""
        return self.columns.patient_ids

    def select(self, rows: NDArray[np.intp]) -> PatientRows:
        """The patients at ``rows``, in that order, still as columns."""
        return PatientRows(self.columns.select(rows), self._given)

    def take(self, positions: Sequence[int]) -> list[Patient]:
        """The patients at ``positions``, built together (faster than one by one)."""
        c = self.columns
        at = np.asarray(positions, dtype=np.intp)
        return [
            Patient.from_valid(
                {
                    "patient_id": c.patient_ids[p],
                    "sex": sex,
                    "birth_date": dt.date.fromordinal(birth),
                    "diagnosis": diagnosis,
                    "ild": ild,
                    "death_date": None if death < 0 else dt.date.fromordinal(death),
                },
                self._given,
            )
            for p, sex, birth, diagnosis, ild, death in zip(
                at.tolist(),
                c.sex[at].tolist(),
                c.birth_day[at].tolist(),
                c.diagnosis[at].tolist(),
                c.ild[at].tolist(),
                c.death_day[at].tolist(),
                strict=True,
            )
        ]


def patient_columns(patients: Sequence[Patient]) -> PatientColumns:
    """The patients as columns: read from :class:`PatientRows`, else from each model."""
    if isinstance(patients, PatientRows):
        return patients.columns

    return PatientColumns(
        patient_ids=tuple(p.patient_id for p in patients),
        sex=objects([p.sex for p in patients]),
        birth_day=np.array([p.birth_date.toordinal() for p in patients], dtype=np.int64),
        diagnosis=objects([p.diagnosis for p in patients]),
        ild=np.array([p.ild for p in patients], dtype=bool),
        death_day=np.array(
            [-1 if p.death_date is None else p.death_date.toordinal() for p in patients],
            dtype=np.int64,
        ),
    )


def patients_at(patients: Sequence[Patient], rows: NDArray[np.intp]) -> Sequence[Patient]:
    """The patients at ``rows``: still columns when ``patients`` are."""
    if isinstance(patients, PatientRows):
        return patients.select(rows)
    return tuple(items_at(patients, rows.tolist()))


def ages_on(birth_day: IntArray, day: IntArray) -> IntArray:
    """Age in completed years on ``day``, as :meth:`~myopathy_outcomes.models.Patient.age_on`.

    Both are ordinal days. A birthday not yet reached in the year of ``day``
    (compared by month and day, so a 29 February birthday is reached on
    1 March of a common year) takes a year off.

    Examples
    --------
    >>> day = lambda text: dt.date.fromisoformat(text).toordinal()
    >>> births = np.array([day("1960-02-29")] * 2)
    >>> ages_on(births, np.array([day("2021-02-28"), day("2021-03-01")])).tolist()
    [60, 61]
    """
    birth, when = (_year_month_day(days) for days in (birth_day, day))
    before_birthday = (when[1] < birth[1]) | ((when[1] == birth[1]) & (when[2] < birth[2]))
    age: IntArray = when[0] - birth[0] - before_birthday.astype(np.int64)
    return age


def _year_month_day(days: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month and day of each ordinal day."""
    dates = (days - _EPOCH).astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months).astype(np.int64) + 1
    return year, month, day
