"""Person names: tidy a name cell, split a full name, and build an exact-match name key.

Owns `tidy_name`, `is_invalid_name`, `split_full_name` and `name_key`. Parsing and case
repair are nameparser's (its one-case gate: only a name written all upper or all lower is
re-cased, so "DeShawn" and "da Silva" stay as typed). One known nameparser slip is
corrected: it reads every "mac..." as Scottish ("MacHado"); only a curated list of Mac
surnames keeps the inner capital.
"""

import re
import unicodedata
from functools import lru_cache

from nameparser import parse

_WHITESPACE = re.compile(r"\s+")
_MAC_WORD = re.compile(r"\bMac(\w+)")
_UNACCENTED = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th"}
)
"""Letters with a stroke or ligature, which NFKD does not decompose, as plain letters."""
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("«", "»"), ('"', '"'))
"""Brackets and quotes kept at a name's edge when both halves are there."""
_OPENING = dict(_PAIRS)
_CLOSING = {closing: opening for opening, closing in _PAIRS}
_KEPT_DOT_WORDS = frozenset({"jr", "sr", "st", "dr", "mr", "mrs", "ms"})
SCOTTISH_MAC_NAMES: frozenset[str] = frozenset(
    {
        *("macadam", "macalister", "macallan", "macarthur", "macaskill", "macaulay"),
        *("macbain", "macbean", "macbeth", "maccallum", "maccormack", "macdermott"),
        *("macdonald", "macdonell", "macdougall", "macduff", "macewan", "macewen"),
        *("macfadyen", "macfarlane", "macgillivray", "macgowan", "macgregor", "macinnes"),
        *("macintyre", "macisaac", "macivor", "mackay", "mackenzie", "mackinnon"),
        *("maclachlan", "maclaren", "maclean", "maclellan", "macleod", "macmahon"),
        *("macmillan", "macnab", "macnamara", "macneil", "macneill", "macpherson"),
        *("macquarrie", "macqueen", "macrae", "macritchie", "macsween", "macvicar"),
    }
)
"""Lower-cased "Mac" surnames written with an inner capital (MacDonald, MacLeod)."""


@lru_cache(maxsize=1 << 16)  # first and last names repeat a lot across a list
def tidy_name(raw: str) -> str | None:
    """Collapse whitespace, trim stray punctuation, repair ALL CAPS / all lower; None if empty.

    "  JEAN-PIERRE  O'NEIL," -> "Jean-Pierre O'Neil"; "mcdonald" -> "McDonald";
    "DeShawn" and "da Silva" are kept; "Null" and "NA" are names like any other. A trailing
    dot stays only after an initial or Jr./Sr./St./Dr.-like word. No letter at all -> None.
    """
    text = _trim_edges(_WHITESPACE.sub(" ", raw))
    if not any(char.isalpha() for char in text):
        return None
    if _in_one_case(text):
        text = _recased(text)
    return text if not text.endswith(".") or _keeps_dot(text[:-1]) else text[:-1]


def is_invalid_name(raw: str) -> bool:
    """A name cell that fails: a formula (see `looks_like_formula`), or digits with no letter.

    Such a cell is no name, and its raw text is worth keeping ("=1+1", "123"); a cell of
    punctuation only ("-", "?") is an empty placeholder, not a failed name.
    """
    text = raw.strip()
    if looks_like_formula(text):
        return True
    return tidy_name(text) is None and any(char.isdigit() for char in text)


def looks_like_formula(text: str) -> bool:
    """Starts as a spreadsheet formula: "=" or "@", or a sign before what is not a letter.

    "=1+1", "@SUM(1)", "+1", "-(2)" are formulas (safecells.FORMULA_STARTS); a sign before
    a space, another sign or a letter is decoration around a name ("- Jane -", "--Jane").
    """
    if text[:1] in ("=", "@"):
        return True
    follows = text[1:2]
    return text[:1] in ("+", "-") and bool(follows) and not (follows.isalpha() or follows in " +-")


def split_full_name(raw: str) -> tuple[str | None, str | None]:
    """(first, last) of a full name by nameparser, each tidied like `tidy_name`.

    "Smith, Jane" -> ("Jane", "Smith"); "Dr. Jane A. Smith Jr." -> ("Jane", "Smith");
    one word -> (word, None); middle names, titles, suffixes and nicknames are dropped.
    """
    text = _WHITESPACE.sub(" ", raw).strip()
    return _split(text) if text else (None, None)


def name_key(first: str | None, last: str | None) -> str | None:
    """Key "first last": casefolded, accents and non-letters removed; None when both empty.

    "José", "García-López" -> "jose garcialopez"; "Łukasz", "Øberg" -> "lukasz oberg".
    Each side keeps its place ("jane " vs " jane"), so a first name never matches a surname.
    """
    key_first, key_last = _fold(first or ""), _fold(last or "")
    if not key_first and not key_last:
        return None
    return f"{key_first} {key_last}"


@lru_cache(maxsize=1 << 16)
def _split(text: str) -> tuple[str | None, str | None]:
    """Parse once; a part written in one case takes the case repaired in full-name context."""
    parsed = parse(text)
    repaired = parsed.capitalized(force=not _in_one_case(text))
    return _part(parsed.given, repaired.given), _part(parsed.family, repaired.family)


def _part(as_written: str, repaired: str) -> str | None:
    if not _in_one_case(as_written):
        return tidy_name(as_written)
    return tidy_name(_MAC_WORD.sub(_fix_mac, repaired))


def _in_one_case(text: str) -> bool:
    """Written all upper or all lower, with at least one cased letter."""
    upper, lower = text.upper(), text.lower()
    return upper != lower and text in (upper, lower)


@lru_cache(maxsize=1 << 16)
def _fold(part: str) -> str:
    folded = unicodedata.normalize("NFKD", part).casefold().translate(_UNACCENTED)
    return "".join(char for char in unicodedata.normalize("NFKD", folded) if char.isalpha())


def _is_edge_junk(char: str) -> bool:
    """Punctuation, symbols, separators and control characters (not letters, marks, digits)."""
    return unicodedata.category(char)[0] in "PSZC"


def _trim_edges(text: str) -> str:
    """Strip junk at both ends, keeping the dot of a trailing initial or "Jr."-like word.

    A bracket or double quote at an edge stays when its partner is inside the name
    ("Okafor (she/her)", '"Bob" Smith'); a pair around the whole name goes ("(Jane)").
    """
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and _is_edge_junk(text[start]) and not _paired_at(text, start, end, 1):
            start += 1
        while end > start and _is_edge_junk(text[end - 1]) and not _paired_at(text, start, end, -1):
            end -= 1
        if end - start >= 2 and _partner(text, start, end, start, 1) == end - 1:
            start, end = start + 1, end - 1  # the whole name wrapped: "(Jane)", '"Jane"'
        if (start, end) == before:
            break
    trimmed = text[start:end]
    if text[end : end + 1] == "." and _keeps_dot(trimmed):
        trimmed += "."
    return trimmed


def _paired_at(text: str, start: int, end: int, side: int) -> bool:
    """Whether the bracket or quote at the start (side 1) or end (-1) has a partner inside."""
    at = start if side == 1 else end - 1
    char = text[at]
    if char == '"':  # a straight quote opens and closes: it is paired when they come in twos
        return text.count('"', start, end) % 2 == 0
    if char not in (_OPENING if side == 1 else _CLOSING):
        return False
    return _partner(text, start, end, at, side) is not None


def _partner(text: str, start: int, end: int, at: int, step: int) -> int | None:
    """Index of the bracket or quote that matches the one at `at` in text[start:end], or None."""
    char = text[at]
    if char == '"':
        found = text.find(char, at + 1, end) if step == 1 else text.rfind(char, start, at)
        return found if found >= 0 else None
    mate = (_OPENING if step == 1 else _CLOSING).get(char)
    depth = 0
    for index in range(at, end if step == 1 else start - 1, step):
        if text[index] == char:
            depth += 1
        elif text[index] == mate:
            depth -= 1
            if depth == 0:
                return index
    return None


def _keeps_dot(text: str) -> bool:
    last_word = text.rpartition(" ")[2]
    return len(last_word) == 1 or last_word.lower() in _KEPT_DOT_WORDS


@lru_cache(maxsize=1 << 16)
def _recased(text: str) -> str:
    """nameparser's case repair, spliced back into the text so word order is kept."""
    parsed = parse(text).capitalized(force=False)
    pieces: list[str] = []
    position = 0
    for token in sorted(parsed.tokens, key=lambda token: token.span or (0, 0)):
        if token.span is None or token.span.start < position:
            continue  # synthetic or overlapping token: keep the text as written there
        pieces += [parsed.original[position : token.span.start], token.text]
        position = token.span.end
    pieces.append(parsed.original[position:])
    recased = _MAC_WORD.sub(_fix_mac, "".join(pieces))
    if recased.islower():
        # nameparser lower-cases particles and conjunctions ("y", "de"); a name that is only
        # one of them ("Y", an initial kept as a surname) still starts with a capital.
        return recased[:1].upper() + recased[1:]
    return recased


def _fix_mac(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if word.lower() in SCOTTISH_MAC_NAMES else "Mac" + match.group(1).lower()
