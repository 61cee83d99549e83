"""A Kaplan-Meier or cumulative-incidence result as a frame, a notebook table and a plot."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from myopathy_outcomes.stats import cumulative_incidence, kaplan_meier

TIME = [1, 2, 2, 3, 5, 8, 13, 21]
EVENT = [1, 1, 0, 1, 0, 1, 0, 0]


def test_frame_is_the_curve_one_row_per_time() -> None:
    """to_frame() holds the fields column by column, and survival * std_err as summary's."""
    fit = kaplan_meier(TIME, EVENT)
    frame = fit.to_frame()
    assert list(frame.columns) == [
        "time", "n_risk", "n_event", "n_censor", "survival", "std_err", "std_err_survival",
        "conf_low", "conf_high",
    ]  # fmt: skip
    assert frame["n_risk"].tolist() == fit.n_risk.tolist()
    np.testing.assert_array_equal(frame["survival"], fit.survival)
    np.testing.assert_array_equal(frame["std_err_survival"], fit.survival * fit.std_err)


def test_pandas_takes_to_dict() -> None:
    """pd.DataFrame(fit.to_dict()) is the frame with the scalars repeated on every row."""
    fit = kaplan_meier(TIME, EVENT)
    frame = pd.DataFrame(fit.to_dict())
    assert len(frame) == fit.time.size
    assert frame["median"].eq(8.0).all() and frame["median_conf_low"].eq(3.0).all()
    assert frame["median_conf_high"].isna().all()


def test_html_shows_counts_median_and_round_times_not_arrays() -> None:
    """The notebook table has n, events, the median and its interval, and a few times."""
    page = kaplan_meier(TIME, EVENT)._repr_html_()
    assert "<td>8</td><td>4</td><td>8</td><td>3 to NA</td>" in page
    assert "<td>10</td><td>2</td><td>0.4</td>" in page
    assert "array" not in page and "0.875" not in page


def test_cumulative_incidence_frame_and_html() -> None:
    """The Aalen-Johansen result has a frame of its fields and a table of its counts."""
    fit = cumulative_incidence(TIME, [1, 2, 0, 1, 0, 1, 0, 2], cause=1)
    assert fit.to_frame()["cumulative_incidence"].tolist() == fit.cumulative_incidence.tolist()
    assert "<td>8</td><td>3</td><td>2</td><td>3</td>" in fit._repr_html_()


pytest.importorskip("matplotlib")


def test_plot_draws_steps_from_one_with_censor_marks() -> None:
    """The curve starts at (0, 1), steps after each event, and marks each censoring with +."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fit = kaplan_meier(TIME, EVENT)
    ax = fit.plot()
    try:
        steps, marks = ax.get_lines()
        assert steps.get_xdata()[0] == 0 and steps.get_ydata()[0] == 1
        assert steps.get_drawstyle() == "steps-post"
        assert marks.get_marker() == "+"
        assert marks.get_xdata().tolist() == [2.0, 5.0, 13.0, 21.0]
        np.testing.assert_allclose(marks.get_ydata(), [0.75, 0.6, 0.4, 0.4])
        assert len(ax.collections) == 1  # the band
    finally:
        plt.close(ax.figure)


def test_plot_shares_axes_and_draws_labels_as_written() -> None:
    """Two groups on one axes get a legend, a $ in a label stays a dollar."""
    import matplotlib.pyplot as plt  # noqa: PLC0415
    from matplotlib import rc_context  # noqa: PLC0415

    with rc_context({"svg.fonttype": "none"}):
        ax = kaplan_meier(TIME[:4], EVENT[:4]).plot(label="MMF $5 or $10")
        assert kaplan_meier(TIME[4:], EVENT[4:]).plot(ax, label="B", conf_int=False) is ax
        svg = io.StringIO()
        ax.figure.savefig(svg, format="svg")
    plt.close(ax.figure)
    assert "MMF $5 or $10" in svg.getvalue()
    assert len(ax.get_legend().get_texts()) == 2


def test_plot_refuses_what_is_not_axes() -> None:
    """ax must be matplotlib axes or None."""
    with pytest.raises(TypeError, match="ax must be matplotlib Axes or None, got str"):
        kaplan_meier(TIME, EVENT).plot("ax")
