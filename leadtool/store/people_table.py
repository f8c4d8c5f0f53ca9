"""The columns of `people` that the code reads and writes as a whole record."""

from __future__ import annotations

PEOPLE_COLUMNS: tuple[str, ...] = (
    "id",
    "email",
    "email_flags",
    "phone",
    "phone_ext",
    "phone_flags",
    "company_phone",
    "linkedin",
    "first_name",
    "middle_name",
    "last_name",
    "company",
    "title",
    "website",
    "city",
    "state",
    "postal_code",
    "country",
    "location",
    "stage",
    "stage_changed_at",
    "consent",
    "consent_at",
    "custom",
    "invalid",
    "name_key",
    "first_batch_id",
    "created_at",
    "updated_at",
    "norm_version",
    "contacted_count",
    "last_contacted",
)
_COLS = ", ".join(PEOPLE_COLUMNS)
_MARKS = ", ".join("?" for _ in PEOPLE_COLUMNS)
INSERT_PERSON = f"INSERT INTO people ({_COLS}) VALUES ({_MARKS})"
UPDATE_PERSON = (
    "UPDATE people SET " + ", ".join(f"{c} = ?" for c in PEOPLE_COLUMNS[1:]) + " WHERE id = ?"
)
SELECT_PEOPLE = f"SELECT {_COLS} FROM people"
