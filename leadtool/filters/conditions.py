"""One comparison of the --where language -> SQL, by field kind.

Owns which operators each kind of field takes and the SQL each (field kind, operator) pair
becomes. Shared rules: text compares casefolded on both sides through `lt_fold` (Unicode-aware,
PITFALLS #8) and `~` is `instr` on folded text, so `%` and `_` are plain characters; `!=` and
`not in` include people with no value; `is empty` means NULL or ''. Stage order and flag lists
are resolved here in Python so the SQL stays simple and index-friendly.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from datetime import datetime

from leadtool.filters.fields import Field, Kind
from leadtool.filters.parser import Compare
from leadtool.filters.sqltext import FALSE, Sql, fill, join, many
from leadtool.filters.tokens import where_error
from leadtool.filters.values import NUMBER, When, country_code, read_date, read_number, read_stage
from leadtool.normalize.stages import STAGES, stage_rank

ORDERING = ("<", "<=", ">", ">=")
EMPTY = ("is empty", "is not empty")
ALL_OPS = ("=", "!=", *ORDERING, "~", "in", "not in", *EMPTY)
_NO_CONTAINS = tuple(op for op in ALL_OPS if op != "~")
_NO_ORDER = tuple(op for op in ALL_OPS if op not in ORDERING)
OPERATORS: dict[Kind, tuple[str, ...]] = {
    "text": ALL_OPS,
    "custom": ALL_OPS,
    "stage": _NO_CONTAINS,
    "number": _NO_CONTAINS,
    "date": _NO_CONTAINS,
    "flags": _NO_ORDER,
    "tag": _NO_ORDER,
    "source": _NO_ORDER,
}
_PLAIN = {"=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}  # op -> SQL, from constants
_PYTHON_ORDER: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
# A key matches ignoring case, as casefold() says. SQLite's NOCASE folds ASCII in C, which
# settles every key written in ASCII; only other keys go through the Python function (a
# rule over a million people compares five million keys). The bound key is casefolded, so
# NOCASE cannot match a key that casefold would not.
_CUSTOM_SQL = (
    "(SELECT j.value FROM json_each(CASE WHEN json_valid(people.custom) THEN people.custom END)"
    " j WHERE j.key = {} COLLATE NOCASE OR (length(CAST(j.key AS BLOB)) != length(j.key)"
    " AND lt_fold(j.key) = {}) LIMIT 1)"
)


def compare(node: Compare, now: datetime) -> Sql:
    """The SQL boolean for one comparison."""
    field = node.field
    if node.op not in OPERATORS[field.kind]:
        hint = f"{field.kind} fields take " + ", ".join(OPERATORS[field.kind])
        raise where_error(f"{field.name} cannot use '{node.op}'", node.column, hint)
    if field.kind in ("tag", "source"):
        return _set_member(node)
    if node.op in EMPTY:
        return _empty(column(field), node.op)
    return _BY_KIND[field.kind](node, now)


def column(field: Field) -> Sql:
    """The field's value per person; a custom key is bound as a parameter."""
    if field.kind == "custom":
        # Not json_extract on the key as written: a person holding "Budget" and "budget"
        # (two lists' headers) would then read differently by how the rule spells it.
        key = (field.key or "").casefold()
        return fill(_CUSTOM_SQL, key, key)
    return Sql(field.sql)


def _scalar(col: Sql, compared: Sql, op: str, values: Sequence[object]) -> Sql:
    """= != < <= > >= in, not in over one value per person."""
    if op in _PLAIN:
        return fill(f"{{}} {_PLAIN[op]} {{}}", compared, values[0])
    if op == "!=":
        return fill("({} IS NULL OR {} <> {})", col, compared, values[0])
    if op == "in":
        return fill("{} IN ({})", compared, many(values))
    return fill("({} IS NULL OR {} NOT IN ({}))", col, compared, many(values))


def _empty(col: Sql, op: str) -> Sql:
    return fill("coalesce({}, '') = ''" if op == "is empty" else "coalesce({}, '') <> ''", col)


def _folded(col: Sql) -> Sql:
    """`col` casefolded. A plain column of ASCII text (its bytes as many as its characters)
    is lower-cased by SQLite in C, which is what casefold does to ASCII: most names and
    titles never reach the Python function (a rule over a million people, three times)."""
    if not _PLAIN_COLUMN.fullmatch(col.text):
        return fill("lt_fold({})", col)
    return fill(
        "CASE WHEN length(CAST({} AS BLOB)) = length({}) THEN lower({}) ELSE lt_fold({}) END",
        col,
        col,
        col,
        col,
    )


_PLAIN_COLUMN = re.compile(r"people\.[a-z_]+")


def _contains(col: Sql, needle: str) -> Sql:
    return fill("instr({}, {}) > 0", _folded(col), needle.casefold())


def _text(node: Compare, now: datetime) -> Sql:
    col, texts = column(node.field), [v.text for v in node.values]
    if node.op == "~":
        return _contains(col, texts[0])
    if node.field.upper:
        return _scalar(col, col, node.op, [country_code(t) for t in texts])
    return _scalar(col, _folded(col), node.op, [t.casefold() for t in texts])


def _custom(node: Compare, now: datetime) -> Sql:
    """Like text; `<`, `>`, ... against a number compare the cell as a number."""
    value = node.values[0]
    if node.op in ORDERING and NUMBER.fullmatch(value.text):
        compared = fill("lt_number({})", column(node.field))
        return _scalar(compared, compared, node.op, [read_number(value, node.field)])
    return _text(node, now)


def _number(node: Compare, now: datetime) -> Sql:
    col = column(node.field)
    return _scalar(col, col, node.op, [read_number(v, node.field) for v in node.values])


def _stage(node: Compare, now: datetime) -> Sql:
    """Order comparisons become the list of stages that satisfy them (the index is used)."""
    ordered = node.op in ORDERING
    stages = [read_stage(v, ordered=ordered) for v in node.values]
    col = column(node.field)
    if not ordered:
        return _scalar(col, col, node.op, stages)
    wanted, test = stage_rank(stages[0]), _PYTHON_ORDER[node.op]
    matching = [s for s in STAGES if s != "other" and test(stage_rank(s), wanted)]
    return fill("{} IN ({})", col, many(matching)) if matching else FALSE


def _date(node: Compare, now: datetime) -> Sql:
    as_day = node.op not in ORDERING
    whens = [read_date(v, node.field, now, as_day=as_day) for v in node.values]
    col = column(node.field)
    if not as_day:
        return _date_order(col, node.op, whens[0])
    matches = join("OR", [_date_equals(col, when) for when in whens])
    if node.op in ("=", "in"):
        return matches
    return fill("({} IS NULL OR NOT {})", col, matches)


def _date_equals(col: Sql, when: When) -> Sql:
    if when.end is None:
        return fill("{} = {}", col, when.start)
    return fill("({} >= {} AND {} < {})", col, when.start, col, when.end)


def _date_order(col: Sql, op: str, when: When) -> Sql:
    """A whole day: `< day` is before its start, `<= day` before its end, and so on."""
    if op in ("<", ">=") or when.end is None:
        return fill(f"{{}} {_PLAIN[op]} {{}}", col, when.start)
    return fill("{} < {}" if op == "<=" else "{} >= {}", col, when.end)


def _flags(node: Compare, now: datetime) -> Sql:
    """A comma list: `=` is "the list holds this flag"; `!=` and `not in` negate it."""
    col, texts = column(node.field), [v.text for v in node.values]
    if node.op == "~":
        return _contains(fill("coalesce({}, '')", col), texts[0])
    holds = join("OR", [_holds_flag(col, text) for text in texts])
    return holds if node.op in ("=", "in") else fill("NOT {}", holds)


def _holds_flag(col: Sql, text: str) -> Sql:
    flag = text.strip().casefold()
    if not flag or "," in flag:
        return FALSE  # no single flag is empty or holds a comma
    return fill("instr(',' || coalesce({}, '') || ',', {}) > 0", col, f",{flag},")


def _set_member(node: Compare) -> Sql:
    """Tags and sources: is the person among those with a matching value?"""
    field, texts = node.field, [v.text.casefold() for v in node.values]
    value = Sql(field.sql)
    if node.op in EMPTY:
        test = fill("coalesce({}, '') <> ''", value)
    elif node.op == "~":
        test = _contains(value, texts[0])
    else:
        test = fill("lt_fold({}) IN ({})", value, many(texts))
    members = fill("people.id IN ({} {})", Sql(field.scope), test)
    positive = node.op in ("=", "in", "~", "is not empty")
    return members if positive else fill("NOT {}", members)


_BY_KIND: dict[Kind, Callable[[Compare, datetime], Sql]] = {
    "text": _text,
    "custom": _custom,
    "number": _number,
    "stage": _stage,
    "date": _date,
    "flags": _flags,
}
