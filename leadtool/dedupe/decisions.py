"""A reviewer's answer about a pair, as typed at the review prompt or in a spreadsheet cell."""

from __future__ import annotations

from typing import Literal

Decision = Literal["merge", "distinct", "skip"]

_WORDS: dict[str, Decision] = {
    "merge": "merge",
    "m": "merge",
    "yes": "merge",
    "y": "merge",
    "same": "merge",
    "not the same": "distinct",
    "not same": "distinct",
    "different": "distinct",
    "distinct": "distinct",
    "no": "distinct",
    "n": "distinct",
    "": "skip",
    "skip": "skip",
    "s": "skip",
}
WRITTEN = "merge, not the same, or blank (skip)"


def parse_decision(text: str) -> Decision | None:
    """ "Merge", "m", "yes" -> merge; "not the same", "n", "no" -> distinct; blank -> skip.

    Case and spacing are ignored; a spreadsheet's leading apostrophe too. None: not a decision.
    """
    key = " ".join(text.strip().lstrip("'").casefold().replace("-", " ").split())
    return _WORDS.get(key)
