"""Comparison levels: compare.py's verdicts on a pair, as one small integer per field.

This is what the fitted weights (model.py) are estimated over: each field of FIELDS takes a
level, 0 meaning "nothing to compare" (a field missing on one side), which counts for
neither side. The levels are compare.py's own verdicts, so everything it knows stays:
nicknames, initials, typos, swapped names, legal suffixes dropped, free mail being no
company evidence, and "two different addresses at one company" for same-name colleagues.

Colleagues share a company, its domain, usually a city, a country, often a switchboard
and title words, so counting those as independent evidence counts one fact several times
(the fault of plain Fellegi-Sunter on same-name colleagues). The fields in CONDITIONED
therefore have a second set of levels, used when the workplace agrees: their weights say
how much they add *given* a shared workplace, estimated against colleagues, not strangers.
The list's own custom columns (custom.py) take the CUSTOM fields, one per compared column
in slot order, conditioned too: an industry or a head count is shared by colleagues.
The pair's pattern is packed into one integer (`encode`), so a million pairs are an array.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leadtool.dedupe import compare as c
from leadtool.dedupe.compare import Evidence
from leadtool.dedupe.custom import OTHER, SLOTS, compare_values
from leadtool.dedupe.record import Rec

_OWN_FIELDS = (
    "first",
    "last",
    "order",
    "workplace",
    "email",
    "phone",
    "city",
    "country",
    "title",
    "postcode",
)
CUSTOM = tuple(f"custom_{i + 1}" for i in range(SLOTS))  # the list's own columns, by slot
FIELDS: tuple[str, ...] = (*_OWN_FIELDS, *CUSTOM)
LEVELS = 8  # the most levels of a field, its "nothing to compare" 0 included
F = {name: i for i, name in enumerate(FIELDS)}
WORKPLACE_AGREES = (1, 2, 3)  # same company domain, same company name, a like name
CONDITIONED = ("email", "phone", "city", "country", "title", "postcode", *CUSTOM)
OWN_LEVELS = {"email": 3, "phone": 2, "city": 2, "country": 2, "title": 2, "postcode": 2}
OWN_LEVELS.update(dict.fromkeys(CUSTOM, OTHER))  # same, one character apart, other
_PLAIN_LEVELS = {"first": 5, "last": 5, "order": 2, "workplace": 4}

_FIRST = {c.FIRST_SAME: 1, c.FIRST_NICK: 2, c.FIRST_INITIAL: 3, c.FIRST_TYPO: 4, c.FIRST_DIFF: 5}
_LAST = {c.LAST_SAME: 1, c.LAST_TYPO: 2, c.LAST_PART: 3, c.LAST_SOUND: 4, c.LAST_DIFF: 5}
_EMAIL = {c.LOCAL_SAME: 1, c.OTHER_WORK_EMAIL: 2, c.LOCALS_FIT: 3}

Compared = list[tuple[int, int, Evidence]]  # (field, level, what was found)


def groups() -> np.ndarray:
    """(fields, LEVELS): which levels of a field share one distribution (-1: level 0 and
    levels a field does not have).

    A conditioned field's levels given a shared workplace are a distribution of their own
    (group 1), so its m and u are each estimated within the condition.
    """
    out = np.full((len(FIELDS), LEVELS), -1, dtype=np.int64)
    for name, count in _PLAIN_LEVELS.items():
        out[F[name], 1 : 1 + count] = 0
    for name, own in OWN_LEVELS.items():
        out[F[name], 1 : 1 + own] = 0
        out[F[name], 1 + own : 1 + 2 * own] = 1
    return out


def signs() -> np.ndarray:
    """(fields, LEVELS): +1 where a level may only count for a match, -1 only against.

    The hand weights' signs, kept as rules: a fitted weight may say how much an agreement
    is worth, never that a different first name or two addresses at one company is
    evidence of one person.
    """
    out = np.ones((len(FIELDS), LEVELS))
    out[F["first"], 5] = out[F["last"], 5] = out[F["workplace"], 4] = -1
    out[F["email"], [2, 2 + 3]] = -1
    out[F["order"], :] = 0  # as written or swapped: either way, as fitted
    for name in ("phone", "city", "country", "title", "postcode"):
        out[F[name], [2, 4]] = -1
    for name in CUSTOM:
        out[F[name], [OTHER, 2 * OTHER]] = -1
    return out


def neutral() -> np.ndarray:
    """(fields, LEVELS): levels held at 0 points, because they only repeat the names.

    Email local parts that fit the pair's names ("jsmith", "john.smith" for John Smith) are
    rare between strangers or colleagues of other names, so a fitted weight would be large,
    yet two same-name colleagues show them as surely as one person does.
    """
    out = np.zeros((len(FIELDS), LEVELS), dtype=bool)
    out[F["email"], [3, 3 + OWN_LEVELS["email"]]] = True
    return out


def compared(a: Rec, b: Rec) -> Compared:
    """The pair's level in each field that has something to say, with compare.py's words."""
    found = _names(a, b)
    work = _workplace(a, b)
    if work:
        found.append((F["workplace"], work[0], work[1]))
    shift = work is not None and work[0] in WORKPLACE_AGREES
    email = c.emails(a, b)
    if email:
        found.append(_conditioned("email", _EMAIL[email[0].points], email[0], shift))
    phone = c.phones(a, b)
    if phone:
        found.append(_conditioned("phone", _same(phone, c.PHONE_SAME), phone, shift))
    for e in c.place(a, b):
        name = "city" if e.points in (c.CITY_SAME, c.CITY_DIFF) else "country"
        same = c.CITY_SAME if name == "city" else c.COUNTRY_SAME
        found.append(_conditioned(name, _same(e, same), e, shift))
    found.extend(_conditioned(n, lvl, e, shift) for n, lvl, e in _titles_postcodes(a, b))
    for slot, ((name, x), (_, y)) in enumerate(zip(a.custom, b.custom, strict=False)):
        if (level := compare_values(name, x, y)) is not None:
            found.append(_conditioned(CUSTOM[slot], level[0], level[1], shift))
    return found


def _conditioned(name: str, level: int, e: Evidence, shift: bool) -> tuple[int, int, Evidence]:
    return F[name], level + (OWN_LEVELS[name] if shift else 0), e


def _same(e: Evidence, same: float) -> int:
    return 1 if e.points == same else 2


def _names(a: Rec, b: Rec) -> Compared:
    """First and last name, read as written or swapped (as compare.names decides)."""
    straight = (c.first_names(a.first, b.first), c.last_names(a.last, b.last))
    both = bool(a.first and a.last and b.first and b.last)
    order = 1
    chosen: Sequence[Evidence | None] = straight
    if both and (a.first, a.last) != (b.first, b.last):
        swapped = (c.first_names(a.first, b.last), c.last_names(a.last, b.first))
        if _points(swapped) + c.SWAPPED > _points(straight):
            chosen, order = swapped, 2
    found: Compared = []
    first, last = chosen
    if first:
        found.append((F["first"], _FIRST[first.points], first))
    if last:
        found.append((F["last"], _LAST[last.points], last))
    if both:
        said = "first and last name swapped" if order == 2 else "names as written"
        found.append((F["order"], order, Evidence(0.0, said)))
    return found


def _points(found: Sequence[Evidence | None]) -> float:
    return sum(e.points for e in found if e)


def _workplace(a: Rec, b: Rec) -> tuple[int, Evidence] | None:
    """1 same company domain, 2 same company name, 3 a like name, 4 different."""
    name, domain = c.company(a, b), c.domains(a, b)
    if domain and domain.points == c.DOMAIN_SAME:
        return 1, domain
    if name and name.points == c.COMPANY_SAME:
        return 2, name
    if name and name.points == c.COMPANY_LIKE:
        return 3, name
    other = name or domain
    return (4, other) if other else None


def _titles_postcodes(a: Rec, b: Rec) -> list[tuple[str, int, Evidence]]:
    found = []
    if a.title and b.title:
        like = c.titles(a, b)
        found.append(("title", 1, like) if like else ("title", 2, Evidence(0.0, "other titles")))
    if a.postcode and b.postcode:
        same = a.postcode == b.postcode
        said = Evidence(0.0, f"same postcode {a.postcode}" if same else "different postcodes")
        found.append(("postcode", 1 if same else 2, said))
    return found


def encode(found: Compared) -> int:
    """The pair's levels packed into one integer (field f's level times LEVELS**f)."""
    return sum(level * LEVELS**field for field, level, _ in found)


def decode(codes: np.ndarray) -> np.ndarray:
    """(pairs, fields) levels from packed codes."""
    powers = LEVELS ** np.arange(len(FIELDS), dtype=np.int64)
    result: np.ndarray = (codes[:, None] // powers[None, :]) % LEVELS
    return result
