"""Row-level data problems and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowProblem:
    """One problem with one input row, located as a person would look for it.

    Attributes
    ----------
    file : str
        The file (or table) name, e.g. ``"visits.csv"``.
    row : int or None
        The line number in the file as a person counts it (the header is
        line 1, so the first data row is line 2). ``None`` for a problem that
        concerns the whole table, such as a missing column.
    patient_id : str or None
        The patient the row belongs to, when it can be read.
    field : str or None
        The column at fault.
    message : str
        What is wrong, e.g. ``"ck must be >= 0 and <= 1000000, got -3"``.

    Examples
    --------
    >>> str(RowProblem("visits.csv", 14, "P07", "ck", "ck must be >= 0 and <= 1000000, got -3"))
    'visits.csv row 14 (patient P07): ck must be >= 0 and <= 1000000, got -3'
    """

    file: str
    row: int | None
    patient_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{locate(self.file, self.row, self.patient_id)}: {self.message}"


def locate(file: str, row: int | None, patient_id: str | None) -> str:
    r"""Say where a row is, as a person would look for it.

    Examples
    --------
    >>> locate("visits.csv", 14, "P07"), locate("visits.csv", None, None)
    ('visits.csv row 14 (patient P07)', 'visits.csv')
    >>> locate("patients.csv", 3, "C\n1")  # a line break is shown, not printed
    "patients.csv row 3 (patient 'C\\n1')"
    """
    where = file if row is None else f"{file} row {row}"
    if not patient_id:
        return where
    shown = patient_id if patient_id.isprintable() else repr(patient_id)
    return f"{where} (patient {shown})"


class CohortDataError(ValueError):
    """Raised when input data break one or more rules; holds every problem found."""

    def __init__(self, problems: list[RowProblem] | tuple[RowProblem, ...]) -> None:
        self.problems: tuple[RowProblem, ...] = tuple(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the input data:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
