"""Records held as columns, as a sequence that builds each record when asked for."""

from __future__ import annotations

from abc import abstractmethod
from typing import TypeVar

from myopathy_outcomes.models import Record
from myopathy_outcomes.storage.on_demand import OnDemand

_R = TypeVar("_R", bound=Record)


class ColumnRows(OnDemand[_R]):
    """A sequence of records kept as columns; subclasses build records in :meth:`take`."""

    __slots__ = ()
    noun = "records"

    @property
    @abstractmethod
    def patient_ids(self) -> tuple[str, ...]:
        """The patients the records belong to, in the cohort's order."""

    def __repr__(self) -> str:
        return f"<{len(self)} {self.noun} of {len(self.patient_ids)} patients, as columns>"
