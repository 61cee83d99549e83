"""Records held as columns, as a sequence that builds each record when asked for."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import ClassVar, TypeVar, overload

from myopathy_outcomes.models import Record

_R = TypeVar("_R", bound=Record)

_CHUNK = 10_000
"""Records built at a time while iterating."""


class ColumnRows(Sequence[_R]):
    """A sequence of records kept as columns; subclasses build records in :meth:`take`."""

    __slots__ = ()
    noun: ClassVar[str] = "records"

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def take(self, positions: Sequence[int]) -> list[_R]:
        """The records at ``positions``, built together (faster than one by one)."""

    @property
    @abstractmethod
    def patient_ids(self) -> tuple[str, ...]:
        """The patients the records belong to, in the cohort's order."""

    @overload
    def __getitem__(self, index: int) -> _R: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[_R, ...]: ...

    def __getitem__(self, index: int | slice) -> _R | tuple[_R, ...]:
        if isinstance(index, slice):
            return tuple(self.take(range(len(self))[index]))
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} out of range for {len(self)} {self.noun}")
        return self.take([index % len(self)])[0]

    def __iter__(self) -> Iterator[_R]:
        for start in range(0, len(self), _CHUNK):
            yield from self.take(range(start, min(start + _CHUNK, len(self))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} {self.noun} of {len(self.patient_ids)} patients, as columns>"
