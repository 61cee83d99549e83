"""Exports to validated cohorts, with row-level errors that name file, row, patient and field.

The stages, in the order a table goes through them:

- :mod:`.load`: the entry points, :func:`load_cohort` and
  :func:`cohort_from_frames`, which run the stages and decide, by
  ``on_error``, whether to raise the problems found or exclude their rows;
- :mod:`.specs`: the three tables, their models and optional columns;
- :mod:`.marker`: the marker file that labels a folder as synthetic data;
- :mod:`.folder`: finding and reading each table's file in a cohort folder;
- :mod:`.csv_text`: reading a CSV file's text (encodings, separators, misfit rows);
- :mod:`.parquet`: reading a table from a Parquet file (the optional extra ``parquet``);
- :mod:`.excel`: reading tables from Excel workbooks (the optional extra ``excel``);
- :mod:`.columns`: matching column names to the schema's;
- :mod:`.shaping`: a table's columns matched, cells cleaned, blank and misfit rows sorted out;
- :mod:`.cleaning`: cleaning one column's cells (missing markers, dates, drug names, ids);
- :mod:`.validation`: validating a table by its model, each row's problems kept apart;
- :mod:`.cells`: validating each distinct cell of a column once, by its field's rule;
- :mod:`.cell_errors`: wording a pydantic error as a row's problem;
- :mod:`.cross_table`: the rules across tables (unique and known ids, life span, same day);
- :mod:`.exclusion`: what excluding a row takes along (``on_error="exclude"``);
- :mod:`.kept`: the kept rows as the cohort's columns;
- :mod:`.notices`: the notices about kept rows (exact repeats, overlapping regimens);
- :mod:`.repeats`: rows repeated exactly, and overlapping regimens;
- :mod:`.shorten`: messages that name a few rows or values, then "and N more".
"""

from myopathy_outcomes.io.cleaning import MISSING_MARKERS
from myopathy_outcomes.io.load import OnError, cohort_from_frames, load_cohort

__all__ = ["MISSING_MARKERS", "OnError", "cohort_from_frames", "load_cohort"]
