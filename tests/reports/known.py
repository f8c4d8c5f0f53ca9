"""A store whose every report figure is computed by hand (tests/reports/test_known_store.py).

Three lists, imported at known times (the import's clock is passed in), with costs; stage
moves forward, past stages, and back (a demotion with `stage set`); purchases and a refund
with `leadtool activity add`; one suppressed person; a cost set with `source set-cost`.

    person  lists (first first)        history (UTC, 2026)
    ann     Trade fair                 lead 01-05 10:00, mql 01-10, sql 01-20, buys 400 02-05 12:00
    bob     Trade fair, Webinar        lead 01-05, sql 01-12 (skips mql), back to lead 02-01
    cat     Trade fair, Bought list    lead 01-05, opportunity 01-15, buys 1000 02-20 12:00,
                                       500 03-01, refund -200 03-05 (lifetime value 1300)
    dan     Trade fair                 lead 01-05; suppressed
    eve     Webinar, Bought list       subscriber 01-31 23:30, lead 02-10 09:00 (the import)
    fay     Webinar                    subscriber 01-31 23:30
    gus     Bought list                lead 02-10 09:00, mql 02-15 10:00
    hal     Bought list                lead 02-10 09:00; an invalid email
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from leadtool.cli import app
from leadtool.imports.model import ImportOptions
from leadtool.imports.service import import_file
from leadtool.lifecycle import set_stage
from leadtool.store.connection import open_store
from tests.conftest import write_csv

NOW = "2026-03-31T00:00:00Z"
HEADER = ["First Name", "Last Name", "Email", "Company"]
FAIR = [
    HEADER,
    ["Ann", "Alpha", "ann@alpha.example", "Alpha Inc"],
    ["Bob", "Beta", "bob@beta.example", "Beta Inc"],
    ["Cat", "Gamma", "cat@gamma.example", "Gamma Inc"],
    ["Dan", "Delta", "dan@delta.example", "Delta Inc"],
    ["Ann", "Alpha", "ann@alpha.example", "Alpha Inc"],  # the same person twice in one file
    ["Nobody", "", "", ""],  # not a person: rejected
]
WEBINAR = [
    HEADER,
    ["Eve", "Eta", "eve@eta.example", "Eta Inc"],
    ["Bob", "Beta", "bob@beta.example", "Beta Inc"],
    ["Fay", "Phi", "fay@phi.example", "Phi Inc"],
]
BOUGHT = [
    HEADER,
    ["Gus", "Mu", "gus@mu.example", "Mu Inc"],
    ["Cat", "Gamma", "cat@gamma.example", "Gamma Inc"],
    ["Eve", "Eta", "eve@eta.example", "Eta Inc"],
    ["Hal", "Hotel", "hal@@bad", "Hotel Co"],
]
REJECT_REASON = (
    "not a person: no valid email, phone or LinkedIn profile, and no name with a company or "
    "postal code"
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build(db: Path, folder: Path) -> None:
    store = open_store(db)
    imports = [
        ("fair.csv", FAIR, ImportOptions(source="Trade fair", cost=300), "2026-01-05T10:00:00Z"),
        (
            "webinar.csv",
            WEBINAR,
            ImportOptions(source="Webinar", cost=100, stage="subscriber", consent="webinar form"),
            "2026-01-31T23:30:00Z",
        ),
        (
            "bought.csv",
            BOUGHT,
            ImportOptions(source="Bought list", stage="lead"),
            "2026-02-10T09:00:00Z",
        ),
    ]
    for name, rows, options, when in imports:
        path = write_csv(folder / name, rows)
        report = import_file(store, path, options, now=lambda when=when: when)  # type: ignore[misc]
        assert report.status == "imported"
    moves = [
        ("mql", "ann", "2026-01-10T10:00"),
        ("sql", "ann", "2026-01-20T10:00"),
        ("sql", "bob", "2026-01-12T10:00"),
        ("lead", "bob", "2026-02-01T10:00"),  # a demotion
        ("opportunity", "cat", "2026-01-15T10:00"),
        ("mql", "gus", "2026-02-15T10:00"),
    ]
    for stage, who, when in moves:
        set_stage(store, stage, f"first_name = {who}", now=at(when))
    store.close()
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.stderr)

    run("source", "set-cost", "Bought list", "50", "--currency", "EUR")
    for who, when, amount in (
        ("ann@alpha.example", "2026-02-05T12:00Z", "400"),
        ("cat@gamma.example", "2026-02-20T12:00Z", "1000"),
        ("cat@gamma.example", "2026-03-01T12:00Z", "500"),
        ("cat@gamma.example", "2026-03-05T12:00Z", "-200"),
    ):
        run("activity", "add", who, "purchase", "--at", when, "--amount", amount,
            "--currency", "EUR")  # fmt: skip
    run("suppress", "add", "dan@delta.example", "--reason", "unsubscribed")
