"""The position index of a rules file: headers counted per kind, keys and values found."""

from __future__ import annotations

from leadtool.scoring.positions import Spot, index

TEXT = """\
# comment = not a key
top = 1
[[fit]]
name = "A"
[[engagement]]
  name = "B"
[[fit]]
"name" = 'C'
  points   =   -3
[caps.groups]
"big group" = 10
"""


def test_array_headers_are_counted_per_kind() -> None:
    positions = index(TEXT)
    assert positions.table(("fit", 0)) == Spot(3, 1)
    assert positions.table(("engagement", 0)) == Spot(5, 1)
    assert positions.table(("fit", 1)) == Spot(7, 1)
    assert positions.table(("caps", "groups")) == Spot(10, 1)


def test_keys_and_values_under_their_table() -> None:
    positions = index(TEXT)
    assert positions.key((), "top") == Spot(2, 1)
    assert positions.value(("fit", 0), "name") == Spot(4, 8)
    assert positions.key(("engagement", 0), "name") == Spot(6, 3)
    assert positions.value(("fit", 1), "name") == Spot(8, 10)
    assert positions.value(("fit", 1), "points") == Spot(9, 16)
    assert positions.value(("caps", "groups"), "big group") == Spot(11, 15)


def test_what_is_not_written_points_at_its_table_or_the_start() -> None:
    positions = index(TEXT)
    assert positions.value(("fit", 1), "where") == Spot(7, 1)
    assert positions.table(("trigger", 0)) == Spot(1, 1)
    assert positions.key((), "caps") == Spot(10, 1)  # a table named as a key: its header


def test_inside_a_string_value() -> None:
    positions = index("where = 'abc'\nw = '''\nab\ncd'''\n")
    assert positions.inside(Spot(1, 9), 0) == Spot(1, 10)
    assert positions.inside(Spot(1, 9), 2) == Spot(1, 12)
    assert positions.inside(Spot(2, 5), 0) == Spot(3, 1)  # the newline after ''' is not kept
    assert positions.inside(Spot(2, 5), 3) == Spot(4, 1)
