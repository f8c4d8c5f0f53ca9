"""Phone cells: undo spreadsheet damage, then parse, validate and format with phonenumbers.

Owns `PhoneResult` and `normalize_phone`. Recovers Excel integers stored as floats
("4155550134.0"), drops the apostrophe Excel users type to keep a number as text, reads
"00" international prefixes, extensions and the first valid number of a cell holding several.
Excel scientific notation ("4.15555E+09") has lost digits and is only flagged.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeGuard

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, ValidationResult


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """One phone cell, normalised. `value` is E.164 or None; see `normalize_phone`."""

    value: str | None
    extension: str | None
    flags: tuple[str, ...]
    raw: str


_REGION_ALIASES = {"UK": "GB"}
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_EDGE_CHARS = "'’‘\"“”` \t"
_EXCEL_FLOAT = re.compile(r"(\+?\d+)\.0+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_SEPARATORS = re.compile(r"\s*(?:[/|;,&\n\r]|\bor\b)\s*", re.IGNORECASE)
_TOO_SHORT_ERRORS = (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD)
_TOO_SHORT_REASONS = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)


def normalize_phone(raw: str, region: str | None = "US") -> PhoneResult:
    """Return the cell's first valid number as E.164, its extension and flags.

    `region` (ISO 3166 alpha-2) reads national numbers; None or an unknown code accepts only
    numbers written with "+" or "00". Flags (sorted): "invalid" when the cell has text but
    no valid number, "scientific" for Excel scientific notation, "too_short" when
    phonenumbers finds the number too short (or only dialable locally, e.g. no area code).
    """
    cell = raw.strip()
    if not cell:
        return PhoneResult(None, None, (), "")
    return _normalize(cell, _region(region))


def _region(region: str | None) -> str | None:
    if region is None:
        return None
    code = region.strip().upper()
    code = _REGION_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


@lru_cache(maxsize=1 << 12)  # phones rarely repeat in a list; keep workers small
def _normalize(cell: str, region: str | None) -> PhoneResult:
    text = _clean(cell)
    if _SCIENTIFIC.fullmatch(text):
        return PhoneResult(None, None, ("invalid", "scientific"), cell)
    whole = _parse(text, region)
    number = whole if _is_valid(whole) else _first_valid(text, region)
    if number is None:
        flags = ("invalid", "too_short") if _too_short(whole) else ("invalid",)
        return PhoneResult(None, None, flags, cell)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return PhoneResult(e164, number.extension or None, (), cell)


def _clean(cell: str) -> str:
    """Drop invisible characters, Excel's text apostrophe and a float's ".0"."""
    text = _INVISIBLE.sub("", cell).strip(_EDGE_CHARS)
    if text[:4].lower() == "tel:":
        text = text[4:]
    excel_float = _EXCEL_FLOAT.fullmatch(text)
    return excel_float.group(1) if excel_float else text


def _first_valid(text: str, region: str | None) -> PhoneNumber | None:
    """After the whole text failed: "00..." as "+...", else the first valid separated part."""
    parts = _SEPARATORS.split(text)
    candidates = [text, *parts] if len(parts) > 1 else [text]
    for index, candidate in enumerate(candidates):
        for attempt, attempt_region in _attempts(candidate, region, as_written=index > 0):
            number = _parse(attempt, attempt_region)
            if _is_valid(number):
                return number
    return None


def _attempts(
    candidate: str, region: str | None, *, as_written: bool
) -> Iterator[tuple[str, str | None]]:
    """As written (unless already tried), then "00..." read as the international prefix."""
    if as_written:
        yield candidate, region
    stripped = candidate.lstrip(" (")
    if stripped.startswith("00"):
        yield "+" + stripped[2:], None


def _parse(text: str, region: str | None) -> PhoneNumber | NumberParseException:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        return error


def _is_valid(parsed: PhoneNumber | NumberParseException) -> TypeGuard[PhoneNumber]:
    return isinstance(parsed, PhoneNumber) and is_valid_number(parsed)


def is_valid_number(number: PhoneNumber) -> bool:
    """phonenumbers.is_valid_number, without its second pass over a shared country code.

    For a code shared by several regions (+1: US, CA, ...), is_valid_number first finds the
    region by testing the number against each region in turn, then tests it again for the
    region found. When the code's main region decides by testing (it has no leading-digits
    rule), a number valid there is what is_valid_number calls valid: one test is enough.
    Anything else takes the library's own path. tests/normalize/test_phone.py holds the
    two equal over every region's example numbers and random digits.
    """
    main = _main_region(number.country_code)
    if main is None:
        return bool(phonenumbers.is_valid_number(number))
    region, only = main
    if phonenumbers.is_valid_number_for_region(number, region):
        return True
    return False if only else bool(phonenumbers.is_valid_number(number))


@cache
def _main_region(country_code: int) -> tuple[str, bool] | None:
    """(the first region of a country code, whether it is the only one), when a number valid
    for that region is valid; None when only is_valid_number can tell."""
    regions = phonenumbers.region_codes_for_country_code(country_code)
    if not regions:
        return None
    if len(regions) == 1:
        return regions[0], True
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(regions[0], None)
    if metadata is None or metadata.leading_digits is not None:
        return None
    return regions[0], False


def _too_short(parsed: PhoneNumber | NumberParseException) -> bool:
    if isinstance(parsed, NumberParseException):
        return parsed.error_type in _TOO_SHORT_ERRORS
    return phonenumbers.is_possible_number_with_reason(parsed) in _TOO_SHORT_REASONS
