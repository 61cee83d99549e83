"""Helpers for the renderer tests: a hostile cohort, and checks of parsed-back tables.

Each renderer's test parses its output back into rows of cell strings and
hands them to :func:`check_numbers`, which compares every number in them
with the numeric report (the ``*_frame()`` methods), not with the display
strings.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from html.parser import HTMLParser

import pandas as pd

import myopathy_outcomes as mo
from myopathy_outcomes.example import example_path
from myopathy_outcomes.report.table import split_indent
from myopathy_outcomes.schema import MEASURES

SCRIPT_ID = "<script>alert(1)</script>"
FORMULA_ID = '=HYPERLINK("x")'
HOSTILE_GROUP = "MMF & <b>CNI</b> {50%} $x_1^2$ #1 ~a \\b"


def hostile_report(second_group: str | None = None) -> mo.StudyReport:
    """The example with patient ids and a group label made of markup, formulas and TeX.

    SYN-01 becomes ``<script>alert(1)</script>``, SYN-08 becomes
    ``=HYPERLINK("x")``, and the "MMF + CNI" group is renamed to a label full
    of characters special to HTML and LaTeX; the second group is renamed
    ``second_group`` when given.
    """
    frames = {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    for frame in frames.values():
        frame["patient_id"] = frame["patient_id"].replace(
            {"SYN-01": SCRIPT_ID, "SYN-08": FORMULA_ID}
        )
    cohort = mo.cohort_from_frames(**frames, source="hostile <frames> & co")
    design = mo.studies.HANAOKA_2019
    arms = (dataclasses.replace(design.arms[0], label=HOSTILE_GROUP), *design.arms[1:])
    if second_group is not None:
        arms = (arms[0], dataclasses.replace(arms[1], label=second_group), *arms[2:])
    return mo.analyze(cohort, dataclasses.replace(design, arms=arms))


#: Markup, a comment opener, a link, emphasis, code, math and TeX in one value.
EVERYWHERE = "<img src=x onerror=alert(1)> ]]><!-- [a](javascript:alert(2)) *b* `c` $5 {x}"


def everywhere_report(value: str = EVERYWHERE) -> mo.StudyReport:
    """The example with ``value`` in every place data reach a report, rows excluded.

    The design's title, reference and both group labels (one starting "1. ");
    a patient id (``<value>``'s first 30 characters, still a valid id) and a
    second id too long to be one (its rows are excluded, id shown); an
    unknown visits column (a notice); a bad CK cell (an excluded row whose
    reason quotes it); and the data source.
    """
    frames = {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    short, long = value[:30].strip(), f"{value} id"
    for frame in frames.values():
        frame["patient_id"] = frame["patient_id"].replace({"SYN-02": short, "SYN-08": long})
    visits = frames["visits"]
    visits[f"{value} column"] = "1"
    visits.loc[visits["patient_id"] == "SYN-03", "ck"] = f"{value} cell"
    cohort = mo.cohort_from_frames(**frames, source=f"{value} folder", on_error="exclude")
    design = mo.studies.HANAOKA_2019
    arms = (
        dataclasses.replace(design.arms[0], label=f"{value} A"),
        dataclasses.replace(design.arms[1], label=f"1. {value} B"),
    )
    hostile = dataclasses.replace(
        design, arms=arms, title=f"{value} title", reference=f"{value} reference"
    )
    return mo.analyze(cohort, hostile)


# -- numbers ---------------------------------------------------------------

_QUARTILES = re.compile(
    r"^(?P<median>-?[\d.]+) \[(?P<q1>-?[\d.]+), (?P<q3>-?[\d.]+)\](?: \(n = (?P<n>\d+)\))?$"
)
_COUNT = re.compile(r"^(?P<count>\d+)(?:/(?P<total>\d+))? \((?P<percent>[\d.]+)%\)$")
_ESTIMATE = re.compile(r"^(?P<estimate>-?[\d.]+) \((?P<low>-?[\d.]+) to (?P<high>-?[\d.]+)")


def _close(shown: str, value: float) -> bool:
    """``shown`` is ``value`` rounded to the decimals ``shown`` has."""
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - value) <= 0.5 * 10**-decimals + 1e-9


def _check_pvalue(shown: str, pvalue: float) -> None:
    if shown == "<0.001":
        assert pvalue < 0.001
    else:
        assert _close(shown, pvalue), (shown, pvalue)


def _check_cell(shown: str, number: pd.Series) -> None:
    """One summary cell (median [IQR] or n (%)) against its row of the numeric frame."""
    if match := _QUARTILES.match(shown):
        for key in ("median", "q1", "q3"):
            assert _close(match[key], number[key]), (shown, key, number[key])
        if match["n"] is not None:
            assert int(match["n"]) == number["n"] < number["total"]
        else:
            assert number["n"] == number["total"]
    elif match := _COUNT.match(shown):
        assert int(match["count"]) == number["count"], shown
        if match["total"] is not None:
            assert int(match["total"]) == number["total"], shown
        assert _close(match["percent"], number["percent"]), shown
    else:
        raise AssertionError(f"not a summary cell: {shown!r}")


def _check_summary(
    rows: Sequence[Sequence[str]], frame: pd.DataFrame, groups: Sequence[str]
) -> int:
    """Every cell and p-value of Table 1 or of the between-group table; returns cells checked."""
    checked = 0
    heading = ""
    for row in rows:
        level, label = split_indent(row[0])
        if level == 0:
            heading = label
        if row[-2]:
            p = frame.loc[frame["characteristic"] == heading, "pvalue"].iloc[0]
            _check_pvalue(row[-2], p)
            checked += 1
        for group, shown in zip(groups, row[1:-2], strict=True):
            if not shown:
                continue
            selected = frame[
                (frame["characteristic"] == heading)
                & (frame["group"] == group)
                & (frame["level"].isna() if level == 0 else frame["level"] == label)
            ]
            assert len(selected) == 1, (heading, label, group)
            _check_cell(shown, selected.iloc[0])
            checked += 1
    return checked


def _check_within(rows: Sequence[Sequence[str]], frame: pd.DataFrame) -> int:
    by_label = {MEASURES[m].heading: m for m in frame["measure"]}
    checked = 0
    for group, measure, pairs, baseline, follow_up, change, estimate, p, _ in rows:
        number = frame[(frame["group"] == group) & (frame["measure"] == by_label[measure])]
        assert len(number) == 1
        number = number.iloc[0]
        assert pairs == f"{number['pairs']}/{number['n_patients']}"
        for prefix, shown in (
            ("baseline", baseline),
            ("follow_up", follow_up),
            ("change", change),
        ):
            match = _QUARTILES.match(shown)
            assert match, shown
            for key in ("median", "q1", "q3"):
                assert _close(match[key], number[f"{prefix}_{key}"]), (shown, prefix, key)
        match = _ESTIMATE.match(estimate)
        assert match, estimate
        assert _close(match["estimate"], number["estimate"])
        assert _close(match["low"], number["ci_low"])
        assert _close(match["high"], number["ci_high"])
        _check_pvalue(p, number["pvalue"])
        checked += 1
    return checked


def _check_attrition(rows: Sequence[Sequence[str]], frame: pd.DataFrame) -> int:
    assert [(split_indent(step)[1], int(n)) for step, n in rows] == list(
        zip(frame["step"], frame["patients"], strict=True)
    )
    assert [split_indent(step)[0] for step, _ in rows] == list(frame["level"])
    return len(rows)


def _check_assignments(rows: Sequence[Sequence[str]], frame: pd.DataFrame) -> int:
    for row, (_, number) in zip(rows, frame.iterrows(), strict=True):
        patient, group, index_date, *used, reason = row
        if used:  # the regimens rows used, "4 (MMF), 3 (cyclosporine)"
            shown = [int(n) for n in re.findall(r"(\d+) \(", used[0])]
            expected_rows = [number[k] for k in ("index_row", "add_on_row")]
            assert shown == [int(n) for n in expected_rows if not pd.isna(n)]
        assert patient == number["patient_id"]
        assert group == (number["group"] if isinstance(number["group"], str) else "not eligible")
        expected = (
            "-" if pd.isna(number["index_date"]) else number["index_date"].date().isoformat()
        )
        assert index_date == expected
        assert reason == number["reason"]
    return len(rows)


def _check_reasons(rows: Sequence[Sequence[str]], frame: pd.DataFrame) -> int:
    expected = [
        ["not eligible" if pd.isna(g) else g, r, str(n)]
        for g, r, n in zip(frame["group"], frame["reason"], frame["patients"], strict=True)
    ]
    assert [list(row) for row in rows] == expected
    return len(rows)


def big_report(patients: int) -> mo.StudyReport:
    """The example copied 17 times (323 patients; the first copy without MMF), cut to ``patients``.

    Ids get a suffix (``SYN-01-00``); the copy ``-00`` has no MMF, so its 19
    patients are not eligible.
    """
    frames = {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    copies = {
        name: pd.concat(
            [frame.assign(patient_id=frame["patient_id"] + f"-{k:02d}") for k in range(17)],
            ignore_index=True,
        )
        for name, frame in frames.items()
    }
    regimens = copies["regimens"]
    no_mmf = regimens["patient_id"].str.endswith("-00") & regimens["drug"].str.contains(
        "MMF|CellCept|mycophenol", case=False
    )
    copies["regimens"] = regimens[~no_mmf]
    kept = set(copies["patients"]["patient_id"].iloc[:patients])
    cut = {name: frame[frame["patient_id"].isin(kept)] for name, frame in copies.items()}
    return mo.analyze(mo.cohort_from_frames(**cut, synthetic=True))


def check_numbers(parsed: dict[str, list[list[str]]], report: mo.StudyReport) -> None:
    """Every number of each parsed table (body rows, by table name) equals the report's."""
    groups = report.design.group_labels
    expected = {t.name for t in report.tables()}
    assert set(parsed) == expected
    counts = {
        "attrition": _check_attrition(parsed["attrition"], report.attrition_frame()),
        "baseline": _check_summary(parsed["baseline"], report.baseline_frame(), groups),
        "within": _check_within(parsed["within"], report.within_frame()),
        "between": _check_summary(parsed["between"], report.between_frame(), groups),
    }
    if "assignments" in parsed:
        counts["assignments"] = _check_assignments(
            parsed["assignments"], report.assignment_frame()
        )
    if "assignment_reasons" in parsed:
        counts["assignment_reasons"] = _check_reasons(
            parsed["assignment_reasons"], report.reason_frame()
        )
    assert all(counts.values()), counts


def display_rows(report: mo.StudyReport) -> dict[str, list[list[str]]]:
    """The display tables' body rows, by name, as lists (what a parser gives back)."""
    return {t.name: [list(r) for r in t.rows] for t in report.tables()}


# -- HTML --------------------------------------------------------------------

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
_REFERENCE = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


class StrictHtml(HTMLParser):
    """Check that every element is closed in order, ids are unique and nothing is fetched.

    Records ``problems``; :meth:`check` raises on the first. Inside ``<svg>``
    (foreign content) self-closing tags are allowed, as HTML allows them there.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.problems: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                self.problems.append(f"<{tag}> attribute {name} has no value")
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"duplicate id {value!r}")
                self.ids.add(str(value))
            if name in {"src", "href", "xlink:href"} and value and not value.startswith("#"):
                self.problems.append(f"<{tag} {name}={value!r}> refers outside the file")
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}")
        if tag in {"script", "iframe", "object", "embed", "link", "img"}:
            self.problems.append(f"<{tag}> is not allowed")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag not in VOID and "svg" not in self.stack and tag != "svg":
            self.problems.append(f"<{tag}/> self-closed outside SVG")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"</{tag}> closes a void element")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "url(" in data or "@import" in data:
            self.problems.append(f"fetches something: {data[:60]!r}")

    def check(self, text: str, *, document: bool = True) -> None:
        """Parse ``text``; raise AssertionError naming every problem."""
        bad = _REFERENCE.search(text)
        if bad:
            self.problems.append(f"bare & at {text[bad.start() - 30 : bad.start() + 30]!r}")
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {self.stack}")
        if document and not self.doctype:
            self.problems.append("no <!DOCTYPE html>")
        assert not self.problems, self.problems


class HtmlTables(HTMLParser):
    """Collect every ``<table>``: id of the enclosing section, header cells and body rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict[str, list[list[str]]]] = {}
        self._section = ""
        self._part: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._current: dict[str, list[list[str]]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and (attributes.get("id") or "").startswith("table-"):
            self._section = str(attributes["id"]).removeprefix("table-")
        elif tag == "table":
            self._current = {"head": [], "body": [], "caption": [], "notes": []}
            self.tables[self._section] = self._current
        elif tag in {"thead", "tbody"}:
            self._part = "head" if tag == "thead" else "body"
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th", "caption"}:
            indent = re.search(r"indent-(\d)", attributes.get("class") or "")
            self._cell = ["  " * int(indent[1])] if indent else []
        elif tag == "p" and attributes.get("class") is None and self._section:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._part:
            self._current[self._part].append(self._row)
            self._row = None
        elif tag == "caption" and self._cell is not None:
            self._current["caption"].append(["".join(self._cell)])
            self._cell = None
        elif tag == "p" and self._cell is not None:
            self._current["notes"].append(["".join(self._cell)])
            self._cell = None
        elif tag == "section":
            self._section = ""
        elif tag in {"thead", "tbody"}:
            self._part = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(text: str) -> dict[str, dict[str, list[list[str]]]]:
    """The tables of an HTML report by name: ``head``, ``body``, ``caption``, ``notes``."""
    parser = HtmlTables()
    parser.feed(text)
    parser.close()
    return parser.tables


def is_nan(value: object) -> bool:
    """Whether ``value`` is a float NaN (or pandas' missing value)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
