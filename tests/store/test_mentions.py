"""lt_mentions: a value is mentioned only as a whole, never inside a longer address or number."""

from __future__ import annotations

import pytest

from leadtool.store.sqlfunctions import mentions


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ('["Jo","jo@acme.com"]', "jo@acme.com", 1),
        ('["Bjorn","bjo@acme.com"]', "jo@acme.com", 0),
        ('["Jo","jo@acme.com.au"]', "jo@acme.com", 0),
        ('["JO@ACME.COM"]', "jo@acme.com", 1),
        ("email = 'jo@acme.com'", "jo@acme.com", 1),
        ('["Jo <jo@acme.com>"]', "jo@acme.com", 1),
        ('["+14155550134"]', "+14155550134", 1),
        ('["+141555501345"]', "+14155550134", 0),
        ('["(415) 555-0134"]', "(415) 555-0134", 1),
        ('["Alice","Limited"]', "li", 0),
        ('["Li","Wei"]', "li", 1),
        ('["ÉRIC@EXAMPLE.FR"]', "éric@example.fr", 1),
        (None, "x", 0),
        ("x", "", 0),
    ],
)
def test_mentions(text: str | None, needle: str, expected: int) -> None:
    assert mentions(text, needle) == expected
