"""The paired values of a within-group test, held as columns."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myopathy_outcomes.report import PairedValue, PairedValues

_values = st.floats(-1e6, 1e6, allow_nan=False)
_pairs = st.dictionaries(st.text(min_size=1, max_size=4), st.tuples(_values, _values, _values))


@settings(max_examples=60, deadline=None)
@given(pairs=_pairs)
def test_equal_to_the_sorted_tuple_of_models(pairs: dict[str, tuple[float, float, float]]) -> None:
    ids = list(pairs)
    columns = [[pairs[i][k] for i in ids] for k in range(3)]
    held = PairedValues(ids, *columns)
    models = tuple(
        sorted((PairedValue(i, *pairs[i]) for i in ids), key=lambda pair: pair.patient_id)
    )
    assert held == models
    assert tuple(held) == models
    assert held[:] == models
    assert len(held) == len(models)
    if models:
        assert held[-1] == models[-1]
        assert held[0] == models[0]
    assert held == PairedValues(ids[::-1], *(c[::-1] for c in columns))
    assert pickle.loads(pickle.dumps(held)) == held


def test_columns_are_read_only_and_sorted() -> None:
    held = PairedValues(["b", "a"], [2.0, 1.0], [3.0, 1.5], [1.0, 0.5])
    assert held.patient_ids == ("a", "b")
    assert held.change.tolist() == [0.5, 1.0]
    with pytest.raises(ValueError, match="read-only"):
        held.baseline[0] = 9.0


def test_unequal_and_out_of_range() -> None:
    held = PairedValues(["a"], [1.0], [2.0], [1.0])
    assert held != PairedValues(["a"], [1.0], [2.0], [1.5])
    assert held != PairedValues(["b"], [1.0], [2.0], [1.0])
    assert held != (PairedValue("a", 1.0, 2.0, 1.5),)
    assert held != "a"
    with pytest.raises(IndexError, match="out of range for 1 pairs"):
        held[1]
    with pytest.raises(ValueError, match="2 patients but 1 values"):
        PairedValues(["a", "b"], [1.0], [2.0, 3.0], [1.0, 1.0])
    assert np.array_equal(held.follow_up, [2.0])
