"""The ``myopathy-outcomes`` command: load a data folder (or the example) and print the report."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from myopathy_outcomes import __version__
from myopathy_outcomes.analysis import NothingToAnalyseError, analyze
from myopathy_outcomes.design_file import DesignFileError, load_design
from myopathy_outcomes.errors import CohortDataError
from myopathy_outcomes.example import load_example
from myopathy_outcomes.io import OnError, load_cohort
from myopathy_outcomes.models import Cohort
from myopathy_outcomes.outcomes import OutcomeRules
from myopathy_outcomes.rules.ild import (
    CRITERIA,
    FvcDeclineReading,
    IldCriterion,
    IldProgressionRule,
    criterion,
)
from myopathy_outcomes.studies import HANAOKA_2019

EXIT_BAD_DATA = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="myopathy-outcomes",
        description=(
            "Analyse a treatment study in inflammatory myopathy: by default MMF with or "
            "without a calcineurin inhibitor (Hanaoka et al., Clin Rheumatol 2019), or the "
            "design given with --design. DATA_DIR holds patients.csv, "
            "visits.csv and regimens.csv; without it the bundled synthetic example is used."
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
        "--design",
        type=Path,
        metavar="STUDY.toml",
        help="the study design as a TOML file (docs/design.md); default: Hanaoka et al. 2019",
    )
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument(
        "--ild-criterion",
        action="append",
        choices=list(CRITERIA),
        metavar="NAME",
        help="ILD progression criterion: " + ", ".join(CRITERIA) + " (default: the design's, "
        "paper); give it more than once for a sensitivity table, the first one is the main",
    )
    parser.add_argument(
        "--ild-reading",
        choices=[r.value for r in FvcDeclineReading],
        help="reading of 'more than 10%% decline of %%FVC' (default: the design's, relative)",
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
    parser.add_argument("--output", "-o", type=Path, help="write the report to this file")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status (0 ok, 2 bad data or arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        outcome_rules, ild_rule = _rules(args)
    except ValueError as error:
        parser.error(str(error))
    try:
        design = None if args.design is None else load_design(args.design)
    except DesignFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    try:
        cohort = _load(args.data_dir, args.on_error)
    except (CohortDataError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    if args.ild_criterion and len(args.ild_criterion) > 1:
        base = design or HANAOKA_2019
        design = dataclasses.replace(base, ild_sensitivity=tuple(args.ild_criterion))
    try:
        report = analyze(cohort, design, outcome_rules=outcome_rules, ild_rule=ild_rule)
    except NothingToAnalyseError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    text = report.to_markdown() if args.format == "markdown" else report.to_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write the report: {error}", file=sys.stderr)
        return EXIT_BAD_DATA
    return 0


def _rules(args: argparse.Namespace) -> tuple[OutcomeRules | None, IldCriterion | None]:
    """The rules the options replace in the design (None: keep the design's).

    A ValueError names a bad option.
    """
    ild_rule: IldCriterion | None = None
    if args.ild_reading is not None:
        if args.ild_criterion:
            raise ValueError("--ild-reading and --ild-criterion cannot be combined")
        ild_rule = IldProgressionRule(reading=FvcDeclineReading(args.ild_reading))
    elif args.ild_criterion:
        ild_rule = criterion(args.ild_criterion[0])
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


def _load(data_dir: Path | None, on_error: OnError) -> Cohort:
    if data_dir is None:
        return load_example(on_error=on_error)
    return load_cohort(data_dir, on_error=on_error)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
