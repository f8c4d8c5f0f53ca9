"""LinkedIn profile URLs: one canonical spelling per person, usable as a dedupe key.

Owns `canonical_linkedin`. Personal profiles (/in/<slug>), old public profiles
(/pub/<name>/<a>/<b>/<c>) and Sales Navigator lead links (/sales/lead|people/<id>,...) are
recognised; company pages and anything that is not LinkedIn give None.
"""

import re
from urllib.parse import unquote, urlsplit

BASE_URL = "https://www.linkedin.com"
_HOST = re.compile(r"(?:[a-z0-9-]+\.)?linkedin\.com")
_BAD_PART = re.compile(r"[\s/?#%\\<>\"'`()\[\]{}]|[\x00-\x1f\x7f]")
_EDGE_CHARS = "\"'`<>()[]{} \t"
# The shape nearly every export uses; anything else takes the full parse below.
_PLAIN_PROFILE = re.compile(
    r"(?:https?://)?(?:[a-z0-9-]+\.)?linkedin\.com/in/([A-Za-z0-9_-]+)/?", re.IGNORECASE
)


def canonical_linkedin(raw: str) -> str | None:
    """Canonical URL of a personal LinkedIn profile, or None.

    "https://uk.linkedin.com/in/Jane-Doe/details/?trk=x" -> "https://www.linkedin.com/in/jane-doe".
    Sales Navigator ids keep their case; /sales/people/ and /sales/lead/ give /sales/lead/.
    """
    plain = _PLAIN_PROFILE.fullmatch(raw.strip())
    if plain is not None:
        return f"{BASE_URL}/in/{plain.group(1).lower()}"
    parts = _path_parts(raw)
    if not parts:
        return None
    kind = parts[0].lower()
    if kind == "in" and len(parts) >= 2:
        return _joined("in", [parts[1].lower()])
    if kind == "pub" and len(parts) >= 5 and parts[1].lower() != "dir":
        return _joined("pub", [part.lower() for part in parts[1:5]])
    if kind == "sales" and len(parts) >= 3 and parts[1].lower() in ("lead", "people"):
        return _joined("sales/lead", [parts[2].split(",", 1)[0]])
    return None


def _path_parts(raw: str) -> list[str] | None:
    """Percent-decoded path segments of a linkedin.com URL, or None for other URLs."""
    text = raw.strip().strip(_EDGE_CHARS)
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        url = urlsplit(text)
        host = url.hostname
    except ValueError:
        return None
    if host is None or _HOST.fullmatch(host) is None:
        return None
    parts = [unquote(part) for part in url.path.split("/") if part]
    return parts[1:] if parts[:1] == ["mwlite"] else parts


def _joined(prefix: str, parts: list[str]) -> str | None:
    if any(not part or _BAD_PART.search(part) for part in parts):
        return None
    return f"{BASE_URL}/{prefix}/{'/'.join(parts)}"
