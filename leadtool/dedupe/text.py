"""Text for matching: folded names, cleaned company names, nicknames and phonetic codes.

Nicknames come from the `nicknames` package (carltonnorthern/nicknames, Apache-2.0: a
hand-curated table of about 1,100 English given names and their diminutives). Phonetic
codes are jellyfish's Metaphone. Company names lose case, accents, punctuation and legal
suffixes (Inc, LLC, Ltd, GmbH, SAS ...), and "&" reads as "and".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import jellyfish

_UNACCENTED = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "æ": "ae", "œ": "oe", "ß": "ss"}
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
LEGAL_SUFFIXES: frozenset[str] = frozenset(
    {
        *("inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "lp"),
        *("ltd", "limited", "plc", "pty", "pvt", "private", "gmbh", "ag", "kg", "ug", "mbh"),
        *("sas", "sarl", "sa", "sasu", "eurl", "srl", "spa", "sl", "slu", "bv", "nv", "ab"),
        *("oy", "oyj", "as", "asa", "aps", "ltda", "pte", "kk", "cv", "de", "and", "the"),
        *("dac", "se", "sce", "eg", "ev"),
    }
)
"""Words dropped from the end of a company name ("Acme Labs GmbH & Co. KG" -> "acme labs")."""


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Casefolded, accents removed, letters and digits only: "O'Brien-Núñez" -> "obriennunez"."""
    return "".join(ch for ch in _plain(text) if ch.isalnum())


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).casefold().translate(_UNACCENTED)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def company_words(name: str) -> tuple[str, ...]:
    """A company name as words, legal suffixes and a leading "the" dropped.

    "ACME Labs, Inc." -> ("acme", "labs"); "Müller & Söhne GmbH" -> ("muller", "and", "sohne").
    A name made only of suffix words ("Company Ltd") keeps its first word.
    """
    text = _plain(name.replace("&", " and ").replace("+", " and ").replace(".", ""))
    words = [w for w in _NON_WORD.split(text) if w]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return tuple(words)


def company_key(name: str | None) -> str:
    """The cleaned company name without spaces ("Acme Labs Inc." and "AcmeLabs" -> "acmelabs")."""
    return "".join(company_words(name)) if name else ""


@lru_cache(maxsize=1 << 16)
def phonetic(word: str) -> str:
    """Metaphone of a folded word ("smith" and "smyth" -> "SM0"); "" for an empty word."""
    return jellyfish.metaphone(word) if word else ""


@cache
def _nicknamer() -> object:
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=1 << 14)
def name_family(first: str) -> frozenset[str]:
    """A folded given name with every name the nickname table links to it.

    "bob" -> {"bob", "robert", "rob", "bobby", ...}: the name, its nicknames, the names it
    is a nickname of, and their other nicknames (so "bob" and "rob" meet through "robert").
    """
    if not first:
        return frozenset()
    nn = _nicknamer()
    canonicals: set[str] = set(nn.canonicals_of(first))  # type: ignore[attr-defined]
    family = {first, *canonicals, *nn.nicknames_of(first)}  # type: ignore[attr-defined]
    for canonical in canonicals:
        family.update(nn.nicknames_of(canonical))  # type: ignore[attr-defined]
    return frozenset(fold(name) for name in family)


def is_nickname(a: str, b: str) -> bool:
    """Folded given names that the nickname table links ("bob"/"robert", "liz"/"beth")."""
    return bool(a and b) and (b in name_family(a) or a in name_family(b))


def fold_value(raw: object) -> str:
    """A custom cell as compared: trimmed, inner spaces collapsed, casefolded ("" when empty)."""
    return " ".join(str(raw).casefold().split()) if raw is not None else ""
