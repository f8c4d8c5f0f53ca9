"""Which stored person a row belongs to, by exact identity keys.

Strong keys (a personal email, a LinkedIn profile) identify one person: every person a row
shares a strong key with is that row's person, transitively. Weak keys (a phone, a role
address such as info@, an exact name + company or name + postal code) are shared in real
lists: a switchboard number rings for a whole company. A weak key only joins a row to a
person whose name agrees and whose email and LinkedIn profile do not contradict the row's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from leadtool.normalize.record import NAME_KINDS, PersonRow

STRONG_KINDS = frozenset({"email", "linkedin"})
WEAK_KINDS = frozenset({"phone", "role_email", *NAME_KINDS})

Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Identity:
    """The fields of a person that decide whether a weak key may join a row to it."""

    name_key: str | None
    email: str | None
    linkedin: str | None

    @classmethod
    def of(cls, fields: Mapping[str, object]) -> Identity:
        def text(name: str) -> str | None:
            value = fields.get(name)
            return value if isinstance(value, str) and value else None

        return cls(text("name_key"), text("email"), text("linkedin"))


def find_person(
    row: PersonRow, matches: Mapping[Key, list[int]], identity: Callable[[int], Identity]
) -> list[int]:
    """The stored people this row is, oldest first; empty when it is someone new.

    More than one id means the row proves those people are one (they must be merged).
    `identity(pid)` describes a stored person; it is only asked for weak-key candidates.
    """
    strong = _ids(row.keys, matches, STRONG_KINDS)
    if strong:
        return strong
    me: Identity | None = None
    for kind, value in row.keys:
        candidates = matches.get((kind, value)) if kind in WEAK_KINDS else None
        if not candidates:
            continue
        me = me or Identity.of(row.fields)
        fits = [pid for pid in candidates if _fits(kind, me, identity(pid))]
        if fits:
            return [min(fits)]
    return []


def possible_people(
    row: PersonRow, matches: Mapping[Key, list[int]], identity: Callable[[int], Identity]
) -> list[int]:
    """Every stored person the row may be, by the same rules as `find_person`, without
    choosing: where the import would merge several people or take the oldest of several
    sharing a weak key, a reader that must not guess (an activity row) sees them all."""
    strong = _ids(row.keys, matches, STRONG_KINDS)
    if strong:
        return strong
    me = Identity.of(row.fields)
    for kind, value in row.keys:
        candidates = matches.get((kind, value)) if kind in WEAK_KINDS else None
        fits = [pid for pid in candidates or () if _fits(kind, me, identity(pid))]
        if fits:
            return sorted(set(fits))
    return []


def _ids(keys: list[Key], matches: Mapping[Key, list[int]], kinds: frozenset[str]) -> list[int]:
    found: set[int] = set()
    for key in keys:
        if key[0] in kinds:
            found.update(matches.get(key, ()))
    return sorted(found)


def _fits(kind: str, row: Identity, person: Identity) -> bool:
    if row.name_key and person.name_key:
        if row.name_key != person.name_key:
            return False
        if kind not in NAME_KINDS:
            return True
    return not _contradicts(row, person)


def _contradicts(a: Identity, b: Identity) -> bool:
    return bool(
        (a.email and b.email and a.email != b.email)
        or (a.linkedin and b.linkedin and a.linkedin != b.linkedin)
    )
