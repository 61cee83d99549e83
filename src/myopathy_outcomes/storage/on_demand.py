"""A read-only sequence whose items are built from columns when asked for."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import ClassVar, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

__all__ = ["OnDemand", "items_at", "objects"]

_T = TypeVar("_T")

_CHUNK = 10_000
"""Items built at a time while iterating."""


class OnDemand(Sequence[_T]):
    """A sequence held as columns; subclasses build its items in :meth:`take`.

    A registry's records and results number in the hundreds of thousands,
    most of which nobody reads one by one: the analysis reads the columns.
    Equal to any sequence of equal items in the same order; not hashable.
    """

    __slots__ = ()
    noun: ClassVar[str] = "items"

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def take(self, positions: Sequence[int]) -> list[_T]:
        """The items at ``positions``, built together (faster than one by one)."""

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[_T, ...]: ...

    def __getitem__(self, index: int | slice) -> _T | tuple[_T, ...]:
        if isinstance(index, slice):
            return tuple(self.take(range(len(self))[index]))
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} out of range for {len(self)} {self.noun}")
        return self.take([index % len(self)])[0]

    def __iter__(self) -> Iterator[_T]:
        for start in range(0, len(self), _CHUNK):
            yield from self.take(range(start, min(start + _CHUNK, len(self))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} {self.noun}, as columns>"


def items_at(items: Sequence[_T], positions: Sequence[int]) -> list[_T]:
    """The items at ``positions``: built together when ``items`` is :class:`OnDemand`."""
    if isinstance(items, OnDemand):
        return items.take(positions)
    return [items[p] for p in positions]


def objects(values: Sequence[object]) -> NDArray[np.object_]:
    """A column of ``values`` as they are (``np.array`` would unpack sequences into rows)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
