"""Exports to validated cohorts, with row-level errors that name file, row, patient and field.

- :mod:`.load`: the entry points, :func:`load_cohort` and
  :func:`cohort_from_frames`, and the cell, row and cross-table checks;
- :mod:`.csv_text`: reading a CSV file's text (encodings, separators, misfit rows);
- :mod:`.parquet`: reading a table from a Parquet file (the optional extra ``parquet``);
- :mod:`.columns`: matching column names to the schema's;
- :mod:`.repeats`: rows repeated exactly, and overlapping regimens;
- :mod:`.shorten`: messages that name a few rows or values, then "and N more".
"""

from myopathy_outcomes.io.load import MISSING_MARKERS, OnError, cohort_from_frames, load_cohort

__all__ = ["MISSING_MARKERS", "OnError", "cohort_from_frames", "load_cohort"]
