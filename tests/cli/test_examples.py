"""Every `leadtool ...` example of README.md and of each command's `--help` runs as written
(issue 20, item 19), against a store built from sample_data/ plus a few known people.

Each example gets a fresh copy of that store, in a temporary folder that holds the files
the examples name; absolute paths (`/var/backups/...`) are moved into that folder.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from leadtool.cli import app
from leadtool.scoring.example import EXAMPLE_RULES
from tests.cli.test_help import command_paths, resolve
from tests.conftest import Run, write_csv

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_data"

# Examples that are meant to stop, with the exit code the README documents.
EXPECTED_CODES = {
    "leadtool forget jane@example.com": 2,  # asks on a terminal; refuses without one
    "leadtool dedupe --auto-merge --review": 2,  # --review needs a terminal
    # The store's people of import 3 were exported: undo says so and asks for --force.
    "leadtool imports undo 3": 1,
}

# People the examples name, and pairs that dedupe merges so that merge 12 exists.
TEAM = [
    ["First Name", "Last Name", "Email", "Phone", "Company", "Title", "Country"],
    ["Jane", "Doe", "jane.doe@example.com", "+1 415 555 0134", "Example Co", "CMO", "US"],
    ["Jane", "Roe", "jane@example.com", "", "Example Co", "Head of Marketing", "US"],
    *(
        [
            first,
            last,
            f"{first.lower()}@{last.lower()}-works.example",
            "",
            f"{last} Works",
            "",
            "US",
        ]
        for pair in (
            ("Robert", "Bob"),
            ("William", "Bill"),
            ("Elizabeth", "Liz"),
            ("Katherine", "Kate"),
            ("Michael", "Mike"),
            ("Thomas", "Tom"),
            ("James", "Jim"),
            ("Richard", "Rick"),
        )
        for first, last in ((pair[0], f"Q{pair[0][:4]}"), (pair[1], f"Q{pair[0][:4]}"))
    ),
]


def readme_examples() -> list[str]:
    """The lines of README.md's code blocks that run leadtool, comments left out."""
    found, inside = [], False
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside and line.startswith("leadtool "):
            found.append(shlex.join(shlex.split(line, comments=True)))
    return found


def help_examples() -> list[str]:
    """The Example: line of every command's help."""
    found = []
    for path in command_paths():
        for line in (resolve(path).help or "").splitlines():
            if line.strip().startswith("Example: "):
                found.append(line.strip().removeprefix("Example: "))
    return found


EXAMPLES = sorted(set(readme_examples()) | set(help_examples()))


def build_store(db: Path, folder: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.stderr)

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".csv", ".tsv", ".xlsx", ".json"))
    run("import", *map(str, samples), "--source", "sample data", "--json")
    run("import", str(write_csv(folder / "team.csv", TEAM)), "--source", "team", "--json")
    run("segment", "save", "US marketers", "--where", "country = US and title ~ marketing")
    run("suppress", "add", "jane@example.com", "--reason", "unsubscribed")
    run("export", "--where", "stage <= mql", "-o", str(folder / "first.csv"))
    run("dedupe", "--auto-merge")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample-store")
    build_store(folder / "store" / "leadtool.db", folder)
    return folder / "store"


def input_files(folder: Path) -> None:
    """The files the examples read, made from the sample exports."""
    for name in ("CMO search.xlsx", "contacts.xlsx", "leads.xlsx", "attendees.xlsx"):
        shutil.copy(SAMPLES / "conference_attendees.xlsx", folder / name)
    for name, sample in (
        ("attendees.csv", "apollo_contacts.csv"),
        ("purchased.csv", "linkedin_sales_navigator.csv"),
        ("webinar.csv", "google_contacts.csv"),
        ("unsubscribed_members_export.csv", "mailchimp_audience.csv"),
        ("bounces.csv", "mailchimp_audience.csv"),
    ):
        shutil.copy(SAMPLES / sample, folder / name)
    (folder / "rules.toml").write_text(EXAMPLE_RULES, encoding="utf-8")
    odd = [["Mail perso", "Boite", "Nom"], ["zoe@example.org", "Zed SA", "Zoé Zed"]]
    write_csv(folder / "odd.csv", odd)
    activity_files(folder)


def activity_files(folder: Path) -> None:
    """What `activity import` examples read: events of a person of the store, and of one
    nobody stored (rejected, or created with --create)."""
    rows = [
        ["Email", "Activity", "Timestamp", "Details"],
        ["jane.doe@example.com", "webinar", "2026-03-01T10:00:00+01:00", "Q1 launch"],
        ["nobody@example.org", "download", "2026-03-02", "white paper"],
    ]
    write_csv(folder / "activity.csv", rows)
    purchases = [["Email Address", "Event", "Date", "Amount"]]
    write_csv(
        folder / "purchases.csv",
        [*purchases, ["jane.doe@example.com", "purchase", "2026-03-05", "490"]],
    )
    book = xlsxwriter.Workbook(str(folder / "webinar-attendees.xlsx"))
    sheet = book.add_worksheet("Attendees")
    sheet.write_row(0, 0, ["Email", "Attended At"])
    sheet.write_row(1, 0, ["jane.doe@example.com", "2026-03-01 10:00"])
    book.close()


@pytest.fixture
def example_folder(
    sample_store: Path, isolated_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    shutil.copytree(sample_store, isolated_store.parent, dirs_exist_ok=True)
    folder = tmp_path / "work"
    folder.mkdir()
    input_files(folder)
    monkeypatch.chdir(folder)
    yield folder


def in_folder(words: list[str], folder: Path) -> list[str]:
    """Absolute paths of an example (a backup folder) moved into the test's folder."""
    return [str(folder / w.lstrip("/")) if w.startswith("/") else w for w in words]


def test_examples_are_found() -> None:
    assert len(readme_examples()) > 40 and len(help_examples()) >= 25
    assert any("--columns" in e for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs(run: Run, example_folder: Path, example: str) -> None:
    words = shlex.split(example)
    assert words[0] == "leadtool"
    if "dedupe apply" in example:  # the file a reviewer fills in, written by dedupe itself
        name = words[-1]
        assert run("dedupe", "--min-score", "0.1", "--export-candidates", name).exit_code == 0
    if words[1] == "score":  # its rules file beside the store, where `rules init` writes it
        shutil.copy(example_folder / "rules.toml", Path(os.environ["LEADTOOL_DB"]).parent)
    result = run(*in_folder(words[1:], example_folder))
    expected = EXPECTED_CODES.get(example, 0)
    assert result.exit_code == expected, (example, result.stderr[-2000:])
    assert "Traceback" not in result.stderr


def test_the_help_and_the_readme_mention_the_same_commands() -> None:
    """Each group's examples name real commands (a renamed command breaks its example)."""
    names = {" ".join(p) for p in command_paths() if p}
    for example in EXAMPLES:
        words = [w for w in shlex.split(example)[1:3] if not w.startswith("-")]
        assert words[0] in names or " ".join(words) in names, example
        assert re.match(r"leadtool [a-z]", example), example


@pytest.mark.parametrize(
    ("preset", "header"),
    [("generic", "email,first_name"), ("mailchimp", "Email Address,First Name")],
)
def test_columns_by_the_names_a_marketer_writes(
    run: Run, example_folder: Path, preset: str, header: str
) -> None:
    """`--columns "Email,First Name"` (the help's example) works with any preset: a name is
    the preset's header or leadtool's field (email, first name), and the file gets the
    preset's headers."""
    out = example_folder / f"{preset}.csv"
    args = ("--where", "country = US", "--preset", preset, "--no-record")
    result = run("export", *args, "--columns", "Email,First Name", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == header
    wrong = run("export", *args, "--columns", "Email,Shoe Size", "-o", str(out))
    assert wrong.exit_code == 2 and "no column 'Shoe Size'" in wrong.stderr
