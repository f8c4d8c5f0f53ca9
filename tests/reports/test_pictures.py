"""--plot and --html: pictures through matplotlib's object API, imported only when asked for;
SVG the same bytes on every run; one offline web page; a clear line when matplotlib is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadtool.cli import app

NOW = ("--now", "2026-03-31T00:00:00Z", "--tz", "UTC")


def invoke(store: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(store), "report", *args, *NOW])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["funnel", "sources", "growth"])
def test_svg_is_the_same_bytes_on_every_run(store: Path, tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert invoke(store, name, "--plot", str(first))[0] == 0
    assert invoke(store, name, "--plot", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert "<dc:date>" not in text  # no date in the metadata


def test_png_and_the_table_both(store: Path, tmp_path: Path) -> None:
    picture = tmp_path / "funnel.png"
    code, out, err = invoke(store, "funnel", "--plot", str(picture))
    assert code == 0, err
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Funnel from stage history" in out  # the table still goes to stdout
    assert f"Wrote {picture}." in err


def test_plot_refuses_other_kinds_of_file(store: Path, tmp_path: Path) -> None:
    code, out, err = invoke(store, "funnel", "--plot", str(tmp_path / "funnel.pdf"))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        f"Error: --plot {tmp_path / 'funnel.pdf'}: give a file name ending in .png or .svg"
    ]


@pytest.mark.parametrize("name", ["funnel", "sources", "growth"])
def test_the_web_page_is_one_self_contained_file(store: Path, tmp_path: Path, name: str) -> None:
    page = tmp_path / "report.html"
    code, _, err = invoke(store, name, "--html", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html.lower()
    assert "<svg" in html and "<style>" in html
    # Nothing is fetched: no src= or stylesheet link, and the only URLs are SVG's namespaces.
    assert " src=" not in html and "<link" not in html and "url(http" not in html
    urls = {part.split('"')[0] for part in html.split('"http')[1:]}
    assert urls <= {"://www.w3.org/2000/svg", "://www.w3.org/1999/xlink"}
    assert "Time zone: UTC." in html
    assert "overflow-x:auto" in html  # wide tables scroll in their box on a phone


def test_the_page_holds_every_table_of_the_report(store: Path, tmp_path: Path) -> None:
    page = tmp_path / "sources.html"
    assert invoke(store, "sources", "--html", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "What each source&#x27;s lists held" in html
    assert "What each source cost and brought (attribution: first)" in html
    assert '<td class="text">Trade fair</td><td>300.00</td>' in html
    assert '<tr class="total"><td class="text">total</td><td>450.00</td>' in html


def test_without_matplotlib_a_picture_is_one_line_and_exit_2(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a machine without the `plot` extra: importing matplotlib fails."""
    for module in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    for option, name in (("--plot", "f.svg"), ("--html", "f.html")):
        code, out, err = invoke(store, "funnel", option, str(tmp_path / name))
        assert code == 2 and out == ""
        assert err.strip().splitlines() == [
            "Error: --plot and --html need matplotlib, which is not installed: "
            "pip install 'leadtool[plot]'"
        ]
        assert not (tmp_path / name).exists()
    assert invoke(store, "funnel")[0] == 0  # tables need no matplotlib


def test_help_and_table_reports_do_not_import_matplotlib(store: Path) -> None:
    """matplotlib takes about a second to import: only a picture may pay for it."""
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from leadtool.cli import app\n"
        "r = CliRunner()\n"
        "assert r.invoke(app, ['--help']).exit_code == 0\n"
        "assert r.invoke(app, ['report', 'funnel', '--help']).exit_code == 0\n"
        "assert 'matplotlib' not in sys.modules, 'after --help'\n"
        f"db = {str(store)!r}\n"
        "for name in ('funnel', 'sources', 'growth'):\n"
        "    for fmt in ('table', 'json', 'csv'):\n"
        "        res = r.invoke(app, ['--db', db, 'report', name, '--format', fmt])\n"
        "        assert res.exit_code == 0, res.stderr\n"
        "assert 'matplotlib' not in sys.modules, 'after a table report'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
