"""Write a cohort as an OMOP CDM 5.4 database, with the vocabulary rows it needs.

:func:`omop_tables` turns a :class:`~myopathy_outcomes.storage.Cohort` (the
bundled example, a registry generator's cohort) into the CDM tables the OMOP
source reads; :func:`write_omop` writes them as a folder of CSV or Parquet
files or as a DuckDB file. Reading the result back with
:func:`~myopathy_outcomes.omop.load_omop` gives the same cohort:

- ``person``: ``person_id`` 1, 2, ... in the cohort's order,
  ``person_source_value`` the patient id, gender 8507/8532, birth date;
- ``observation_period``: from the patient's first record to the death date,
  or to the data cut (the day after the cohort's last date);
- ``death``; ``condition_occurrence``: the diagnosis and, with ILD, an ILD
  condition, both on the patient's first record;
- ``drug_exposure``: one per regimen, the drug's ingredient concept, the stop
  as ``drug_exposure_end_date`` and ``verbatim_end_date``; an ongoing course
  ends at the end of observation with no ``verbatim_end_date``; the dose as
  ``quantity`` and ``dose_unit_source_value``;
- ``measurement``: one per visit and measure with a value, in the measure's
  own unit, its LOINC concept or (concept 0) its name as source value;
- ``cdm_source`` (version 5.4), ``concept`` and ``concept_ancestor`` (each
  concept used is its own ancestor).

A concept set without a concept id is written with concept 0 and its first
source value, as an extract writes what it could not map.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from myopathy_outcomes.drugs import Drug
from myopathy_outcomes.models import Diagnosis
from myopathy_outcomes.omop.concepts import DEFAULT_CONCEPTS, NO_UNIT, ConceptSet, ConceptSets
from myopathy_outcomes.omop.connection import CDM_5_4_CONCEPT
from myopathy_outcomes.schema import MEASURES
from myopathy_outcomes.storage import Cohort, VisitTable

__all__ = ["VOCABULARY", "omop_tables", "write_omop"]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_EHR_PERIOD = 44814724
"""``period_type_concept_id`` "Period covering healthcare encounters" (as in Synthea27Nj)."""
_EHR_DRUG = 32869
"""``drug_type_concept_id`` of Synthea27Nj's exposures."""
_EHR_CONDITION = 38000175
_EHR_MEASUREMENT = 38000267
_DEATH_TYPE = 38003566

VOCABULARY: Mapping[int, tuple[str, str, str, str, str]] = {
    # concept_id: (name, domain, vocabulary, class, code)
    8507: ("MALE", "Gender", "Gender", "Gender", "M"),
    8532: ("FEMALE", "Gender", "Gender", "Gender", "F"),
    19003999: ("mycophenolate mofetil", "Drug", "RxNorm", "Ingredient", "68149"),
    19012565: ("mycophenolic acid", "Drug", "RxNorm", "Ingredient", "7145"),
    19010482: ("cyclosporine", "Drug", "RxNorm", "Ingredient", "3008"),
    950637: ("tacrolimus", "Drug", "RxNorm", "Ingredient", "42316"),
    1550557: ("prednisolone", "Drug", "RxNorm", "Ingredient", "8638"),
    1551099: ("prednisone", "Drug", "RxNorm", "Ingredient", "8640"),
    1506270: ("methylprednisolone", "Drug", "RxNorm", "Ingredient", "6902"),
    19014878: ("azathioprine", "Drug", "RxNorm", "Ingredient", "1256"),
    1305058: ("methotrexate", "Drug", "RxNorm", "Ingredient", "6851"),
    19117912: ("immunoglobulin G", "Drug", "RxNorm", "Ingredient", "5666"),
    1314273: ("rituximab", "Drug", "RxNorm", "Ingredient", "121191"),
    1310317: ("cyclophosphamide", "Drug", "RxNorm", "Ingredient", "3002"),
    80182: ("Dermatomyositis", "Condition", "SNOMED", "Clinical Finding", "396230008"),
    4081250: (
        "Dermatomyositis sine myositis",
        "Condition",
        "SNOMED",
        "Clinical Finding",
        "238935002",
    ),
    80800: ("Polymyositis", "Condition", "SNOMED", "Clinical Finding", "31384009"),
    4216406: ("Inclusion body myositis", "Condition", "SNOMED", "Clinical Finding", "72315009"),
    3007220: (
        "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
        "Measurement",
        "LOINC",
        "Lab Test",
        "2157-6",
    ),
    3016436: (
        "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma",
        "Measurement",
        "LOINC",
        "Lab Test",
        "2532-0",
    ),
    3022250: (
        "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma by Lactate to "
        "pyruvate reaction",
        "Measurement",
        "LOINC",
        "Lab Test",
        "14804-9",
    ),
    3013721: (
        "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        "Measurement",
        "LOINC",
        "Lab Test",
        "1920-8",
    ),
    3006923: (
        "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
        "Measurement",
        "LOINC",
        "Lab Test",
        "1742-6",
    ),
    8645: ("unit per liter", "Unit", "UCUM", "Unit", "[U]/L"),
    8923: ("international unit per liter", "Unit", "UCUM", "Unit", "[iU]/L"),
    32995: ("microkatal per liter", "Unit", "UCUM", "Unit", "ukat/L"),
    33013: ("nanokatal per liter", "Unit", "UCUM", "Unit", "nkat/L"),
    8763: ("unit per milliliter", "Unit", "UCUM", "Unit", "[U]/mL"),
    8554: ("percent", "Unit", "UCUM", "Unit", "%"),
    8576: ("milligram", "Unit", "UCUM", "Unit", "mg"),
    8700: ("Milligram per day", "Unit", "UCUM", "Unit", "mg/d"),
    8909: ("milligram per 24 hours", "Unit", "UCUM", "Unit", "mg/(24.h)"),
    8582: ("centimeter", "Unit", "UCUM", "Unit", "cm"),
    8588: ("millimeter", "Unit", "UCUM", "Unit", "mm"),
    44777566: ("score", "Unit", "UCUM", "Unit", "[score]"),
    8840: ("milligram per deciliter", "Unit", "UCUM", "Unit", "mg/dL"),
}
"""Every concept the writer uses, as the OMOP vocabulary has it (``docs/omop.md``)."""

Format = Literal["csv", "parquet", "duckdb"]


def omop_tables(
    cohort: Cohort, concepts: ConceptSets = DEFAULT_CONCEPTS
) -> dict[str, pd.DataFrame]:
    """The cohort as OMOP CDM 5.4 tables, by lower-case table name.

    Examples
    --------
    >>> from myopathy_outcomes import load_example
    >>> tables = omop_tables(load_example())
    >>> len(tables["person"]), tables["cdm_source"]["cdm_version"].item()
    (19, '5.4')
    """
    people = cohort.patient_table
    ids = list(people.patient_ids)
    count = len(ids)
    person_id = np.arange(1, count + 1, dtype=np.int64)
    visits = cohort.visit_table(_measures(cohort))
    regimen_rows = [
        (r.patient_id, r.drug, r.start_date, r.stop_date, r.dose, r.dose_unit)
        for r in cohort.regimens
    ]
    where = {pid: i for i, pid in enumerate(ids)}
    reg_patient = np.array([where[r[0]] for r in regimen_rows], dtype=np.int64)
    reg_start = np.array([r[2].toordinal() for r in regimen_rows], dtype=np.int64)
    reg_stop = np.array(
        [-1 if r[3] is None else r[3].toordinal() for r in regimen_rows], dtype=np.int64
    )
    first = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, visits.patient, visits.day)
    np.minimum.at(first, reg_patient, reg_start)
    first = np.where(first == np.iinfo(np.int64).max, people.birth_day, first)
    every = [people.birth_day, visits.day, reg_start, reg_stop, people.death_day]
    data_cut = max(int(a.max()) for a in every if len(a)) + 1
    dead = people.death_day >= 0
    observed_to = np.where(dead, people.death_day, data_cut)

    birth = _dates(people.birth_day)
    person = pd.DataFrame(
        {
            "person_id": person_id,
            "gender_concept_id": np.where(
                people.sex.astype(str) == "M", concepts.male, concepts.female
            ),
            "year_of_birth": birth.year,
            "month_of_birth": birth.month,
            "day_of_birth": birth.day,
            "birth_datetime": birth,
            "race_concept_id": 0,
            "ethnicity_concept_id": 0,
            "person_source_value": ids,
            "gender_source_value": people.sex.astype(str),
        }
    )
    observation_period = pd.DataFrame(
        {
            "observation_period_id": person_id,
            "person_id": person_id,
            "observation_period_start_date": _dates(first),
            "observation_period_end_date": _dates(observed_to),
            "period_type_concept_id": _EHR_PERIOD,
        }
    )
    death = pd.DataFrame(
        {
            "person_id": person_id[dead],
            "death_date": _dates(people.death_day[dead]),
            "death_type_concept_id": _DEATH_TYPE,
        }
    )
    condition = _conditions(people.diagnosis, people.ild, person_id, first, concepts)
    drug = _drug_exposures(regimen_rows, reg_patient, reg_stop, observed_to, concepts)
    if len(cohort.regimen_rows) == len(drug):
        # each regimen keeps its row number in the source file as its id
        drug["drug_exposure_id"] = np.asarray(cohort.regimen_rows, dtype=np.int64)
    measurement = _measurements(visits, person_id, concepts)
    used = {
        concepts.male,
        concepts.female,
        *drug["drug_concept_id"].tolist(),
        *condition["condition_concept_id"].tolist(),
        *measurement["measurement_concept_id"].tolist(),
        *measurement["unit_concept_id"].tolist(),
    }
    concept = _concepts(sorted(c for c in used if c in VOCABULARY))
    return {
        "cdm_source": pd.DataFrame(
            {
                "cdm_source_name": [f"myopathy_outcomes: {cohort.source}"],
                "cdm_source_abbreviation": ["myopathy_outcomes"],
                "cdm_holder": ["myopathy_outcomes"],
                "source_release_date": [_dates(np.array([data_cut]))[0]],
                "cdm_release_date": [_dates(np.array([data_cut]))[0]],
                "cdm_version": ["5.4"],
                "cdm_version_concept_id": [CDM_5_4_CONCEPT],
                "vocabulary_version": ["myopathy_outcomes subset"],
            }
        ),
        "person": person,
        "observation_period": observation_period,
        "death": death,
        "condition_occurrence": condition,
        "drug_exposure": drug,
        "measurement": measurement,
        "concept": concept,
        "concept_ancestor": pd.DataFrame(
            {
                "ancestor_concept_id": concept["concept_id"],
                "descendant_concept_id": concept["concept_id"],
                "min_levels_of_separation": 0,
                "max_levels_of_separation": 0,
            }
        ),
    }


def write_omop(
    cohort: Cohort,
    target: str | os.PathLike[str],
    *,
    format: Format = "csv",
    concepts: ConceptSets = DEFAULT_CONCEPTS,
) -> Path:
    """Write the cohort as an OMOP CDM 5.4 database and return where.

    Parameters
    ----------
    cohort : Cohort
        The cohort (:func:`myopathy_outcomes.load_example`, a registry's).
    target : path
        A folder (``csv``: ``person.csv`` ...; ``parquet``: ``person.parquet``
        ...) or a ``.duckdb`` file (``duckdb``), created or overwritten.
    format : {"csv", "parquet", "duckdb"}, default "csv"
        The files to write. Parquet and DuckDB need the ``omop`` extra.
    concepts : ConceptSets
        The concept sets whose first concept (or source value) is written.
    """
    tables = omop_tables(cohort, concepts)
    path = Path(target)
    if format == "duckdb":
        import duckdb  # noqa: PLC0415 (optional extra)

        path.unlink(missing_ok=True)
        with duckdb.connect(str(path)) as con:
            for name, frame in tables.items():
                con.register("frame", frame)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
                con.unregister("frame")
        return path
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be 'csv', 'parquet' or 'duckdb', got {format!r}")
    path.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if format == "csv":
            frame.to_csv(path / f"{name}.csv", index=False, date_format="%Y-%m-%d")
        else:
            frame.to_parquet(path / f"{name}.parquet", index=False)
    return path


def _measures(cohort: Cohort) -> tuple[str, ...]:
    if cohort.visit_columns is not None:
        return tuple(cohort.visit_columns)
    return tuple(MEASURES)


def _dates(days: np.ndarray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex((np.asarray(days, dtype=np.int64) - _EPOCH).astype("datetime64[D]"))


def _first_concept(concepts: ConceptSet) -> tuple[int, str]:
    """The concept id to write (0 when the set has none) and the source value."""
    concept = concepts.concept_ids[0] if concepts.concept_ids else 0
    source = concepts.source_values[0] if concepts.source_values else ""
    return concept, source


def _conditions(
    diagnosis: np.ndarray,
    ild: np.ndarray,
    person_id: np.ndarray,
    first: np.ndarray,
    concepts: ConceptSets,
) -> pd.DataFrame:
    codes = {d: _first_concept(concepts.diagnoses[d]) for d in Diagnosis}
    ild_code = _first_concept(concepts.ild)
    rows_concept = [codes[Diagnosis(d)][0] for d in diagnosis.tolist()]
    rows_source = [codes[Diagnosis(d)][1] for d in diagnosis.tolist()]
    frame = pd.DataFrame(
        {
            "person_id": np.concatenate([person_id, person_id[ild]]),
            "condition_concept_id": rows_concept + [ild_code[0]] * int(ild.sum()),
            "condition_start_date": _dates(np.concatenate([first, first[ild]])),
            "condition_type_concept_id": _EHR_CONDITION,
            "condition_source_value": rows_source + [ild_code[1]] * int(ild.sum()),
        }
    )
    frame = frame.sort_values(["person_id", "condition_concept_id"], kind="stable")
    frame.insert(0, "condition_occurrence_id", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame.reset_index(drop=True)


def _drug_exposures(
    rows: list[tuple[str, Drug, dt.date, dt.date | None, float | None, str | None]],
    patient: np.ndarray,
    stop: np.ndarray,
    observed_to: np.ndarray,
    concepts: ConceptSets,
) -> pd.DataFrame:
    ingredient = {d: _first_concept(concepts.drug(d))[0] for d in Drug}
    end = np.where(stop < 0, observed_to[patient], stop)
    return pd.DataFrame(
        {
            "drug_exposure_id": np.arange(1, len(rows) + 1, dtype=np.int64),
            "person_id": patient + 1,
            "drug_concept_id": [ingredient[r[1]] for r in rows],
            "drug_exposure_start_date": _dates(np.array([r[2].toordinal() for r in rows])),
            "drug_exposure_end_date": _dates(end),
            "verbatim_end_date": pd.DatetimeIndex(
                [None if s < 0 else _dates(np.array([s]))[0] for s in stop.tolist()]
            ),
            "drug_type_concept_id": _EHR_DRUG,
            "quantity": pd.array([r[4] for r in rows], dtype="Float64"),
            "drug_source_value": [r[1].value for r in rows],
            "dose_unit_source_value": pd.array([r[5] for r in rows], dtype="string"),
        }
    )


def _measurements(
    visits: VisitTable, person_id: np.ndarray, concepts: ConceptSets
) -> pd.DataFrame:
    parts = []
    for name in _in_schema_order(visits.values):
        values = visits.values[name]
        if name not in concepts.measures:
            continue
        has = ~np.isnan(values)
        if not has.any():
            continue
        found = concepts.measures[name]
        concept, _ = _first_concept(found.concepts)
        unit = next((u for u, f in found.units.items() if f == 1.0 and u != NO_UNIT), NO_UNIT)
        parts.append(
            pd.DataFrame(
                {
                    "person_id": person_id[visits.patient[has]],
                    "measurement_concept_id": concept,
                    "measurement_date": _dates(visits.day[has]),
                    "measurement_type_concept_id": _EHR_MEASUREMENT,
                    "value_as_number": values[has],
                    "unit_concept_id": unit,
                    "measurement_source_value": name,
                    "unit_source_value": VOCABULARY[unit][4] if unit in VOCABULARY else "",
                }
            )
        )
    columns = [
        "person_id",
        "measurement_concept_id",
        "measurement_date",
        "measurement_type_concept_id",
        "value_as_number",
        "unit_concept_id",
        "measurement_source_value",
        "unit_source_value",
    ]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    frame = frame.sort_values(["person_id", "measurement_date"], kind="stable")
    frame.insert(0, "measurement_id", np.arange(1, len(frame) + 1, dtype=np.int64))
    return frame.reset_index(drop=True)


def _in_schema_order(names: Iterable[str]) -> list[str]:
    """The built-in measures in the schema's order, then the others by name.

    The order the visits hold their columns in may differ between two loads of
    one cohort (it is not part of the data), and the measurements of a
    person-date are numbered in this order, so ``measurement_id`` is the same
    at every write.
    """
    given = set(names)
    return [name for name in MEASURES if name in given] + sorted(given.difference(MEASURES))


def _concepts(ids: list[int]) -> pd.DataFrame:
    rows = [VOCABULARY[i] for i in ids]
    return pd.DataFrame(
        {
            "concept_id": ids,
            "concept_name": [r[0] for r in rows],
            "domain_id": [r[1] for r in rows],
            "vocabulary_id": [r[2] for r in rows],
            "concept_class_id": [r[3] for r in rows],
            "standard_concept": "S",
            "concept_code": [r[4] for r in rows],
            "valid_start_date": pd.Timestamp("1970-01-01"),
            "valid_end_date": pd.Timestamp("2099-12-31"),
            "invalid_reason": pd.array([None] * len(ids), dtype="string"),
        }
    )
