"""Money cells -> a number and, when the cell says it, a currency. Pure, standard library.

Reads what shops and CRMs export: "49.90", "1.234,50" (European), "1,234.50", "1 234,50",
"1'234.50", "€ 49.90", "49.90 EUR", "-20" or "(20.00)" (a refund). The last of two different
separators is the decimal one. A lone separator before exactly three digits ("1.234",
"1,234") could be a thousands mark or a decimal one; money is not guessed, so it is refused
(`None`), unless the whole part is 0 ("0,250"). `currency_code` checks a three-letter code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pycountry

# Only symbols that name one currency: "$" is also CAD, AUD, MXN... and says nothing.
_SYMBOLS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY"}
_CODE = re.compile(r"[A-Z]{3}")
_NUMBER = re.compile(r"\d+(?:[.,'\s]\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:[.,'\s]\d{3})+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_LEADING_CODE = re.compile(r"(?P<code>[A-Za-z]{3})\s*(?P<number>[-+(]?\d.*)")
_TRAILING_CODE = re.compile(r"(?P<number>.*\d\)?)\s*(?P<code>[A-Za-z]{3})")


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str | None  # from the cell itself ("€ 49.90", "49.90 EUR"), else None
    dollar: bool = False  # written with "$": some dollar, which one the cell does not say


# The currencies "$" may stand for: an amount in "$" is only taken as one of these.
DOLLAR_CURRENCIES = frozenset(
    {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD", "BRL"}
)


def currency_code(raw: str) -> str | None:
    """ "eur" -> "EUR"; a symbol naming one currency -> its code; else None (and for three
    letters that name no ISO 4217 currency, such as "ABC": pycountry's list decides)."""
    text = raw.strip()
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    code = text.upper()
    if not _CODE.fullmatch(code) or pycountry.currencies.get(alpha_3=code) is None:
        return None
    return code


def parse_amount(raw: str) -> Amount | None:
    """The amount a cell means, or None when it is not a number we read without guessing."""
    text = _SPACES.sub(" ", raw.strip())
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").strip()
    text, currency = _take_currency(text)
    if text[:1] and text[0] in "+-":
        negative = negative != (text[0] == "-")
        text = text[1:].strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = _to_float(text)
    if value is None or not math.isfinite(value):
        return None
    return Amount(-value if negative else value, currency, dollar="$" in raw)


def _take_currency(text: str) -> tuple[str, str | None]:
    """The text without a leading or trailing symbol or code, and that currency."""
    for symbol, code in _SYMBOLS.items():
        if symbol in text:
            return text.replace(symbol, "").strip(), code
    if "$" in text:
        return text.replace("$", "").strip(), None
    found = _LEADING_CODE.fullmatch(text) or _TRAILING_CODE.fullmatch(text)
    named = None if found is None else currency_code(found.group("code"))
    if found is None or named is None:  # letters that are no currency: not an amount then
        return text, None
    return found.group("number").strip(), named


def _to_float(text: str) -> float | None:
    marks = [c for c in text if not c.isdigit()]
    if not marks:
        return float(text)
    last = marks[-1]
    whole, _, fraction = text.rpartition(last)
    if last in "' " or marks.count(last) > 1:  # only thousands marks: "1.234.567"
        whole, fraction = text, ""
    elif len(fraction) == 3 and len(set(marks)) == 1 and whole != "0":
        return None  # "1.234", "1,234": a thousand, or one and a bit? Not guessed.
    if not (whole.isdigit() or _GROUPED.fullmatch(whole)):
        return None
    digits = "".join(c for c in whole if c.isdigit())
    return float(f"{digits}.{fraction}" if fraction else digits)
