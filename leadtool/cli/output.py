"""Where output goes, and how counts read.

The result of a read command (`people list`, `stats`, a table) goes to stdout through `out`,
so `| grep`, `| less` and `> file` work; progress, warnings, errors and the summary of a
write command go to stderr through `err`. Colours and progress bars only on a terminal;
cron and pipes get plain lines, and without a terminal no cell is cut to fit a width.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console, RenderableType

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Wide enough for any row of any table: rich then sizes each column to its content.
UNCUT_WIDTH = 100_000


def print_json(data: Any) -> None:
    """One JSON document on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def print_table(table: RenderableType, console: Console | None = None) -> None:
    """A table on stdout (or `console`): fitted to a terminal, never cut in a pipe or a file."""
    target = console or out
    if target.is_terminal:
        target.print(table)
        return
    # Console.print(width=) only narrows; a console of its own is the way to widen.
    Console(file=target.file, width=UNCUT_WIDTH, highlight=False, color_system=None).print(table)


def show(line: str) -> None:
    """A line of a read command's result on stdout, printed as written (no rich markup)."""
    out.print(line, markup=False)


def say(line: str) -> None:
    """A message on stderr (summary, warning, progress), printed as written."""
    err.print(line, markup=False)


def plural(n: int, one: str, many: str | None = None) -> str:
    """`1 row`, `2 rows`, `1,000 people`: the count with the word that agrees with it."""
    word = one if n == 1 else (many or one + "s")
    return f"{n:,} {word}"


def is_terminal() -> bool:
    return err.is_terminal
