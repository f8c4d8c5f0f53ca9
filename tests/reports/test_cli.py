"""The report commands' options and errors: zero denominators, zones, dates, filters, costs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from leadtool.store.connection import open_store
from tests.conftest import Run
from tests.reports.test_known_store import report, table_rows

NOW = ("--now", "2026-03-31", "--tz", "UTC")


@pytest.fixture
def empty(isolated_store: Path) -> Path:
    open_store(isolated_store).close()
    return isolated_store


def test_zero_denominators_are_a_dash_in_tables_and_null_in_json(run: Run, empty: Path) -> None:
    text = run("report", "funnel", *NOW)
    assert text.exit_code == 0, text.stderr
    [rows] = table_rows(text.stdout)
    assert rows[1] == ["lead", "0", "0", "—", "—", "—", "—", "0", "0"]
    data = json.loads(run("report", "funnel", *NOW, "--format", "json").stdout)
    lead = data["groups"][0]["stages"][1]
    assert lead["next_step"] == {"numerator": 0, "denominator": 0, "value": None}
    assert lead["median_days"] is None and lead["mean_days"] is None
    sources = json.loads(run("report", "sources", *NOW, "--format", "json").stdout)
    assert sources["rows"] == []
    total = sources["total"]
    assert total["cost"] is None and total["cost_per_lead"] is None
    assert total["valid_email"]["value"] is None and total["return_on_cost"] is None
    for name in ("funnel", "sources", "growth"):
        for fmt in ("json", "csv"):
            text = run("report", name, *NOW, "--format", fmt).stdout
            assert "NaN" not in text and "inf" not in text.lower()


def test_every_report_prints_the_zone_it_used(run: Run, empty: Path) -> None:
    for name in ("funnel", "sources", "growth"):
        out = run("report", name, "--now", "2026-03-31", "--tz", "Asia/Kolkata").stdout
        assert out.splitlines()[0] == "Time zone: Asia/Kolkata. As of 2026-03-31T23:59:59+05:30."
        data = json.loads(
            run("report", name, "--tz", "America/New_York", "--format", "json").stdout
        )
        assert data["timezone"] == "America/New_York"


def test_the_system_zone_is_the_default(
    run: Run, empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    data = json.loads(run("report", "growth", "--format", "json").stdout)
    assert data["timezone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("funnel", "--tz", "Mars/Olympus"), "--tz: no time zone named 'Mars/Olympus'"),
        (("funnel", "--since", "31/01/2026"), "--since: '31/01/2026' is not a date"),
        (("growth", "--since", "2026-03-01", "--until", "2026-02-01"), "--until: give a date"),
        (("funnel", "--by", "week"), "--by: give source or month, not 'week'"),
        (("growth", "--by", "day"), "--by: give week or month, not 'day'"),
        (("sources", "--attribution", "linear"), "--attribution: give one of first, last"),
        (("funnel", "--where", "shoe_size = 3"), "shoe_size"),
    ],
)
def test_a_wrong_option_is_one_line_and_exit_2(
    run: Run, empty: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("report", *args)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert result.stdout == ""


def test_no_store_yet_is_one_line(run: Run) -> None:
    result = run("report", "funnel")
    assert result.exit_code == 1
    assert "no leadtool store here yet" in result.stderr and "Traceback" not in result.stderr


def test_where_chooses_the_people(store: Path) -> None:
    data = json.loads(report(store, "funnel", "--where", "email ~ gamma", "--format", "json"))
    reached = [s["reached"] for s in data["groups"][0]["stages"]]
    assert reached == [1, 1, 1, 1, 1, 1]  # cat: lead, past mql and sql to opportunity, bought
    assert data["where"] == "email ~ gamma"


def test_since_and_until_are_days_in_the_zone(store: Path) -> None:
    """eve and fay arrived at 23:30 UTC on 31 January: 1 February in Paris."""
    args = ("--since", "2026-02-01", "--until", "2026-02-01", "--format", "json")
    utc = json.loads(report(store, "funnel", *args))
    assert utc["groups"][0]["stages"][0]["reached"] == 0
    assert (
        utc["since"] == "2026-02-01T00:00:00+00:00" and utc["until"] == "2026-02-02T00:00:00+00:00"
    )
    paris = json.loads(report(store, "funnel", *args, tz="Europe/Paris"))
    assert paris["groups"][0]["stages"][0]["reached"] == 2


def test_set_cost_changes_that_source_only(run: Run, store: Path) -> None:
    result = run("--db", str(store), "source", "set-cost", "Webinar", "80.5", "--currency", "eur")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "Cost of 'Webinar': 80.50 EUR."
    data = json.loads(report(store, "sources", "--format", "json"))
    assert [(r["name"], r["cost"]) for r in data["rows"]] == [
        ("Trade fair", 300),  # its imports' --cost, untouched
        ("Webinar", 80.5),  # the cost set replaces the import's 100
        ("Bought list", 50),
    ]
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT cost FROM batches ORDER BY id").fetchall() == [
        (300,),
        (100,),
        (None,),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nowhere", "10"), "NAME: no import has the source 'Nowhere'; sources: 'Bought list'"),
        (("Webinar", "10", "--currency", "USD"), "the store counts money in EUR"),
        (("Webinar", "10", "--currency", "EURO"), "three-letter code"),
        (("Webinar", "--", "-5"), "AMOUNT: give a cost of 0 or more"),
    ],
)
def test_set_cost_refuses_what_it_cannot_store(
    run: Run, store: Path, args: tuple[str, ...], message: str
) -> None:
    before = sqlite3.connect(store).execute("SELECT * FROM source_costs").fetchall()
    result = run("--db", str(store), "source", "set-cost", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sqlite3.connect(store).execute("SELECT * FROM source_costs").fetchall() == before


def test_a_picture_or_page_never_overwrites_the_store(run: Run, store: Path) -> None:
    before = store.read_bytes()
    result = run("--db", str(store), "report", "funnel", "--html", str(store))
    assert result.exit_code == 2 and "is the store itself" in result.stderr
    svg = store.with_suffix(".svg")
    store.rename(svg)  # a store whose name a picture could have
    result = run("--db", str(svg), "report", "funnel", "--plot", str(svg))
    assert result.exit_code == 2 and "is the store itself" in result.stderr
    assert svg.read_bytes() == before


def test_an_undone_import_is_left_out_of_the_sources(run: Run, store: Path) -> None:
    """Undoing the Bought list (--force: gus was moved to MQL since) removes gus and hal,
    whom it created, and its row."""
    undo = run("--db", str(store), "imports", "undo", "3", "--force", "--json")
    assert undo.exit_code == 0, undo.stderr
    data = json.loads(report(store, "sources", "--format", "json"))
    assert [r["name"] for r in data["rows"]] == ["Trade fair", "Webinar"]
    assert data["people_in_store"] == 6
    assert data["total"]["rows_read"] == 9


def test_a_page_is_written_whole_or_not_at_all(
    run: Run, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that cannot be put in place leaves the one already there as it was, and no
    temporary file; a page written is readable by others (a report is for sharing)."""
    (tmp_path / "out").mkdir()
    page = tmp_path / "out" / "report.html"
    assert run("--db", str(store), "report", "funnel", *NOW, "--html", str(page)).exit_code == 0
    good = page.read_bytes()
    assert page.stat().st_mode & 0o044  # not private: the user's umask decides
    monkeypatch.setattr(Path, "replace", _full_disk)
    result = run("--db", str(store), "report", "sources", *NOW, "--html", str(page))
    assert result.exit_code != 0 and "Traceback" not in result.stderr
    assert page.read_bytes() == good
    assert [p.name for p in page.parent.iterdir()] == ["report.html"]


def _full_disk(self: Path, target: object) -> Path:
    raise OSError(28, "No space left on device")
