"""The PR figure is an SVG with no date, the same bytes for the same figures."""

from __future__ import annotations

from pathlib import Path

from bench.pr_figure import write_pr_figure

CURVES = {
    "generated": [(0.5, 0.99, 0.95), (0.88, 0.996, 0.92)],
    "febrl1": [(0.5, 1.0, 0.55), (0.88, 1.0, 0.47)],
}


def test_same_figures_same_bytes(tmp_path: Path) -> None:
    first = write_pr_figure(CURVES, 0.88, tmp_path / "a.svg").read_bytes()
    second = write_pr_figure(CURVES, 0.88, tmp_path / "b.svg").read_bytes()
    assert first == second
    assert first.lstrip().startswith(b"<?xml")
    assert b"<dc:date>" not in first


def test_other_figures_other_bytes(tmp_path: Path) -> None:
    moved = {**CURVES, "febrl1": [(0.5, 1.0, 0.6), (0.88, 1.0, 0.5)]}
    a = write_pr_figure(CURVES, 0.88, tmp_path / "a.svg").read_bytes()
    b = write_pr_figure(moved, 0.88, tmp_path / "b.svg").read_bytes()
    assert a != b
