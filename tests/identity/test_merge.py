"""Merging a row into a stored person under each conflict policy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from leadtool.identity.merge import merge_row
from leadtool.normalize.record import PersonRow


def stored(**fields: Any) -> dict[str, Any]:
    return {"id": 1, "custom": None, "invalid": None, **fields}


def incoming(custom: dict[str, str] | None = None, **fields: str) -> PersonRow:
    return PersonRow(row_number=5, cells=[], fields=dict(fields), custom=custom or {})


@pytest.mark.parametrize(
    ("policy", "expected_title", "changed", "conflicts"),
    [
        ("fill", "CMO", {"company": [None, "Acme"]}, {"title": ["CMO", "VP Marketing"]}),
        (
            "update",
            "VP Marketing",
            {"company": [None, "Acme"], "title": ["CMO", "VP Marketing"]},
            {},
        ),
        ("keep", "CMO", {}, {}),
    ],
)
def test_policies(
    policy: str, expected_title: str, changed: dict[str, Any], conflicts: dict[str, Any]
) -> None:
    person = stored(title="CMO")
    change = merge_row(person, incoming(title="VP Marketing", company="Acme"), policy)
    assert person["title"] == expected_title
    assert change.changed == changed
    assert change.conflicts == conflicts


def test_email_travels_with_its_flags() -> None:
    person = stored(email=None, email_flags="invalid")
    merge_row(person, incoming(email="jane@gmail.com", email_flags="free"), "fill")
    assert (person["email"], person["email_flags"]) == ("jane@gmail.com", "free")


def test_second_email_is_not_a_conflict() -> None:
    person = stored(email="jane@example.com")
    change = merge_row(person, incoming(email="jane@gmail.com"), "fill")
    assert person["email"] == "jane@example.com"
    assert change.conflicts == {}


def test_filling_a_name_recomputes_the_name_key() -> None:
    person = stored(first_name="Jane", last_name=None, name_key="jane")
    merge_row(person, incoming(last_name="Doé"), "fill")
    assert person["name_key"] == "jane doe"


def test_custom_fields_fill_and_conflict() -> None:
    person = stored(custom=json.dumps({"Industry": "SaaS"}))
    change = merge_row(person, incoming({"Industry": "Retail", "Employees": "50"}), "fill")
    assert json.loads(person["custom"]) == {"Employees": "50", "Industry": "SaaS"}
    assert change.conflicts == {"custom.Industry": ["SaaS", "Retail"]}


def test_same_values_change_nothing() -> None:
    person = stored(title="CMO", company="Acme")
    change = merge_row(person, incoming(title="CMO", company="Acme"), "update")
    assert change.changed == {} and change.conflicts == {}
