"""Websites: the bare domain of a company website cell.

Owns `website_domain`. URL parsing is urllib's; the hostname is checked and normalised by
email-validator's domain rules (IDNA/UTS-46, a dot and a real TLD required, special-use names
like localhost refused), so a website's domain compares equal to the domain of an email
address normalised by `leadtool.normalize.email`.
"""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from email_validator import EmailNotValidError
from email_validator.syntax import validate_email_domain_name

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_EDGE_CHARS = "\"'`<>()[]{}“”‘’«»,;:!?"
_LEADING_WWW = re.compile(r"^(?:www\.)+")


@lru_cache(maxsize=1 << 16)  # a company's site repeats for each of its people
def website_domain(raw: str) -> str | None:
    """ "https://www.Acme.com/about?x=1" -> "acme.com"; None for text that is not a hostname.

    Scheme, userinfo, port, path, query and leading "www." are dropped; the result is
    lower-case, with an internationalised domain in Unicode form. Email addresses, bare
    words, IP addresses and text with spaces give None.
    """
    text = _INVISIBLE.sub("", raw).strip().strip(_EDGE_CHARS)
    if not text or any(char.isspace() for char in text):
        return None
    if "://" not in text:
        if "@" in text.split("/", 1)[0]:
            return None
        text = "http://" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return _domain(host) if host else None


@lru_cache(maxsize=1 << 16)
def _domain(host: str) -> str | None:
    name = _LEADING_WWW.sub("", host.rstrip("."))
    try:
        return validate_email_domain_name(name)["domain"]
    except EmailNotValidError:
        return None
