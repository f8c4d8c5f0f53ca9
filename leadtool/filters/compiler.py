"""The --where compiler: an expression -> one parameterised SQL boolean over `people`.

Owns `Compiled` and `compile_where`, and how and/or/not become SQL. `not` is two-valued: a
comparison that is unknown for a person (NULL, say `title = CMO` with no title) counts as false,
so `not title = CMO` includes that person, as `title != CMO` does. The SQL needs the functions
of leadtool.store.sqlfunctions registered on the connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtool.filters.conditions import compare
from leadtool.filters.parser import And, Compare, Node, Not, parse
from leadtool.filters.sqltext import Sql, fill, join


@dataclass(frozen=True)
class Compiled:
    sql: str  # a boolean SQL expression over `people`, only ? placeholders
    params: tuple[object, ...]


def compile_where(expr: str, *, now: datetime) -> Compiled:
    """Compile a --where expression; "" matches everyone. UsageError names the column at fault.

    `now` (timezone-aware) anchors `today` and `30 days ago`; the clock is never read here.
    """
    if now.utcoffset() is None:
        raise ValueError("compile_where needs a timezone-aware `now`")
    tree = parse(expr)
    if tree is None:
        return Compiled("1", ())
    sql = _compile(tree, now)
    return Compiled(sql.text, sql.params)


def _compile(node: Node, now: datetime) -> Sql:
    if isinstance(node, Compare):
        return compare(node, now)
    if isinstance(node, Not):
        return fill("NOT coalesce({}, 0)", _compile(node.operand, now))
    parts = [_compile(operand, now) for operand in node.operands]
    return join("AND" if isinstance(node, And) else "OR", parts)
