"""The activity types leadtool knows: declared once, for the rules file and the activity import.

Owns `ACTIVITY_TYPES` (each type with the one line a marketer reads) and `parse_activity_type`,
which reads the spellings other tools export ("Demo Request", "pricing-page") as one of them.
The rules file's checks (scoring/rules.py) and the activity import both use this table, so a
type a rule names is a type an import can store.
"""

from __future__ import annotations

import re

ACTIVITY_TYPES: dict[str, str] = {
    "download": "downloaded content (a white paper, an e-book, a case study)",
    "webinar": "attended a webinar",
    "pricing_page": "visited the pricing page",
    "demo_request": "asked for a demo",
    "form": "filled in a form",
    "email_open": "opened a marketing email",
    "email_click": "clicked a link in a marketing email",
    "page_view": "viewed a page of the web site",
    "event": "came to an event or a trade-show stand",
    "meeting": "met a salesperson",
    "call": "had a call with a salesperson",
    "purchase": "bought (an amount; a refund is a negative amount)",
}


def parse_activity_type(raw: str) -> str | None:
    """The activity type a cell means, or None when it names none we know."""
    squashed = re.sub(r"[^a-z0-9]+", "_", raw.strip().casefold()).strip("_")
    return squashed if squashed in ACTIVITY_TYPES else None
