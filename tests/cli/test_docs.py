"""The docs agree with the commands (issue 15, item 6): docs/cli-reference.md is every
command's `--help` as `make docs` writes it today, and README.md's table of commands names
every command there is, and no other. A help text changed without `make docs`, or a command
added without a line in the table, fails here."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.cli.test_help import command_paths, is_group, resolve
from tools.cli_reference import PAGE, WIDTH, help_text, render, title

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def runnable_commands() -> set[str]:
    """What a user can run: every command, and a group that runs itself (`dedupe`)."""
    return {
        " ".join(path)
        for path in command_paths()
        if path and (not is_group(command := resolve(path)) or command.invoke_without_command)
    }


def expand(item: str) -> list[str]:
    """`imports list/show/undo` -> `imports list`, `imports show`, `imports undo`."""
    *group, last = item.split()
    return [" ".join([*group, name]) for name in last.split("/")]


def table_commands(text: str) -> set[str]:
    """The commands in the second column of the README's `| who | commands |` table."""
    lines = text.splitlines()
    start = lines.index("| who | commands |") + 2  # after the header and its rule
    found: set[str] = set()
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cell = line.split("|")[2]
        for item in cell.split("`")[1::2]:
            found.update(expand(item))
    return found


def test_expand_reads_the_tables_shorthand() -> None:
    assert expand("imports list/show/rejects/undo") == [
        "imports list",
        "imports show",
        "imports rejects",
        "imports undo",
    ]
    assert expand("stats") == ["stats"] and expand("stage set") == ["stage set"]


def test_the_readme_table_lists_every_command_and_no_other() -> None:
    listed, real = table_commands(README.read_text(encoding="utf-8")), runnable_commands()
    assert "dedupe" in real and "imports list" in real and "imports" not in real
    assert not real - listed, f"README.md's table of commands lacks {sorted(real - listed)}"
    assert not listed - real, f"README.md's table names no such command {sorted(listed - real)}"


def test_table_commands_reads_every_row_of_the_table_only() -> None:
    text = "\n".join(
        [
            "| who | commands |",
            "| --- | --- |",
            "| importing | `import`, `imports list/undo` |",
            "| privacy | `forget` |",
            "",
            "| other | `not a command` |",
        ]
    )
    assert table_commands(text) == {"import", "imports list", "imports undo", "forget"}


def out_of_date(committed: str, fresh: str) -> str:
    """What the developer reads when the page is stale: the fix, then the first changes."""
    diff = difflib.unified_diff(
        committed.splitlines(), fresh.splitlines(), "committed", "--help now", lineterm="", n=1
    )
    return "\n".join(
        [
            "docs/cli-reference.md differs from the commands' --help: run `make docs` and "
            "commit docs/cli-reference.md.",
            *list(diff)[:60],
        ]
    )


def test_the_cli_reference_is_the_help_of_today() -> None:
    committed = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    fresh = render()
    assert committed == fresh, out_of_date(committed, fresh)


def test_a_stale_reference_says_to_run_make_docs_and_shows_the_change() -> None:
    message = out_of_date("Usage: leadtool x\n  Old help.\n", "Usage: leadtool x\n  New help.\n")
    assert message.splitlines()[0].startswith("docs/cli-reference.md differs")
    assert "run `make docs`" in message
    assert "-  Old help." in message and "+  New help." in message


def test_the_cli_reference_has_a_section_for_every_command() -> None:
    headings = [
        line.removeprefix("## ")
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]
    assert headings == [title(p) for p in command_paths()]


@pytest.mark.parametrize(
    "environment",
    [
        {"COLUMNS": "40"},
        {"COLUMNS": "300", "CI": "true", "FORCE_COLOR": "1", "TERM": "xterm-256color"},
        {"LEADTOOL_REGION": "FR", "NO_COLOR": "1", "TERM": "dumb"},
    ],
    ids=["narrow", "wide-ci-colour", "other-region"],
)
def test_the_help_is_rendered_the_same_whatever_the_terminal(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    """A developer's terminal and CI (no terminal, CI=true) write the same page."""
    expected = help_text(("export",))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    text = help_text(("export",))
    assert text == expected
    assert "\x1b" not in text and max(len(line) for line in text.splitlines()) <= WIDTH


def test_the_readme_points_to_the_cli_reference_and_to_make_docs() -> None:
    text = README.read_text(encoding="utf-8")
    assert "(docs/cli-reference.md)" in text
    assert "make docs" in text
