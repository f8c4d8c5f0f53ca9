"""The person's fields, declared once: every other list of them is derived from here.

Each entry says what the field is and where it takes part: a column of `people`, a
spreadsheet column can be mapped to it (`--map`), the group it is merged in (a value and
its flags never disagree), the `--where` kind it is filtered as, whether the generic export
carries it, and whether cleanup reads it back to re-normalise. Adding a plain field is one
entry here plus one migration adding its column (store/migrations.py stays literal SQL;
tests/normalize/test_fields.py holds this registry against the schema).

The entries are in the order people read a person (names, then ways to reach them, then
company and place), which is the generic export's column order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How the import reads a mapped cell: "text" is tidied whitespace; the others have their
# own normaliser in normalize/ (email.py, phone.py, names.py, country.py, ...).
Reader = Literal[
    "text",
    "email",
    "phone",
    "name",
    "full_name",
    "linkedin",
    "website",
    "country",
    "stage",
    "date",
    "tags",
    "opt_out",
    "none",
]
FilterKind = Literal["text", "country", "stage", "number", "date", "flags"]


@dataclass(frozen=True)
class PersonField:
    name: str
    reader: Reader = "text"
    column: bool = True  # a column of `people`
    mapped: bool = False  # a spreadsheet column may be mapped to it
    multi: bool = False  # several columns may map to it (every email is kept as a key)
    merge: str | None = None  # the group's first field: merged together, under the policy
    where: FilterKind | None = None  # filterable in --where under `where_name`
    where_name: str | None = None  # default: the field's own name
    export: bool = False  # a column of the generic export preset
    renormalise: bool = False  # cleanup reads it back as a row when rules change
    stamp: bool = False  # set by the import itself, not by what a row says


def _own(
    name: str,
    reader: Reader = "text",
    *,
    multi: bool = False,
    where: FilterKind | None = "text",
    renormalise: bool = True,
) -> PersonField:
    """A field a spreadsheet column maps to, merged on its own, filterable and exported."""
    return PersonField(
        name,
        reader,
        mapped=True,
        multi=multi,
        merge=name,
        where=where,
        export=True,
        renormalise=renormalise,
    )


def _flags(name: str, group: str, where_name: str | None = None) -> PersonField:
    """What validation said of the group's value ("role", "free", "invalid", ...)."""
    where: FilterKind | None = "flags" if where_name else None
    return PersonField(name, "none", merge=group, where=where, where_name=where_name, export=True)


def _stamp(name: str, where_name: str | None = None, export: bool = False) -> PersonField:
    """Set by the import itself (or a later command), not by what a row says."""
    where: FilterKind | None = "date" if where_name else None
    return PersonField(name, "none", where=where, where_name=where_name, export=export, stamp=True)


def _derived(name: str, where: FilterKind | None = None) -> PersonField:
    """Not a column of `people`: read from other tables when exported or filtered."""
    return PersonField(name, "none", column=False, where=where, export=True)


PERSON_FIELDS: tuple[PersonField, ...] = (
    PersonField("id", "none", export=True),
    PersonField("full_name", "full_name", column=False, mapped=True),
    _own("first_name", "name"),
    _own("middle_name", "name", where=None),
    _own("last_name", "name"),
    _own("email", "email", multi=True),
    _flags("email_flags", "email", "email_flag"),
    _own("phone", "phone", multi=True),
    _flags("phone_ext", "phone"),
    _flags("phone_flags", "phone", "phone_flag"),
    _own("company_phone", "phone"),
    _own("company"),
    _own("title"),
    _own("website", "website"),
    _own("linkedin", "linkedin"),
    _own("city"),
    _own("state"),
    _own("postal_code"),
    _own("country", "country", where="country"),
    _own("location"),
    PersonField("stage", "stage", mapped=True, where="stage", export=True, stamp=True),
    _stamp("stage_changed_at", "stage_changed"),
    PersonField("tags", "tags", column=False, mapped=True, export=True),
    _derived("first_source"),
    _derived("sources"),
    _own("consent", renormalise=False),
    _own("consent_at", "date", where="date", renormalise=False),
    PersonField("opt_out", "opt_out", column=False, mapped=True),
    _derived("contacted_count", "number"),
    _derived("last_contacted", "date"),
    PersonField("custom", "none"),
    PersonField("invalid", "none"),
    PersonField("name_key", "none"),
    _stamp("first_batch_id"),
    _stamp("created_at", "created", export=True),
    _stamp("updated_at", "updated", export=True),
    # Added after the rest: at the end, so that a file read by column position keeps its
    # columns where they were. Every other address the person has (after a merge, say).
    _derived("other_emails"),
    _derived("other_phones"),
    # What scoring and purchases decided (store/scores.py, store/purchases.py).
    _derived("score", "number"),
    _derived("fit", "number"),
    _derived("engagement", "number"),
    _derived("status", "text"),
    _derived("last_activity", "date"),
    _derived("first_sale", "number"),
    _derived("lifetime_value", "number"),
    _derived("customer_since", "date"),
    _stamp("norm_version"),
)

BY_NAME: dict[str, PersonField] = {f.name: f for f in PERSON_FIELDS}

MAPPED_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.mapped)
MULTI_FIELDS: frozenset[str] = frozenset(f.name for f in PERSON_FIELDS if f.multi)
# Mapped cells the import copies as tidied text (no normaliser of their own).
TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in PERSON_FIELDS if f.mapped and f.column and f.reader == "text"
)
PEOPLE_COLUMNS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.column)
IMPORT_STAMPS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.stamp)
EXPORTED_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.export)
RENORMALISED_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.renormalise)


def merge_groups() -> tuple[tuple[str, ...], ...]:
    """The merge groups, each led by its first field, in registry order."""
    groups: dict[str, list[str]] = {}
    for f in PERSON_FIELDS:
        if f.merge is not None:
            groups.setdefault(f.merge, []).append(f.name)
    return tuple(tuple(names) for names in groups.values())


def where_fields() -> dict[str, tuple[FilterKind, str]]:
    """--where name -> (kind, the field's name) of every field filterable as it is."""
    return {
        (f.where_name or f.name): (f.where, f.name) for f in PERSON_FIELDS if f.where is not None
    }
