"""The analytic rows of a design, computed in the database's own engine through ibis.

Everything here is an ibis expression run by the backend (DuckDB, PostgreSQL,
Spark): the concept sets are joined to ``concept`` and ``concept_ancestor``;
the persons with an index-drug exposure are found with their first start;
their diagnosis (the subtype of highest precedence among their conditions),
ILD (a condition of the ILD set starting by the end of the baseline window
after that first start), death, birth and sex; their exposures to the
library's drugs (regimens) and their measurements of the measures, with units
converted, pivoted to one row per person and date (visits). Only these rows
come back, as three pandas DataFrames; nothing loops over an OMOP table in
Python. What is decided from the rows afterwards (patient ids, the birth date
from its parts) works on whole columns.

Regimens: ``drug_exposure_start_date`` is the start and
``drug_exposure_end_date`` the stop, except that an exposure without an end,
or whose end is on or after the end of the person's last observation period
while ``verbatim_end_date`` is empty (an end the extract inferred, not one the
source recorded), is ongoing (no stop date). The dose is ``quantity`` when
``dose_unit_source_value`` names its unit.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Diagnosis
from myopathy_outcomes.omop.concepts import NO_UNIT, UNIT_SPELLINGS, ConceptSet, ConceptSets
from myopathy_outcomes.omop.connection import OmopDatabase
from myopathy_outcomes.omop.errors import OmopError

__all__ = ["AnalyticRows", "extract"]

_BIRTH_MONTH = 7
"""The month of birth taken when only the year is recorded (the middle of the year)."""
_BIRTH_DAY = 1


@dataclass(frozen=True)
class AnalyticRows:
    """The rows that leave the database: the cohort's three tables and what was noticed.

    Attributes
    ----------
    patients, visits, regimens : pandas.DataFrame
        In the columns of ``patients.csv``, ``visits.csv`` and ``regimens.csv``.
    index_persons : int
        Persons with an exposure to an index drug.
    notices : tuple of str
        Remarks about rows read (persons without a myositis condition,
        birth dates completed from the year, measurements without a value).
    conflicts : pandas.DataFrame
        Person-dates where one measure has two different values
        (columns ``patient_id``, ``date``, ``measure``, ``low``, ``high``).
    """

    patients: pd.DataFrame
    visits: pd.DataFrame
    regimens: pd.DataFrame
    index_persons: int
    notices: tuple[str, ...]
    conflicts: pd.DataFrame


def extract(
    database: OmopDatabase, design: StudyDesign, concepts: ConceptSets, measures: Sequence[str]
) -> AnalyticRows:
    """Compute the design's analytic rows in the database and fetch them.

    Parameters
    ----------
    database : OmopDatabase
        The open CDM (:func:`myopathy_outcomes.omop.connection.connect`).
    design : StudyDesign
        Gives the index drugs and the baseline window (for ILD).
    concepts : ConceptSets
        The concept sets.
    measures : sequence of str
        The measures to read into visits (each needs a set in ``concepts``).

    Raises
    ------
    OmopError
        A measurement in a unit with no known conversion to its measure's
        unit: one line per measure, unit and concept.
    """
    import ibis  # noqa: PLC0415 (optional extra)

    exposures = _exposures(ibis, database, concepts)
    index_drugs = [d.value for d in design.index.members()]
    index = _cache(
        database,
        exposures.filter(exposures.drug.isin(index_drugs))
        .group_by("person_id")
        .aggregate(index_start=exposures.start.min()),
    )
    persons = _cache(database, _persons(ibis, database, concepts, design, index))
    frame = persons.order_by("person_id").to_pandas()
    index_persons = len(frame)
    notices = []
    if (
        not database.has("concept_ancestor")
        or database.table("concept_ancestor").limit(1).count().to_pandas() == 0
    ):
        notices.append(
            "concept_ancestor is missing or empty: a concept set's concepts count but not "
            "their descendants (clinical drugs and brands of an ingredient)"
        )
    without = frame["rank"].isna()
    if without.any():
        notices.append(
            f"{int(without.sum())} of {index_persons} persons who start "
            f"{design.index.name} have no myositis condition (no condition of the "
            "diagnosis concept sets) and are left out"
        )
    frame = frame[~without]
    kept = _cache(database, persons.filter(persons["rank"].notnull()).select("person_id"))
    regimens = _regimens(ibis, database, exposures, kept).to_pandas()
    visit_rows = _visits(ibis, database, concepts, kept, measures)
    visits, conflicts = visit_rows.visits, visit_rows.conflicts
    ids = _patient_ids(frame)
    patients, imputed = _patients_frame(frame, ids, concepts)
    if imputed:
        notices.append(
            f"{imputed} birth dates are completed from year_of_birth "
            f"(month {_BIRTH_MONTH} or day {_BIRTH_DAY} when missing)"
        )
    if visit_rows.missing_values:
        notices.append(
            f"{visit_rows.missing_values} measurements of the measures have no "
            "value_as_number and are not read"
        )
    regimens.insert(0, "patient_id", regimens.pop("person_id").map(ids))
    visits.insert(0, "patient_id", visits.pop("person_id").map(ids))
    conflicts = conflicts.assign(patient_id=conflicts["person_id"].map(ids)).drop(
        columns="person_id"
    )
    return AnalyticRows(
        patients=patients,
        visits=visits,
        regimens=regimens,
        index_persons=index_persons,
        notices=tuple(notices),
        conflicts=conflicts,
    )


def _cache(database: OmopDatabase, expr: Any) -> Any:
    """``expr`` computed once and kept in the engine (a temporary table) for the next queries.

    ibis 12's PySpark backend caches without first registering the in-memory
    tables (the concept sets) the expression reads, so they are registered
    here; the other backends register them themselves.
    """
    register = getattr(database.backend, "_run_pre_execute_hooks", None)
    if register is not None and getattr(database.backend, "name", "") == "pyspark":
        register(expr)
    cached = expr.cache()
    database.cached.append(cached)
    return cached


def _members(
    ibis: Any, database: OmopDatabase, keyed: Sequence[tuple[Hashable, ConceptSet]]
) -> Any:
    """``(key, concept_id)`` of every concept in the sets: ids and codes with their descendants.

    None when no set has an id or a code.
    """
    parts = []
    ids = [(key, cid) for key, s in keyed for cid in s.concept_ids]
    if ids:
        parts.append(ibis.memtable(pd.DataFrame(ids, columns=["key", "concept_id"])))
    codes = [(key, vocabulary, code) for key, s in keyed for vocabulary, code in s.codes]
    if codes and database.has("concept"):
        wanted = ibis.memtable(
            pd.DataFrame(codes, columns=["key", "vocabulary_id", "concept_code"])
        )
        concept = database.table("concept")
        parts.append(
            wanted.join(
                concept,
                [
                    wanted.vocabulary_id == concept.vocabulary_id.cast("string"),
                    wanted.concept_code == concept.concept_code.cast("string"),
                ],
            ).select(key=wanted.key, concept_id=concept.concept_id.cast("int64"))
        )
    if not parts:
        return None
    direct = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=True)
    direct = direct.select("key", concept_id=direct.concept_id.cast("int64"))
    if not database.has("concept_ancestor"):
        return _cache(database, direct.distinct())
    ancestor = database.table("concept_ancestor")
    descendants = direct.join(
        ancestor, direct.concept_id == ancestor.ancestor_concept_id.cast("int64")
    ).select(key=direct.key, concept_id=ancestor.descendant_concept_id.cast("int64"))
    return _cache(database, ibis.union(direct, descendants, distinct=True))


def _sources(ibis: Any, keyed: Sequence[tuple[Hashable, ConceptSet]]) -> Any:
    """``(key, source_value)`` of the sets' source values, or None when there are none."""
    rows = [(key, text) for key, s in keyed for text in s.source_values]
    if not rows:
        return None
    return ibis.memtable(pd.DataFrame(rows, columns=["key", "source_value"]))


def _matched(ibis: Any, rows: Any, members: Any, sources: Any, columns: Sequence[str]) -> Any:
    """The rows whose concept or source value is in a set, with the set's key.

    ``rows`` has ``concept_id`` and ``source``. A row matched to one set both
    by its concept and by its source value counts once: a match by source
    value is kept only where the row's concept is not in that set. Nothing is
    made distinct over the rows themselves (the measurement table is a CDM's
    largest, and a DISTINCT over it cost more than the rest of the query).
    """
    parts = []
    if members is not None:
        parts.append(
            rows.join(members, rows.concept_id == members.concept_id).select(
                *[rows[c] for c in columns], key=members.key
            )
        )
    if sources is not None:
        by_source = rows.join(sources, rows.source == sources.source_value).select(
            *[rows[c] for c in columns], _concept=rows.concept_id, key=sources.key
        )
        if members is not None:
            by_source = by_source.anti_join(
                members,
                [by_source._concept == members.concept_id, by_source.key == members.key],
            )
        parts.append(by_source.drop("_concept"))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


_SPACE_AT_ENDS = r"^\s+|\s+$"
"""White space at either end of a text, as a regular expression."""


def _stripped(text: Any) -> Any:
    """``text`` without white space at either end, the same on every engine.

    Not ibis's ``strip()``: for Spark, ibis 12 (through sqlglot) writes its set
    of characters as the literal ``' \\t\\n\\r\\v\\f'``, and Spark SQL reads
    ``\\v`` and ``\\f`` as the letters ``v`` and ``f``, so Spark strips those
    letters too: ``fvc_pct`` becomes ``c_pct`` and no longer names its measure.
    A regular expression's ``\\s`` means white space to DuckDB, PostgreSQL
    and Spark alike.
    """
    return text.re_replace(_SPACE_AT_ENDS, "")


def _text(ibis: Any, table: Any, column: str) -> Any:
    if column not in table.columns:
        return ibis.null("string")
    return _stripped(table[column].cast("string")).lower()


def _date(ibis: Any, table: Any, column: str) -> Any:
    if column not in table.columns:
        return ibis.null("date")
    return table[column].cast("date")


def _exposures(ibis: Any, database: OmopDatabase, concepts: ConceptSets) -> Any:
    """Every exposure to a drug of the vocabulary, with the drug's name."""
    table = database.table("drug_exposure")
    rows = table.select(
        exposure_id=table.drug_exposure_id.cast("int64"),
        person_id=table.person_id.cast("int64"),
        concept_id=table.drug_concept_id.cast("int64"),
        source=_text(ibis, table, "drug_source_value"),
        start=table.drug_exposure_start_date.cast("date"),
        end=_date(ibis, table, "drug_exposure_end_date"),
        verbatim=_date(ibis, table, "verbatim_end_date"),
        quantity=table.quantity.cast("float64")
        if "quantity" in table.columns
        else ibis.null("float64"),
        dose_unit=_stripped(table.dose_unit_source_value.cast("string"))
        if "dose_unit_source_value" in table.columns
        else ibis.null("string"),
    )
    members = _members(ibis, database, [(d.value, concepts.drug(d)) for d in Drug])
    columns = ("exposure_id", "person_id", "start", "end", "verbatim", "quantity", "dose_unit")
    matched = _matched(
        ibis, rows, members, _sources(ibis, [(d.value, concepts.drug(d)) for d in Drug]), columns
    )
    if matched is None:
        raise OmopError("every drug's concept set is empty; give at least the index drug's")
    return matched.rename(drug="key")


def _persons(
    ibis: Any,
    database: OmopDatabase,
    concepts: ConceptSets,
    design: StudyDesign,
    index: Any,
) -> Any:
    """Each person with an index exposure: sex, birth, diagnosis rank, ILD, death."""
    person = database.table("person")
    people = person.select(
        person_id=person.person_id.cast("int64"),
        source_id=person.person_source_value.cast("string")
        if "person_source_value" in person.columns
        else ibis.null("string"),
        gender=person.gender_concept_id.cast("int64"),
        year=person.year_of_birth.cast("int64"),
        month=person.month_of_birth.cast("int64")
        if "month_of_birth" in person.columns
        else ibis.null("int64"),
        day=person.day_of_birth.cast("int64")
        if "day_of_birth" in person.columns
        else ibis.null("int64"),
        birth=_date(ibis, person, "birth_datetime"),
    )
    people = people.join(index, "person_id")
    condition = database.table("condition_occurrence")
    conditions = condition.select(
        person_id=condition.person_id.cast("int64"),
        concept_id=condition.condition_concept_id.cast("int64"),
        source=_text(ibis, condition, "condition_source_value"),
        start=condition.condition_start_date.cast("date"),
    ).join(index, "person_id")
    ranked = [(rank, s) for rank, s in enumerate(concepts.diagnoses.values())]
    diagnosed = _matched(
        ibis,
        conditions,
        _members(ibis, database, ranked),
        _sources(ibis, ranked),
        ("person_id",),
    )
    ranks = diagnosed.group_by("person_id").aggregate(rank=diagnosed.key.min())
    window = ibis.interval(days=design.outcome_rules.baseline_days_after)
    baseline = conditions.filter(conditions.start <= conditions.index_start + window)
    ild = _matched(
        ibis,
        baseline,
        _members(ibis, database, [(1, concepts.ild)]),
        _sources(ibis, [(1, concepts.ild)]),
        ("person_id",),
    )
    ild_persons = ild.select("person_id").distinct().mutate(ild=ibis.literal(True))
    death = database.table("death")
    deaths = death.group_by(person_id=death.person_id.cast("int64")).aggregate(
        death_date=death.death_date.cast("date").min()
    )
    joined = (
        people.left_join(ranks, "person_id")
        .left_join(ild_persons, "person_id")
        .left_join(deaths, "person_id")
    )
    return joined.select(
        "person_id",
        "source_id",
        "gender",
        "year",
        "month",
        "day",
        "birth",
        "index_start",
        "rank",
        ild=joined.ild.fill_null(False),
        death_date=joined.death_date,
    )


def _regimens(ibis: Any, database: OmopDatabase, exposures: Any, kept: Any) -> Any:
    """The kept persons' exposures as regimens: drug, start, stop, dose, dose unit."""
    period = database.table("observation_period")
    ends = period.group_by(person_id=period.person_id.cast("int64")).aggregate(
        observed_to=period.observation_period_end_date.cast("date").max()
    )
    rows = exposures.semi_join(kept, "person_id").left_join(ends, "person_id")
    inferred = rows.verbatim.isnull() & rows.observed_to.notnull() & (rows.end >= rows.observed_to)
    ongoing = rows.end.isnull() | inferred
    unit = rows.dose_unit.nullif("")
    return rows.select(
        "person_id",
        "drug",
        start_date=rows.start,
        stop_date=ibis.ifelse(ongoing, ibis.null("date"), rows.end),
        dose=ibis.ifelse(unit.isnull(), ibis.null("float64"), rows.quantity),
        dose_unit=unit,
        drug_exposure_id=rows.exposure_id,
    ).order_by(["person_id", "start_date", "drug", "stop_date", "drug_exposure_id"])


_NO_CONFLICTS = pd.DataFrame(columns=["person_id", "date", "measure", "low", "high"])


@dataclass(frozen=True)
class _VisitRows:
    visits: pd.DataFrame
    conflicts: pd.DataFrame
    missing_values: int


def _visits(
    ibis: Any, database: OmopDatabase, concepts: ConceptSets, kept: Any, measures: Sequence[str]
) -> _VisitRows:
    """The kept persons' measurements of the measures, converted, by person and date.

    Two queries read the measurement table: a tally by measure, unit and
    concept (small: the values without a number, and those in a unit with
    no conversion, which are refused), then the pivot to one row per person
    and date. Measures are keyed by their position in ``measures`` inside
    the engine, so that the pivot's filters compare integers, not text.
    """
    keyed = [(key, concepts.measures[name].concepts) for key, name in enumerate(measures)]
    table = database.table("measurement")
    rows = table.select(
        person_id=table.person_id.cast("int64"),
        concept_id=table.measurement_concept_id.cast("int64"),
        source=_text(ibis, table, "measurement_source_value"),
        date=table.measurement_date.cast("date"),
        value=table.value_as_number.cast("float64"),
        unit_id=table.unit_concept_id.cast("int64")
        if "unit_concept_id" in table.columns
        else ibis.null("int64"),
        unit_text=_text(ibis, table, "unit_source_value"),
    ).semi_join(kept, "person_id")
    columns = ("person_id", "concept_id", "date", "value", "unit_id", "unit_text")
    matched = _matched(ibis, rows, _members(ibis, database, keyed), _sources(ibis, keyed), columns)
    empty = pd.DataFrame(
        {"person_id": pd.Series(dtype="int64"), "date": pd.Series(dtype="datetime64[s]")}
    )
    if matched is None:
        return _VisitRows(empty, _NO_CONFLICTS, 0)
    spelled = ibis.memtable(
        pd.DataFrame(list(UNIT_SPELLINGS.items()), columns=["unit_text", "spelled_id"])
    )
    matched = matched.left_join(spelled, "unit_text")
    unit = ibis.coalesce(
        ibis.ifelse(matched.unit_id > 0, matched.unit_id, ibis.null("int64")),
        matched.spelled_id.cast("int64"),
        ibis.literal(NO_UNIT, "int64"),
    )
    matched = matched.select(
        "person_id", "concept_id", "date", "value", "unit_text", measure=matched.key, unit=unit
    ).view()
    factors = ibis.memtable(
        pd.DataFrame(
            [
                (key, unit_id, factor)
                for key, name in enumerate(measures)
                for unit_id, factor in concepts.measures[name].units.items()
            ],
            columns=["measure", "unit", "factor"],
        ).astype({"measure": "int64", "unit": "int64", "factor": "float64"})
    )
    matched = matched.left_join(factors, ["measure", "unit"])
    has_value = matched.value.notnull()
    tally = (
        matched.group_by("measure", "unit", "concept_id", convertible=matched.factor.notnull())
        .aggregate(
            rows=matched.value.count(),
            missing=ibis.ifelse(has_value, 0, 1).sum(),  # PostgreSQL casts no bool to int
            unit_text=matched.unit_text.max(where=has_value),
        )
        .to_pandas()
    )
    refused = tally[~tally["convertible"].astype(bool) & (tally["rows"] > 0)]
    if not refused.empty:
        refused = refused.assign(measure=[measures[k] for k in refused["measure"]])
        refused = refused.sort_values(["measure", "unit", "concept_id"])
        raise OmopError("\n".join(_refusal(row, concepts) for row in refused.itertuples()))
    good = matched.filter(has_value)
    long = good.select("person_id", "date", "measure", value=good.value * good.factor)
    visits, conflicts = _pivot(long.to_pyarrow(), measures)
    return _VisitRows(visits, conflicts, int(tally["missing"].sum()))


def _pivot(long: Any, measures: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Visits, one row per person and date, and the person-dates where a measure has two values.

    ``long`` (a pyarrow table) holds one converted value per row
    (``person_id``, ``date``, ``measure`` as its position in ``measures``,
    ``value``). A visit has the value of each measure found that day (its
    column is left out when no visit has it); where one measure has two
    different values on a person-date, the visit holds the highest and the
    conflict both. The reshaping works on whole numpy columns: the rows that
    leave the engine are the measurements themselves, fewer cells than a
    table with a column per measure, and a pivot in the engine (a filtered
    aggregate per measure) took longer than fetching them.
    """
    person = long.column("person_id").to_numpy().astype(np.int64)
    when = long.column("date").to_numpy().astype("datetime64[D]")
    measure = long.column("measure").to_numpy().astype(np.intp)
    value = long.column("value").to_numpy().astype(np.float64)
    day = when.astype(np.int64)
    undated = np.isnat(when)  # kept, as a visit without a date, for validation to report
    if len(person) and not undated.all():
        first, last = int(day[~undated].min()), int(day[~undated].max())
    else:
        first = last = 0
    day = np.where(undated, last + 1, day) - first  # 0 .. span - 1, undated last
    span = last - first + 2
    low_id = int(person.min()) if len(person) else 0
    if len(person) and (int(person.max()) - low_id + 1) * span >= 2**62:  # ids far apart
        persons, person_code = np.unique(person, return_inverse=True)
    else:
        persons, person_code = None, person - low_id
    visit_keys, visit = np.unique(person_code * span + day, return_inverse=True)
    shape = (len(visit_keys), len(measures))
    cell = visit * len(measures) + measure  # a flat index: ufunc.at is fastest in one dimension
    high, low = np.full(shape, -np.inf), np.full(shape, np.inf)
    np.maximum.at(high.reshape(-1), cell, value)
    np.minimum.at(low.reshape(-1), cell, value)
    seen = np.zeros(shape, dtype=bool)
    seen.reshape(-1)[cell] = True
    visit_day = visit_keys % span
    dates = (visit_day + first).astype("datetime64[D]").astype("datetime64[s]")
    dates[visit_day == span - 1] = np.datetime64("NaT")
    visit_person = visit_keys // span
    visits = pd.DataFrame(
        {
            "person_id": visit_person + low_id if persons is None else persons[visit_person],
            "date": dates,
        }
    )
    conflicts = []
    for key, name in enumerate(measures):
        if not seen[:, key].any():
            continue
        visits[name] = np.where(seen[:, key], high[:, key], np.nan)
        differ = seen[:, key] & (high[:, key] != low[:, key])
        if differ.any():
            conflicts.append(
                pd.DataFrame(
                    {
                        "person_id": visits["person_id"].to_numpy()[differ],
                        "date": dates[differ],
                        "measure": name,
                        "low": low[differ, key],
                        "high": high[differ, key],
                    }
                )
            )
    found = pd.concat(conflicts, ignore_index=True) if conflicts else _NO_CONFLICTS
    return visits, found


def _refusal(row: Any, concepts: ConceptSets) -> str:
    units = sorted(concepts.measures[row.measure].units)
    unit = "no unit" if row.unit == NO_UNIT else f"unit concept {row.unit}"
    if row.unit_text:
        unit += f" ({row.unit_text})"
    return (
        f"measurement: {row.rows} values of {row.measure} (measurement concept "
        f"{row.concept_id}) are in {unit}, which has no known conversion to the measure's "
        f"unit (accepted unit concepts: {', '.join(map(str, units))}); give its factor in "
        f"[omop.measures.{row.measure}.units] or correct the unit"
    )


def _patient_ids(frame: pd.DataFrame) -> pd.Series:
    """``person_id`` -> the patient's id: ``person_source_value`` when every kept person has
    a distinct one, else the ``person_id`` itself."""
    source = frame["source_id"].astype("string").str.strip()
    usable = source.notna().all() and (source != "").all() and source.is_unique
    ids = source if usable else frame["person_id"].astype("string")
    return pd.Series(ids.to_numpy(dtype=object), index=frame["person_id"].to_numpy())


def _patients_frame(
    frame: pd.DataFrame, ids: pd.Series, concepts: ConceptSets
) -> tuple[pd.DataFrame, int]:
    """The patients table, and how many birth dates were completed from the year."""
    diagnoses: list[Diagnosis] = list(concepts.diagnoses)
    sex = np.where(
        frame["gender"] == concepts.male,
        "M",
        np.where(
            frame["gender"] == concepts.female,
            "F",
            "gender_concept_id " + frame["gender"].astype("string").fillna("missing"),
        ),
    )
    recorded = pd.to_datetime(frame["birth"])
    month = frame["month"].astype("Float64")
    day = frame["day"].astype("Float64")
    parts = pd.DataFrame(
        {
            "year": frame["year"],
            "month": month.fillna(_BIRTH_MONTH),
            "day": day.where(month.notna(), _BIRTH_DAY).fillna(_BIRTH_DAY),
        }
    ).astype("Int64")
    built = pd.to_datetime(parts, errors="coerce")
    imputed = int((recorded.isna() & (month.isna() | day.isna())).sum())
    patients = pd.DataFrame(
        {
            "patient_id": frame["person_id"].map(ids).to_numpy(),
            "sex": sex,
            "birth_date": recorded.fillna(built).to_numpy(),
            "diagnosis": np.array([d.value for d in diagnoses], dtype=object)[
                frame["rank"].to_numpy(dtype=np.int64)
            ],
            "ild": frame["ild"].astype(bool).to_numpy(),
            "death_date": pd.to_datetime(frame["death_date"]).to_numpy(),
        }
    )
    return patients, imputed
