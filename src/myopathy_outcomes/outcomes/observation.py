"""How long a patient was observed on treatment: the reference, one patient at a time."""

from __future__ import annotations

from datetime import date

from myopathy_outcomes.models import PatientRecord
from myopathy_outcomes.outcomes.events import DAYS_PER_MONTH

__all__ = ["observation_months"]


def observation_months(record: PatientRecord, index_date: date) -> float | None:
    """Months from the index date to the last visit after it or death; None without either.

    A living patient with no visit after the index date was never observed on
    treatment, so their observation time is missing, not zero. Months are of
    365.25 / 12 days.

    Examples
    --------
    >>> from myopathy_outcomes.models import Patient, PatientRecord, Visit
    >>> p = Patient(patient_id="P", sex="F", birth_date="1960-01-01", diagnosis="DM", ild=True)
    >>> record = PatientRecord(p, (Visit(patient_id="P", date="2016-03-01"),))
    >>> round(observation_months(record, date(2015, 3, 1)), 2)
    12.02
    >>> observation_months(record, date(2016, 3, 1)) is None
    True
    """
    ends = [v.date for v in record.visits if v.date > index_date]
    death = record.patient.death_date
    if death is not None and death >= index_date:
        ends.append(death)
    if not ends:
        return None
    return (max(ends) - index_date).days / DAYS_PER_MONTH
