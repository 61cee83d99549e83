"""A cohort in a notebook or a terminal: a short summary, never its rows."""

from __future__ import annotations

import re

import myopathy_outcomes as mo
from myopathy_outcomes.storage import Cohort


def test_repr_is_one_short_line_of_counts_dates_and_measures() -> None:
    """The example's repr counts patients, visits and regimens and names its dates and measures."""
    shown = repr(mo.load_example())
    assert "\n" not in shown and len(shown) < 400
    assert shown.startswith("<Cohort: 19 patients, 165 visits, 61 regimens, 2007-03-18 to ")
    assert "measures ck, fvc_pct, dlco_pct" in shown
    assert "Patient(" not in shown and "array(" not in shown


def test_html_is_a_table_of_the_same_summary() -> None:
    """The notebook display is a table holding the counts, dates and measures."""
    page = mo.load_example()._repr_html_()
    assert page.startswith("<table>") and page.endswith("</table>")
    for cell in ("<td style='text-align:left'>19</td>", "2007-03-18 to", "hrct_score"):
        assert cell in page


def test_html_escapes_the_source_and_cuts_a_long_one() -> None:
    """A source with markup is escaped; a long one is cut to its end."""
    source = "<img src=x onerror=alert(1)>/" + "d" * 500 + "/<b>data"
    cohort = Cohort(patients=mo.load_example().patients[:2], source=source)
    page = cohort._repr_html_()
    assert "<img" not in page and "<b>" not in page and "&lt;b&gt;data" in page
    assert len(repr(cohort)) < 300
    assert re.search(r"'\.\.\.d+/<b>data'>$", repr(cohort))


def test_an_empty_cohort_has_no_dates_and_no_measures() -> None:
    """With no visits or regimens there is no date range and no measure, and no error."""
    shown = repr(Cohort(patients=()))
    assert shown == (
        "<Cohort: 0 patients, 0 visits, 0 regimens; measures none; 0 rows excluded; "
        "source 'in-memory'>"
    )
