"""SQL text assembled from constant fragments and bound parameters, never from user text.

Owns `Sql` (a fragment and its parameters, in placeholder order) and the three ways fragments
combine: `fill` puts parts into a constant template (an `Sql` part is spliced, any other value
becomes a `?` parameter), `many` lists values as parameters, `join` joins with AND or OR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[object, ...] = ()


TRUE = Sql("1")
FALSE = Sql("0")


def fill(template: str, *parts: object) -> Sql:
    """`template` with each `{}` replaced by a part: `Sql` as its text, anything else as `?`."""
    pieces = template.split("{}")
    if len(pieces) != len(parts) + 1:
        raise ValueError(f"template has {len(pieces) - 1} slots for {len(parts)} parts")
    text = [pieces[0]]
    params: list[object] = []
    for part, piece in zip(parts, pieces[1:], strict=True):
        fragment = part if isinstance(part, Sql) else Sql("?", (part,))
        text += [fragment.text, piece]
        params.extend(fragment.params)
    return Sql("".join(text), tuple(params))


def many(values: Sequence[object]) -> Sql:
    """`?, ?, ?` for the values of an IN list."""
    return Sql(", ".join(["?"] * len(values)), tuple(values))


def join(operator: str, parts: Sequence[Sql]) -> Sql:
    """`(a AND b AND c)`; a single part stays as it is."""
    if len(parts) == 1:
        return parts[0]
    text = f" {operator} ".join(part.text for part in parts)
    return Sql(f"({text})", tuple(p for part in parts for p in part.params))
