"""README.md's table of commands names every command there is, and no other (issue 15,
item 6): a command added to the app without a line in the table fails here."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_help import command_paths, is_group, resolve

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
