"""The bundled synthetic example cohort.

Nineteen invented patients built to agree with the abstract of Hanaoka et al.
(2019): 7 on MMF + CNI (5 cyclosporine, 2 tacrolimus) and 12 on MMF alone.
The files live in ``myopathy_outcomes/data/example`` and are made by
``scripts/make_example_cohort.py`` (seeded, so rerunning it gives the same
files). They are synthetic: they describe no real person.
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

from myopathy_outcomes.io import OnError, load_cohort
from myopathy_outcomes.storage import Cohort

EXAMPLE_SOURCE = "the bundled synthetic example"
"""How reports name the example's data (its folder is wherever the package is installed)."""


def example_path() -> Path:
    """Return the folder holding the example's three CSV files.

    Returns
    -------
    pathlib.Path
        ``myopathy_outcomes/data/example`` inside the installed package.

    Examples
    --------
    >>> sorted(p.name for p in example_path().glob("*.csv"))
    ['patients.csv', 'regimens.csv', 'visits.csv']
    """
    return Path(str(resources.files("myopathy_outcomes") / "data" / "example"))


def load_example(*, on_error: OnError = "raise") -> Cohort:
    """Load the bundled synthetic cohort, labelled synthetic.

    Parameters
    ----------
    on_error : {"raise", "exclude"}, default "raise"
        As in :func:`myopathy_outcomes.io.load_cohort` (the example has no bad rows).

    Returns
    -------
    Cohort
        19 patients with ``synthetic=True``; its ``source`` names the example,
        not the folder it was installed in (reports print it).

    Examples
    --------
    >>> cohort = load_example()
    >>> len(cohort.patients), cohort.synthetic, cohort.source
    (19, True, 'the bundled synthetic example')
    """
    cohort = load_cohort(example_path(), on_error=on_error, synthetic=True)
    return dataclasses.replace(cohort, source=EXAMPLE_SOURCE)
