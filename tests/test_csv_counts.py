"""Counting fields without parsing equals the CSV parser's count on files without quotes."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

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
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "t.csv"
        file.write_bytes(text.encode("utf-8"))
        assert _plain_counts(file, ",").tolist() == expected


def test_a_quote_or_a_lone_carriage_return_goes_to_the_parser(tmp_path: Path) -> None:
    for text in ('h\n"a,b"\n', "h\ra\r"):
        file = tmp_path / "t.csv"
        file.write_text(text, encoding="utf-8", newline="")
        assert _plain_counts(file, ",") is None
