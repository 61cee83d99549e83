"""Counting fields without parsing equals the CSV parser's count on files without quotes."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.io.csv_text import _plain_counts

LINES = st.lists(
    st.lists(st.sampled_from(["", "a", "1.5", " x ", "é", ";"]), max_size=5).map(",".join),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(lines=LINES, ending=st.sampled_from(["\n", "\r\n"]), last=st.booleans())
def test_plain_counts_equal_the_csv_parser(lines: list[str], ending: str, last: bool) -> None:
    text = ending.join(["h1,h2", *lines]) + (ending if last else "")
    expected = [len(record) for record in csv.reader(io.StringIO(text, newline=""))][1:]
    counts = _plain_counts(text.encode("utf-8"), ",")
    assert counts is not None
    assert counts.tolist() == expected


def test_a_quote_or_a_lone_carriage_return_goes_to_the_parser() -> None:
    for text in ('h\n"a,b"\n', "h\ra\r"):
        assert _plain_counts(text.encode("utf-8"), ",") is None
