"""A study's cohort from an OMOP CDM: :func:`load_omop`, and designs with an ``[omop]`` table.

The engine computes the analytic rows (:mod:`.extract`); they are then
validated exactly as three CSV files are (:func:`myopathy_outcomes.io.cohort_from_frames`),
so every rule, message and exclusion of the CSV path holds, and the
existing analysis and report take over unchanged.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.design_file import DesignFileError, design_from_dict
from myopathy_outcomes.drug_sets import DrugSet
from myopathy_outcomes.io import OnError, cohort_from_frames
from myopathy_outcomes.models import ExcludedRow
from myopathy_outcomes.omop.concepts import DEFAULT_CONCEPTS, ConceptSets, concepts_from_table
from myopathy_outcomes.omop.connection import connect, ibis_deprecations_silenced
from myopathy_outcomes.omop.errors import OmopError
from myopathy_outcomes.omop.extract import AnalyticRows, extract
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.studies import HANAOKA_2019

__all__ = ["check_concepts", "load_omop", "load_omop_design"]


def load_omop(
    source: object,
    design: StudyDesign | None = None,
    *,
    concepts: ConceptSets | None = None,
    schema: str | None = None,
    on_error: OnError = "raise",
    synthetic: bool = False,
) -> Cohort:
    """The cohort of a study design from an OMOP CDM 5.4 database.

    Parameters
    ----------
    source : str, path or ibis backend
        A folder of OMOP tables (CSV or Parquet), a ``.duckdb`` file, a
        database URL (``postgresql://user@host/db?schema=cdm``) or a connected
        ibis backend (``ibis.pyspark.connect(spark)``); see
        :func:`myopathy_outcomes.omop.connection.connect`.
    design : StudyDesign, optional
        The study (default: Hanaoka et al. 2019). Its index drugs choose the
        persons read; its measures and declared measures the visits.
    concepts : ConceptSets, optional
        The concept sets (default :data:`~myopathy_outcomes.omop.concepts.DEFAULT_CONCEPTS`).
    schema : str, optional
        The schema of the CDM tables in a database.
    on_error : {"raise", "exclude"}, default "raise"
        As in :func:`myopathy_outcomes.load_cohort`; a measure with two
        different values on one date is raised, or, as the CSV path excludes
        the visit rows that disagree, every measurement of that person on
        that date is left out and the conflict listed.
    synthetic : bool, default False
        Mark the cohort as synthetic data.

    Returns
    -------
    Cohort
        The persons with an index-drug exposure and a myositis condition,
        their regimens and visits; ``source`` names the database.

    Raises
    ------
    OmopError
        The database cannot be opened, lacks a table, is not CDM 5.4, a
        concept set the design needs is empty, a unit cannot be converted, or
        no person starts the index drug; one line each.
    CohortDataError
        A row breaks a rule of the cohort's models (as for CSV files).
    """
    design = HANAOKA_2019 if design is None else design
    concepts = DEFAULT_CONCEPTS if concepts is None else concepts
    if not isinstance(design, StudyDesign):
        raise TypeError(f"design must be a StudyDesign, got {type(design).__name__}")
    if not isinstance(concepts, ConceptSets):
        raise TypeError(f"concepts must be ConceptSets, got {type(concepts).__name__}")
    measures = check_concepts(design, concepts)
    with ibis_deprecations_silenced():
        database = connect(source, schema=schema)
        try:
            rows = extract(database, design, concepts, measures)
        finally:
            database.release()
            if isinstance(source, str | os.PathLike):  # opened here, so closed here
                database.backend.disconnect()
    if rows.patients.empty:
        raise OmopError(_nobody(database.name, design, rows))
    visits, excluded = _conflicts(rows, on_error)
    regimens = rows.regimens.drop(columns="drug_exposure_id")
    exposure_ids = rows.regimens["drug_exposure_id"].to_numpy()
    cohort = cohort_from_frames(
        rows.patients,
        visits,
        regimens,
        on_error=on_error,
        source=database.name,
        synthetic=synthetic,
        measures=design.declared_measures,
    )
    return dataclasses.replace(
        cohort,
        notices=(*rows.notices, *cohort.notices),
        excluded=(*excluded, *cohort.excluded),
        regimen_file="drug_exposure",
        # a regimen is named by its drug_exposure_id (row n of the frame is iloc[n - 2])
        regimen_rows=tuple(int(exposure_ids[n - 2]) for n in cohort.regimen_rows),
    )


def check_concepts(design: StudyDesign, concepts: ConceptSets) -> tuple[str, ...]:
    """The measures to read; an :class:`OmopError` for an empty concept set the design needs.

    The index drugs, every other drug set of the design (background, prior,
    add-ons, arms, washout), the diagnoses, ILD and each measure the design
    compares must have at least one member.

    Examples
    --------
    >>> from myopathy_outcomes.omop.concepts import ConceptSet
    >>> from myopathy_outcomes.drugs import Drug
    >>> empty = DEFAULT_CONCEPTS.replace(
    ...     drugs={**DEFAULT_CONCEPTS.drugs, Drug.MYCOPHENOLATE_MOFETIL: ConceptSet()})
    >>> check_concepts(HANAOKA_2019, empty)
    Traceback (most recent call last):
    ...
    myopathy_outcomes.omop.errors.OmopError: the concept set of the index drug MMF is empty \
(mycophenolate mofetil has no concept id, code or source value); give one in [omop.drugs]
    """
    for role, drugs in _drug_sets(design):
        if all(concepts.drug(d).is_empty for d in drugs.members()):
            names = ", ".join(d.value for d in drugs.members())
            raise OmopError(
                f"the concept set of the {role} {drugs.name} is empty ({names} has no concept "
                "id, code or source value); give one in [omop.drugs]"
            )
    if all(s.is_empty for s in concepts.diagnoses.values()):
        raise OmopError("every diagnosis concept set is empty; give one in [omop.diagnoses]")
    if concepts.ild.is_empty:
        raise OmopError("the ILD concept set is empty; give one in [omop.ild]")
    for name in design.measures:
        found = concepts.measures.get(name)
        if found is None or found.concepts.is_empty:
            raise OmopError(
                f"the concept set of measure {name} is empty; give its concepts in "
                f"[omop.measures.{name}]"
            )
        if not found.units:
            raise OmopError(
                f"measure {name} accepts no unit; give its units in [omop.measures.{name}.units]"
            )
    return tuple(
        name
        for name in design.known_measures
        if name in concepts.measures and not concepts.measures[name].concepts.is_empty
    )


def _drug_sets(design: StudyDesign) -> list[tuple[str, DrugSet]]:
    sets: list[tuple[str, DrugSet | None]] = [
        ("index drug", design.index),
        ("background therapy", design.background),
        ("prior therapy", design.prior),
        ("washout", design.washout),
    ]
    for arm in design.arms:
        sets.append((f"add-on of group {arm.label!r}", arm.add_on))
        sets.append((f"index drug of group {arm.label!r}", arm.index))
    return [(role, s) for role, s in sets if s is not None]


def _nobody(name: str, design: StudyDesign, rows: AnalyticRows) -> str:
    if rows.index_persons == 0:
        return (
            f"{name}: no patient starts the index drug ({design.index.name}): no "
            "drug_exposure of its concepts"
        )
    return (
        f"{name}: {rows.index_persons} persons start the index drug ({design.index.name}) "
        "but none has a myositis condition (no condition of the diagnosis concept sets)"
    )


def _conflicts(rows: AnalyticRows, on_error: OnError) -> tuple[pd.DataFrame, list[ExcludedRow]]:
    """A measure with two values on one person-date: raised, or that date's visit left out.

    Returns the visits to read and the conflicts listed as excluded rows.

    As on the CSV path, where the visit rows giving a measure two values on
    one date are excluded whole, every measurement of that person on that
    date is left out (the other measures of the date with it), and each
    conflict is listed. The visits are taken out on whole columns.
    """
    found = rows.conflicts
    if found.empty:
        return rows.visits, []
    shown = [
        f"measurement (patient {r.patient_id}): {r.measure} on {_day(r.date)} has two "
        f"values, {r.low:g} and {r.high:g}; give one value per measure and date"
        for r in found.head(3).itertuples()
    ]
    more = len(found) - len(shown)
    if on_error == "raise":
        tail = f" (and {more} more)" if more else ""
        raise OmopError(shown[0] + tail if len(shown) == 1 else "\n".join(shown) + tail)
    conflicted = pd.MultiIndex.from_frame(found[["patient_id", "date"]])
    at = pd.MultiIndex.from_frame(rows.visits[["patient_id", "date"]]).isin(conflicted)
    return rows.visits[~at].reset_index(drop=True), [
        ExcludedRow(
            "measurement",
            None,
            str(r.patient_id),
            f"{r.measure} on {_day(r.date)} has two values, {r.low:g} and {r.high:g}; "
            "the measurements of that date are left out",
        )
        for r in found.itertuples()
    ]


def _day(value: Any) -> str:
    return str(value)[:10]


def load_omop_design(path: str | Path) -> tuple[StudyDesign, ConceptSets]:
    """A design file with an optional ``[omop]`` table: the design and its concept sets.

    The file is a design file (``docs/design.md``); its ``[omop]`` table
    extends or replaces concept sets
    (:func:`~myopathy_outcomes.omop.concepts.concepts_from_table`).

    Raises
    ------
    DesignFileError
        As :func:`myopathy_outcomes.design_file.load_design`, or a bad
        ``[omop]`` table, naming the file and the key.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DesignFileError(f"{path}: cannot read the design file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise DesignFileError(f"{path}: not UTF-8 text; save the design file as UTF-8") from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DesignFileError(f"{path}: not valid TOML: {error}") from None
    table = data.pop("omop", {})
    if not isinstance(table, Mapping):
        raise DesignFileError(f"{path.name}: 'omop' must be a table, got {table!r}")
    design = design_from_dict(data, source=path.name) if data else HANAOKA_2019
    try:
        concepts = concepts_from_table(table)
    except (TypeError, ValueError) as error:
        raise DesignFileError(f"{path.name}: {error}") from None
    return design, concepts
