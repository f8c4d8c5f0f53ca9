"""Lifecycle stages: their order, and reading stage values other tools export.

HubSpot exports internal values (`marketingqualifiedlead`) or labels ("Marketing Qualified
Lead"); people write "MQL". All of them mean one of our stages.
"""

from __future__ import annotations

import re

STAGES: tuple[str, ...] = ("subscriber", "lead", "mql", "sql", "opportunity", "customer", "other")
DEFAULT_STAGE = "lead"

_ALIASES = {
    "subscriber": "subscriber",
    "subscribed": "subscriber",
    "newsletter": "subscriber",
    "lead": "lead",
    "newlead": "lead",
    "mql": "mql",
    "marketingqualifiedlead": "mql",
    "marketingqualified": "mql",
    "sql": "sql",
    "salesqualifiedlead": "sql",
    "salesqualified": "sql",
    "opportunity": "opportunity",
    "opp": "opportunity",
    "deal": "opportunity",
    "customer": "customer",
    "client": "customer",
    "evangelist": "customer",
    "other": "other",
}


def parse_stage(raw: str) -> str | None:
    """The stage a cell means, or None when it names no stage we know."""
    squashed = re.sub(r"[^a-z]", "", raw.casefold())
    return _ALIASES.get(squashed)


def stage_rank(stage: str) -> int:
    """Position in the funnel; `other` ranks below subscriber so it never blocks a move."""
    return -1 if stage == "other" else STAGES.index(stage)
