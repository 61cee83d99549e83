"""Printed widths of text and the columns shared out of a page's text width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myopathy_outcomes.report.widths import fit_widths, longest_word_points, text_points

_needs = st.lists(
    st.tuples(st.floats(1, 500), st.floats(1, 500)).map(sorted), min_size=1, max_size=12
)


@given(_needs, st.floats(50, 1000))
def test_widths_add_up_to_the_total(needs: list[list[float]], total: float) -> None:
    """Whatever the columns need, their widths fill the text width exactly."""
    minimum, natural = zip(*needs, strict=True)
    widths = fit_widths(natural, minimum, total)
    assert sum(widths) == pytest.approx(total)
    assert all(w > 0 for w in widths)


@given(_needs, st.floats(50, 1000))
def test_minimums_hold_when_they_fit(needs: list[list[float]], total: float) -> None:
    """A column is never narrower than its minimum when the minimums fit, nor wider than
    needed when the natural widths do not."""
    minimum, natural = zip(*needs, strict=True)
    widths = fit_widths(natural, minimum, total)
    if sum(minimum) <= total:
        assert all(w >= m - 1e-9 for w, m in zip(widths, minimum, strict=True))
    if sum(natural) > total:
        assert all(w <= n + 1e-9 for w, n in zip(widths, natural, strict=True))


def test_wide_characters_count_a_full_em() -> None:
    """Japanese text is a full em a character; a combining mark nothing; bold is wider."""
    assert text_points("筋炎", 10) == 20
    assert text_points("e\u0301", 10) == text_points("e", 10)
    assert longest_word_points("MMF alone", 10, bold=True) > text_points("alone", 10)
