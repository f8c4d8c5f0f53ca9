"""Which stored person a row is: strong keys join, weak keys only when names agree."""

from __future__ import annotations

import pytest

from leadtool.identity.exact import Identity, find_person, possible_people
from leadtool.normalize.record import PersonRow, identity_keys


def row(**fields: str) -> PersonRow:
    r = PersonRow(row_number=2, cells=[], fields=dict(fields))
    if "email" in fields:
        r.emails = [fields["email"]]
    if "phone" in fields:
        r.phones = [fields["phone"]]
    r.keys = identity_keys(r)
    return r


JANE = Identity("jane doe", "jane@example.com", None)
BOB = Identity("bob smith", "bob@example.com", None)
NONAME = Identity(None, "x@example.com", None)

CASES = [
    # (description, row fields, matches, expected)
    ("same email", {"email": "jane@example.com"}, {("email", "jane@example.com"): [1]}, [1]),
    (
        "email and linkedin point at two people: they are one",
        {"email": "jane@example.com", "linkedin": "https://www.linkedin.com/in/jane"},
        {("email", "jane@example.com"): [3], ("linkedin", "https://www.linkedin.com/in/jane"): [1]},
        [1, 3],
    ),
    (
        "phone with the same name joins",
        {"phone": "+14155550134", "name_key": "jane doe", "email": "jd@gmail.com"},
        {("phone", "+14155550134"): [1]},
        [1],
    ),
    (
        "switchboard: phone with another name does not join",
        {"phone": "+14155550100", "name_key": "bob smith"},
        {("phone", "+14155550100"): [1]},
        [],
    ),
    (
        "switchboard shared by several: joins the one whose name agrees",
        {"phone": "+14155550100", "name_key": "bob smith"},
        {("phone", "+14155550100"): [1, 2]},
        [2],
    ),
    (
        "phone without a name joins when the emails do not contradict",
        {"phone": "+14155550134"},
        {("phone", "+14155550134"): [1]},
        [1],
    ),
    (
        "phone without a name but another email does not join",
        {"phone": "+14155550134", "email": "other@example.com"},
        {("phone", "+14155550134"): [1]},
        [],
    ),
    (
        "role address with another name does not join",
        {"email": "info@example.com", "email_flags": "role", "name_key": "bob smith"},
        {("role_email", "info@example.com"): [1]},
        [],
    ),
    (
        "name and company join a record without email",
        {"name_key": "x y", "company": "Acme"},
        {("name_company", "x y|acme"): [4]},
        [4],
    ),
    (
        "name and company do not join when the emails differ",
        {"name_key": "jane doe", "company": "Acme", "email": "j2@example.com"},
        {("name_company", "jane doe|acme"): [1]},
        [],
    ),
    (
        "name and postal code join a record without email or company",
        {"name_key": "x y", "postal_code": "4011"},
        {("name_postcode", "x y|4011"): [4]},
        [4],
    ),
    (
        "name and postal code do not join another name",
        {"name_key": "x z", "postal_code": "4011"},
        {("name_postcode", "x z|4011"): [4]},
        [],
    ),
    (
        "name and postal code do not join when the emails differ",
        {"name_key": "jane doe", "postal_code": "4011", "email": "j2@example.com"},
        {("name_postcode", "jane doe|4011"): [1]},
        [],
    ),
    ("no key matches", {"email": "new@example.com"}, {}, []),
]


@pytest.mark.parametrize(("why", "fields", "matches", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_person(
    why: str, fields: dict[str, str], matches: dict[tuple[str, str], list[int]], expected: list[int]
) -> None:
    identities = {1: JANE, 2: BOB, 3: NONAME, 4: Identity("x y", None, None)}
    assert find_person(row(**fields), matches, identities.__getitem__) == expected


def test_role_address_is_a_weak_key() -> None:
    keys = row(email="info@example.com", email_flags="role").keys
    assert keys == [("role_email", "info@example.com")]


@pytest.mark.parametrize(("why", "fields", "matches", "expected"), CASES, ids=[c[0] for c in CASES])
def test_possible_people_agree_with_find_person_where_it_has_one_answer(
    why: str, fields: dict[str, str], matches: dict[tuple[str, str], list[int]], expected: list[int]
) -> None:
    identities = {1: JANE, 2: BOB, 3: NONAME, 4: Identity("x y", None, None)}
    assert possible_people(row(**fields), matches, identities.__getitem__) == expected


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"phone": "+14155550100"}, ("phone", "+14155550100")),
        ({"email": "info@example.com", "email_flags": "role"}, ("role_email", "info@example.com")),
    ],
)
def test_a_weak_key_alone_shared_by_several_names_them_all(
    fields: dict[str, str], key: tuple[str, str]
) -> None:
    nameless = {1: Identity("jane doe", None, None), 2: Identity("bob smith", None, None)}
    matches = {key: [2, 1]}
    assert find_person(row(**fields), matches, nameless.__getitem__) == [1]  # the import: oldest
    assert possible_people(row(**fields), matches, nameless.__getitem__) == [1, 2]
