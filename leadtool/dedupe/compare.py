"""Evidence between two people, one function per kind, each worth points and said in words.

Points are log2 odds: +3 makes a match 8 times likelier, -3 eight times less likely. Each
function returns None when it has nothing to say (a field missing on one side). String
similarity is rapidfuzz's (Jaro-Winkler for names, token-set ratio for companies and
titles), phonetics jellyfish's, nicknames the `nicknames` table (see text.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, JaroWinkler

from leadtool.dedupe.record import Rec
from leadtool.dedupe.text import is_nickname, phonetic


@dataclass(frozen=True, slots=True)
class Evidence:
    points: float
    reason: str


# Names
FIRST_SAME, FIRST_NICK, FIRST_TYPO, FIRST_INITIAL, FIRST_DIFF = 3.0, 2.5, 1.5, 1.0, -6.0
LAST_SAME, LAST_TYPO, LAST_SOUND, LAST_PART, LAST_DIFF = 4.0, 3.0, 2.0, 2.0, -7.0
SWAPPED = -0.5
MIN_PART = 3  # letters of the second part of a double surname ("Lopez", "Ruiz", "Diaz")
# Where they work
COMPANY_SAME, COMPANY_LIKE, COMPANY_DIFF = 3.0, 2.0, -3.0
DOMAIN_SAME, DOMAIN_DIFF = 4.0, -4.0
OTHER_WORK_EMAIL = -1.5
# Contact details and the rest
LOCAL_SAME, LOCALS_FIT, PHONE_SAME, PHONE_DIFF = 3.0, 0.5, 4.0, -2.0
CITY_SAME, CITY_DIFF, COUNTRY_SAME, COUNTRY_DIFF, TITLE_LIKE = 0.5, -1.5, 0.3, -2.0, 0.5


def first_names(a: str, b: str) -> Evidence | None:
    if not a or not b:
        return None
    if a == b:
        return Evidence(FIRST_SAME, f"same first name '{a}'")
    if is_nickname(a, b):
        return Evidence(FIRST_NICK, f"first names '{a}'≈'{b}' (nickname)")
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return Evidence(FIRST_INITIAL, f"first names '{a}'≈'{b}' (initial)")
    if min(len(a), len(b)) >= 4 and _typo(a, b):
        return Evidence(FIRST_TYPO, f"first names '{a}'≈'{b}' (spelling)")
    return Evidence(FIRST_DIFF, f"different first names '{a}'/'{b}'")


def last_names(a: str, b: str) -> Evidence | None:
    if not a or not b:
        return None
    if a == b:
        return Evidence(LAST_SAME, f"same last name '{a}'")
    if min(len(a), len(b)) >= 4 and _typo(a, b):
        return Evidence(LAST_TYPO, f"last names '{a}'≈'{b}' (spelling)")
    if min(len(a), len(b)) >= 4 and _one_part(a, b):
        return Evidence(LAST_PART, f"last names '{a}'≈'{b}' (one part of the other)")
    if len(a) >= 3 and phonetic(a) == phonetic(b):
        return Evidence(LAST_SOUND, f"last names '{a}'≈'{b}' (sound alike)")
    return Evidence(LAST_DIFF, f"different last names '{a}'/'{b}'")


def _typo(a: str, b: str) -> bool:
    """One edit apart (a transposition counts as one), or very close by Jaro-Winkler.

    Jaro-Winkler rewards a shared start, so it rates a name inside a longer one as close
    ("martin"/"martinez" 0.95, "daniel"/"danielle"): those are other names, not typos, so
    its verdict counts only between names of about the same length (one letter apart).
    """
    if OSA.distance(a, b, score_cutoff=1) <= 1:
        return True
    return abs(len(a) - len(b)) <= 1 and JaroWinkler.normalized_similarity(a, b) >= 0.93


def _one_part(a: str, b: str) -> bool:
    """The shorter surname starts the longer, which goes on with a part of its own: a double
    surname folded without its hyphen ("garcialopez"/"garcia"). Two or fewer extra letters
    make another surname ("martin"/"martinez"), not a second part."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) >= MIN_PART


def names(a: Rec, b: Rec) -> list[Evidence]:
    """First and last names, as written or swapped (whichever agrees better)."""
    straight = [e for e in (first_names(a.first, b.first), last_names(a.last, b.last)) if e]
    if not (a.first and a.last and b.first and b.last) or (a.first, a.last) == (b.first, b.last):
        return straight
    swapped = [e for e in (first_names(a.first, b.last), last_names(a.last, b.first)) if e]
    if _total(swapped) + SWAPPED > _total(straight):
        said = "; ".join(e.reason for e in swapped)
        why = f"first and last name swapped ('{a.first} {a.last}'/'{b.first} {b.last}': {said})"
        return [Evidence(_total(swapped) + SWAPPED, why)]
    return straight


def _total(found: list[Evidence]) -> float:
    return sum(e.points for e in found)


def workplace(a: Rec, b: Rec) -> list[Evidence]:
    """Company name and company domains, counted once: they say the same thing."""
    name = company(a, b)
    domain = domains(a, b)
    found = [e for e in (name, domain) if e]
    if not found:
        return []
    best = max(found, key=lambda e: e.points)
    if best.points > 0:
        return [best]
    return found  # another company name and another company domain: both count


def company(a: Rec, b: Rec) -> Evidence | None:
    if not a.company or not b.company:
        return None
    if a.company == b.company:
        return Evidence(COMPANY_SAME, f"same company '{' '.join(a.company_words)}'")
    if fuzz.token_set_ratio(" ".join(a.company_words), " ".join(b.company_words)) >= 90:
        return Evidence(COMPANY_LIKE, f"companies '{a.company}'≈'{b.company}'")
    return Evidence(COMPANY_DIFF, f"different companies '{a.company}'/'{b.company}'")


def domains(a: Rec, b: Rec) -> Evidence | None:
    if not a.domains or not b.domains:
        return None
    shared = set(a.domains).intersection(b.domains)
    if shared:
        return Evidence(DOMAIN_SAME, f"same company domain {min(shared)}")
    return Evidence(DOMAIN_DIFF, "work emails or websites at different domains")


def emails(a: Rec, b: Rec) -> list[Evidence]:
    if a.domains and b.domains and not set(a.domains).intersection(b.domains):
        return []  # addresses at two employers follow their conventions: nothing more to say
    shared = {x for x in set(_bare(a)) & set(_bare(b)) if len(x) >= 4}
    # A local part both names would give ("jsmith", "johnsmithwork" for two John Smiths)
    # only repeats the names.
    common = _patterns(a.first, a.last) & _patterns(b.first, b.last)
    own = [x for x in shared - common if not _named(x, common)]
    if own:
        return [Evidence(LOCAL_SAME, f"same email name '{max(own, key=len)}'")]
    if _two_work_addresses(a, b):
        return [Evidence(OTHER_WORK_EMAIL, "two different addresses at one company")]
    if shared:
        return [Evidence(LOCALS_FIT, f"same email name '{max(shared, key=len)}' (from the name)")]
    if a.locals and b.locals and _fit_one_name(a, b):
        return [Evidence(LOCALS_FIT, "email names fit one name")]
    return []


def _named(local: str, patterns: set[str]) -> bool:
    """A local part that starts with a full name ("johnsmithfake" for John Smith)."""
    return any(len(p) >= 6 and local.startswith(p) for p in patterns)


def _bare(rec: Rec) -> tuple[str, ...]:
    """Local parts without trailing digits: "bob.smith87" and "bobsmith" meet as "bobsmith"."""
    return tuple(local.rstrip("0123456789") for local in rec.locals)


def _patterns(first: str, last: str) -> set[str]:
    """How email local parts are built from a name: john.smith, jsmith, johns, john ..."""
    if not first or not last:
        return set()
    f, la, i = first, last, first[:1]
    return {f + la, i + la, f + la[:1], f, la + f, la + i, la}


def _fit_one_name(a: Rec, b: Rec) -> bool:
    for first, last in ((a.first, a.last), (b.first, b.last)):
        shapes = _patterns(first, last)
        if shapes and any(x in shapes for x in a.locals) and any(y in shapes for y in b.locals):
            return True
    return False


def _two_work_addresses(a: Rec, b: Rec) -> bool:
    a_work = {e for e in a.emails if e.partition("@")[2] in b.domains}
    b_work = {e for e in b.emails if e.partition("@")[2] in a.domains}
    return bool(a_work and b_work and not a_work & b_work and a.locals and b.locals)


def phones(a: Rec, b: Rec) -> Evidence | None:
    if set(a.phones).intersection(b.phones):
        return Evidence(PHONE_SAME, "same phone")
    if a.phones and b.phones:
        return Evidence(PHONE_DIFF, "different phones")
    return None


def place(a: Rec, b: Rec) -> list[Evidence]:
    found: list[Evidence] = []
    if a.country and b.country:
        same = a.country == b.country
        found.append(
            Evidence(COUNTRY_SAME, f"same country {a.country}")
            if same
            else Evidence(COUNTRY_DIFF, f"different countries {a.country}/{b.country}")
        )
    if a.city and b.city:
        found.append(
            Evidence(CITY_SAME, f"same city '{a.city}'")
            if a.city == b.city
            else Evidence(CITY_DIFF, "different cities")
        )
    return found


def titles(a: Rec, b: Rec) -> Evidence | None:
    if a.title and b.title and fuzz.token_set_ratio(a.title, b.title) >= 85:
        return Evidence(TITLE_LIKE, "similar titles")
    return None
