"""Where an OMOP CDM is: a folder of CSV or Parquet tables, a DuckDB file, or a database URL.

:func:`connect` opens it through ibis, finds each table the source reads
(names matched ignoring case, columns read in lower case) and checks that the
CDM is version 5.4 (``cdm_source.cdm_version``). A folder or a ``.duckdb``
file is read by an embedded DuckDB; ``postgresql://user@host:5432/db`` (with
``?schema=cdm`` when the tables are not in the default schema) by PostgreSQL;
any other URL ibis knows by its backend; and an ibis backend already
connected (``ibis.pyspark.connect(spark)``) is used as it is. Every problem is
one :class:`OmopError` whose message is one line.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from myopathy_outcomes.omop.errors import OmopError

__all__ = ["CDM_VERSION", "OPTIONAL_TABLES", "REQUIRED_TABLES", "OmopDatabase", "connect"]

CDM_VERSION = "5.4"
CDM_5_4_CONCEPT = 756265
"""``cdm_version_concept_id`` of OMOP CDM 5.4 (in Synthea27Nj's ``cdm_source``)."""

REQUIRED_TABLES = (
    "cdm_source",
    "person",
    "death",
    "observation_period",
    "drug_exposure",
    "condition_occurrence",
    "measurement",
)
"""The tables the source reads; each must be there (it may be empty)."""
OPTIONAL_TABLES = ("concept", "concept_ancestor")
"""Vocabulary tables used when present: codes are resolved through ``concept``,
descendants through ``concept_ancestor``."""

_TEXT_COLUMNS = frozenset(
    {
        "person_source_value",
        "gender_source_value",
        "condition_source_value",
        "measurement_source_value",
        "unit_source_value",
        "drug_source_value",
        "dose_unit_source_value",
        "cdm_version",
        "concept_code",
        "vocabulary_id",
        "concept_name",
        "value_source_value",
    }
)
"""Columns read as text from CSV files whatever they look like (``001`` stays ``001``)."""


@dataclass
class OmopDatabase:
    """An open OMOP CDM: the ibis backend and its tables by lower-case name.

    Attributes
    ----------
    backend : ibis backend
        The connection (DuckDB, PostgreSQL, PySpark, ...).
    name : str
        How messages and the report name the source (a password is never shown).
    tables : mapping of str to ibis.Table
        Each table found, by lower-case name, with lower-case column names.
    cached : list of ibis.Table
        Intermediate results kept in the engine as temporary tables
        (:meth:`release` drops them).
    """

    backend: Any
    name: str
    tables: dict[str, Any] = field(default_factory=dict)
    cached: list[Any] = field(default_factory=list)

    def release(self) -> None:
        """Drop the temporary tables of :attr:`cached`, while the connection is open.

        Left to the garbage collector, an error's traceback can keep them
        until after the connection is closed, when dropping them fails.
        """
        while self.cached:
            self.cached.pop().release()

    def table(self, name: str) -> Any:
        """The table called ``name``; an :class:`OmopError` if the database lacks it."""
        if name not in self.tables:
            raise OmopError(
                f"{self.name}: missing table {name}; an OMOP CDM 5.4 has it "
                f"(the source reads {', '.join(REQUIRED_TABLES)})"
            )
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Whether the database has the table ``name``."""
        return name in self.tables


def connect(source: object, *, schema: str | None = None) -> OmopDatabase:
    """Open the OMOP CDM at ``source`` and check its tables and version.

    Parameters
    ----------
    source : str, path or ibis backend
        A folder of OMOP tables as CSV or Parquet files (``person.csv`` or
        ``PERSON.csv``, ``person.parquet``, or a folder ``person/`` of
        Parquet files), a ``.zip`` archive of such files (an OHDSI Eunomia
        data set), a ``.duckdb`` file, a database URL
        (``postgresql://user:password@host:5432/db?schema=cdm``,
        ``duckdb:///path/cdm.duckdb``), or a connected ibis backend.
    schema : str, optional
        The schema (database, for Spark) holding the CDM tables; a URL may
        give it as ``?schema=``.

    Returns
    -------
    OmopDatabase
        The backend and every table the source reads.

    Raises
    ------
    OmopError
        The source cannot be opened, a table is missing, or the CDM version
        is not 5.4; the message is one line.
    """
    database = _open(source, schema)
    missing = [t for t in REQUIRED_TABLES if not database.has(t)]
    if missing:
        raise OmopError(
            f"{database.name}: missing table{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; an OMOP CDM 5.4 has "
            f"{'them' if len(missing) > 1 else 'it'} (even when empty)"
        )
    _check_version(database)
    return database


#: Deprecation warnings that the engines' own code causes: ibis 12 reads pandas
#: 3's ``future.infer_string`` option and calls DuckDB's ``fetch_arrow_table()``;
#: PySpark's ``toPandas`` passes pandas 3 the ``copy`` keyword. They name the
#: engines' code, not the user's, and say nothing a user can act on.
IBIS_DEPRECATIONS = (
    r"The 'future\.infer_string' option is deprecated",
    r"fetch_arrow_table\(\) is deprecated",
    r"The copy keyword is deprecated",
)


@contextmanager
def ibis_deprecations_silenced() -> Iterator[None]:
    """Run ibis without the deprecation warnings of :data:`IBIS_DEPRECATIONS`."""
    with warnings.catch_warnings():
        for message in IBIS_DEPRECATIONS:
            warnings.filterwarnings("ignore", message=message)
        yield


OMOP_EXTRA = 'pip install "myopathy-outcomes[omop]"'
"""How to install what the OMOP source needs (ibis with its backends)."""


def _open(source: object, schema: str | None) -> OmopDatabase:
    try:
        import ibis  # noqa: PLC0415 (optional extra)
    except ImportError:
        raise ImportError(
            f"reading an OMOP database needs ibis, which is not installed: {OMOP_EXTRA}"
        ) from None

    if not isinstance(source, str | os.PathLike):
        if not hasattr(source, "table") or not hasattr(source, "list_tables"):
            raise TypeError(
                "source must be a folder, a .duckdb file, a database URL or a connected ibis "
                f"backend, got {type(source).__name__}"
            )
        name = f"{getattr(source, 'name', 'ibis')} database"
        return _with_tables(source, name, schema)
    text = os.fspath(source)
    if "://" in text:
        return _open_url(ibis, text, schema)
    path = Path(text)
    if not path.exists():
        raise OmopError(f"{text}: no such folder or file (an OMOP folder, .duckdb file or URL)")
    if path.is_dir():
        return _open_folder(ibis, path)
    if path.suffix.lower() == ".zip":
        return _open_zip(ibis, path)
    try:
        backend = ibis.duckdb.connect(str(path), read_only=True)
    except Exception as error:
        raise OmopError(f"{text}: cannot open as a DuckDB file: {_first_line(error)}") from None
    return _with_tables(backend, text, schema)


def _open_url(ibis: Any, url: str, schema: str | None) -> OmopDatabase:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    schema = query.pop("schema", schema)
    scheme = "postgres" if parts.scheme == "postgresql" else parts.scheme
    target = urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), ""))
    # no user or password in messages; a unix socket's folder given as ?host= is named
    shown = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"
    if "host" in query:
        shown += f" (host {query['host']})"
    try:
        backend = ibis.connect(target)
    except Exception as error:
        raise OmopError(f"cannot connect to {shown}: {_first_line(error)}") from None
    return _with_tables(backend, shown, schema)


def _open_folder(ibis: Any, folder: Path) -> OmopDatabase:
    backend = ibis.duckdb.connect()
    wanted = set(REQUIRED_TABLES) | set(OPTIONAL_TABLES)
    database = OmopDatabase(backend, str(folder))
    for path in sorted(folder.iterdir()):
        name = path.name.split(".")[0].lower()
        if name not in wanted or name in database.tables:
            continue
        suffix = "".join(path.suffixes).lower()
        file = f"_{name}_file"
        try:
            if path.is_dir():
                read = backend.read_parquet(str(path / "*.parquet"), table_name=file)
            elif suffix == ".parquet":
                read = backend.read_parquet(str(path), table_name=file)
            elif suffix in (".csv", ".csv.gz"):
                types = _text_types(path)
                options = {"types": types} if types else {}
                read = backend.read_csv(str(path), table_name=file, **options)
            else:
                continue
            # read each file once into the embedded database, not at every query
            table = backend.create_table(name, read)
        except Exception as error:
            raise OmopError(f"{path}: cannot read the table: {_first_line(error)}") from None
        database.tables[name] = _lower_columns(table)
    return database


def _open_zip(ibis: Any, path: Path) -> OmopDatabase:
    """A zip archive of OMOP tables (as OHDSI's Eunomia data sets come): read as its folder.

    The tables the source reads are unpacked to a temporary folder, read into
    the embedded database, and the folder is removed.
    """
    wanted = set(REQUIRED_TABLES) | set(OPTIONAL_TABLES)
    try:
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
            for member in archive.infolist():
                name = PurePosixPath(member.filename).name
                hidden = name.startswith(".") or "__MACOSX" in member.filename
                if member.is_dir() or hidden or name.split(".")[0].lower() not in wanted:
                    continue
                with archive.open(member) as packed, open(Path(folder, name), "wb") as out:
                    shutil.copyfileobj(packed, out)
            database = _open_folder(ibis, Path(folder))
    except (zipfile.BadZipFile, OSError) as error:
        raise OmopError(f"{path}: cannot read the zip archive: {_first_line(error)}") from None
    database.name = str(path)
    return database


def _text_types(path: Path) -> dict[str, str]:
    """The text columns of a CSV file's header, to be read as text (its first line only)."""

    opener: Any = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
    columns = [c.strip().strip('"') for c in header.split(",")]
    return {c: "VARCHAR" for c in columns if c.lower() in _TEXT_COLUMNS}


def _with_tables(backend: Any, name: str, schema: str | None) -> OmopDatabase:
    wanted = set(REQUIRED_TABLES) | set(OPTIONAL_TABLES)
    where: Mapping[str, Any] = {} if schema is None else {"database": schema}
    try:
        found = backend.list_tables(**where)
    except Exception as error:
        place = f" schema {schema}" if schema else ""
        raise OmopError(f"{name}{place}: cannot list the tables: {_first_line(error)}") from None
    database = OmopDatabase(backend, name)
    for table in found:
        key = table.lower()
        if key in wanted and key not in database.tables:
            database.tables[key] = _lower_columns(backend.table(table, **where))
    return database


def _lower_columns(table: Any) -> Any:
    if all(c == c.lower() for c in table.columns):
        return table
    return table.rename({c.lower(): c for c in table.columns})


def _check_version(database: OmopDatabase) -> None:
    table = database.table("cdm_source")
    columns = [c for c in ("cdm_version", "cdm_version_concept_id") if c in table.columns]
    if not columns:
        raise OmopError(f"{database.name}: cdm_source has no cdm_version column")
    rows = table.select(*columns).limit(5).to_pandas()
    if rows.empty:
        raise OmopError(
            f"{database.name}: cdm_source is empty, so the CDM version is unknown; it must be 5.4"
        )
    for row in rows.itertuples(index=False):
        version = str(getattr(row, "cdm_version", "") or "").strip().lower().removeprefix("v")
        concept = getattr(row, "cdm_version_concept_id", None)
        if version == CDM_VERSION or version.startswith(CDM_VERSION + "."):
            return
        if not version and concept == CDM_5_4_CONCEPT:
            return
    found = str(rows.iloc[0].get("cdm_version", "")).strip() or "none"
    raise OmopError(
        f"{database.name}: CDM version {found} in cdm_source; this source reads OMOP CDM "
        f"{CDM_VERSION} only"
    )


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
