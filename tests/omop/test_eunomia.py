"""OHDSI's Eunomia Synthea27Nj, a real OMOP CDM 5.4 from another project, reads and is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from myopathy_outcomes.cli import EXIT_BAD_DATA, main

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")

EUNOMIA = Path(__file__).parents[1] / "data" / "omop" / "Synthea27Nj_5.4.zip"


@pytest.fixture(scope="module")
def database() -> omop.OmopDatabase:
    """The Eunomia CDM, opened from its zip archive."""
    return omop.connect(EUNOMIA)


def test_every_table_the_source_reads_is_found(database: omop.OmopDatabase) -> None:
    """Upper-case CSV names in a zip archive are found as the CDM's tables."""
    assert set(database.tables) == {
        "cdm_source",
        "person",
        "death",
        "observation_period",
        "drug_exposure",
        "condition_occurrence",
        "measurement",
        "concept",
        "concept_ancestor",
    }


def test_its_persons_and_exposures_are_read(database: omop.OmopDatabase) -> None:
    """The CDM's persons and drug exposures are there to be read."""
    assert database.table("person").count().to_pandas() == 28
    assert database.table("drug_exposure").count().to_pandas() > 0


def test_load_says_no_patient_starts_the_index_drug() -> None:
    """Loading the Hanaoka design says in one line that nobody starts MMF."""
    with pytest.raises(omop.OmopError) as raised:
        omop.load_omop(EUNOMIA)
    message = str(raised.value)
    assert "\n" not in message
    assert message == (
        f"{EUNOMIA}: no patient starts the index drug (MMF): no drug_exposure of its concepts"
    )


def test_command_says_no_patient_starts_the_index_drug(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command prints that one line and exits 2."""
    assert main(["omop", str(EUNOMIA)]) == EXIT_BAD_DATA
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"error: {EUNOMIA}: no patient starts the index drug (MMF): no drug_exposure of its "
        "concepts\n"
    )
