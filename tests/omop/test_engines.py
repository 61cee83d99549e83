"""The example as OMOP on a real PostgreSQL server and on Spark gives the CSV path's report."""

from __future__ import annotations

from typing import Any

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.cli import main
from tests.omop._same import report_differences

pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
omop = pytest.importorskip("myopathy_outcomes.omop")

pytestmark = pytest.mark.filterwarnings(
    # py4j (Spark's bridge to the JVM) leaves its sockets to the garbage collector
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(scope="module")
def csv_report() -> mo.StudyReport:
    """The report of the bundled example read from its CSV files."""
    return mo.analyze(mo.load_example())


def test_postgres_gives_the_csv_report(postgres_url: str, csv_report: mo.StudyReport) -> None:
    """On a PostgreSQL server every number of the report equals the CSV path's."""
    cohort = omop.load_omop(postgres_url, synthetic=True)
    assert report_differences(csv_report, mo.analyze(cohort)) == []


def test_spark_gives_the_csv_report(spark_backend: Any, csv_report: mo.StudyReport) -> None:
    """On Spark in local mode every number of the report equals the CSV path's."""
    cohort = omop.load_omop(spark_backend, synthetic=True)
    assert report_differences(csv_report, mo.analyze(cohort)) == []


def test_postgres_url_runs_the_command(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command reads a PostgreSQL URL and names the database without its query."""
    assert main(["omop", postgres_url]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    host = postgres_url.split("host=")[1].split("&", maxsplit=1)[0]
    assert f"Data: postgresql:///cdm (host {host})" in out.splitlines()
