"""Map spreadsheet column headers to leadtool's canonical person fields.

This module owns the decision "which column holds what": header normalisation, the alias
table for the exports people actually have (LinkedIn Connections, Sales Navigator lead lists,
Apollo, HubSpot, Salesforce, Mailchimp, Google Contacts, Outlook) and for everyday English,
French, German and Spanish headers, recognition of those exports ("profiles"), the user's
``--map HEADER=FIELD`` overrides, and cheap content sniffing of columns whose header says
nothing. It never reads files and never changes values: readers and the importer do that.

Rules, in order: an override wins; then aliases, each with a priority (the most specific
header wins a single-valued field, the others become custom); then sniffing of the sample.
Company-level columns (Apollo "Company City", "Company Linkedin Url", ...) are deliberately
absent from the person aliases, so they stay custom.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leadtool.errors import UsageError
from leadtool.normalize.fields import MAPPED_FIELDS, MULTI_FIELDS

# The fields a column may map to, and those several columns may fill (normalize/fields.py).
FIELDS: tuple[str, ...] = MAPPED_FIELDS
PROFILES: tuple[str, ...] = (
    "linkedin-connections",
    "linkedin-sales-navigator",
    "apollo",
    "hubspot",
    "salesforce",
    "mailchimp",
    "google-contacts",
    "outlook",
)

CUSTOM = "custom"
IGNORE = "ignore"
SAMPLE_ROWS = 50
SNIFF_SHARE = 0.8
_OVERRIDE = 1_000  # priority of a --map override: above every alias

_Candidate = tuple[str, int]  # (field, priority)


@dataclass(frozen=True)
class ColumnMap:
    """Where each column of one file goes. Every column index is in exactly one of
    ``fields``, ``custom`` or ``ignored``."""

    fields: dict[int, str]
    custom: dict[int, str]
    ignored: tuple[int, ...]
    profile: str | None

    def describe(self, header: list[str]) -> list[tuple[str, str]]:
        """[(header, field or "custom" or "ignored")] in column order, for --dry-run."""
        ignored = set(self.ignored)
        return [
            (name, self.fields.get(i) or ("ignored" if i in ignored else CUSTOM))
            for i, name in enumerate(header)
        ]


# --------------------------------------------------------------------------- normalising

_NON_ALNUM = re.compile(r"[\W_]+")


def normalize_header(header: str) -> str:
    """Casefold, strip accents, drop every non-alphanumeric: "E-mail Address" -> "emailaddress"."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return _NON_ALNUM.sub("", decomposed)


# --------------------------------------------------------------------------- alias table
# field -> ((priority, "Header|Header|..."), ...). Higher priority = more specific.
# Multi-valued fields (email, phone) take every matching column, so their priority only
# matters against nothing; single-valued fields go to the highest, ties to the leftmost.

_ALIAS_SPEC: dict[str, tuple[tuple[int, str], ...]] = {
    "email": (
        (
            10,
            "Email|E-mail|Email Address|E-mail Address|Mail|Work Email|Business Email|"
            "Primary Email|Personal Email|Secondary Email|Tertiary Email|Other Email|"
            "Email Value|Mail Address|Courriel|Adresse e-mail|Adresse mail|E-Mail-Adresse|"
            "Mailadresse|Correo|Correo electrónico|Correo electronico|Email personal",
        ),
    ),
    "phone": (
        (
            10,
            "Phone|Phone Number|Phone #|Phone No|Phone Value|Tel|Telephone|Telephone Number|"
            "Mobile|Mobile Phone|Mobile Phone Number|Mobile Number|Cell|Cell Phone|Cellphone|"
            "Work Phone|Direct Phone|Direct Dial|Direct Line|Business Phone|Home Phone|"
            "Other Phone|Primary Phone|First Phone|Work Direct Phone|Office Phone|"
            "Téléphone|Portable|Téléphone portable|Numéro de téléphone|Téléphone mobile|"
            "Telefon|Telefonnummer|Handy|Handynummer|Mobil|Mobilnummer|Mobiltelefon|"
            "Teléfono|Móvil|Celular|Teléfono móvil|Número de teléfono",
        ),
    ),
    "company_phone": (
        (10, "Company Phone|Company Phone Number|Company Main Phone|Switchboard|Main Line"),
        (8, "Corporate Phone|Company Telephone|Firmentelefon|Téléphone entreprise"),
        (6, "Account Phone|Teléfono empresa"),
    ),
    "linkedin": (
        (
            10,
            "LinkedIn|LinkedIn URL|LinkedIn Profile|LinkedIn Profile URL|LinkedIn Link|"
            "Person Linkedin Url|Profil LinkedIn|LinkedIn-Profil|Perfil de LinkedIn",
        ),
        (6, "Profile URL|Profile Link|Public Profile URL"),
        (5, "Default Profile URL"),
        (4, "URL"),
        (3, "Sales Navigator URL|Sales Navigator Profile URL|Sales Nav URL|Lead URL"),
    ),
    "first_name": (
        (10, "First Name|First|Given Name|Forename|Prénom|Vorname|Nombre de pila"),
        (6, "Nombre"),  # Spanish "name": first name next to Apellido, else the full name
    ),
    "middle_name": (
        (10, "Middle Name|Middle|Middle Initial|Additional Name|Zweiter Vorname"),
        (8, "Second Name|Segundo nombre|Deuxième prénom"),
    ),
    "last_name": (
        (10, "Last Name|Last|Surname|Family Name|Nachname|Familienname|Apellido|Apellidos"),
        (10, "Nom de famille"),
        (6, "Nom"),  # French surname next to Prénom, else the full name
    ),
    "full_name": (
        (10, "Full Name|Contact Name|Contact Full Name|Person Name|Lead Name|Attendee Name"),
        (10, "Nom complet|Vollständiger Name|Nombre completo|Nombre y apellidos"),
        (8, "Contact Person|Ansprechpartner|Attendee|Participant"),
        (6, "Name"),
        (4, "Display Name"),
    ),
    "company": (
        (
            10,
            "Company|Company Name|Company / Account|Organization|Organisation|"
            "Organization Name|Employer|Business Name|Current Company|Société|Entreprise|"
            "Nom de l'entreprise|Raison sociale|Firma|Firmenname|Unternehmen|Empresa|"
            "Compañía|Organización|Nombre de la empresa",
        ),
        (8, "Account Name"),
        (6, "Associated Company"),
        (4, "Account|Org"),
        (3, "Company Name for Emails"),
    ),
    "title": (
        (
            10,
            "Job Title|Current Title|Current Job Title|Job Position|Intitulé du poste|"
            "Intitulé de poste|Berufsbezeichnung|Jobtitel|Stellenbezeichnung|Título del puesto",
        ),
        (9, "Position|Organization Title|Poste|Fonction|Cargo|Puesto"),
        (7, "Role|Job Role|Designation"),
        (6, "Title|Titre"),
        (4, "Occupation|Profession"),
    ),
    "website": (
        (
            10,
            "Website|Web Site|Website URL|Web|Web Page|Webpage|Homepage|Company Website|"
            "Website Value|Site web|Site internet|Webseite|Internetseite|Sitio web|Página web",
        ),
        (6, "Domain|Company Domain|Website Domain"),
    ),
    "city": (
        (10, "City|Town|Ville|Stadt|Ort|Ciudad|Person City"),
        (9, "Business City|Work City|Mailing City|Address City"),
        (8, "Suburb|Town/Suburb|Suburb/Town"),  # Australian and New Zealand addresses
        (4, "Home City"),
        (3, "Other City"),
    ),
    "state": (
        (10, "State|State/Region|State/Province|Province|Region|Bundesland|Provincia|Estado"),
        (9, "Business State|Mailing State/Province|Mailing State|Address Region|Person State"),
        (7, "State Code"),
        (4, "Home State"),
        (3, "Other State"),
    ),
    "postal_code": (
        (
            10,
            "Postal Code|Zip|Zip Code|Zip/Postal Code|Postcode|Post Code|Postal|Code postal|"
            "PLZ|Postleitzahl|Código postal",
        ),
        (9, "Business Postal Code|Mailing Zip/Postal Code|Mailing Postal Code"),
        (9, "Address Postal Code"),
        (4, "Home Postal Code"),
        (3, "Other Postal Code"),
    ),
    "country": (
        (10, "Country|Country/Region|Country Name|Nation|Pays|Land|País|Person Country"),
        (9, "Business Country/Region|Business Country|Mailing Country|Address Country"),
        (7, "Country Code|ISO Country|Country ISO"),
        (4, "Home Country/Region|Home Country"),
        (3, "Other Country/Region"),
    ),
    "location": (
        (10, "Location|Geography|Geo|Person Location|Lieu|Localisation|Standort|Ubicación"),
        (3, "Address|Full Address|Adresse|Dirección"),
        (2, "Address Formatted"),
    ),
    "stage": ((10, "Lifecycle Stage|Stage|Lead Stage|Contact Stage|Funnel Stage|Lifecycle"),),
    "tags": (
        (10, "Tags|Tag|Labels|Étiquettes|Schlagwörter|Etiketten|Etiquetas"),
        (8, "Categories|Group Membership"),
        (6, "Groups"),
    ),
    "consent": (
        (
            10,
            "Consent|Opt-in|Opted In|GDPR Consent|Marketing Consent|Email Consent|"
            "Email Opt-in|Marketing Opt-in|Consentement|Einwilligung|Consentimiento",
        ),
    ),
    "consent_at": (
        (
            10,
            "OPTIN_TIME|Opt-in Date|Opt-in Time|Consent Date|Consent Timestamp|Consent At|"
            "Consent Time|Consent Given At|Opted In At|Opted In Date|Date de consentement|"
            "Einwilligungsdatum|Fecha de consentimiento",
        ),
        (5, "CONFIRM_TIME"),
    ),
    # Yes/no columns saying the person must not be contacted: they become suppressions.
    "opt_out": (
        (
            10,
            "Email Opt Out|Email Opt-Out|Opted Out|Opt Out|Opt-Out|Do Not Contact|"
            "DoNotContact|Do Not Call|DoNotCall|Do Not Email|DoNotEmail|Unsubscribed|"
            "Marketing emails: unsubscribed|Unsubscribed from all email",
        ),
    ),
}

# Per-export meaning that differs from the everyday one. None = keep custom.
_PROFILE_ALIASES: dict[str, dict[str, _Candidate | None]] = {
    "outlook": {"title": None, "account": None},  # Outlook "Title" is Mr./Ms.
    "mailchimp": {"cc": ("country", 8)},  # CC is the two-letter country of the IP
    # Apollo's Stage is its own sequence status (Cold, Replied...), not a lifecycle stage.
    "apollo": {"stage": None},
}

# Distinctive headers of each export, with weights; a profile needs a score of 3.
_PROFILE_MARKERS: dict[str, dict[str, int]] = {
    "linkedin-connections": {"Connected On": 3, "URL": 1, "Position": 1},
    "linkedin-sales-navigator": {
        "Sales Navigator URL": 3,
        "Sales Navigator Profile URL": 3,
        "Sales Nav URL": 3,
        "vmid": 3,
        "Default Profile URL": 2,
        "Geography": 2,
        "Connection Degree": 2,
        "Account Name": 1,
        "Profile URL": 1,
        "LinkedIn URL": 1,
    },
    "apollo": {
        "Company Name for Emails": 3,
        "Person Linkedin Url": 3,
        "Apollo Contact Id": 3,
        "Apollo Account Id": 3,
        "First Phone": 2,
        "Work Direct Phone": 2,
        "Corporate Phone": 2,
        "Email Status": 1,
        "Seniority": 1,
        "Departments": 1,
        "Company Linkedin Url": 1,
    },
    "hubspot": {
        "Record ID": 2,
        "Lifecycle Stage": 2,
        "State/Region": 2,
        "Mobile Phone Number": 2,
        "Marketing contact status": 2,
        "hs_object_id": 3,
        "Lead Status": 1,
        "Country/Region": 1,
        "Website URL": 1,
        "Contact owner": 1,
        "Associated Company": 1,
        "Create Date": 1,
    },
    "salesforce": {
        "Company / Account": 3,
        "Zip/Postal Code": 2,
        "State/Province": 2,
        "Lead Owner": 2,
        "Mailing Street": 2,
        "Mailing Zip/Postal Code": 2,
        "Lead Source": 1,
        "Street": 1,
        "Salutation": 1,
        "Email Opt Out": 1,
        "Account Name": 1,
    },
    "mailchimp": {
        "MEMBER_RATING": 3,
        "OPTIN_TIME": 2,
        "OPTIN_IP": 2,
        "LEID": 2,
        "EUID": 2,
        "CONFIRM_TIME": 1,
        "CONFIRM_IP": 1,
        "GMTOFF": 1,
        "DSTOFF": 1,
        "LAST_CHANGED": 1,
    },
    "google-contacts": {
        "E-mail 1 - Value": 2,
        "E-mail 1 - Label": 2,
        "E-mail 1 - Type": 2,
        "Phone 1 - Value": 2,
        "Organization 1 - Name": 2,
        "Group Membership": 2,
        "Phonetic First Name": 2,
        "Given Name Yomi": 2,
        "Organization Name": 1,
        "Organization Title": 1,
        "Given Name": 1,
        "Family Name": 1,
        "File As": 1,
    },
    "outlook": {
        "E-mail 2 Address": 2,
        "E-mail Display Name": 2,
        "Business Street": 2,
        "Business Country/Region": 2,
        "Company Main Phone": 2,
        "Assistant's Phone": 2,
        "E-mail Type": 1,
        "Business Phone": 1,
        "Business City": 1,
        "Web Page": 1,
        "Suffix": 1,
    },
}
_PROFILE_THRESHOLD = 3

# Nom / Nombre: a first- or last-name column only when its partner field is present.
_PAIRED_NAMES: dict[str, str] = {"nombre": "last_name", "nom": "first_name"}

_QUALIFIER = (
    "work|business|personal|private|primary|secondary|tertiary|other|alternate|alt|main|"
    "contact|direct|professional|pro|home|office|first|lead|person"
)
_EMAIL_FALLBACK = re.compile(rf"^(?:{_QUALIFIER})?e?mail(?:address)?(?:{_QUALIFIER})?\d*$")
_PHONE_FALLBACK = re.compile(
    rf"^(?:{_QUALIFIER}|mobile|cell)?(?:phone|tel|telephone|mobile|cell|cellphone|mobilephone)"
    rf"(?:number|no|nr|num)?(?:{_QUALIFIER}|mobile|cell)?\d*$"
)
_NUMBERED = re.compile(r"^([^\d]*?)(\d+)([^\d]*)$")
_COMPANYISH_PREFIXES = ("company", "account", "organization", "organisation", "org", "corporate")

_EMAIL_VALUE = re.compile(r"^(?:mailto:)?[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]{2,}$", re.I)
_LINKEDIN_VALUE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)?linkedin\.com/(?:in|pub)/", re.I)
_HONORIFIC_VALUE = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|herr|frau|m|mme|mlle|sr|sra|srta|don|dona)\.?$",
    re.I,
)


def _build_alias_index() -> dict[str, _Candidate]:
    index: dict[str, _Candidate] = {}
    for field, groups in _ALIAS_SPEC.items():
        for priority, names in groups:
            for name in names.split("|"):
                key = normalize_header(name)
                known = index.get(key)
                if known is not None and known[0] != field:
                    raise ValueError(f"alias {name!r} claimed by {known[0]} and {field}")
                index[key] = (field, priority)
    return index


def _build_markers() -> dict[str, dict[str, int]]:
    return {
        profile: {normalize_header(h): w for h, w in markers.items()}
        for profile, markers in _PROFILE_MARKERS.items()
    }


_ALIASES = _build_alias_index()
_MARKERS = _build_markers()


# --------------------------------------------------------------------------- public API


def map_columns(
    header: list[str],
    overrides: Mapping[str, str] | None = None,
    sample: Sequence[Sequence[str]] = (),
) -> ColumnMap:
    """Decide where each column goes. ``sample`` is up to ~50 data rows, used to sniff
    columns whose header says nothing. Raises UsageError for an override naming a header
    that is not in the file, or giving one single-valued field to two columns."""
    norms = [normalize_header(h) for h in header]
    profile = detect_profile(norms + [_dotted_tail(h) for h in header if "." in h])
    forced, ignored = _apply_overrides(header, norms, overrides or {})
    rows = sample[:SAMPLE_ROWS]
    candidates: dict[int, _Candidate] = {}
    for i, (name, norm) in enumerate(zip(header, norms, strict=True)):
        if i in forced or i in ignored:
            continue
        found = _lookup(name, norm, profile) or _sniff(i, norm, rows)
        if found is not None:
            candidates[i] = found
    _settle_paired_names(candidates, norms, forced)
    _drop_honorific_titles(candidates, rows)
    fields = _resolve(forced, candidates)
    custom = {i: h for i, h in enumerate(header) if i not in fields and i not in ignored}
    return ColumnMap(fields, custom, tuple(sorted(ignored)), profile)


def parse_map_options(values: Sequence[str]) -> dict[str, str]:
    """["Header=field", ...] -> {"Header": "field"}. The field must be one of FIELDS,
    "custom" or "ignore"; the header is matched case-insensitively later."""
    result: dict[str, str] = {}
    for value in values:
        header, sep, field = value.rpartition("=")
        header, field = header.strip(), field.strip().casefold()
        if not sep or not header or not field:
            raise UsageError(f"--map {value!r}: expected HEADER=FIELD")
        _check_field(value, field)
        result[header] = field
    return result


def detect_profile(norms: Sequence[str]) -> str | None:
    """The export these normalised headers most look like, or None."""
    present = set(norms)
    best, best_score = None, _PROFILE_THRESHOLD - 1
    for profile, markers in _MARKERS.items():
        score = sum(w for key, w in markers.items() if key in present)
        if score > best_score:
            best, best_score = profile, score
    return best


# --------------------------------------------------------------------------- overrides


def _check_field(option: str, field: str) -> None:
    if field not in FIELDS and field not in (CUSTOM, IGNORE):
        names = ", ".join((*FIELDS, CUSTOM, IGNORE))
        raise UsageError(f"--map {option!r}: unknown field {field!r}; fields are: {names}")


def _apply_overrides(
    header: Sequence[str], norms: Sequence[str], overrides: Mapping[str, str]
) -> tuple[dict[int, str], set[int]]:
    """Column index -> forced field (or "custom"), and the ignored column indexes."""
    forced: dict[int, str] = {}
    ignored: set[int] = set()
    for wanted, raw_field in overrides.items():
        field = raw_field.strip().casefold()
        _check_field(f"{wanted}={raw_field}", field)
        columns = _find_header(header, norms, wanted)
        if field == IGNORE:
            ignored.update(columns)
            continue
        if field not in MULTI_FIELDS and field != CUSTOM:
            _claim_single(forced, header, columns, field)
            continue
        forced.update(dict.fromkeys(columns, field))
    return {i: f for i, f in forced.items() if i not in ignored}, ignored


def _claim_single(forced: dict[int, str], header: Sequence[str], cols: list[int], f: str) -> None:
    """Give single-valued field ``f`` to the first of ``cols``; same-named others stay custom."""
    for i, taken in forced.items():
        if taken == f and i not in cols:
            raise UsageError(
                f"--map: field {f!r} is given to both {header[i]!r} and {header[cols[0]]!r}; "
                "it takes one column"
            )
    forced[cols[0]] = f
    forced.update(dict.fromkeys(cols[1:], CUSTOM))


def _find_header(header: Sequence[str], norms: Sequence[str], wanted: str) -> list[int]:
    key = wanted.strip().casefold()
    found = [i for i, h in enumerate(header) if h.strip().casefold() == key]
    if not found:
        norm = normalize_header(wanted)
        found = [i for i, n in enumerate(norms) if norm and n == norm]
    if found:
        return found
    shown = ", ".join(repr(h) for h in header[:40])
    more = f" and {len(header) - 40} more" if len(header) > 40 else ""
    raise UsageError(f"--map: no column {wanted!r} in this file; columns are: {shown}{more}")


# --------------------------------------------------------------------------- header lookup


def _lookup(name: str, norm: str, profile: str | None) -> _Candidate | None:
    """Field and priority a header asks for, or None."""
    if profile is not None and norm in _PROFILE_ALIASES.get(profile, {}):
        return _PROFILE_ALIASES[profile][norm]
    return _ALIASES.get(norm) or _numbered(norm) or _fallback(norm) or _dotted(name, profile)


def _numbered(norm: str) -> _Candidate | None:
    """ "E-mail 2 - Value", "Organization 1 - Name", "Address 1 - City", "Phone 2"."""
    match = _NUMBERED.match(norm)
    if match is None:
        return None
    base, number, rest = match.groups()
    found = _ALIASES.get(base + rest)
    if found is None or found[0] in ("first_name", "last_name", "full_name"):
        return None
    field, priority = found
    return (field, priority if number == "1" else max(1, priority - 5))


def _fallback(norm: str) -> _Candidate | None:
    """Qualified email/phone headers: "Email (Work)", "Phone - Mobile", "Alt Phone 2"."""
    if _EMAIL_FALLBACK.match(norm):
        return ("email", 5)
    if _PHONE_FALLBACK.match(norm):
        return ("phone", 5)
    return None


def _dotted_tail(name: str) -> str:
    return normalize_header(name.rpartition(".")[2])


def _dotted(name: str, profile: str | None) -> _Candidate | None:
    """Flattened JSON keys: "properties.email" -> email; "company.phone" stays custom."""
    prefix, dot, last = name.rpartition(".")
    tail = normalize_header(last)
    if not dot or not tail or normalize_header(prefix).startswith(_COMPANYISH_PREFIXES):
        return None
    found = _lookup(last, tail, profile)
    return None if found is None else (found[0], max(1, found[1] - 1))


# --------------------------------------------------------------------------- sample checks


def _column_values(rows: Sequence[Sequence[str]], i: int) -> list[str]:
    values = (str(row[i]).strip() if i < len(row) else "" for row in rows)
    return [v for v in values if v]


def _mostly(values: list[str], pattern: re.Pattern[str]) -> bool:
    hits = sum(1 for v in values if pattern.search(v))
    return bool(values) and hits >= SNIFF_SHARE * len(values)


def _sniff(i: int, norm: str, rows: Sequence[Sequence[str]]) -> _Candidate | None:
    """A column with an unknown header whose values are mostly emails or LinkedIn URLs.
    Company-level columns ("Company Email", "Account Owner Email") are never sniffed."""
    if norm.startswith(_COMPANYISH_PREFIXES):
        return None
    values = _column_values(rows, i)
    if len(values) < min(3, len(rows)):
        return None
    if _mostly(values, _EMAIL_VALUE):
        return ("email", 0)
    if _mostly(values, _LINKEDIN_VALUE):
        return ("linkedin", 0)
    return None


def _drop_honorific_titles(
    candidates: dict[int, _Candidate], rows: Sequence[Sequence[str]]
) -> None:
    """A "Title" column holding Mr./Ms./Dr. is an honorific, not a job title."""
    for i, (field, _) in list(candidates.items()):
        if field == "title" and _mostly(_column_values(rows, i), _HONORIFIC_VALUE):
            del candidates[i]


def _settle_paired_names(
    candidates: dict[int, _Candidate], norms: Sequence[str], forced: Mapping[int, str]
) -> None:
    """ "Nombre" next to "Apellido" is a first name; alone it is the full name."""
    present = {f for f, _ in candidates.values()} | set(forced.values())
    for i, (_, priority) in list(candidates.items()):
        partner = _PAIRED_NAMES.get(norms[i])
        if partner is not None and partner not in present:
            candidates[i] = ("full_name", priority)


# --------------------------------------------------------------------------- resolution


def _resolve(forced: Mapping[int, str], candidates: Mapping[int, _Candidate]) -> dict[int, str]:
    """Column -> field: overrides first, then by priority (leftmost on ties); a
    single-valued field goes to one column only."""
    ranked = [(_OVERRIDE, i, f) for i, f in forced.items() if f != CUSTOM]
    ranked += [(p, i, f) for i, (f, p) in candidates.items()]
    ranked.sort(key=lambda item: (-item[0], item[1]))
    taken: set[str] = set()
    fields: dict[int, str] = {}
    for _, i, field in ranked:
        if field in taken:
            continue
        fields[i] = field
        if field not in MULTI_FIELDS:
            taken.add(field)
    return dict(sorted(fields.items()))
