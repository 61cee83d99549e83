"""OMOP CDM 5.4 databases as a source: a study design run where the data are.

>>> import myopathy_outcomes as mo
>>> from myopathy_outcomes import omop
>>> import tempfile
>>> folder = omop.write_omop(mo.load_example(), tempfile.mkdtemp())
>>> cohort = omop.load_omop(folder)  # DuckDB reads the folder; the design is Hanaoka 2019
>>> report = mo.analyze(cohort)
>>> report.group_size("MMF + CNI"), report.group_size("MMF alone")
(7, 12)

The modules, in the order the data go through them:

- :mod:`.concepts`: the concept sets as data (drugs, diagnoses, ILD, measures
  and their units), and the ``[omop]`` table of a design file;
- :mod:`.connection`: opening a folder, a DuckDB file or a database URL
  through ibis, finding the tables, checking the CDM version;
- :mod:`.extract`: the analytic rows, computed in the database's engine;
- :mod:`.load`: :func:`load_omop`, the rows validated into a
  :class:`~myopathy_outcomes.storage.Cohort`;
- :mod:`.example`: a cohort written as an OMOP CDM (test data, benchmarks).

It needs the ``omop`` extra (``pip install "myopathy-outcomes[omop]"``):
ibis with its DuckDB, PostgreSQL and PySpark backends. ``docs/omop.md``
says which parts run in the database and which in Python, and cites every
concept.
"""

from myopathy_outcomes.omop.concepts import (
    DEFAULT_CONCEPTS,
    ConceptSet,
    ConceptSets,
    MeasureConcepts,
    concepts_from_table,
)
from myopathy_outcomes.omop.connection import OmopDatabase, connect
from myopathy_outcomes.omop.errors import OmopError
from myopathy_outcomes.omop.example import omop_tables, write_omop
from myopathy_outcomes.omop.load import load_omop, load_omop_design

__all__ = [
    "DEFAULT_CONCEPTS",
    "ConceptSet",
    "ConceptSets",
    "MeasureConcepts",
    "OmopDatabase",
    "OmopError",
    "concepts_from_table",
    "connect",
    "load_omop",
    "load_omop_design",
    "omop_tables",
    "write_omop",
]
