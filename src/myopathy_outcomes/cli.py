"""The ``myopathy-outcomes`` command: load a data folder (or the example) and print the report."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from myopathy_outcomes._console import PROGRESS_AFTER, Verbosity, console
from myopathy_outcomes._gc import gc_paused
from myopathy_outcomes._version import __version__
from myopathy_outcomes.analysis import NothingToAnalyseError, analyze
from myopathy_outcomes.covariates import Covariate
from myopathy_outcomes.design import StudyDesign
from myopathy_outcomes.design_file import DesignFileError, load_design
from myopathy_outcomes.errors import CohortDataError, RowProblem
from myopathy_outcomes.example import load_example
from myopathy_outcomes.io import OnError, load_cohort
from myopathy_outcomes.io.csv_text import text_encoding
from myopathy_outcomes.omop import ConceptSets, OmopError, load_omop, load_omop_design
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.report import StudyReport
from myopathy_outcomes.report.csv import write_assignments, write_excluded_rows
from myopathy_outcomes.report.display import PLOT_EXTRA
from myopathy_outcomes.report.docx import WORD_EXTRA
from myopathy_outcomes.report.formats import (
    CSV,
    DOCUMENT_FORMATS,
    FORMATS,
    TABLE_FORMATS,
    TEXT,
    Format,
    known_suffixes,
    named,
    with_suffix,
)
from myopathy_outcomes.report.staging import write_whole_file
from myopathy_outcomes.report.xlsx import EXCEL_EXTRA
from myopathy_outcomes.rules.ild import REGISTRY, FvcDeclineReading, IldCriterion, criterion
from myopathy_outcomes.schema import Measure
from myopathy_outcomes.storage import Cohort
from myopathy_outcomes.studies import HANAOKA_2019

EXIT_BAD_DATA = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C

_log = logging.getLogger(__name__)
_progress = logging.getLogger("myopathy_outcomes.progress")


OMOP_COMMAND = "omop"
"""The first argument that reads an OMOP CDM database instead of a data folder."""


def _parser(omop: bool = False) -> argparse.ArgumentParser:
    if omop:
        parser = argparse.ArgumentParser(
            prog=f"myopathy-outcomes {OMOP_COMMAND}",
            description=(
                "Analyse a treatment study on an OMOP CDM 5.4 database (docs/omop.md): the "
                "cohort is computed in the database's engine, then analysed as DATA_DIR's "
                "files would be. The design file may hold an [omop] table of concept sets."
            ),
        )
        parser.add_argument(
            "source",
            metavar="DATABASE_URL_OR_FOLDER",
            help="a folder of OMOP tables (CSV or Parquet), a .duckdb file, or a database "
            "URL such as postgresql://user@host:5432/db?schema=cdm",
        )
        parser.add_argument(
            "--schema", help="the schema holding the CDM tables (or ?schema= in the URL)"
        )
    else:
        parser = argparse.ArgumentParser(
            prog="myopathy-outcomes",
            description=(
                "Analyse a treatment study in inflammatory myopathy: by default MMF with or "
                "without a calcineurin inhibitor (Hanaoka et al., Clin Rheumatol 2019), or "
                "the design given with --design. DATA_DIR holds patients.csv, visits.csv and "
                "regimens.csv (any of them may be a .parquet or .xlsx file instead), or is an "
                ".xlsx workbook with the sheets patients, visits and regimens; without it the "
                "bundled synthetic example is used. 'myopathy-outcomes omop "
                "DATABASE_URL_OR_FOLDER' reads an OMOP CDM 5.4 database instead."
            ),
        )
        parser.add_argument("data_dir", nargs="?", type=Path, metavar="DATA_DIR")
    parser.add_argument(
        "--on-error",
        choices=("raise", "exclude"),
        default="raise",
        help="stop on bad rows (default) or exclude them and list each in the report",
    )
    parser.add_argument(
        "--encoding",
        default="auto",
        type=_encoding,
        metavar="NAME",
        help="the encoding of the CSV files (default: auto, which reads UTF-8, UTF-16 with a "
        "byte-order mark, and Japanese Shift-JIS, cp932, with a notice); e.g. cp932, utf-8",
    )
    parser.add_argument(
        "--design",
        type=Path,
        metavar="STUDY.toml",
        help="the study design as a TOML file (docs/design.md); default: Hanaoka et al. 2019",
    )
    parser.add_argument(
        "--format",
        choices=[f.name for f in FORMATS if f in DOCUMENT_FORMATS or f in TABLE_FORMATS],
        help="the one output to print or write (default: text, or the --output file's "
        "suffix: " + ", ".join(known_suffixes(table=True)) + "; csv with --table only)",
    )
    parser.add_argument(
        "--table",
        metavar="NAME",
        help="print or write this one table of the report alone (baseline, within, between, "
        "time_to_event, attrition, assignments, ...; an unknown name lists the report's), "
        "e.g. --table baseline --output table1.docx",
    )
    parser.add_argument(
        "--ild-criterion",
        action="append",
        choices=list(REGISTRY),
        metavar="NAME",
        help="ILD progression criterion: " + ", ".join(REGISTRY) + " (default: the design's, "
        "paper); give it more than once for a sensitivity table, the first one is the main",
    )
    parser.add_argument(
        "--ild-parameter",
        action="append",
        metavar="KEY=VALUE",
        help="a parameter of the main ILD criterion, e.g. threshold=5 ("
        + "; ".join(
            f"{n.name}: {', '.join(p.name for p in n.parameters)}"
            for n in REGISTRY.values()
            if n.parameters
        )
        + ")",
    )
    parser.add_argument(
        "--ild-reading",
        choices=[r.value for r in FvcDeclineReading],
        help="reading of 'more than 10%% decline of %%FVC' (default: the design's, relative); "
        "the same as --ild-parameter reading=...",
    )
    parser.add_argument(
        "--follow-up-days",
        type=int,
        metavar="DAYS",
        help="fixed follow-up time point in days after the index date (default: last visit)",
    )
    parser.add_argument(
        "--follow-up-window-days",
        type=int,
        metavar="DAYS",
        help=f"+/- window around the fixed time point (default: "
        f"{OutcomeRules().follow_up_window_days})",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="write the report to this file, in the format its suffix names ("
        + ", ".join(known_suffixes())
        + "; .csv with --table); or, for a folder (an existing directory, a path ending in /, "
        "or a path without a suffix), write every output there: report.html, .md, .txt, .tex "
        "with tables/*.tex, .docx, tables/*.csv, .xlsx, figures/ and notes.txt (the notices)",
    )
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument(
        "--quiet", "-q", action="store_true", help="print nothing but errors (and the report)"
    )
    talk.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="print each stage with its time on stderr (without it, the stages show on a "
        f"terminal once a run has lasted {PROGRESS_AFTER:g} s)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (0 ok, 2 bad data or arguments, 130 Ctrl-C).

    The cyclic garbage collector is paused for the run: one command builds
    a registry's records, results and report, which reference counting frees
    and in which a collection finds nothing, but each collection walks every
    object alive (about a twentieth of a registry's run).
    """
    with gc_paused():
        given = list(sys.argv[1:] if argv is None else argv)
        omop = bool(given) and given[0] == OMOP_COMMAND
        parser = _parser(omop)
        args = parser.parse_args(given[1:] if omop else given)
        with console(sys.stderr, _verbosity(args)):
            try:
                return _run(parser, args, omop)
            except KeyboardInterrupt:
                _log.error("interrupted: outputs are written whole or not at all")
                return EXIT_INTERRUPTED


def _verbosity(args: argparse.Namespace) -> Verbosity:
    return "quiet" if args.quiet else "verbose" if args.verbose else "normal"


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace, omop: bool) -> int:
    try:
        outcome_rules, ild_rule = _rules(args)
    except ValueError as error:
        parser.error(str(error))
    try:  # before the data are read, which may take minutes
        form = _planned_format(args.format, args.output, args.table)
    except _OutputError as error:
        _log.error("%s", error)
        return EXIT_BAD_DATA
    try:
        if omop:
            design, concepts = _omop_design(args.design)
        else:
            design, concepts = (None if args.design is None else load_design(args.design)), None
    except DesignFileError as error:
        _log.error("%s", error)
        return EXIT_BAD_DATA
    try:
        _progress.info(
            "reading %s", args.source if omop else args.data_dir or "the bundled example"
        )
        if omop:
            cohort = load_omop(
                args.source, design, concepts=concepts, schema=args.schema, on_error=args.on_error
            )
        else:
            declared = () if design is None else design.declared_measures
            covariates = () if design is None else design.covariates
            cohort = _load(args.data_dir, args.on_error, declared, covariates, args.encoding)
    # ImportError: an extra missing (Parquet, Excel, OMOP)
    except (CohortDataError, OmopError, OSError, ImportError) as error:
        _log.error("%s", error)
        return EXIT_BAD_DATA
    if args.ild_criterion and len(args.ild_criterion) > 1:
        base = design or HANAOKA_2019
        design = dataclasses.replace(base, ild_sensitivity=tuple(args.ild_criterion))
    try:
        report = analyze(cohort, design, outcome_rules=outcome_rules, ild_rule=ild_rule)
    except NothingToAnalyseError as error:
        _log.error("%s", error)
        return EXIT_BAD_DATA
    try:
        if args.table is not None:
            assert form is not None  # one table is never a folder (_planned_format)
            return _write_table(report, args.table, form, args.output, quiet=args.quiet)
        return _write(report, form, args.output, quiet=args.quiet)
    except _OutputError as error:
        _log.error("%s", error)
        return EXIT_BAD_DATA
    except (OSError, ImportError) as error:
        _log.error("cannot write the report: %s", error)
        return EXIT_BAD_DATA


class _OutputError(ValueError):
    """A combination of --format, --output and --table that cannot be written."""


def _planned_format(
    chosen: str | None, output: str | None, table: str | None
) -> Format[str] | Format[bytes] | None:
    """The format to write, or ``None`` for a folder of every output; checked before the run.

    An ``_OutputError`` says what cannot be written: a binary format on the
    terminal, one format or one table into a folder, a suffix no format has.
    """
    if output is not None and _is_directory(output):
        if Path(output).exists() and not Path(output).is_dir():
            raise _OutputError(
                f"--output {output} has no suffix, so it names a folder, but it is a file; give "
                f"a file name with one of the suffixes {_suffixes(table=table is not None)}"
            )
        if table is not None:
            raise _OutputError(
                f"--table {table} writes one file, and --output {output} is a folder; give a "
                f"file name with one of the suffixes {_suffixes(table=True)}"
            )
        if chosen is not None:
            raise _OutputError(
                f"--output {output} is a directory, which gets every format; give a file "
                f"name (report{named(chosen).suffix}) to write --format {chosen} alone"
            )
        return None
    form = _format(chosen, output, table=table is not None)
    if output is None and form.binary:
        raise _OutputError(
            f"--format {form.name} needs --output FILE{form.suffix} "
            f"(a {form.suffix} file is binary)"
        )
    return form


def _is_directory(output: str) -> bool:
    """A folder for every output: an existing directory, a path ending in /, or no suffix."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir() or not Path(output).suffix


def _suffixes(*, table: bool) -> str:
    return ", ".join(known_suffixes(table=table))


def _write_table(
    report: StudyReport,
    name: str,
    form: Format[str] | Format[bytes],
    output: str | None,
    *,
    quiet: bool,
) -> int:
    """Print or write the report's table ``name`` alone, in ``form``."""
    try:
        table = report.table(name)
    except ValueError as error:
        raise _OutputError(f"--table {name}: {error}") from None
    if output is not None:
        _progress.info("writing %s", output)
        write_whole_file(Path(output), form.table_document(table))
        if not quiet:
            print(f"Wrote the table {name!r} ({form.name}) to {output}.")
        return 0
    document = form.table_document(table)
    assert isinstance(document, str)  # a format that is not binary renders text
    sys.stdout.write(document)
    return 0


def _write(
    report: StudyReport,
    form: Format[str] | Format[bytes] | None,
    output: str | None,
    *,
    quiet: bool,
) -> int:
    """Print or write the report in ``form``, or every output into the folder ``output``.

    What was written is said on stdout, unless ``quiet``.
    """
    say = _silent if quiet else print
    if form is None:
        assert output is not None  # only a folder has no format (_planned_format)
        written = report.save(output)
        root = Path(output)
        shown = dict.fromkeys(
            p.name if p.parent == root else f"{p.parent.relative_to(root)}/" for p in written
        )
        say(f"Wrote {len(written)} files to {output}: {', '.join(shown)}")
        if not any(p.suffix == ".docx" for p in written):
            say(f"No report.docx: it needs python-docx ({WORD_EXTRA}).")
        if not any(p.suffix == ".xlsx" for p in written):
            say(f"No report.xlsx: it needs openpyxl ({EXCEL_EXTRA}).")
        if not any(p.parent.name == "figures" for p in written):
            say(f"No figures: they need matplotlib ({PLOT_EXTRA}).")
        return 0
    if output is not None:
        _progress.info("writing %s", output)
        _write_assignments_beside(report, form.write_document(report, Path(output)), say)
        return 0
    _progress.info("writing the %s report to stdout", form.name)
    document = form.document(report)
    assert isinstance(document, str)  # a format that is not binary renders text
    sys.stdout.write(document)
    return 0


def _format(
    chosen: str | None, output: str | None, *, table: bool = False
) -> Format[str] | Format[bytes]:
    """The format ``--format`` names, else that of the ``--output`` file's suffix, else text.

    ``table``: for one table (``--table``), which may be CSV. An ``--output``
    suffix no format has, or that of another format than ``--format``, is an
    error listing the known suffixes; so is CSV for the whole report.
    """
    suffix = Path(output).suffix if output else ""
    by_suffix = with_suffix(suffix, table=table) if suffix else None
    if suffix and by_suffix is None:
        if suffix.lower() in CSV.suffixes or chosen == CSV.name:
            raise _OutputError(_CSV_HOLDS_ONE_TABLE.format(output=output))
        raise _OutputError(
            f"--output {output}: unknown suffix {suffix!r}; give one of {_suffixes(table=table)}"
            " (or a folder, a path without a suffix or ending in /, for every output)"
        )
    if chosen is not None:
        form = named(chosen)
        if not table and form.render is None:
            raise _OutputError(_CSV_HOLDS_ONE_TABLE.format(output=output or "FILE.csv"))
        if by_suffix is not None and by_suffix is not form:
            raise _OutputError(
                f"--format {chosen} writes {form.suffix} files, but --output {output} names "
                f"{by_suffix.name} ({suffix}); give one of them, or both alike"
            )
        return form
    return by_suffix or TEXT


_CSV_HOLDS_ONE_TABLE = (
    "--output {output}: a CSV file holds one table; give --table NAME for one "
    "(e.g. --table baseline), or a folder (--output DIR/) for every table as tables/*.csv"
)


def _write_assignments_beside(
    report: StudyReport, output: Path, say: Callable[[str], None]
) -> None:
    """What is too long to list in the report file, beside it: assignments, excluded rows."""
    if report.lists_patients_elsewhere:
        path = write_assignments(report, output.parent)
        say(f"Wrote every patient's group and reason to {path}.")
    if report.lists_excluded_rows_elsewhere:
        path = write_excluded_rows(report, output.parent)
        say(f"Wrote every excluded input row and its reason to {path}.")


def _silent(_: str) -> None:
    """Say nothing (``--quiet``)."""


def _rules(args: argparse.Namespace) -> tuple[OutcomeRules | None, IldCriterion | None]:
    """The rules the options replace in the design (None: keep the design's).

    A ValueError names a bad option.
    """
    ild_rule = _ild_rule(args)
    if args.follow_up_days is None:
        if args.follow_up_window_days is not None:
            raise ValueError("--follow-up-window-days needs --follow-up-days")
        return None, ild_rule
    window = args.follow_up_window_days
    outcome_rules = OutcomeRules(
        follow_up="fixed",
        follow_up_days=args.follow_up_days,
        follow_up_window_days=OutcomeRules().follow_up_window_days if window is None else window,
    )
    return outcome_rules, ild_rule


def _ild_rule(args: argparse.Namespace) -> IldCriterion | None:
    """The main ILD criterion the options ask for, through the criteria's registry.

    Parameters (``--ild-parameter``, ``--ild-reading``) set the first
    ``--ild-criterion``, or the paper's rule when none is named.
    """
    settings: dict[str, str] = {}
    for item in args.ild_parameter or ():
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise ValueError(f"--ild-parameter expects KEY=VALUE, got {item!r}")
        settings[key.strip()] = value.strip()
    if args.ild_reading is not None:
        settings["reading"] = args.ild_reading
    if not args.ild_criterion and not settings:
        return None
    name = args.ild_criterion[0] if args.ild_criterion else "paper"
    return criterion(name, **settings)


def _omop_design(path: Path | None) -> tuple[StudyDesign | None, ConceptSets | None]:
    """The design and concept sets of a design file with an optional ``[omop]`` table."""
    if path is None:
        return None, None
    return load_omop_design(path)


def _load(
    data_dir: Path | None,
    on_error: OnError,
    measures: tuple[Measure, ...],
    covariates: tuple[Covariate, ...],
    encoding: str,
) -> Cohort:
    """The folder's cohort (or the example), with the design's measures and covariates."""
    if data_dir is None:
        if covariates:
            names = ", ".join(c.name for c in covariates)
            message = f"the bundled example has no covariate columns ({names}); give --data-dir"
            raise CohortDataError([RowProblem("patients.csv", None, None, None, message)])
        return load_example(on_error=on_error)
    return load_cohort(
        data_dir, on_error=on_error, measures=measures, covariates=covariates, encoding=encoding
    )


def _encoding(name: str) -> str:
    """``--encoding``, checked: "auto" or a text encoding Python knows."""
    try:
        return text_encoding(name)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
