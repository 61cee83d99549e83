"""Figures of the numeric report, drawn with matplotlib (the optional extra ``plot``).

Every figure is a function of the report's numbers
(:class:`~myopathy_outcomes.report.ReportNumbers`) that returns a
:class:`matplotlib.figure.Figure`. Figures draw the numbers
the report holds and never compute a statistic themselves: the medians and
quartiles are the report's, the p-values the report's tests'. They are made
without :mod:`matplotlib.pyplot` (no global state, nothing shown), on the
Agg canvas.

- :func:`paired_figure`: per group, each patient's baseline and follow-up
  value of one measure joined by a line, with the medians marked;
- :func:`change_figure`: the changes by group, one panel per measure;
- :func:`attrition_figure`: the flow of patients (CONSORT style) from
  :meth:`~myopathy_outcomes.report.ReportNumbers.attrition_steps`;
- :func:`report_figures`: all of them, named and captioned, as the report
  files embed them, and :func:`write_figures` each as SVG, PNG and PDF.

Large cohorts: a group with more than :data:`SUMMARY_ABOVE` (500) pairs of a
measure would be a blot of lines and dots (and an SVG of megabytes), so above
it the paired figure of that measure draws each group's medians joined, with
the band between the quartiles at baseline and follow-up, and the change
figure draws each group's distribution of changes as a histogram outline
behind its box instead of one dot per patient. The threshold is per figure
(any group above it), so that every panel of a figure reads the same way, and
the caption says which form is drawn.

Every text of a figure is plain text: labels from the data are never read as
mathtext or TeX (a label "MMF $5 or $10" keeps its dollars), whatever the
user's ``rcParams``. Long labels are wrapped to fit their boxes, panels and
the table of numbers at risk.

Install matplotlib with ``pip install "myopathy-outcomes[plot]"``.

Examples
--------
>>> import myopathy_outcomes as mo
>>> from myopathy_outcomes.report import figures
>>> report = mo.analyze(mo.load_example())
>>> figure = figures.paired_figure(report, "ck")  # doctest: +SKIP
>>> figure.savefig("ck.png")  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import importlib.util
import io
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np

from myopathy_outcomes.outcomes import DAYS_PER_MONTH
from myopathy_outcomes.outcomes.events import Endpoint
from myopathy_outcomes.report.display import PLOT_EXTRA, format_pvalue
from myopathy_outcomes.report.numbers import ReportNumbers

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from myopathy_outcomes.report.summaries import WithinGroupRow
    from myopathy_outcomes.stats import KaplanMeierResult

__all__ = [
    "PNG_DPI",
    "SUMMARY_ABOVE",
    "ReportFigure",
    "attrition_figure",
    "available",
    "change_figure",
    "km_figure",
    "love_plot",
    "overlap_figure",
    "paired_figure",
    "pdf_bytes",
    "png_bytes",
    "report_figures",
    "summarised",
    "svg_text",
    "write_figures",
]


#: Okabe-Ito colours, distinguishable with every common colour-vision deficiency.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_MEDIAN = "#1b1b1b"
#: Dots per inch of the PNG files: the print resolution journals ask of line art with text.
PNG_DPI = 300
_JITTER_SEED = 20190301  # fixed: the same report gives the same figure
#: Above this many pairs in a group, paired and change figures draw summaries, not patients.
SUMMARY_ABOVE = 500
_HISTOGRAM_BINS = 40


def available() -> bool:
    """Whether matplotlib is installed, so that figures can be drawn."""
    return importlib.util.find_spec("matplotlib") is not None


#: What every figure is drawn and saved under: text is never mathtext or TeX.
_PLAIN_TEXT: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}

_Arguments = ParamSpec("_Arguments")


@contextmanager
def _plain_text() -> Iterator[None]:
    """Texts made (or drawn) inside are never parsed as mathtext or TeX."""
    from matplotlib import rc_context  # noqa: PLC0415 (optional extra)

    with rc_context(_PLAIN_TEXT):
        yield


def _plain(draw: Callable[_Arguments, Figure]) -> Callable[_Arguments, Figure]:
    """A figure function whose every text is plain: a ``$`` in a label is a dollar.

    The figure is made under :data:`_PLAIN_TEXT`; its ticks are made at once
    (matplotlib makes them when first drawn, under the rcParams of that
    moment), and every text artist is then set to plain text itself, so that
    saving it later under any ``rcParams`` changes nothing.
    """

    @functools.wraps(draw)
    def plain(*args: _Arguments.args, **kwargs: _Arguments.kwargs) -> Figure:
        from matplotlib.text import Text  # noqa: PLC0415 (optional extra)

        with _plain_text():
            figure = draw(*args, **kwargs)
            for ax in figure.axes:
                ax.xaxis.get_major_ticks()
                ax.yaxis.get_major_ticks()
        for text in figure.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
        return figure

    return plain


def _new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    """A figure on the Agg canvas, never registered with pyplot."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - exercised without the extra
        raise ImportError(f"figures need matplotlib: {PLOT_EXTRA}") from error
    figure = Figure(figsize=(width, height), layout="constrained" if constrained else None)
    FigureCanvasAgg(figure)
    return figure


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the report with the file name stem and caption it is saved with.

    :attr:`svg` and :attr:`png` render the figure once, however many files
    use them.
    """

    name: str
    caption: str
    figure: Figure

    @cached_property
    def svg(self) -> str:
        """The figure as an SVG element, its ids salted with :attr:`name`."""
        return svg_text(self.figure, salt=self.name)

    @cached_property
    def png(self) -> bytes:
        """The figure as a PNG image at :data:`PNG_DPI` (300) dots per inch."""
        return png_bytes(self.figure)


def _rows(report: ReportNumbers, measure: str) -> list[WithinGroupRow]:
    rows = [r for r in report.within_rows if r.measure.name == measure]
    if not rows:
        names = ", ".join(dict.fromkeys(r.measure.name for r in report.within_rows))
        raise ValueError(f"measure {measure!r} is not in the report; use one of {names}")
    return rows


def summarised(rows: Sequence[WithinGroupRow], above: int = SUMMARY_ABOVE) -> bool:
    """Whether a figure of ``rows`` draws summaries: some group has more than ``above`` pairs.

    Examples
    --------
    >>> import myopathy_outcomes as mo
    >>> report = mo.analyze(mo.load_example())
    >>> summarised(report.within_rows), summarised(report.within_rows, above=5)
    (False, True)
    """
    return any(len(row.pairs) > above for row in rows)


def _style(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8.5)


def _p_equals(pvalue: float) -> str:
    """``P = 0.016``, or ``P < 0.001``."""
    shown = format_pvalue(pvalue)
    return f"P {shown[0]} {shown[1:]}" if shown.startswith("<") else f"P = {shown}"


@_plain
def paired_figure(
    report: ReportNumbers, measure: str, *, summary_above: int = SUMMARY_ABOVE
) -> Figure:
    """Baseline and follow-up of one measure, one panel per group, one line per patient.

    Each thin line joins one patient's baseline and follow-up value (the
    patients of the within-group test); the black line joins the group's
    medians as the report gives them. The panel title gives the number of
    pairs and the p-value of the report's signed-rank test.

    When a group has more than ``summary_above`` pairs the patients are not
    drawn: each panel shows the report's medians joined and the band between
    the report's quartiles (first to third) at baseline and at follow-up.

    Parameters
    ----------
    report : ReportNumbers
        The numeric report.
    measure : str
        A measure of the report (``"ck"``).
    summary_above : int, default :data:`SUMMARY_ABOVE`
        The most pairs a group may have for its patients to be drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rows = _rows(report, measure)
    summary = summarised(rows, summary_above)
    figure = _new_figure(1.0 + 2.6 * len(rows), 3.9)
    axes = figure.subplots(1, len(rows), sharey=True, squeeze=False)[0]
    for j, (ax, row) in enumerate(zip(axes, rows, strict=True)):
        colour = COLOURS[j % len(COLOURS)]
        if summary:
            _quartile_band(ax, row, colour)
        else:
            _patient_lines(ax, row, colour)
        if row.pairs:
            ax.plot(
                [0, 1],
                [row.baseline.median, row.follow_up.median],
                color=_MEDIAN,
                linewidth=2.6,
                marker="D",
                markersize=7,
                zorder=5,
                label="median",
            )
        else:
            ax.text(0.5, 0.5, "no pairs", ha="center", va="center", transform=ax.transAxes)
        tested = "not tested" if row.result is None else _p_equals(row.result.pvalue)
        title = textwrap.fill(row.group, 28)
        ax.set_title(f"{title}\n{len(row.pairs)} pairs, {tested}", fontsize=9.5)
        ax.set_xticks([0, 1], ["Baseline", "Follow-up"])
        ax.set_xlim(-0.3, 1.3)
        _style(ax)
    axes[0].set_ylabel(rows[0].measure.heading, fontsize=9.5)
    if any(row.pairs for row in rows):
        axes[-1].legend(loc="best", fontsize=8, frameon=False)
    return figure


def _patient_lines(ax: Axes, row: WithinGroupRow, colour: str) -> None:
    """One line per patient from baseline to follow-up, with a dot at each end."""
    from matplotlib.collections import LineCollection  # noqa: PLC0415 (optional extra)

    # one collection, not one line per patient: hundreds of pairs stay fast
    alpha = max(0.08, min(0.55, 20 / max(len(row.pairs), 1)))
    segments = [((0.0, p.baseline), (1.0, p.follow_up)) for p in row.pairs]
    ax.add_collection(
        LineCollection(segments, colors=colour, alpha=alpha, linewidths=1.0, label="patient")
    )
    ends = [(x, y) for segment in segments for x, y in segment]
    if ends:
        xs, ys = zip(*ends, strict=True)
        ax.scatter(xs, ys, s=10, color=colour, alpha=alpha, linewidths=0)


def _quartile_band(ax: Axes, row: WithinGroupRow, colour: str) -> None:
    """The report's quartiles at baseline and follow-up: a bar at each, a band between."""
    if not row.pairs:
        return
    low = [row.baseline.q1, row.follow_up.q1]
    high = [row.baseline.q3, row.follow_up.q3]
    ax.fill_between([0, 1], low, high, color=colour, alpha=0.22, linewidth=0, label="quartiles")
    ax.vlines([0, 1], low, high, colors=colour, linewidth=5, alpha=0.8)


@_plain
def change_figure(report: ReportNumbers, *, summary_above: int = SUMMARY_ABOVE) -> Figure:
    """The change from baseline to follow-up by group, one panel per measure.

    Each box spans the report's quartiles of the change with its median
    marked; the whiskers reach the smallest and largest change; each dot is
    one patient (spread sideways so that ties stay visible). When a group of
    any measure has more than ``summary_above`` pairs, the panels draw no
    dots: the whiskers reach the furthest change within 1.5 interquartile
    ranges of the report's quartiles (R's ``boxplot``), the changes beyond
    them are counted at their ends, and the outline of a histogram of the
    changes between the whiskers (40 bins, widths in proportion to the
    patients) stands behind each box.

    Returns
    -------
    matplotlib.figure.Figure
    """
    measures = list(dict.fromkeys(r.measure.name for r in report.within_rows))
    groups = report.design.group_labels
    columns = min(len(measures), 2)
    lines = -(-len(measures) // columns)
    figure = _new_figure(0.6 + 3.5 * columns, 0.4 + 3.0 * lines)
    axes = figure.subplots(lines, columns, squeeze=False).ravel()
    rng = np.random.default_rng(_JITTER_SEED)
    summary = summarised(report.within_rows, summary_above)
    for ax, measure in zip(axes, measures, strict=False):
        rows = _rows(report, measure)
        ax.axhline(0, color="#888888", linewidth=0.9, linestyle="--", zorder=1)
        boxes: list[dict[str, Any]] = []
        positions = []
        for j, row in enumerate(rows):
            changes = [p.change for p in row.pairs]
            if not changes:
                continue
            low, high = _whiskers(row, changes) if summary else (min(changes), max(changes))
            boxes.append(
                {
                    "med": row.change.median,
                    "q1": row.change.q1,
                    "q3": row.change.q3,
                    "whislo": low,
                    "whishi": high,
                    "label": "",
                }
            )
            positions.append(j)
            if summary:
                inside = [c for c in changes if low <= c <= high]
                _histogram_outline(ax, j, inside, COLOURS[j % len(COLOURS)])
                _count_beyond(ax, j, changes, low, high)
                continue
            offsets = rng.uniform(-0.14, 0.14, len(changes))
            ax.scatter(
                j + offsets,
                changes,
                s=14,
                color=COLOURS[j % len(COLOURS)],
                alpha=0.8,
                zorder=4,
                linewidths=0,
            )
        if boxes:
            ax.bxp(
                boxes,
                positions=positions,
                widths=0.5,
                showfliers=False,
                medianprops={"color": _MEDIAN, "linewidth": 2},
                boxprops={"color": "#444444"},
                whiskerprops={"color": "#444444"},
                capprops={"color": "#444444"},
            )
        ax.set_xticks(
            range(len(rows)), [f"{textwrap.fill(r.group, 16)}\n(n = {len(r.pairs)})" for r in rows]
        )
        ax.set_xlim(-0.6, len(groups) - 0.4)
        ax.set_title(rows[0].measure.heading, fontsize=9.5)
        ax.set_ylabel("Change (follow-up - baseline)", fontsize=8.5)
        _style(ax)
    for ax in axes[len(measures) :]:
        ax.set_visible(False)
    return figure


def _whiskers(row: WithinGroupRow, changes: Sequence[float]) -> tuple[float, float]:
    """The furthest changes within 1.5 interquartile ranges of the report's quartiles.

    As R's ``boxplot`` (``boxplot.stats(coef = 1.5)``), from the report's
    quartiles (``quantile(type = 7)``, where R's hinges differ slightly).
    """
    reach = 1.5 * (row.change.q3 - row.change.q1)
    low = min(c for c in changes if c >= row.change.q1 - reach)
    high = max(c for c in changes if c <= row.change.q3 + reach)
    return low, high


def _count_beyond(
    ax: Axes, position: float, values: Sequence[float], low: float, high: float
) -> None:
    """How many ``values`` lie beyond the whiskers, written at their ends."""
    for end, beyond, va, offset in (
        (high, sum(v > high for v in values), "bottom", 3),
        (low, sum(v < low for v in values), "top", -3),
    ):
        if beyond:
            ax.annotate(
                f"{beyond:,} beyond",
                (position, end),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va=va,
                fontsize=7.5,
                color="#444444",
            )


def _histogram_outline(ax: Axes, position: float, values: Sequence[float], colour: str) -> None:
    """A histogram of ``values`` drawn sideways and mirrored about ``position`` (one polygon)."""
    counts, edges = np.histogram(values, bins=_HISTOGRAM_BINS)
    half = 0.4 * counts / max(int(counts.max()), 1)
    y = np.repeat(edges, 2)[1:-1]
    x = np.repeat(half, 2)
    ax.fill_betweenx(
        y, position - x, position + x, color=colour, alpha=0.35, linewidth=0, zorder=2
    )


@dataclass
class _Step:
    label: str
    patients: int
    children: list[_Step]


def _tree(steps: Sequence[tuple[str, int, int]]) -> list[_Step]:
    """The attrition steps as a tree: main steps, their exclusions or groups, add-ons."""
    roots: list[_Step] = []
    path: list[_Step] = []
    for label, level, patients in steps:
        node = _Step(label, patients, [])
        del path[level:]
        (path[-1].children if path else roots).append(node)
        path.append(node)
    return roots


_LINE = 0.19  # inches per line of 8.5 pt text in a box
_CHARS_PER_UNIT = 105  # characters of 8.5 pt text across the figure's width


def _box(
    ax: Axes, x: float, top: float, width: float, lines: Sequence[str], *, bold: int = 1
) -> float:
    """Draw a box with ``lines`` (the first ``bold`` in bold) centred at ``x``; return its bottom.

    The axes run downwards: ``top`` is in lines from the top of the figure.
    """
    from matplotlib.patches import Rectangle  # noqa: PLC0415 (optional extra)

    height = len(lines) + 0.9
    ax.add_patch(
        Rectangle(
            (x - width / 2, top),
            width,
            height,
            facecolor="white",
            edgecolor="#333333",
            linewidth=1.0,
        )
    )
    for k, line in enumerate(lines):
        ax.text(
            x,
            top + 1.05 + k,
            line,
            ha="center",
            va="baseline",
            fontsize=8.5,
            fontweight="bold" if k < bold else "normal",
        )
    return top + height


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={
            "arrowstyle": "-|>",
            "color": "#333333",
            "linewidth": 1.0,
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )


_BOLD = 0.85  # a bold character is wider
_PADDING = 3  # characters of margin inside a box


def _wrap(text: str, width: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines that fit a box ``width`` wide (a long word is broken)."""
    characters = width * _CHARS_PER_UNIT * (_BOLD if bold else 1.0) - _PADDING
    return textwrap.wrap(text, max(10, int(characters))) or [""]


def _counted(label: str, patients: int) -> str:
    return f"{label} (n = {patients})"


def _excluded_lines(children: Sequence[_Step], width: float) -> list[str]:
    total = sum(c.patients for c in children)
    lines = _wrap(f"Excluded (n = {total})", width, bold=True)
    for child in children:
        label = child.label.removeprefix("excluded: ").removeprefix("excluded ")
        lines.extend(_wrap(f"- {_counted(label, child.patients)}", width))
    return lines


@_plain
def attrition_figure(report: ReportNumbers) -> Figure:
    """The flow of patients, CONSORT style, from the report's attrition steps.

    Main boxes (rows read, screened, analysed) run down the page; the
    patients excluded at each step stand beside it with their reasons; the
    analysed patients branch into one box per group with its add-on drugs.

    Returns
    -------
    matplotlib.figure.Figure
    """
    roots = _tree(report.attrition_steps())
    main_x, main_width = 0.32, 0.42
    side_x, side_width = 0.78, 0.40
    groups = roots[-1].children
    group_width = min(0.3, 0.92 / max(len(groups), 1))
    layout: list[tuple[str, Any]] = []
    depth = 0.4
    for k, root in enumerate(roots):
        lines = _wrap(_counted(root.label, root.patients), main_width, bold=True)
        layout.append(("main", (depth, lines)))
        depth += len(lines) + 0.9
        if k == len(roots) - 1:
            break
        if root.children:
            side = _excluded_lines(root.children, side_width)
            gap = len(side) + 0.9 + 1.2
            layout.append(("side", (depth + (gap - len(side) - 0.9) / 2, side)))
        else:
            gap = 1.6
        layout.append(("arrow", (depth, depth + gap)))
        depth += gap
    bar = depth + 1.0
    group_top = bar + 1.0
    group_heads = [_wrap(_counted(g.label, g.patients), group_width, bold=True) for g in groups]
    group_lines = [
        head
        + [line for c in g.children for line in _wrap(_counted(c.label, c.patients), group_width)]
        for head, g in zip(group_heads, groups, strict=True)
    ]
    depth = group_top + max((len(lines) for lines in group_lines), default=0) + 0.9 + 0.3
    figure = _new_figure(7.0, depth * _LINE, constrained=False)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(depth, 0)
    ax.set_axis_off()
    bottom = 0.0
    for kind, item in layout:
        if kind == "main":
            top, lines = item
            bottom = _box(ax, main_x, top, main_width, lines, bold=len(lines))
        elif kind == "side":
            top, lines = item
            middle = top + (len(lines) + 0.9) / 2
            _box(ax, side_x, top, side_width, lines)
            _arrow(ax, (main_x, middle), (side_x - side_width / 2, middle))
        else:
            start, end = item
            _arrow(ax, (main_x, start), (main_x, end))
    centres = [(k + 0.5) / len(groups) for k in range(len(groups))]
    if groups:
        ax.plot([main_x, main_x], [bottom, bar], color="#333333", linewidth=1.0)
        ax.plot([min(centres), max(centres)], [bar, bar], color="#333333", linewidth=1.0)
        for centre, head, lines in zip(centres, group_heads, group_lines, strict=True):
            _arrow(ax, (centre, bar), (centre, group_top))
            _box(ax, centre, group_top, group_width, lines, bold=len(head))
    return figure


def _steps(curve: KaplanMeierResult, values: Sequence[float]) -> tuple[list[float], list[float]]:
    """A step function in months that starts at time 0 with value 1."""
    months = [0.0, *(t / DAYS_PER_MONTH for t in curve.time)]
    return months, [1.0, *values]


@_plain
def km_figure(report: ReportNumbers, endpoint: str) -> Figure:
    """Kaplan-Meier curves of one endpoint by group, with 95% bands and numbers at risk.

    Draws the report's own estimates (``report.endpoints``): each group's
    survival with its pointwise interval as a band, censoring times as ticks,
    the log-rank p-values in the title and the numbers at risk every 12
    months under the axis.

    Parameters
    ----------
    report : ReportNumbers
        The analysed report.
    endpoint : str
        ``"ild_progression"``, ``"death"`` or ``"progression_or_death"``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    summary = next((s for s in report.endpoints if s.endpoint == endpoint), None)
    if summary is None:
        names = ", ".join(s.endpoint for s in report.endpoints)
        raise ValueError(f"endpoint {endpoint!r} is not in the report; use one of {names}")
    curves = [(i, g) for i, g in enumerate(summary.groups) if g.curve is not None]
    # each group's row of the numbers at risk, its label wrapped; the rows run upwards
    row_names = [textwrap.wrap(g.group, _RISK_LABEL_CHARACTERS) or [""] for _, g in curves]
    heights = [max(1.0, _RISK_LINE * len(lines)) for lines in row_names]
    tops = np.cumsum([0.0, *heights[::-1]])
    centres = [(tops[k] + tops[k + 1]) / 2 for k in range(len(heights))][::-1]
    table_inches = _RISK_AXIS_INCHES + _RISK_ROW_INCHES * sum(heights)
    figure = _new_figure(7.0, _KM_PLOT_INCHES + table_inches)
    grid = figure.add_gridspec(2, 1, height_ratios=(_KM_PLOT_INCHES, table_inches))
    ax, table = figure.add_subplot(grid[0]), figure.add_subplot(grid[1])
    last = max((float(g.curve.time.max()) for _, g in curves if g.curve is not None), default=0)
    ticks = list(range(0, int(last / DAYS_PER_MONTH) + 12, 12))
    # the names stand left of the first column of numbers, however many digits they have
    digits = len(str(max((g.n for _, g in curves), default=0)))
    for i, group in curves:
        curve = group.curve
        assert curve is not None  # filtered above
        colour = COLOURS[i % len(COLOURS)]
        months, survival = _steps(curve, curve.survival.tolist())
        low = [1.0, *np.nan_to_num(curve.conf_low, nan=0.0).tolist()]
        high = [1.0, *np.nan_to_num(curve.conf_high, nan=1.0).tolist()]
        legend = textwrap.fill(group.group, _LEGEND_CHARACTERS)
        ax.step(months, survival, where="post", color=colour, linewidth=1.8, label=legend)
        ax.fill_between(months, low, high, step="post", color=colour, alpha=0.15, linewidth=0)
        censored = curve.n_censor > 0
        at = np.searchsorted(curve.time, curve.time[censored])
        ax.plot(
            curve.time[censored] / DAYS_PER_MONTH,
            curve.survival[at],
            "|",
            color=colour,
            markersize=7,
        )
        risk = [_n_at_risk(curve, m * DAYS_PER_MONTH) for m in ticks]
        position = curves.index((i, group))
        row = centres[position]
        for m, n in zip(ticks, risk, strict=True):
            table.text(m, row, str(n), ha="center", va="center", fontsize=8, color=colour)
        table.annotate(
            "\n".join(row_names[position]),
            (0, row),
            xycoords=table.get_yaxis_transform(),
            xytext=(-(_DIGIT_POINTS * digits / 2 + _RISK_GAP_POINTS), 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=8,
            color=colour,
        )
    tests = []
    if summary.logrank_exact is not None:
        tests.append(f"log-rank exact {_p_equals(summary.logrank_exact.pvalue)}")
    if summary.logrank is not None:
        tests.append(f"asymptotic {_p_equals(summary.logrank.pvalue)}")
    ax.set_title(summary.label + (f"\n{'; '.join(tests)}" if tests else ""), fontsize=10)
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, ticks[-1] if ticks else 12)
    ax.set_xticks(ticks)
    ax.set_ylabel(Endpoint(summary.endpoint).event_free.capitalize(), fontsize=9)
    ax.legend(frameon=False, fontsize=8.5, loc="lower left")
    _style(ax)
    table.set_xlim(ax.get_xlim())
    table.set_ylim(-0.1, float(tops[-1]) + 0.1)
    table.set_xticks(ticks)
    table.set_yticks([])
    table.set_xlabel("Months from the index date (numbers at risk above)", fontsize=8.5)
    table.tick_params(labelsize=8.5)
    for side in ("top", "right", "left"):
        table.spines[side].set_visible(False)
    return figure


_KM_PLOT_INCHES = 3.7
_RISK_AXIS_INCHES = 0.55  # the table's axis and its label
_RISK_ROW_INCHES = 0.22  # a row of the numbers at risk
_RISK_LINE = 0.6  # a line of a wrapped group name, in rows
_RISK_LABEL_CHARACTERS = 22  # a group's name beside its numbers at risk, a line
_LEGEND_CHARACTERS = 40
_DIGIT_POINTS = 5.0  # the width of a digit of 8-point text
_RISK_GAP_POINTS = 6.0


def _n_at_risk(curve: KaplanMeierResult, day: float) -> int:
    """Patients still followed at ``day``: those whose time is at or after it."""
    later = curve.time >= day
    return int(curve.n_risk[later][0]) if later.any() else 0


def report_figures(report: ReportNumbers) -> tuple[ReportFigure, ...]:
    """Every figure of the report, named and captioned, in reading order."""
    figures = [
        ReportFigure(
            "attrition",
            "Flow of patients (CONSORT style): screened, excluded with the reasons, "
            "and analysed by group.",
            attrition_figure(report),
        )
    ]
    for measure in dict.fromkeys(r.measure.name for r in report.within_rows):
        rows = _rows(report, measure)
        drawn = (
            f"With more than {SUMMARY_ABOVE:,} pairs in a group, too many to draw one line "
            "each, the black line joins the medians and the band spans the quartiles (first "
            "to third) at baseline and follow-up."
            if summarised(rows)
            else "Each thin line is one patient; the black line joins the medians."
        )
        figures.append(
            ReportFigure(
                f"paired_{measure}",
                f"{rows[0].measure.heading}: baseline and follow-up of the patients with both "
                f"values, by group. {drawn} P: Wilcoxon signed-rank test, as in the "
                "within-group table.",
                paired_figure(report, measure),
            )
        )
    patients = (
        "whiskers reach the furthest change within 1.5 interquartile ranges of the box (the "
        "changes beyond are counted at their ends); the shaded outline is a histogram of "
        f"the changes between the whiskers (more than {SUMMARY_ABOVE:,} patients in a group, "
        "too many to draw one dot each)"
        if summarised(report.within_rows)
        else "whiskers reach the smallest and largest change; each dot is one patient"
    )
    figures.append(
        ReportFigure(
            "changes",
            "Change from baseline to follow-up by group. Boxes span the quartiles with the "
            f"median marked; {patients}.",
            change_figure(report),
        )
    )
    figures.extend(
        ReportFigure(
            f"km_{summary.endpoint}",
            f"{summary.label}: Kaplan-Meier estimate by group with 95% pointwise intervals "
            "(log scale, as R's survfit); ticks mark censored patients; numbers at risk "
            "under the axis.",
            km_figure(report, summary.endpoint),
        )
        for summary in report.endpoints
        if any(g.curve is not None for g in summary.groups)
    )
    if report.adjusted is not None:
        figures.extend(_adjusted_figures(report))
    return tuple(figures)


def _adjusted_figures(report: ReportNumbers) -> list[ReportFigure]:
    """The love plot and the overlap of the propensity score, when there are numbers to draw."""
    adjusted = report.adjusted
    found = []
    if adjusted is not None and adjusted.balance:
        found.append(
            ReportFigure(
                "love_plot",
                "Balance of each covariate: absolute standardized mean difference before "
                "(open) and after (filled) adjustment; dashed line at 0.1.",
                love_plot(report),
            )
        )
    if adjusted is not None and adjusted.score is not None:
        found.append(
            ReportFigure(
                "ps_overlap",
                "Propensity score by arm (histograms of the patients the model used): "
                "overlap is where the arms can be compared.",
                overlap_figure(report),
            )
        )
    return found


def love_plot(report: ReportNumbers) -> Figure:
    """Absolute SMD of each covariate before and after adjustment (``cobalt::love.plot``)."""
    adjusted = report.adjusted
    if adjusted is None or not adjusted.balance:
        raise ValueError("the report has no adjusted comparison with balance to plot")
    rows = adjusted.balance
    figure = _new_figure(6.0, 1.2 + 0.3 * len(rows))
    ax = figure.add_subplot()
    y = list(range(len(rows)))[::-1]
    ax.scatter(
        [abs(r.smd_before) for r in rows],
        y,
        facecolors="none",
        edgecolors=COLOURS[1],
        label="before",
    )
    after = [
        (abs(r.smd_after), k) for r, k in zip(rows, y, strict=True) if r.smd_after is not None
    ]
    if after:
        ax.scatter([a for a, _ in after], [k for _, k in after], color=COLOURS[0], label="after")
    ax.axvline(0.1, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_yticks(y, [r.name for r in rows])
    ax.set_xlabel("Absolute standardized mean difference")
    _style(ax)
    ax.legend(frameon=False, fontsize=8.5)
    return figure


def overlap_figure(report: ReportNumbers) -> Figure:
    """Histograms of the propensity score of each arm, mirrored about zero."""
    adjusted = report.adjusted
    if adjusted is None or adjusted.score is None:
        raise ValueError("the report has no fitted propensity score to plot")
    score, used = adjusted.score.score, adjusted.score.used
    figure = _new_figure(6.0, 3.6)
    ax = figure.add_subplot()
    bins = np.linspace(0.0, 1.0, 21)
    for sign, flags, label, colour in (
        (1, adjusted.is_treated, adjusted.treated, COLOURS[0]),
        (-1, ~adjusted.is_treated, adjusted.control, COLOURS[1]),
    ):
        counts, _ = np.histogram(score[used & flags], bins=bins)
        ax.bar(
            bins[:-1],
            sign * counts,
            width=bins[1] - bins[0],
            align="edge",
            color=colour,
            alpha=0.8,
            label=label,
        )
    ax.axhline(0, color="#1b1b1b", linewidth=0.8)
    ax.set_xlabel("Propensity score")
    ax.set_ylabel("Patients")
    _style(ax)
    ax.legend(frameon=False, fontsize=8.5)
    return figure


def svg_text(figure: Figure, salt: str = "myopathy-outcomes") -> str:
    """The figure as an SVG element, to save or to put inline in HTML.

    Text stays text (editable, searchable). Every id inside is derived from
    ``salt`` (each artist's SVG group id is ``<salt>-<n>`` unless it has its
    own ``gid``), so that figures with different salts can share one HTML
    page and the same figure always gives the same file. No metadata, no date.
    """
    from matplotlib import rc_context  # noqa: PLC0415 (optional extra)

    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": salt, "svg.fonttype": "none", **_PLAIN_TEXT}):
        figure.draw_without_rendering()  # make every tick, so that each gets an id
        artists = [(artist, artist.get_gid()) for artist in figure.findobj()]
        for number, (artist, gid) in enumerate(artists):
            if gid is None:
                artist.set_gid(f"{salt}-{number}")
        try:
            figure.savefig(
                buffer,
                format="svg",
                metadata={"Creator": None, "Date": None, "Format": None, "Type": None},
            )
        finally:
            for artist, gid in artists:
                artist.set_gid(gid)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def png_bytes(figure: Figure, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG (``dpi`` dots per inch, print resolution by default), no timestamp."""
    buffer = io.BytesIO()
    with _plain_text():
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def pdf_bytes(figure: Figure) -> bytes:
    """The figure as a vector PDF (for LaTeX), without a creation date."""
    buffer = io.BytesIO()
    with _plain_text():
        figure.savefig(
            buffer,
            format="pdf",
            metadata={"CreationDate": None, "Producer": None, "Creator": None},
        )
    return buffer.getvalue()


def write_figures(figures: Sequence[ReportFigure], directory: Path) -> list[Path]:
    """Write each figure as ``<name>.svg``, ``<name>.png`` and ``<name>.pdf``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for item in figures:
        svg = directory / f"{item.name}.svg"
        svg.write_text(item.svg, encoding="utf-8")
        png = directory / f"{item.name}.png"
        png.write_bytes(item.png)
        pdf = directory / f"{item.name}.pdf"
        pdf.write_bytes(pdf_bytes(item.figure))
        written += [svg, png, pdf]
    return written
