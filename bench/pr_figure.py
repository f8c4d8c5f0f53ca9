"""The precision/recall picture of the dedupe evaluation, as an SVG that is the same each run.

matplotlib (a dev extra) is imported here only, through Figure and FigureCanvasAgg: no
pyplot, no GUI. A fixed svg.hashsalt and no Date in the metadata make the file
byte-identical between runs of the same figures, so it diffs only when they change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

Curve = Sequence[tuple[float, float, float]]  # (threshold, precision, recall)


def write_pr_figure(
    curves: Mapping[str, Curve], default: float, out: Path, scorer: str = "leadtool dedupe"
) -> Path:
    """One line per data set (FEBRL's dashed), recall across and precision up, zoomed to the
    precisions seen; a big dot at the default threshold."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "leadtool-dedupe-eval"
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 6))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colours = matplotlib.colormaps["tab20"].colors
    for i, (name, curve) in enumerate(curves.items()):
        recalls = [r for _, _, r in curve]
        precisions = [p for _, p, _ in curve]
        style = "--" if name.startswith("febrl") else "-"
        (line,) = ax.plot(
            recalls, precisions, style, marker=".", linewidth=1.2, label=name, color=colours[i % 20]
        )
        at = [(r, p) for t, p, r in curve if t == default]
        if at:
            ax.plot(*at[0], marker="o", markersize=8, color=line.get_color())
    ax.axhline(0.99, color="grey", linestyle="--", linewidth=0.8)
    ax.axvline(0.95, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel("recall (all true pairs of rows)")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1.01)
    lowest = min((p for curve in curves.values() for _, p, _ in curve), default=0.9)
    ax.set_ylim(min(0.98, math.floor(lowest * 100) / 100), 1.002)
    ax.set_title(
        f"{scorer} over thresholds (big dot: the default {default}); "
        "grey lines: precision 0.99, recall 0.95",
        fontsize=9,
    )
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out
