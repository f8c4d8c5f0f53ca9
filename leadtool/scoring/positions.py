"""Where each table and key of a rules file is written: line and column, from the raw text.

tomllib gives values without positions, so this module reads the lines itself for what the
checks need to point at: the `[[fit]]`, `[[engagement]]` and `[[trigger]]` headers (counted,
so the third `[[fit]]` is `("fit", 2)`), plain tables (`[caps.groups]` is `("caps", "groups")`)
and every `key = value` under them. Only lines that tomllib accepted are indexed, so the
shapes here are the few TOML allows; a multi-line string's lines are skipped, not read as keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TablePath = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*""")
_TRIPLE = ('"""', "'''")


@dataclass(frozen=True)
class Spot:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Positions:
    """Headers by table path; for each (table path, key), where the key and its value start."""

    tables: dict[TablePath, Spot] = field(default_factory=dict)
    keys: dict[tuple[TablePath, str], tuple[Spot, Spot]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def table(self, path: TablePath) -> Spot:
        """The table's header; the file's start for the top level or a table not written."""
        return self.tables.get(path, Spot(1, 1))

    def key(self, path: TablePath, key: str) -> Spot:
        """Where `key` starts (for an unknown key): the first header of its own tables when it
        is a table (`[scoring]`, `[[scoring]]`, `[scoring.x]`), else its table's header."""
        found = self.keys.get((path, key))
        if found:
            return found[0]
        prefix = (*path, key)
        own = [spot for p, spot in self.tables.items() if p[: len(prefix)] == prefix]
        return min(own, key=lambda s: s.line) if own else self.table(path)

    def inside(self, start: Spot, offset: int) -> Spot:
        """The spot `offset` characters into the string value that starts (quote) at `start`.

        Exact for literal strings ('...', \'\'\'...\'\'\'), which have no escapes; a basic string
        with escapes is off by what they shorten. A newline right after the opening triple
        quote is not part of the value, as in TOML.
        """
        line, col = start.line, start.col
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        quotes = 3 if text[col - 1 : col + 2] in _TRIPLE else 1
        col += quotes
        if quotes == 3 and col > len(text) and line < len(self.lines):
            line, col = line + 1, 1
        for _ in range(offset):
            text = self.lines[line - 1] if line <= len(self.lines) else ""
            if col > len(text) and line < len(self.lines):
                line, col = line + 1, 1
            else:
                col += 1
        return Spot(line, col)

    def value(self, path: TablePath, key: str) -> Spot:
        """Where the value of `key` starts (for a wrong value); else its table's header."""
        found = self.keys.get((path, key))
        return found[1] if found else self.table(path)


def index(text: str) -> Positions:
    """The positions of every header and key of `text` (a file tomllib has parsed)."""
    positions = Positions(lines=text.splitlines())
    counts: dict[str, int] = {}
    path: TablePath = ()
    closing: str | None = None  # inside a multi-line string: the quotes that end it
    for number, line in enumerate(positions.lines, start=1):
        if closing is not None:
            closing = None if closing in line else closing
            continue
        if match := _ARRAY_HEADER.match(line):
            name = _unquote(match.group(1))
            counts[name] = counts.get(name, -1) + 1
            path = (name, counts[name])
            positions.tables[path] = Spot(number, _indent(line))
        elif (match := _TABLE_HEADER.match(line)) and not line.lstrip().startswith("[["):
            path = tuple(_unquote(part) for part in match.group(1).split("."))
            positions.tables[path] = Spot(number, _indent(line))
        elif match := _KEY.match(line):
            key, under = _dotted(match.group(1), path)
            positions.keys[(under, key)] = (
                Spot(number, match.start(1) + 1),
                Spot(number, match.end() + 1),
            )
            closing = _opens_multiline(line[match.end() :])
    return positions


def _dotted(word: str, path: TablePath) -> tuple[str, TablePath]:
    """`groups.content = 20` under [caps] is key `content` of table ("caps", "groups")."""
    if word[0] in "\"'":
        return _unquote(word), path
    *tables, key = word.split(".")
    return key, (*path, *tables)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) + 1


def _unquote(word: str) -> str:
    word = word.strip()
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'" else word


def _opens_multiline(value: str) -> str | None:
    """The quotes that close a multi-line string this value opens and does not close."""
    for quotes in _TRIPLE:
        if value.startswith(quotes) and quotes not in value[3:]:
            return quotes
    return None
