"""One spreadsheet row -> one person candidate (or the reason it is not a person).

Pure: no store, no I/O. Runs in worker processes on big files, so its result is plain,
picklable data. A row is a person if it has a valid email, a valid phone, a LinkedIn
profile, or a name with a company or a postal code (a postal list's person, whose street
stays a custom column); invalid values are flagged and their raw text kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leadtool.normalize.columns import ColumnMap
from leadtool.normalize.country import country_from_location, to_iso2
from leadtool.normalize.dates import to_iso_utc
from leadtool.normalize.email import normalize_email
from leadtool.normalize.fields import TEXT_FIELDS
from leadtool.normalize.linkedin import canonical_linkedin
from leadtool.normalize.names import is_invalid_name, name_key, split_full_name, tidy_name
from leadtool.normalize.phone import normalize_phone
from leadtool.normalize.stages import parse_stage
from leadtool.normalize.tags import split_tags
from leadtool.normalize.web import website_domain

CONSENT_OPT_IN = "opt-in"
OPT_OUT_YES = frozenset({"1", "true", "yes", "y", "x", "opted out", "unsubscribed"})
Getter = Callable[[str], str]
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

# Keys made of the name with where the person is found: only for people with no other key.
NAME_KINDS = frozenset({"name_company", "name_postcode"})
REJECT_NOT_A_PERSON = (
    "not a person: no valid email, phone or LinkedIn profile, and no name with a company or "
    "postal code"
)


@dataclass(frozen=True, slots=True)
class RowOptions:
    region: str = "US"
    check_deliverability: bool = False
    consent: str | None = None  # how the people of this file agreed (import --consent)
    consent_at: str | None = None  # when: the import time


@dataclass(slots=True)
class PersonRow:
    """What a row says about a person, normalised. `reject` is set when it is not one."""

    row_number: int
    cells: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    invalid: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    reject: str | None = None
    raw: str = ""  # the cells as JSON, for import_rows and rejects
    opt_out: str = ""  # the header of a truthy opt-out cell: the person must not be contacted
    values: tuple[Any, ...] = ()  # the person's store columns, filled in by the import
    slim: bool = False  # fields, custom, invalid, emails, phones not rebuilt yet (imports.wire)


class RowNormaliser:
    """Normalises rows of one file, given its header and column map."""

    def __init__(self, header: list[str], colmap: ColumnMap, options: RowOptions) -> None:
        self.header = header
        self.options = options
        self.single = {f: i for i, f in colmap.fields.items() if f not in ("email", "phone")}
        self.email_cols = sorted(i for i, f in colmap.fields.items() if f == "email")
        self.phone_cols = sorted(i for i, f in colmap.fields.items() if f == "phone")
        self.custom = sorted(colmap.custom.items())
        self.text = [(f, i) for f in TEXT_FIELDS if (i := self.single.get(f)) is not None]

    def __call__(self, row_number: int, cells: list[str]) -> PersonRow:
        row = PersonRow(row_number=row_number, cells=cells, raw=_ENCODE(cells))
        get = self._getter(cells)
        self._country(row, get)
        self._emails(row, [cells[i] for i in self.email_cols if i < len(cells)])
        self._phones(row, [cells[i] for i in self.phone_cols if i < len(cells)], get)
        self._web(row, get("linkedin"), get("website"))
        self._names(row, get)
        self._plain(row, get)
        self._custom(row, cells)
        row.keys = identity_keys(row)
        if not is_person(row):
            row.reject = _reject_reason(row)
        return row

    def _getter(self, cells: list[str]) -> Getter:
        single, n = self.single, len(cells)

        def get(name: str) -> str:
            i = single.get(name)
            return cells[i].strip() if i is not None and i < n else ""

        return get

    def _country(self, row: PersonRow, get: Getter) -> None:
        raw = get("country")
        iso = to_iso2(raw) if raw else None
        if raw and iso is None:
            _flag(row, "country", "unknown", raw)
        if iso is None and get("location"):
            iso = country_from_location(get("location"))
        if iso:
            row.fields["country"] = iso

    def _emails(self, row: PersonRow, raws: list[str]) -> None:
        first_bad = ""
        for raw in raws:
            if not raw.strip():
                continue
            result = normalize_email(raw, check_deliverability=self.options.check_deliverability)
            if result.value is None:
                first_bad = first_bad or result.raw
                continue
            if not row.emails:
                row.fields["email"] = result.value
                if result.flags:
                    row.fields["email_flags"] = ",".join(result.flags)
                    row.flags.extend(f"email:{f}" for f in result.flags)
            row.emails.extend(e for e in (result.value, *result.others) if e not in row.emails)
        if not row.emails and first_bad:
            row.fields["email_flags"] = "invalid"
            _flag(row, "email", "invalid", first_bad)

    def _phones(self, row: PersonRow, raws: list[str], get: Getter) -> None:
        region = row.fields.get("country", self.options.region)
        first_bad = None
        for raw in raws:
            if not raw.strip():
                continue
            result = normalize_phone(raw, region)
            if result.value is None:
                first_bad = first_bad or result
            elif not row.phones:
                row.fields["phone"] = result.value
                if result.extension:
                    row.fields["phone_ext"] = result.extension
            if result.value is not None and result.value not in row.phones:
                row.phones.append(result.value)
        if not row.phones and first_bad is not None:
            flags = first_bad.flags or ("invalid",)
            row.fields["phone_flags"] = ",".join(flags)
            for f in flags:
                _flag(row, "phone", f, first_bad.raw)
        switchboard = get("company_phone")
        if switchboard:
            parsed = normalize_phone(switchboard, region)
            row.fields["company_phone"] = parsed.value or switchboard

    def _web(self, row: PersonRow, linkedin_raw: str, website_raw: str) -> None:
        # Exports put profile URLs under "Website" and company sites under "URL": look at
        # the value, not only the header.
        for raw in (linkedin_raw, website_raw):
            if not raw:
                continue
            maybe = raw is linkedin_raw or "linkedin" in raw.lower()
            profile = canonical_linkedin(raw) if maybe else None
            if profile is not None:
                row.fields.setdefault("linkedin", profile)
                continue
            domain = website_domain(raw)
            if domain is not None and "linkedin." not in domain:
                row.fields.setdefault("website", domain)
            elif raw is linkedin_raw:
                _flag(row, "linkedin", "invalid", raw)
            else:
                _flag(row, "website", "invalid", raw)

    def _names(self, row: PersonRow, get: Getter) -> None:
        first, last = _name(row, "first_name", get), _name(row, "last_name", get)
        full = get("full_name")
        if not first and not last and full:
            if is_invalid_name(full):
                _flag(row, "full_name", "invalid", full)
            else:
                first, last = split_full_name(full)
        middle = _name(row, "middle_name", get)
        for name, value in (("first_name", first), ("middle_name", middle), ("last_name", last)):
            if value:
                row.fields[name] = value
        key = name_key(first, last)
        if key:
            row.fields["name_key"] = key

    def _plain(self, row: PersonRow, get: Getter) -> None:
        cells, n = row.cells, len(row.cells)
        for name, i in self.text:  # only the mapped ones: most files have few
            value = " ".join(cells[i].split()) if i < n else ""
            if value:
                row.fields[name] = value
        self._consent(row, get("consent_at"))
        raw_stage = get("stage")
        if raw_stage:
            stage = parse_stage(raw_stage)
            if stage is None:
                _flag(row, "stage", "unknown", raw_stage)
            else:
                row.fields["stage"] = stage
        raw_tags = get("tags")
        if raw_tags:
            row.tags = split_tags(raw_tags)
        opt_out = get("opt_out")
        if opt_out and " ".join(opt_out.split()).casefold() in OPT_OUT_YES:
            row.opt_out = self.header[self.single["opt_out"]].strip()

    def _consent(self, row: PersonRow, raw_at: str) -> None:
        if raw_at:
            iso = to_iso_utc(raw_at)
            if iso is None:
                _flag(row, "consent_at", "unparsed", raw_at)
            row.fields["consent_at"] = iso or raw_at
            # An opt-in time without words (Mailchimp OPTIN_TIME): the person opted in.
            row.fields.setdefault("consent", CONSENT_OPT_IN)
        if self.options.consent and "consent" not in row.fields:
            row.fields["consent"] = self.options.consent
            if self.options.consent_at:
                row.fields.setdefault("consent_at", self.options.consent_at)

    def _custom(self, row: PersonRow, cells: list[str]) -> None:
        n = len(cells)
        for i, name in self.custom:
            if i < n and cells[i].strip():
                row.custom[name] = cells[i].strip()
        for i in range(len(self.header), n):
            if cells[i].strip():
                row.custom[f"column_{i + 1}"] = cells[i].strip()


def _name(row: PersonRow, name: str, get: Getter) -> str | None:
    """The tidied name, or None; a failed name ("=1+1") keeps its raw text in `invalid`."""
    raw = get(name)
    if raw and is_invalid_name(raw):
        _flag(row, name, "invalid", raw)
        return None
    return tidy_name(raw) if raw else None


def _flag(row: PersonRow, name: str, flag: str, raw: str) -> None:
    row.flags.append(f"{name}:{flag}")
    row.invalid.setdefault(name, raw)


def identity_keys(row: PersonRow) -> list[tuple[str, str]]:
    """The keys that recognise this person again (see identity.exact for how each is trusted)."""
    role = "role" in row.fields.get("email_flags", "")
    keys = [("role_email" if role and e == row.emails[0] else "email", e) for e in row.emails]
    if "linkedin" in row.fields:
        keys.append(("linkedin", row.fields["linkedin"]))
    keys.extend(("phone", p) for p in row.phones)
    company = row.fields.get("company", "").casefold()
    name = row.fields.get("name_key")
    # Name + company only identifies people that have no other key (a conference badge);
    # name + postal code those that have no company either (a postal list).
    if not keys and name and company:
        keys.append(("name_company", f"{name}|{company}"))
    elif not keys and name and (postcode := postcode_key(row.fields.get("postal_code", ""))):
        keys.append(("name_postcode", f"{name}|{postcode}"))
    return keys


def postcode_key(raw: str) -> str:
    """A postal code as a key: letters and digits, upper case ("sw1a 1aa" -> "SW1A1AA")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def is_person(row: PersonRow) -> bool:
    f = row.fields
    has_name = bool(f.get("first_name") or f.get("last_name"))
    placed = "company" in f or bool(postcode_key(f.get("postal_code", "")))
    return bool(row.emails or row.phones or "linkedin" in f or (has_name and placed))


def _reject_reason(row: PersonRow) -> str:
    bad = [name for name in ("email", "phone", "linkedin") if name in row.invalid]
    if not bad:
        return REJECT_NOT_A_PERSON
    return f"{REJECT_NOT_A_PERSON} (invalid: {', '.join(bad)})"
