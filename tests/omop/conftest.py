"""Real database engines for the OMOP tests: a PostgreSQL server and Spark in local mode.

Each fixture starts the engine for the session, or skips with the reason it
cannot (the binaries, Java or pyspark absent). Nothing is mocked: the OMOP
source talks to the server through ibis as it would to a site's database.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

_POSTGRES_PLACES = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")
"""Where Debian's ``postgresql`` (and a source build) put initdb and pg_ctl, off the PATH."""


def _postgres_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for place in [*sorted(glob.glob(_POSTGRES_PLACES[0]), reverse=True), _POSTGRES_PLACES[1]]:
        candidate = Path(place) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def _example_tables() -> dict[str, pd.DataFrame]:
    import myopathy_outcomes as mo  # noqa: PLC0415
    from myopathy_outcomes.omop import omop_tables  # noqa: PLC0415

    return omop_tables(mo.load_example())


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server started for the session, holding the example as OMOP.

    The server runs from a temporary directory and listens only on a unix
    socket there (``initdb`` and ``pg_ctl``; as ``nobody`` when the tests run
    as root, which PostgreSQL refuses). The CDM tables are in schema ``cdm``.
    """
    pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
    initdb, pg_ctl = _postgres_binary("initdb"), _postgres_binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (Debian: postgresql)")
    root = tempfile.mkdtemp(prefix="omop-postgres-")
    options: dict[str, Any] = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        options["user"] = nobody.pw_uid
    data = os.path.join(root, "data")
    run = {"capture_output": True, "text": True, **options}
    try:
        subprocess.run(
            [initdb, "-D", data, "-U", "omop", "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True,
            **run,
        )
        subprocess.run(
            [pg_ctl, "-D", data, "-l", os.path.join(root, "server.log"), "-w", "-o",
             f"-k {root} -c listen_addresses='' -c fsync=off", "start"],
            check=True,
            **run,
        )  # fmt: skip
    except subprocess.CalledProcessError as error:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started: {(error.stderr or '').strip()[:300]}")
    try:
        import ibis  # noqa: PLC0415

        server = ibis.postgres.connect(user="omop", host=root, database="postgres")
        server.raw_sql("CREATE DATABASE cdm").close()
        server.disconnect()
        backend = ibis.postgres.connect(user="omop", host=root, database="cdm")
        backend.create_database("cdm")
        for name, frame in _example_tables().items():
            backend.create_table(name, frame, database="cdm")
        backend.disconnect()
        yield f"postgresql://omop@/cdm?host={root}&schema=cdm"
    finally:
        subprocess.run([pg_ctl, "-D", data, "-m", "immediate", "stop"], check=False, **run)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def spark_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An ibis PySpark backend on Spark in local mode, holding the example as OMOP tables."""
    pytest.importorskip("ibis", reason="the omop extra (ibis) is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java, which is not installed (Debian: default-jre-headless)")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed")
    import ibis  # noqa: PLC0415

    warehouse = tmp_path_factory.mktemp("spark-warehouse")
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("myopathy-outcomes-omop-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    try:
        import myopathy_outcomes as mo  # noqa: PLC0415
        from myopathy_outcomes.omop import write_omop  # noqa: PLC0415

        # Spark reads the example as OMOP Parquet files, as a warehouse would load
        # them: a pandas frame handed to Spark directly pickles pandas' missing
        # value (pd.NA) as an object, not as NULL, so empty dose units would not be.
        folder = write_omop(
            mo.load_example(), tmp_path_factory.mktemp("omop-parquet"), format="parquet"
        )
        for path in sorted(folder.glob("*.parquet")):
            session.read.parquet(str(path)).write.saveAsTable(path.stem)
        yield ibis.pyspark.connect(session)
    finally:
        session.stop()
