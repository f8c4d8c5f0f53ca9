"""The --where grammar: tokens -> a syntax tree of comparisons joined by and/or/not.

Owns the tree types (`Compare`, `Not`, `And`, `Or`, `Value`) and `parse`. Precedence, loosest
first: `or`, `and`, `not`; parentheses group. Keywords are case-insensitive. The parser knows
the field whitelist (an unknown field is reported where it is typed) but not what values mean:
the compiler reads values by field kind. Limits on nesting and size keep the compiled SQL far
inside SQLite's expression-depth and host-parameter limits.

    expr       = and_expr { "or" and_expr }
    and_expr   = not_expr { "and" not_expr }
    not_expr   = "not" not_expr | "(" expr ")" | comparison
    comparison = field ( op value | [ "not" ] "in" "(" value { "," value } ")"
                       | "is" [ "not" ] "empty" )
    op         = "=" | "!=" | "<" | "<=" | ">" | ">=" | "~"
    field      = name | "custom." key | "custom." string
    value      = word | string | integer unit "ago"
    unit       = "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from leadtool.filters.fields import CUSTOM_PREFIX, Field, custom_field, lookup
from leadtool.filters.tokens import Token, tokenize, where_error

MAX_DEPTH = 32
MAX_CONDITIONS = 200
MAX_VALUES = 500
UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})
OPERATOR_HINT = "operators are: = != < <= > >= ~ in, not in, is empty, is not empty"
_INTEGER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Value:
    text: str  # as typed (a word), decoded (a string), or normalised ("3 days ago")
    column: int


@dataclass(frozen=True)
class Compare:
    field: Field
    op: str  # = != < <= > >= ~ | in | not in | is empty | is not empty
    column: int  # where the operator starts
    values: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Compare | Not | And | Or


def parse(expr: str) -> Node | None:
    """The syntax tree of `expr`, or None when it is empty; UsageError on a mistake."""
    tokens = tokenize(expr)
    if tokens[0].kind == "end":
        return None
    return _Parser(tokens).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.conditions = 0
        self.values = 0

    def parse(self) -> Node:
        node = self.or_expr()
        token = self.peek()
        if token.kind == ")":
            raise where_error("unexpected ')' with no matching '('", token.column)
        if token.kind != "end":
            raise where_error(f"expected 'and' or 'or'{token.found()}", token.column)
        return node

    # -- tokens --------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.at + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.at = min(self.at + 1, len(self.tokens) - 1)
        return token

    def keyword(self, *words: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "word" and token.text.casefold() in words

    # -- boolean structure ---------------------------------------------------------------

    def or_expr(self) -> Node:
        operands = [self.and_expr()]
        while self.keyword("or"):
            self.advance()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expr(self) -> Node:
        operands = [self.not_expr()]
        while self.keyword("and"):
            self.advance()
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def not_expr(self) -> Node:
        if not (self.keyword("not") or self.peek().kind == "("):
            return self.comparison()
        opened = self.advance()
        self.nest(opened)
        node = Not(self.not_expr()) if opened.kind == "word" else self.group(opened)
        self.depth -= 1
        return node

    def group(self, opened: Token) -> Node:
        node = self.or_expr()
        token = self.advance()
        if token.kind == "end":
            raise where_error("unclosed '(' opened", opened.column)
        if token.kind != ")":
            raise where_error(f"expected 'and', 'or' or ')'{token.found()}", token.column)
        return node

    def nest(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise where_error(f"too deeply nested (at most {MAX_DEPTH} levels)", token.column)

    # -- comparisons ---------------------------------------------------------------------

    def comparison(self) -> Compare:
        field = self.field()
        token = self.peek()
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise where_error(f"too many conditions (at most {MAX_CONDITIONS})", token.column)
        if token.kind == "op":
            self.advance()
            return Compare(field, token.text, token.column, (self.value(token),))
        if self.keyword("in", "not"):
            return Compare(field, self.in_op(), token.column, self.value_list())
        if self.keyword("is"):
            return Compare(field, self.empty_op(), token.column)
        problem = f"expected an operator after {field.name!r}{token.found()}"
        raise where_error(problem, token.column, OPERATOR_HINT)

    def field(self) -> Field:
        token = self.advance()
        if token.kind != "word":
            raise where_error(f"expected a field name{token.found()}", token.column)
        if not token.text.casefold().startswith(CUSTOM_PREFIX):
            return lookup(token)
        key = token.text[len(CUSTOM_PREFIX) :]
        if not key and self.peek().kind == "string":
            key = self.advance().text
        if not key:
            raise where_error(f"expected a key after {token.text!r}", token.column)
        return custom_field(key)

    def in_op(self) -> str:
        if self.keyword("in"):
            self.advance()
            return "in"
        self.advance()  # not
        token = self.advance()
        if token.kind != "word" or token.text.casefold() != "in":
            raise where_error(f"expected 'in' after 'not'{token.found()}", token.column)
        return "not in"

    def empty_op(self) -> str:
        self.advance()  # is
        negated = self.keyword("not")
        if negated:
            self.advance()
        token = self.advance()
        if token.kind != "word" or token.text.casefold() != "empty":
            expected = "'empty' after 'is not'" if negated else "'empty' or 'not empty' after 'is'"
            raise where_error(f"expected {expected}{token.found()}", token.column)
        return "is not empty" if negated else "is empty"

    # -- values --------------------------------------------------------------------------

    def value_list(self) -> tuple[Value, ...]:
        opened = self.advance()
        if opened.kind != "(":
            problem = f"expected '(' after 'in'{opened.found()}"
            raise where_error(problem, opened.column)
        values: list[Value] = []
        token = opened
        while True:
            values.append(self.value(token))
            token = self.advance()
            if token.kind == ")":
                return tuple(values)
            if token.kind == "end":
                raise where_error("unclosed '(' opened", opened.column)
            if token.kind != ",":
                problem = f"expected ',' or ')' in the list{token.found()}"
                raise where_error(problem, token.column)

    def value(self, after: Token) -> Value:
        token = self.peek()
        if token.kind not in ("word", "string"):
            problem = f"expected a value after '{after.text}'{token.found()}"
            raise where_error(problem, token.column)
        self.values += 1
        if self.values > MAX_VALUES:
            raise where_error(f"too many values (at most {MAX_VALUES})", token.column)
        self.advance()
        if token.kind == "word" and _INTEGER.fullmatch(token.text) and self.peek().kind == "word":
            return self.relative_date(token)
        return Value(token.text, token.column)

    def relative_date(self, number: Token) -> Value:
        """`3 days ago`: three words the compiler reads as one date value."""
        unit, ago = self.peek(), self.peek(1)
        is_ago = ago.kind == "word" and ago.text.casefold() == "ago"
        if unit.text.casefold() not in UNITS:
            if not is_ago:
                return Value(number.text, number.column)  # a plain number; the caller goes on
            hint = "units are: days, weeks, months, years"
            raise where_error(f"unknown time unit {unit.text!r}", unit.column, hint)
        if not is_ago:
            phrase = f"{number.text} {unit.text}"
            raise where_error(f"expected 'ago' after {phrase!r}{ago.found()}", ago.column)
        self.advance()
        self.advance()
        return Value(f"{number.text} {unit.text.casefold()} ago", number.column)


def fields_named(expr: str) -> set[str]:
    """The names of the fields `expr` compares (UsageError on a mistake, as `parse`)."""
    found: set[str] = set()
    todo: list[Node | None] = [parse(expr)]
    while todo:
        node = todo.pop()
        if isinstance(node, Compare):
            found.add(node.field.name)
        elif isinstance(node, Not):
            todo.append(node.operand)
        elif isinstance(node, And | Or):
            todo.extend(node.operands)
    return found
