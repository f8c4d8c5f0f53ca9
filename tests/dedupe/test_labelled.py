"""A small labelled set: pairs that must reach the default threshold, and pairs that must not.

A regression test for the weights: if a change moves one of these across the line, it has
changed what `dedupe --auto-merge` does to real people.
"""

from __future__ import annotations

import pytest

from leadtool.dedupe.record import make_rec
from leadtool.dedupe.score import DEFAULT_THRESHOLD, REVIEW_FLOOR, score_pair

Fields = dict[str, str]


def _pair(a: Fields, b: Fields) -> float:
    ra = make_rec(1, dict(a), [a["email"]] if a.get("email") else [])
    rb = make_rec(2, dict(b), [b["email"]] if b.get("email") else [])
    return score_pair(ra, rb).score


def p(first: str, last: str, company: str = "", email: str = "", **more: str) -> Fields:
    return {"first_name": first, "last_name": last, "company": company, "email": email, **more}


SAME: list[tuple[str, Fields, Fields]] = [
    (
        "nickname, company suffix, work vs personal email, same phone",
        p("Bob", "Smith", "ACME Inc.", "bob.smith@gmail.com", phone="+14155550134", city="Boston"),
        p("Robert", "Smith", "Acme Incorporated", "rsmith@acme.example.com", phone="+14155550134"),
    ),
    (
        "typo in the surname, same company and city",
        p(
            "Klaus",
            "Herrmann",
            "Cedar Industries GmbH",
            "klaus.herrmann@cedar.example.com",
            city="Nürnberg",
            country="DE",
        ),
        p("Klaus", "Hermann", "Cedar Industries", "", city="Nurnberg", country="DE"),
    ),
    (
        "accents dropped, work vs personal email",
        p(
            "José",
            "García",
            "Initech S.A.",
            "jose.garcia@initech.example.com",
            city="Madrid",
            country="ES",
        ),
        p("Jose", "Garcia", "Initech", "josegarcia77@gmail.com", city="Madrid", country="ES"),
    ),
    (
        "first and last name swapped",
        p(
            "Jane",
            "Okafor",
            "Globex GmbH",
            "jane.okafor@globex.example.com",
            city="Berlin",
            country="DE",
        ),
        p("Okafor", "Jane", "Globex", "", city="Berlin", country="DE"),
    ),
    (
        "same name, same company domain, no company name on one side",
        p(
            "Priya",
            "Raman",
            "Umbrella Ltd",
            "priya.raman@umbrella.example.com",
            country="GB",
            title="CMO",
        ),
        p(
            "Priya",
            "Raman",
            "",
            "praman@umbrella.example.com",
            country="GB",
            title="CMO",
            phone="+447700900123",
        ),
    ),
    (
        "same phone, personal email, nickname",
        p("Liz", "Warren", "", "lizw@yahoo.com", phone="+16175550199", city="Boston", country="US"),
        p(
            "Elizabeth",
            "Warren",
            "Harvard Law",
            "",
            phone="+16175550199",
            city="Boston",
            country="US",
        ),
    ),
]

DIFFERENT: list[tuple[str, Fields, Fields]] = [
    (
        "same name, different company, different work emails",
        p("John", "Smith", "Acme Inc", "john.smith@acme.example.com", city="Boston", country="US"),
        p(
            "John",
            "Smith",
            "Globex LLC",
            "john.smith@globex.example.com",
            city="Boston",
            country="US",
        ),
    ),
    (
        "same surname at one company, another first name",
        p("Jon", "Doe", "Hooli", "jdoe@hooli.example.com", city="Austin", country="US"),
        p("Jane", "Doe", "Hooli", "jane.doe@hooli.example.com", city="Austin", country="US"),
    ),
    (
        "same name, both on gmail: free mail is no company",
        p("Maria", "Silva", "", "maria.silva@gmail.com", country="BR"),
        p("Maria", "Silva", "", "msilva@gmail.com", country="PT"),
    ),
    (
        "namesakes at one company, own addresses, phones and cities",
        p(
            "Wei",
            "Tan",
            "Atlas Data",
            "wei.tan@atlas.example.com",
            phone="+6581234567",
            city="Singapore",
        ),
        p("Wei", "Tan", "Atlas Data", "wtan@atlas.example.com", phone="+6587654321", city="Jurong"),
    ),
    (
        "initial only, other company",
        p("J", "Miller", "Acme", "", country="US"),
        p("James", "Miller", "Initech", "", country="US"),
    ),
]


@pytest.mark.parametrize(("why", "a", "b"), SAME, ids=[s[0] for s in SAME])
def test_must_match(why: str, a: Fields, b: Fields) -> None:
    assert _pair(a, b) >= DEFAULT_THRESHOLD, why
    assert _pair(b, a) == _pair(a, b)


@pytest.mark.parametrize(("why", "a", "b"), DIFFERENT, ids=[s[0] for s in DIFFERENT])
def test_must_not_match(why: str, a: Fields, b: Fields) -> None:
    assert _pair(a, b) < DEFAULT_THRESHOLD, why
    if "one company" not in why:  # namesakes at one company are for a person to review
        assert _pair(a, b) < REVIEW_FLOOR, why


def test_same_name_other_company_says_why() -> None:
    _, a, b = DIFFERENT[0]
    found = score_pair(make_rec(1, dict(a), [a["email"]]), make_rec(2, dict(b), [b["email"]]))
    assert found.score < 0.1
    assert "different companies 'acme'/'globex'" in found.reasons
