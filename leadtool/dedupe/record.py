"""The view of a person that matching reads: folded names, company, domains, emails, phones,
place (city, country, postcode) and the custom columns compared (custom.py).

Built once per person from the store's row and identity keys, so comparing a pair does no
parsing. Free-mail domains (gmail.com ...) are kept apart from company domains: a shared
gmail.com says nothing about a shared employer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from leadtool.dedupe.text import company_key, company_words, fold, fold_value
from leadtool.normalize.email import FREE_DOMAINS, ROLE_LOCAL_PARTS
from leadtool.normalize.web import website_domain


@dataclass(frozen=True, slots=True)
class Rec:  # tuples, not frozensets: a one-item tuple is 48 bytes, a frozenset 216 (x 1M)
    """One person as matching sees it. Text fields are folded ("" when unknown)."""

    id: int
    first: str
    last: str
    company: str  # cleaned, no spaces: "acmelabs"
    company_words: tuple[str, ...]
    domains: tuple[str, ...]  # company domains: work email domains and the website, sorted
    locals: tuple[str, ...]  # personal email local parts, letters and digits: "jsmith87"
    emails: tuple[str, ...]
    phones: tuple[str, ...]  # E.164, sorted
    city: str
    country: str
    title: str
    postcode: str  # letters and digits, upper case
    custom: tuple[tuple[str, str], ...] = ()  # (column, folded value) per compared column


def make_rec(
    pid: int,
    fields: dict[str, str | None],
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    custom: Iterable[tuple[str, str | None]] = (),
) -> Rec:
    """A Rec from a people row (`fields`), the person's other emails and phones, and the
    values of the compared custom columns (in slot order, None when the person has none)."""
    all_emails = {e for e in (fields.get("email"), *emails) if e}
    domains = {d for d in (_website(fields.get("website")),) if d}
    locals_: list[str] = []
    for email in sorted(all_emails):
        local, _, domain = email.partition("@")
        if domain and domain not in FREE_DOMAINS:
            domains.add(domain)
        letters = "".join(ch for ch in local.split("+")[0] if ch.isalnum())
        if local.split("+")[0] not in ROLE_LOCAL_PARTS and len(letters) >= 2:
            locals_.append(letters)
    get = fields.get
    company = get("company") or ""
    return Rec(
        id=pid,
        first=_intern(fold(get("first_name") or "")),
        last=_intern(fold(get("last_name") or "")),
        company=_intern(company_key(company)),
        company_words=company_words(company) if company else (),
        domains=tuple(sorted(domains)),
        locals=tuple(dict.fromkeys(locals_)),
        emails=tuple(sorted(all_emails)),
        phones=tuple(sorted({p for p in (get("phone"), *phones) if p})),
        city=_intern(fold(get("city") or "")),
        country=_intern(get("country") or ""),
        title=_intern(" ".join((get("title") or "").casefold().split())),
        postcode=_intern("".join(ch for ch in (get("postal_code") or "").upper() if ch.isalnum())),
        custom=tuple((name, fold_value(value)) for name, value in custom),
    )


def _website(value: str | None) -> str | None:
    return website_domain(value) if value else None


def _intern(text: str) -> str:
    return sys.intern(text)
