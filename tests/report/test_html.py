"""The HTML report: valid, self-contained, every number the report's, every string escaped."""

from __future__ import annotations

import html

import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.report.display import PLOT_EXTRA
from myopathy_outcomes.report.html import report_html, table_html
from myopathy_outcomes.report.table import Table
from tests.report._rendered import (
    FORMULA_ID,
    HOSTILE_GROUP,
    SCRIPT_ID,
    StrictHtml,
    check_numbers,
    display_rows,
    hostile_report,
    html_tables,
)


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


@pytest.fixture(scope="module")
def page(report: mo.StudyReport) -> str:
    return report_html(report)


@pytest.fixture(scope="module")
def hostile() -> mo.StudyReport:
    return hostile_report()


def test_report_is_strictly_valid(page: str) -> None:
    """Every element is closed in order, ids are unique, and nothing is fetched."""
    StrictHtml().check(page)


def test_strict_checker_finds_an_unclosed_element() -> None:
    """The checker itself fails on a misnested table (so that the test above can fail)."""
    with pytest.raises(AssertionError, match="closes"):
        StrictHtml().check("<!DOCTYPE html><html><table><tr><td>1</tr></table></html>")


def test_report_is_self_contained(page: str) -> None:
    """No script, no stylesheet or image from elsewhere, no web font."""
    lowered = page.lower()
    for fetched in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert fetched not in lowered, fetched


def test_every_table_has_head_body_and_notes(report: mo.StudyReport, page: str) -> None:
    """Each table has a real <thead> and <tbody> of the display's cells, notes under it."""
    parsed = html_tables(page)
    for table in report.tables():
        found = parsed[table.name]
        assert found["caption"] == [[table.title]]
        assert found["head"] == [list(table.columns)]
        assert len(found["body"]) == len(table.rows)
        assert found["notes"] == [[note] for note in table.notes]


def test_every_number_equals_the_report(report: mo.StudyReport, page: str) -> None:
    """Every number in the HTML tables is the numeric report's, rounded as displayed."""
    parsed = {name: t["body"] for name, t in html_tables(page).items()}
    check_numbers(parsed, report)
    assert parsed == display_rows(report)


def test_synthetic_data_are_labelled(page: str) -> None:
    """Synthetic data are labelled at the top and on every printed page."""
    assert '<p class="synthetic" role="note">SYNTHETIC:' in page
    assert "(SYNTHETIC DATA)</h1>" in page
    assert '@top-center { content: "SYNTHETIC DATA' in page


def test_real_data_are_not_labelled_synthetic(hostile: mo.StudyReport) -> None:
    """A cohort from DataFrames (not synthetic) has no synthetic banner."""
    assert "SYNTHETIC" not in report_html(hostile)


def test_print_rules(page: str) -> None:
    """Page margins, header rows that repeat, rows and headings that stay together."""
    assert "@page {" in page
    assert "thead { display: table-header-group; }" in page
    assert "break-after: avoid" in page


def test_without_figures_says_how_to_get_them(page: str) -> None:
    """Without figures the report says which extra installs them."""
    assert html.escape(PLOT_EXTRA) in page


def test_markup_in_data_is_escaped(hostile: mo.StudyReport) -> None:
    """A patient id or group label made of markup is shown as text, never run."""
    text = report_html(hostile)
    StrictHtml().check(text)
    assert SCRIPT_ID not in text
    assert "<b>CNI</b>" not in text
    assert html.escape(SCRIPT_ID) in text
    parsed = {name: t["body"] for name, t in html_tables(text).items()}
    patients = [row[0] for row in parsed["assignments"]]
    assert SCRIPT_ID in patients
    assert FORMULA_ID in patients
    assert parsed["within"][0][0] == HOSTILE_GROUP
    check_numbers(parsed, hostile)


def test_indented_levels_become_padding() -> None:
    """A level of a characteristic is indented by style, not by spaces."""
    text = table_html(Table("T", ("a", "b"), (("x", "1"), ("  y", "2"))))
    assert '<th scope="row" class="indent-1 nowrap">y</th>' in text


def test_table_repr_html_is_a_valid_fragment(report: mo.StudyReport) -> None:
    """A table displays in a notebook as one valid HTML fragment."""
    fragment = report.baseline_table()._repr_html_()
    StrictHtml().check(fragment, document=False)
    assert "<thead>" in fragment


def test_report_repr_html_is_a_valid_fragment(report: mo.StudyReport) -> None:
    """The report displays in a notebook as a valid fragment with every table."""
    fragment = report._repr_html_()
    StrictHtml().check(fragment, document=False)
    assert set(html_tables(fragment)) == {t.name for t in report.tables()}
