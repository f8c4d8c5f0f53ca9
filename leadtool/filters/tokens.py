"""Tokens of the --where language, and the one way its errors are worded.

Owns `tokenize` (text -> words, quoted strings, operators, parentheses and commas, each with the
1-based column it starts at) and `where_error`, which every stage of the filter uses so that each
message reads `--where: <problem> at column <n>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from leadtool.errors import UsageError

TokenKind = Literal["word", "string", "op", "(", ")", ",", "end"]

OPERATORS = ("!=", "<=", ">=", "=", "<", ">", "~")  # two-character ones first
WORD_PUNCTUATION = frozenset("-_.@+/:")  # ':' so that 2026-01-31T10:00:00Z is one word
QUOTES = frozenset("\"'")
PUNCTUATION: dict[str, TokenKind] = {"(": "(", ")": ")", ",": ","}
ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}  # any other escaped character stands for itself


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str  # a word as typed, a string's decoded content, or the operator
    column: int  # 1-based, where the token starts

    def found(self) -> str:
        """The end of a message naming this token: ", found 'x'" (nothing for the end)."""
        return "" if self.kind == "end" else f", found {self.text!r}"


def where_error(problem: str, column: int, hint: str = "") -> UsageError:
    """The error for `problem` found at `column` of the --where expression."""
    tail = f"; {hint}" if hint else ""
    return UsageError(f"--where: {problem} at column {column}{tail}")


def tokenize(expr: str) -> list[Token]:
    """The tokens of `expr`, ending with an `end` token one column past the last character."""
    _reject_undecodable(expr)
    tokens: list[Token] = []
    i = 0
    while i < len(expr):
        char = expr[i]
        if char.isspace():
            i += 1
            continue
        token, i = _token_at(expr, i)
        tokens.append(token)
    tokens.append(Token("end", "", len(expr) + 1))
    return tokens


def _token_at(expr: str, i: int) -> tuple[Token, int]:
    char = expr[i]
    if char in PUNCTUATION:
        return Token(PUNCTUATION[char], char, i + 1), i + 1
    for op in OPERATORS:
        if expr.startswith(op, i):
            return Token("op", op, i + 1), i + len(op)
    if char in QUOTES:
        return _string_at(expr, i)
    if _is_word_char(char):
        end = i
        while end < len(expr) and _is_word_char(expr[end]):
            end += 1
        return Token("word", expr[i:end], i + 1), end
    raise where_error(f"unexpected character {char!r}", i + 1)


def _string_at(expr: str, start: int) -> tuple[Token, int]:
    quote, i = expr[start], start + 1
    chars: list[str] = []
    while i < len(expr) and expr[i] != quote:
        if expr[i] == "\\" and i + 1 < len(expr):
            i += 1
            chars.append(ESCAPES.get(expr[i], expr[i]))
        else:
            chars.append(expr[i])
        i += 1
    if i >= len(expr):
        raise where_error("unclosed quote opened", start + 1)
    return Token("string", "".join(chars), start + 1), i + 1


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in WORD_PUNCTUATION


def _reject_undecodable(expr: str) -> None:
    """Lone surrogates (bytes the terminal could not decode) cannot be bound as SQL text."""
    for i, char in enumerate(expr):
        if "\ud800" <= char <= "\udfff":
            raise where_error("undecodable character (not UTF-8 text)", i + 1)
