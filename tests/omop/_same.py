"""Deep equality of analysis results: every number of two reports, arrays and NaN included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

import myopathy_outcomes as mo

SOURCE_FIELDS = frozenset({"source", "regimen_file"})
"""The report fields that name where the data came from, not what they say."""


def differences(a: Any, b: Any, where: str = "report") -> list[str]:
    """Every place where ``a`` and ``b`` differ (empty when they are equal)."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            return [f"{where}: {type(a).__name__} vs {type(b).__name__}"]
        found: list[str] = []
        for field in dataclasses.fields(a):
            found += differences(
                getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}"
            )
        return found
    if isinstance(a, pd.DataFrame | pd.Series):
        try:
            (
                pd.testing.assert_frame_equal
                if isinstance(a, pd.DataFrame)
                else pd.testing.assert_series_equal
            )(a, b)
        except AssertionError as error:
            return [f"{where}: {str(error).splitlines()[0]}"]
        return []
    if isinstance(a, np.ndarray):
        b = np.asarray(b)
        if a.shape != b.shape or not np.array_equal(a, b, equal_nan=a.dtype.kind == "f"):
            return [f"{where}: {a!r} vs {b!r}"]
        return []
    if isinstance(a, Mapping):
        if not isinstance(b, Mapping) or list(a) != list(b):
            return [f"{where}: keys {list(a)} vs {list(b) if isinstance(b, Mapping) else b!r}"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, list | tuple):
        if not isinstance(b, list | tuple) or len(a) != len(b):
            return [f"{where}: {a!r} vs {b!r}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{where}[{i}]")
        ]
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return []
    if isinstance(a, dt.date | str | int | float | bool | type(None)) or a == b:
        return [] if type(a) is type(b) and a == b else [f"{where}: {a!r} vs {b!r}"]
    return [] if a == b else [f"{where}: {a!r} vs {b!r}"]


def report_differences(expected: mo.StudyReport, got: mo.StudyReport) -> list[str]:
    """Where two reports' numbers, tables and methods differ (the source's name aside)."""
    found = [
        d
        for field in dataclasses.fields(expected)
        if field.name not in SOURCE_FIELDS
        for d in differences(getattr(expected, field.name), getattr(got, field.name), field.name)
    ]
    for i, (x, y) in enumerate(zip(expected.tables(), got.tables(), strict=True)):
        y_columns = tuple(
            f"{expected.regimen_file} rows" if c == f"{got.regimen_file} rows" else c
            for c in y.columns
        )
        if (x.title, x.columns, x.rows, x.notes) != (y.title, y_columns, y.rows, y.notes):
            found.append(f"table {i} ({x.title}): {x!r} vs {y!r}")
    if expected.methods() != got.methods():
        found.append("methods")
    return found
