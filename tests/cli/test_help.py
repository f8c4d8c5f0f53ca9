"""Every `--help` page reads as help for people: no Python types, whole option names, whole
sentences, and an example (issue 20, item 20)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from leadtool.cli import app
from tests.conftest import Run

# typer carries its own copy of click: groups are told apart by their subcommands.
Command = Any


def is_group(command: Command) -> bool:
    return hasattr(command, "commands")


def resolve(path: tuple[str, ...]) -> Command:
    command = typer.main.get_command(app)
    for word in path:
        command = command.commands[word]
    return command


PYTHON_TYPES = ("<bool>", "<str>", "<int", "<float", "<path>", "list[", "range>", "{", "<Path>")


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the app, as the words a user types."""
    found: list[tuple[str, ...]] = [()]

    def walk(group: Command, prefix: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            found.append((*prefix, name))
            if is_group(command):
                walk(command, (*prefix, name))

    walk(typer.main.get_command(app), ())
    return found


def leaf_commands() -> list[tuple[str, ...]]:
    """Commands that run something (dedupe is a group that runs too)."""
    return [p for p in command_paths() if not is_group(resolve(p)) or p == ("dedupe",)]


PATHS = command_paths()


def option_names(path: tuple[str, ...]) -> list[str]:
    return [
        o
        for p in resolve(path).params
        if not getattr(p, "hidden", False)
        for o in p.opts
        if o.startswith("--")
    ]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "leadtool")
def test_help_shows_no_python_types(run: Run, path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    for python in PYTHON_TYPES:
        assert python not in result.stdout, (python, result.stdout)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "leadtool")
def test_help_fits_80_columns_with_whole_option_names(
    run: Run, path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = run(*path, "--help").stdout
    assert max(len(line) for line in text.splitlines()) <= 80, text
    assert "…" not in text
    # a command's summary cut short ("map, validate,..."), not a metavar such as FILE...
    assert not re.search(r"[a-z,;:]\.\.\.$", text, re.M), text
    for name in option_names(path):
        assert re.search(rf"(^|[\s,/]){re.escape(name)}([\s,=]|$)", text, re.M), (name, text)


@pytest.mark.parametrize("path", leaf_commands(), ids=lambda p: " ".join(p) or "leadtool")
def test_every_command_has_one_whole_example_line(run: Run, path: tuple[str, ...]) -> None:
    text = run(*path, "--help").stdout
    examples = [line.strip() for line in text.splitlines() if "Example:" in line]
    assert len(examples) == 1, text
    assert examples[0].startswith("Example: leadtool " + " ".join(path))
    # the example is one line, however wide: a command cut in two cannot be pasted
    example = examples[0]
    assert example.count("'") % 2 == 0 and example.count('"') % 2 == 0, example


def test_paragraphs_are_wrapped_as_sentences_not_as_the_source_lines(run: Run) -> None:
    text = run("export", "--help").stdout
    flat = " ".join(text.split())
    assert "forgotten) are never exported, whatever the filter says." in flat
    # a docstring's own line break does not survive as a short, broken line
    lines = [line.strip() for line in text.splitlines()]
    assert (
        "exported" not in lines and "person's contacted_count and sets last_contacted." not in lines
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("people", "list", "--limit", "0"), "give 1 or more"),
        (("exports", "list", "--limit", "0"), "give 1 or more"),
        (("segment", "show", "x", "--limit", "-1"), "give 0 or more"),
        (("import", "x.csv", "--cost", "-5"), "give 0 or more"),
    ],
)
def test_number_limits_hold_without_showing_python_ranges(
    run: Run, args: tuple[str, ...], says: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2 and says in result.stderr
