"""Figures of the numeric report: they draw the report's numbers and compute none."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pandas as pd
import pytest

import myopathy_outcomes as mo
from myopathy_outcomes.example import example_path
from tests.report._rendered import EVERYWHERE, StrictHtml, big_report

matplotlib = pytest.importorskip("matplotlib")

from matplotlib.collections import (  # noqa: E402
    LineCollection,
    PathCollection,
    PolyCollection,
)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from myopathy_outcomes.report import figures  # noqa: E402
from myopathy_outcomes.report.html import report_html  # noqa: E402


@pytest.fixture(scope="module")
def report() -> mo.StudyReport:
    return mo.analyze(mo.load_example())


def test_paired_figure_has_one_line_per_patient(report: mo.StudyReport) -> None:
    """Each group's panel has one line per pair, from its baseline to its follow-up."""
    figure = figures.paired_figure(report, "ck")
    rows = [r for r in report.within_rows if r.measure.name == "ck"]
    assert len(figure.axes) == len(rows)
    for ax, row in zip(figure.axes, rows, strict=True):
        (patients,) = [c for c in ax.collections if isinstance(c, LineCollection)]
        drawn = sorted((s[0][1], s[1][1]) for s in patients.get_segments())
        assert drawn == sorted((p.baseline, p.follow_up) for p in row.pairs)
        assert all(tuple(s[:, 0]) == (0.0, 1.0) for s in patients.get_segments())


def test_paired_figure_marks_the_reports_medians(report: mo.StudyReport) -> None:
    """The median line joins the report's medians, not medians computed by the figure."""
    figure = figures.paired_figure(report, "psl_mg")
    rows = [r for r in report.within_rows if r.measure.name == "psl_mg"]
    for ax, row in zip(figure.axes, rows, strict=True):
        (median,) = [line for line in ax.get_lines() if line.get_label() == "median"]
        assert tuple(median.get_ydata()) == (row.baseline.median, row.follow_up.median)


def test_paired_figure_titles_carry_the_reports_pvalue(report: mo.StudyReport) -> None:
    """Each panel names its group, its pairs and the report's p-value."""
    figure = figures.paired_figure(report, "ck")
    assert figure.axes[0].get_title() == "MMF + CNI\n7 pairs, P = 0.016"


def test_small_pvalue_reads_less_than() -> None:
    """A p-value below 0.001 reads 'P < 0.001', not 'P = <0.001'."""
    report = big_report(323)
    figure = figures.paired_figure(report, "psl_mg")
    assert figure.axes[0].get_title().endswith("pairs, P < 0.001")


def test_paired_figure_rejects_an_unknown_measure(report: mo.StudyReport) -> None:
    """A measure that is not in the report is named in the error with the ones that are."""
    with pytest.raises(ValueError, match="'kl6' is not in the report; use one of ck"):
        figures.paired_figure(report, "kl6")


def test_change_boxes_are_the_reports_quartiles(report: mo.StudyReport) -> None:
    """Each box spans the report's quartiles of the change; its line is the report's median."""
    figure = figures.change_figure(report)
    measures = list(dict.fromkeys(r.measure.name for r in report.within_rows))
    for ax, measure in zip(figure.axes, measures, strict=False):
        rows = [r for r in report.within_rows if r.measure.name == measure]
        medians = [
            line.get_ydata()[0]
            for line in ax.get_lines()
            if line.get_color() == "#1b1b1b" and len(line.get_ydata()) == 2
        ]
        assert medians == [r.change.median for r in rows]


def test_change_figure_has_a_panel_per_measure(report: mo.StudyReport) -> None:
    """One visible panel per measure, titled with its label."""
    figure = figures.change_figure(report)
    titles = [ax.get_title() for ax in figure.axes if ax.get_visible()]
    labels = list(dict.fromkeys(r.measure.heading for r in report.within_rows))
    assert titles == labels


def test_attrition_figure_shows_every_step(report: mo.StudyReport) -> None:
    """Every attrition step's count appears in a box of the flow diagram."""
    figure = figures.attrition_figure(report)
    texts = [t.get_text() for t in figure.axes[0].texts]
    for step, _, patients in report.attrition_steps():
        assert f"{step} (n = {patients})" in texts


def test_attrition_figure_puts_exclusions_beside_the_flow() -> None:
    """Patients excluded at a step are counted in a box beside it, with the reasons."""
    design = mo.studies.HANAOKA_2019
    cohort = mo.load_example()
    report = mo.analyze(cohort, design)
    steps = (
        ("Patient rows read", 0, 21),
        ("excluded for data errors", 1, 2),
        *report.attrition_steps(),
    )
    figure = figures.attrition_figure(_with_steps(report, steps))
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert "Excluded (n = 2)" in texts
    assert "- for data errors (n = 2)" in texts


def _with_steps(report: mo.StudyReport, steps: tuple[tuple[str, int, int], ...]) -> mo.StudyReport:
    class Stepped(mo.StudyReport):
        def attrition_steps(self) -> tuple[tuple[str, int, int], ...]:
            return steps

    return Stepped(**{f: getattr(report, f) for f in report.__dataclass_fields__})


def test_figures_are_not_registered_with_pyplot(report: mo.StudyReport) -> None:
    """Figures live outside pyplot: nothing to show, nothing leaking between calls."""
    import matplotlib.pyplot as plt  # noqa: PLC0415

    before = plt.get_fignums()
    figures.report_figures(report)
    assert plt.get_fignums() == before


def test_svg_is_deterministic_and_dateless(report: mo.StudyReport) -> None:
    """The same figure gives the same SVG, with no date and no XML prologue."""
    figure = figures.attrition_figure(report)
    first, second = figures.svg_text(figure, "a"), figures.svg_text(figure, "a")
    assert first == second
    assert first.startswith("<svg")
    assert "<metadata" not in first and "dc:date" not in first


def test_different_salts_give_different_ids(report: mo.StudyReport) -> None:
    """Ids inside two figures' SVG differ, so both can sit in one HTML page."""
    figure = figures.paired_figure(report, "ck")
    ids_a = set(re.findall(r'id="([^"]+)"', figures.svg_text(figure, "a")))
    ids_b = set(re.findall(r'id="([^"]+)"', figures.svg_text(figure, "b")))
    generated = {i for i in ids_a if re.fullmatch(r"[a-z]+[0-9a-f]{10}", i)}
    assert generated and not generated & ids_b


def test_html_with_figures_is_strictly_valid(report: mo.StudyReport) -> None:
    """The HTML with every figure inline is valid, with unique ids and nothing fetched."""
    drawn = figures.report_figures(report)
    page = report_html(report, drawn)
    StrictHtml().check(page)
    assert page.count("<svg") == len(drawn)
    assert "<figcaption>Figure 1. Flow of patients" in page


def test_png_and_pdf_are_images(report: mo.StudyReport) -> None:
    """PNG and PDF exports have their formats' signatures."""
    figure = figures.attrition_figure(report)
    assert figures.png_bytes(figure).startswith(b"\x89PNG")
    assert figures.pdf_bytes(figure).startswith(b"%PDF")


def test_km_figure_draws_each_group_with_its_numbers_at_risk(report: mo.StudyReport) -> None:
    """A Kaplan-Meier figure per endpoint: a step line per group, the report's p in the title."""
    figure = figures.km_figure(report, "death")
    curves, table = figure.axes
    assert [line.get_label() for line in curves.get_lines()[::2]] == ["MMF + CNI", "MMF alone"]
    summary = next(s for s in report.endpoints if s.endpoint == "death")
    assert summary.logrank_exact is not None
    assert f"{summary.logrank_exact.pvalue:.3f}" in curves.get_title()
    texts = [t.get_text() for t in table.texts]
    assert texts[0] == str(summary.groups[0].n)  # everyone is at risk at month 0
    names = [f.name for f in figures.report_figures(report)]
    assert {"km_ild_progression", "km_death", "km_progression_or_death"} <= set(names)


def test_km_figure_names_what_is_estimated_per_endpoint(report: mo.StudyReport) -> None:
    """The y axis says progression-free, survival or progression-free survival, as the tables."""
    labels = {
        endpoint: figures.km_figure(report, endpoint).axes[0].get_ylabel()
        for endpoint in ("ild_progression", "death", "progression_or_death")
    }
    assert labels == {
        "ild_progression": "Progression-free",
        "death": "Survival",
        "progression_or_death": "Progression-free survival",
    }


#: Group labels of a realistic length (50 characters), one with dollars.
LONG_LABELS = (
    "Mycophenolate mofetil plus a calcineurin inhibitor",
    "Mycophenolate mofetil alone (MMF $5 or $10 + CNI)",
)


def _labelled(*labels: str) -> mo.StudyReport:
    design = mo.studies.HANAOKA_2019
    arms = tuple(
        dataclasses.replace(arm, label=label)
        for arm, label in zip(design.arms, labels, strict=True)
    )
    return mo.analyze(mo.load_example(), dataclasses.replace(design, arms=arms))


def _texts(figure: Figure) -> list[Text]:
    """Every text of ``figure`` that shows: tick labels only of ticks within the axes' limits."""
    hidden: set[int] = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [
        t for t in figure.findobj(Text) if t.get_visible() and t.get_text() and id(t) not in hidden
    ]


def test_labels_are_never_mathtext() -> None:
    """A $ in a label is a dollar: every text is plain, and the SVG shows the label as is."""
    drawn = figures.report_figures(_labelled("$\\foo$", "MMF $5 or $10 + CNI"))
    for item in drawn:
        assert all(not t.get_parse_math() and not t.get_usetex() for t in _texts(item.figure))
    svg = next(f for f in drawn if f.name == "paired_ck").svg
    assert "MMF $5 or $10 + CNI" in svg
    assert "$\\foo$ (n = 7)" in [t.get_text() for t in _texts(drawn[0].figure)]


def test_rcparams_asking_for_tex_change_nothing() -> None:
    """Figures drawn and saved under usetex and parse_math rcParams still show plain text."""
    report = _labelled("$\\foo$", "MMF $5 or $10 + CNI")
    with matplotlib.rc_context({"text.usetex": True, "text.parse_math": True}):
        drawn = figures.report_figures(report)
        assert all(figures.png_bytes(f.figure).startswith(b"\x89PNG") for f in drawn)
        assert figures.pdf_bytes(drawn[0].figure).startswith(b"%PDF")


@pytest.mark.parametrize("labels", [LONG_LABELS, (f"{EVERYWHERE} A", f"1. {EVERYWHERE} B")])
def test_long_labels_fit_every_figure(labels: tuple[str, str]) -> None:
    """Every text lies inside its figure, the flow chart's inside its box, P values whole."""
    drawn = figures.report_figures(_labelled(*labels))
    for item in drawn:
        figure = item.figure
        renderer = figure.canvas.get_renderer()
        figure.draw(renderer)
        for text in _texts(figure):
            box = text.get_window_extent(renderer)
            inside = figure.bbox.padded(1)
            assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), (
                item.name,
                text.get_text(),
            )
    (flow,) = [f.figure for f in drawn if f.name == "attrition"]
    renderer = flow.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in flow.axes[0].patches]
    for text in [t for t in flow.axes[0].texts if t.get_text()]:
        extent = text.get_window_extent(renderer)
        assert any(
            b.x0 <= extent.x0 and extent.x1 <= b.x1 and b.y0 <= extent.y0 and extent.y1 <= b.y1
            for b in boxes
        ), text.get_text()
    km = next(f.figure for f in drawn if f.name == "km_death")
    assert re.search(r"asymptotic P = \d\.\d{3}$", km.axes[0].get_title())


DOLLARS = ("MMF $5 or $10 + CNI", r"MMF $\foo$ alone")


def test_dollars_in_labels_are_dollars_in_every_figure() -> None:
    """A label with ``$`` is drawn as written, never parsed as mathtext, whatever rcParams say."""
    from matplotlib import rc_context  # noqa: PLC0415

    report = _labelled(*DOLLARS)
    with rc_context({"text.parse_math": True}):
        drawn = figures.report_figures(report)
        svgs = [figures.svg_text(f.figure, f.name) for f in drawn]
        for f in drawn:
            figures.png_bytes(f.figure)
    km = next(svg for f, svg in zip(drawn, svgs, strict=True) if f.name == "km_death")
    assert "MMF $5 or $10 + CNI" in km
    assert r"MMF $\foo$ alone" in km


def test_long_labels_stay_inside_every_figure() -> None:
    """Fifty-character group labels are wrapped: no text runs off a figure, no p-value is cut."""
    report = _labelled("M" * 10 + " mycophenolate mofetil with tacrolimus", "mycophenolate " * 4)
    for drawn in figures.report_figures(report):
        figure = drawn.figure
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        figure.draw(renderer)
        box = figure.bbox
        for text in figure.findobj(Text):
            if not text.get_visible() or not text.get_text().strip():
                continue
            extent = text.get_window_extent(renderer)
            assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, (
                drawn.name,
                text.get_text(),
            )
    km = figures.km_figure(report, "death")
    summary = next(s for s in report.endpoints if s.endpoint == "death")
    assert summary.logrank_exact is not None
    assert figures._p_equals(summary.logrank_exact.pvalue) in km.axes[0].get_title()


# --- large cohorts: summaries instead of one mark per patient (issue 22, item 7) ---


def _copies(copies: int) -> mo.StudyReport:
    """The example copied ``copies`` times (ids suffixed): 7 and 12 pairs of CK a copy."""
    frames = {
        name: pd.read_csv(example_path() / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("patients", "visits", "regimens")
    }
    copied = {
        name: pd.concat(
            [frame.assign(patient_id=frame["patient_id"] + f"-{k:03d}") for k in range(copies)],
            ignore_index=True,
        )
        for name, frame in frames.items()
    }
    return mo.analyze(mo.cohort_from_frames(**copied, synthetic=True))


@pytest.fixture(scope="module")
def large() -> mo.StudyReport:
    """More than SUMMARY_ABOVE pairs of CK in the larger group (12 x 45 = 540)."""
    return _copies(45)


def test_small_groups_are_drawn_patient_by_patient(report: mo.StudyReport) -> None:
    """At and below the threshold every pair is a line; above it none is."""
    ck = [r for r in report.within_rows if r.measure.name == "ck"]
    assert max(len(r.pairs) for r in ck) == 12
    assert not figures.summarised(ck, above=12) and figures.summarised(ck, above=11)
    kept = figures.paired_figure(report, "ck", summary_above=12)
    summary = figures.paired_figure(report, "ck", summary_above=11)

    def patients(ax: Any) -> list[LineCollection]:
        return [c for c in ax.collections if c.get_label() == "patient"]

    assert [len(patients(ax)[0].get_segments()) for ax in kept.axes] == [7, 12]
    assert not any(patients(ax) for ax in summary.axes)


def test_summary_paired_figure_draws_the_reports_quartiles(report: mo.StudyReport) -> None:
    """Above the threshold each panel's band runs between the report's quartiles and its line
    joins the report's medians; the title keeps the pairs and the p-value."""
    figure = figures.paired_figure(report, "ck", summary_above=3)
    rows = [r for r in report.within_rows if r.measure.name == "ck"]
    for ax, row in zip(figure.axes, rows, strict=True):
        (band,) = [c for c in ax.collections if c.get_label() == "quartiles"]
        corners = {tuple(v) for v in band.get_paths()[0].vertices}
        assert {
            (0.0, row.baseline.q1),
            (1.0, row.follow_up.q1),
            (0.0, row.baseline.q3),
            (1.0, row.follow_up.q3),
        } <= corners
        (median,) = [line for line in ax.get_lines() if line.get_label() == "median"]
        assert tuple(median.get_ydata()) == (row.baseline.median, row.follow_up.median)
    assert figure.axes[0].get_title() == "MMF + CNI\n7 pairs, P = 0.016"


def test_summary_change_figure_draws_no_patient(report: mo.StudyReport) -> None:
    """Above the threshold the change figure has no dot per patient, a histogram outline per
    group, and boxes that are still the report's quartiles."""
    figure = figures.change_figure(report, summary_above=3)
    measures = list(dict.fromkeys(r.measure.name for r in report.within_rows))
    for ax, measure in zip(figure.axes, measures, strict=False):
        rows = [r for r in report.within_rows if r.measure.name == measure]
        assert not [c for c in ax.collections if isinstance(c, PathCollection)]
        outlines = [c for c in ax.collections if isinstance(c, PolyCollection)]
        assert len(outlines) == sum(1 for r in rows if r.pairs)
        medians = [
            line.get_ydata()[0]
            for line in ax.get_lines()
            if line.get_color() == "#1b1b1b" and len(line.get_ydata()) == 2
        ]
        assert medians == [r.change.median for r in rows]
        boxes = [line.get_ydata() for line in ax.get_lines() if len(line.get_ydata()) == 5]
        assert [(min(b), max(b)) for b in boxes] == [(r.change.q1, r.change.q3) for r in rows]
        counted = sum(int(t.get_text().split()[0]) for t in ax.texts if "beyond" in t.get_text())
        beyond = 0
        for row in rows:
            reach = 1.5 * (row.change.q3 - row.change.q1)
            beyond += sum(
                not row.change.q1 - reach <= p.change <= row.change.q3 + reach for p in row.pairs
            )
        assert counted == beyond


def test_large_cohort_figures_stay_small(report: mo.StudyReport, large: mo.StudyReport) -> None:
    """With 540 pairs in a group the paired and change SVGs are no bigger than the example's
    summaries (they draw no patient), and the captions say the figures summarise."""
    ck = [r for r in large.within_rows if r.measure.name == "ck"]
    assert max(len(r.pairs) for r in ck) == 540 > figures.SUMMARY_ABOVE
    drawn = {f.name: f for f in figures.report_figures(large)}
    small = {
        "paired_ck": figures.paired_figure(report, "ck", summary_above=3),
        "changes": figures.change_figure(report, summary_above=3),
    }
    for name, figure in small.items():
        assert len(drawn[name].svg) < 1.2 * len(figures.svg_text(figure, name)), name
    assert len(drawn["paired_ck"].svg) < 40_000
    assert "the band spans the quartiles" in drawn["paired_ck"].caption
    assert "histogram of the changes between the whiskers" in drawn["changes"].caption
    mine = {f.name: f.caption for f in figures.report_figures(report)}
    assert "Each thin line is one patient" in mine["paired_ck"]
    assert "each dot is one patient" in mine["changes"]
