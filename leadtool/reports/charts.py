"""The reports as pictures: the funnel, per-source bars and growth lines, as PNG or SVG.

matplotlib through its object API only (`Figure` and the Agg canvas, never pyplot: no GUI,
no global state), imported here and only when a picture is asked for: it takes about a
second to import, which `--help` and table reports must not pay. It is the optional extra
`leadtool[plot]`; without it, asking for a picture is a one-line usage error. SVG output is
the same bytes on every run: a fixed hash salt for element ids and no date in the metadata.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from leadtool.errors import UsageError
from leadtool.reports.model import FunnelReport, GrowthReport, Report, SourcesReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INSTALL = "pip install 'leadtool[plot]'"
_SALT = "leadtool-report"
_COLOURS = ("#2f6fb0", "#e07b39", "#3a9a5b", "#c0504d", "#8064a2", "#4bacc6")


def _new_figure(width: float, height: float) -> Figure:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise UsageError(
            f"--plot and --html need matplotlib, which is not installed: {INSTALL}"
        ) from None
    matplotlib.rcParams["svg.hashsalt"] = _SALT
    matplotlib.rcParams["svg.fonttype"] = "path"  # no dependence on the reader's fonts
    return Figure(figsize=(width, height), layout="constrained")


def figures(report: Report) -> list[tuple[str, Figure]]:
    """The report's charts, each with a title."""
    if isinstance(report, FunnelReport):
        return [("Funnel", _funnel(report))]
    if isinstance(report, GrowthReport):
        return [("Growth", _growth(report))]
    return [("Cost per lead and conversion, per source", _sources(report))]


def render(figure: Figure, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes (the same bytes on every run for SVG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    figure.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
    return buffer.getvalue()


def write_plot(report: Report, path_suffix: str) -> bytes:
    """The report's first chart in the format its file name says (png or svg)."""
    fmt = path_suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise UsageError("--plot: give a file name ending in .png or .svg")
    return render(figures(report)[0][1], fmt)


def _funnel(report: FunnelReport) -> Figure:
    figure = _new_figure(7, 3.6)
    axes = figure.add_subplot()
    group = report.groups[0] if report.groups and report.by is None else None
    if group is None:  # per source or cohort: people reached per stage, one line a group
        for i, g in enumerate(report.groups[:6]):
            axes.plot(
                [s.stage for s in g.stages],
                [s.reached for s in g.stages],
                marker="o",
                color=_COLOURS[i % len(_COLOURS)],
                label=g.name + (" (immature)" if g.immature else ""),
            )
        if report.groups:
            axes.legend(fontsize=8)
    else:
        stages = [s.stage for s in group.stages][::-1]
        reached = [s.reached for s in group.stages][::-1]
        axes.barh(stages, reached, color=_COLOURS[0])
        for y, (value, row) in enumerate(zip(reached, group.stages[::-1], strict=True)):
            share = row.cumulative.value
            text = f"{value:,}" + ("" if share is None else f"  ({share:.0%})")
            axes.annotate(
                text, (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
            )
    axes.set_title(f"People who reached each stage ({report.context.timezone})", fontsize=10)
    return figure


def _sources(report: SourcesReport) -> Figure:
    figure = _new_figure(7, 3.6)
    left, right = figure.subplots(1, 2)
    names = [r.name for r in report.rows]
    cpl = [r.cost_per_lead or 0.0 for r in report.rows]
    conversion = [(r.conversion.value or 0.0) * 100 for r in report.rows]
    left.barh(names, cpl, color=_COLOURS[1])
    left.set_title(f"Cost per lead ({report.context.currency or 'cost'})", fontsize=10)
    right.barh(names, conversion, color=_COLOURS[2])
    right.set_title("Conversion to customer (%)", fontsize=10)
    right.set_yticks(range(len(names)), [""] * len(names))
    for axes in (left, right):
        axes.tick_params(labelsize=8)
        axes.invert_yaxis()
    return figure


def _growth(report: GrowthReport) -> Figure:
    figure = _new_figure(7, 3.6)
    axes = figure.add_subplot()
    labels = [p.label for p in report.periods]
    for i, stage in enumerate(report.totals):
        axes.plot(
            labels,
            [p.counts[stage] for p in report.periods],
            marker="o",
            color=_COLOURS[i % len(_COLOURS)],
            label=stage,
        )
    axes.legend(fontsize=8, ncols=3)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.set_title(
        f"People reaching each stage per {report.by} ({report.context.timezone})", fontsize=10
    )
    return figure
