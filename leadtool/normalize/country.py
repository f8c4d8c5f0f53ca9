"""Countries: a country cell or a LinkedIn-style location to an ISO 3166 alpha-2 code.

Owns `to_iso2` and `country_from_location`. Names come from pycountry (name, official name,
common name, alpha-2, alpha-3; US states and their codes from its subdivisions) plus a small
alias table of everyday and native spellings. Lookups ignore case, accents, dots and "the".
"""

import re
import unicodedata
from functools import lru_cache

import pycountry

COUNTRY_ALIASES: dict[str, str] = {
    **dict.fromkeys(("usa", "us", "america", "united states of america", "u s"), "US"),
    **dict.fromkeys(("uk", "great britain", "britain", "england", "scotland"), "GB"),
    **dict.fromkeys(("wales", "northern ireland", "united kingdom of great britain"), "GB"),
    **dict.fromkeys(("deutschland", "brd"), "DE"),
    **dict.fromkeys(("brasil",), "BR"),
    **dict.fromkeys(("espana",), "ES"),
    **dict.fromkeys(("italia",), "IT"),
    **dict.fromkeys(("schweiz", "suisse", "svizzera"), "CH"),
    **dict.fromkeys(("osterreich",), "AT"),
    **dict.fromkeys(("nederland", "holland"), "NL"),
    **dict.fromkeys(("belgique", "belgie"), "BE"),
    **dict.fromkeys(("sverige",), "SE"),
    **dict.fromkeys(("norge",), "NO"),
    **dict.fromkeys(("danmark",), "DK"),
    **dict.fromkeys(("suomi",), "FI"),
    **dict.fromkeys(("polska",), "PL"),
    **dict.fromkeys(("czech republic", "cesko", "ceska republika"), "CZ"),
    **dict.fromkeys(("russia",), "RU"),
    **dict.fromkeys(("korea", "republic of korea", "korea south"), "KR"),
    **dict.fromkeys(("turkey",), "TR"),
    **dict.fromkeys(("uae", "emirates"), "AE"),
    **dict.fromkeys(("ksa",), "SA"),
    **dict.fromkeys(("ivory coast",), "CI"),
    **dict.fromkeys(("cape verde",), "CV"),
    **dict.fromkeys(("swaziland",), "SZ"),
    **dict.fromkeys(("macedonia",), "MK"),
    **dict.fromkeys(("burma",), "MM"),
    **dict.fromkeys(("drc", "dr congo", "democratic republic of the congo"), "CD"),
    **dict.fromkeys(("congo kinshasa",), "CD"),
    **dict.fromkeys(("congo brazzaville",), "CG"),
    **dict.fromkeys(("vatican", "vatican city"), "VA"),
    **dict.fromkeys(("palestine",), "PS"),
    **dict.fromkeys(("macau",), "MO"),
    **dict.fromkeys(("prc", "mainland china"), "CN"),
    **dict.fromkeys(("brunei",), "BN"),
    **dict.fromkeys(("east timor",), "TL"),
    **dict.fromkeys(("bosnia",), "BA"),
    **dict.fromkeys(("trinidad",), "TT"),
    **dict.fromkeys(("falkland islands", "falklands"), "FK"),
    **dict.fromkeys(("us virgin islands",), "VI"),
    **dict.fromkeys(("st lucia",), "LC"),
    **dict.fromkeys(("st kitts and nevis", "saint kitts"), "KN"),
    **dict.fromkeys(("st vincent and the grenadines",), "VC"),
}
"""Normalised spelling (see `_key`) -> alpha-2, for names pycountry does not carry."""

GEORGIA_COUNTRY_CITIES = frozenset({"tbilisi", "batumi", "kutaisi", "rustavi"})
"""After a comma, "Georgia" is the US state unless one of these cities comes before it."""
US_METRO_AREAS = frozenset(
    {
        *("new york city", "new york", "san francisco bay", "san francisco", "los angeles"),
        *("chicago", "boston", "seattle", "dallas fort worth", "dallas", "houston"),
        *("atlanta", "washington dc baltimore", "miami fort lauderdale", "philadelphia"),
        *("phoenix", "denver", "minneapolis st paul", "san diego", "detroit", "austin"),
        *("nashville", "charlotte", "raleigh durham chapel hill", "salt lake city"),
        *("tampa bay", "orlando", "st louis", "kansas city", "pittsburgh", "cleveland"),
        *("cincinnati", "las vegas", "sacramento", "san antonio", "indianapolis"),
        *("milwaukee", "new orleans", "baltimore"),
    }
)
"""Cores of LinkedIn US metro-area names ("Greater Chicago Area", "... Bay Area")."""
US_METRO_NAMES = frozenset({"silicon valley", "greater boston", "new york city", "nyc"})
"""Whole location names that are US metros without any "Area"/"Greater" wording."""

_NOT_ALNUM = re.compile(r"[\W_]+")
_METRO_AFFIXES = re.compile(
    r"^(?:greater )?(.+?)(?: metropolitan area| metroplex| metro area| bay area| area| metro)?$"
)


def to_iso2(raw: str) -> str | None:
    """ "usa", "United Kingdom", "England", "DEU", "Brasil" -> "US", "GB", "GB", "DE", "BR"."""
    return _countries().get(_key(raw))


def country_from_location(raw: str) -> str | None:
    """ISO2 of a LinkedIn-style location from its last comma part, or None.

    "Paris, Île-de-France, France" -> "FR"; "Austin, TX" and "San Francisco, California" ->
    "US": after a comma a US state or state code wins over a country it may also spell
    ("Atlanta, Georgia"; but "Berlin, DE" reads as Delaware). Alone, a country wins
    ("CA" is Canada, "Georgia" the country) and a state name gives "US".
    "San Francisco Bay Area", "Greater Chicago Area" -> "US" for a curated set of US metros.
    """
    parts = [_key(part) for part in raw.split(",")]
    last = parts[-1]
    state_names, state_codes = _us_states()
    if len(parts) > 1 and (last in state_names or last in state_codes):
        return "GE" if last == "georgia" and parts[-2] in GEORGIA_COUNTRY_CITIES else "US"
    country = _countries().get(last)
    if country is not None:
        return country
    return "US" if last in state_names or _is_us_metro(last) else None


@lru_cache(maxsize=1 << 14)
def _key(text: str) -> str:
    """Lookup form: no accents, case or dots; other punctuation as spaces; "&" as "and";
    a leading "the" dropped. "Côte d'Ivoire" -> "cote d ivoire", "U.S.A." -> "usa"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.casefold().replace(".", "")
    words = _NOT_ALNUM.sub(" ", plain).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Every normalised spelling pycountry knows, then the aliases, -> alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            spelling = getattr(country, field, None)
            if spelling:
                index.setdefault(_key(spelling), country.alpha_2)
    index.update(COUNTRY_ALIASES)
    return index


@lru_cache(maxsize=1)
def _us_states() -> tuple[frozenset[str], frozenset[str]]:
    """Normalised names, and two-letter codes, of the 50 states and DC."""
    states = [
        subdivision
        for subdivision in pycountry.subdivisions
        if subdivision.country_code == "US" and subdivision.type in ("State", "District")
    ]
    names = {_key(state.name) for state in states} | {"washington dc"}
    codes = {state.code.removeprefix("US-").lower() for state in states}
    return frozenset(names), frozenset(codes)


def _is_us_metro(key: str) -> bool:
    """A normalised location that names a US metro area with a metro wording."""
    if key in US_METRO_NAMES:
        return True
    match = _METRO_AFFIXES.fullmatch(key)
    return match is not None and match.group(1) != key and match.group(1) in US_METRO_AREAS
