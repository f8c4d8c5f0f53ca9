"""Export presets: the columns each outreach tool imports without remapping.

A column is a header and the store field it is filled from (a people column, or one of the
derived fields of store/exports.py: tags, sources, first_source, hubspot_stage, full_name,
other_emails, other_phones).
`requires` names what a person must have to be useful to the tool; people without it are
left out and counted with the reason. README.md documents every preset's columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtool.errors import UsageError
from leadtool.normalize.fields import EXPORTED_FIELDS


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (header, field)
    requires: tuple[str, ...] = ()
    custom: bool = False  # add every custom field imported from spreadsheets
    bom: bool = False  # CSV starts with a UTF-8 byte-order mark (Excel reads accents right)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(h for h, _ in self.columns)


_GENERIC_FIELDS = EXPORTED_FIELDS  # normalize/fields.py: every field, in reading order

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "generic",
            "every field, custom fields included, under leadtool's own names",
            tuple((f, f) for f in _GENERIC_FIELDS),
            custom=True,
            bom=True,
        ),
        Preset(
            "hubspot",
            "HubSpot contacts import (its default property names and lifecycle stage values)",
            (
                ("Email", "email"),
                ("First Name", "first_name"),
                ("Last Name", "last_name"),
                ("Phone Number", "phone"),
                ("Company Name", "company"),
                ("Job Title", "title"),
                ("Website URL", "website"),
                ("City", "city"),
                ("State/Region", "state"),
                ("Postal Code", "postal_code"),
                ("Country/Region", "country"),
                ("Lifecycle Stage", "hubspot_stage"),
            ),
            requires=("valid_email",),
        ),
        Preset(
            "mailchimp",
            "Mailchimp audience import",
            (
                ("Email Address", "email"),
                ("First Name", "first_name"),
                ("Last Name", "last_name"),
                ("Phone Number", "phone"),
                ("Tags", "tags"),
            ),
            requires=("valid_email",),
        ),
        Preset(
            "salesforce",
            "Salesforce Lead object (API field names; Data Import Wizard and Data Loader)",
            (
                ("FirstName", "first_name"),
                ("LastName", "last_name"),
                ("Company", "company"),
                ("Title", "title"),
                ("Email", "email"),
                ("Phone", "phone"),
                ("Website", "website"),
                ("City", "city"),
                ("State", "state"),
                ("PostalCode", "postal_code"),
                ("Country", "country"),
                ("LeadSource", "first_source"),
            ),
            requires=("last_name_company",),
        ),
        Preset(
            "linkedin",
            "LinkedIn Matched Audiences contact list upload",
            (
                ("email", "email"),
                ("firstname", "first_name"),
                ("lastname", "last_name"),
                ("jobtitle", "title"),
                ("employeecompany", "company"),
                ("country", "country"),
            ),
            requires=("email_or_name",),
        ),
    )
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name.strip().lower()]
    except KeyError:
        raise UsageError(f"no preset named {name!r}; presets are: {', '.join(PRESETS)}") from None
