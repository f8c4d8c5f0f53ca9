"""Each piece of evidence, table-driven: what it says and which way it points."""

from __future__ import annotations

import pytest

from leadtool.dedupe import compare as c
from leadtool.dedupe.record import Rec, make_rec
from leadtool.dedupe.score import REVIEW_FLOOR, score_pair


def rec(pid: int = 1, **fields: str) -> Rec:
    emails = fields.pop("emails", "")
    return make_rec(pid, dict(fields), emails.split() if emails else ())


@pytest.mark.parametrize(
    ("a", "b", "points", "words"),
    [
        ("robert", "robert", c.FIRST_SAME, "same first name"),
        ("bob", "robert", c.FIRST_NICK, "nickname"),
        ("j", "john", c.FIRST_INITIAL, "initial"),
        ("michael", "micheal", c.FIRST_TYPO, "spelling"),
        ("john", "jane", c.FIRST_DIFF, "different first names"),
    ],
)
def test_first_names(a: str, b: str, points: float, words: str) -> None:
    found = c.first_names(a, b)
    assert found is not None and found.points == points and words in found.reason


@pytest.mark.parametrize(
    ("a", "b", "points", "words"),
    [
        ("smith", "smith", c.LAST_SAME, "same last name"),
        ("martinez", "martniez", c.LAST_TYPO, "spelling"),
        ("herrmann", "hermann", c.LAST_TYPO, "spelling"),
        ("garcialopez", "garcia", c.LAST_PART, "one part"),
        ("stephens", "stevens", c.LAST_SOUND, "sound alike"),
        ("smith", "jones", c.LAST_DIFF, "different last names"),
    ],
)
def test_last_names(a: str, b: str, points: float, words: str) -> None:
    found = c.last_names(a, b)
    assert found is not None and found.points == points and words in found.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [("martin", "martinez"), ("daniel", "danielle"), ("francis", "francisco"), ("mart", "martin")],
)
def test_a_name_inside_a_longer_name_is_no_typo(a: str, b: str) -> None:
    for x, y in ((a, b), (b, a)):
        first, last = c.first_names(x, y), c.last_names(x, y)
        assert first is not None and first.points == c.FIRST_DIFF, first
        assert last is not None and last.points < c.LAST_TYPO, last  # "sound alike" may be true
        assert "spelling" not in first.reason + last.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("thompson", "thomson"),
        ("carl", "carla"),
        ("schmidt", "schmitt"),
        ("alexander", "alexandra"),
    ],
)
def test_typos_stay_typos(a: str, b: str) -> None:
    last = c.last_names(a, b)
    assert last is not None and last.points == c.LAST_TYPO


def test_martin_and_martinez_at_one_company_are_not_auto_merged() -> None:
    a = rec(1, first_name="Jean", last_name="Martin", company="Acme")
    b = rec(2, first_name="Jean", last_name="Martinez", company="Acme")
    scored = score_pair(a, b)
    assert scored.score < REVIEW_FLOOR
    assert "different last names 'martin'/'martinez'" in scored.reasons


@pytest.mark.parametrize("pair", [("", "smith"), ("smith", "")])
def test_missing_name_says_nothing(pair: tuple[str, str]) -> None:
    assert c.last_names(*pair) is None and c.first_names(*pair) is None


def test_names_swapped() -> None:
    found = c.names(
        rec(first_name="Smith", last_name="Jane"), rec(first_name="Jane", last_name="Smith")
    )
    assert len(found) == 1 and "swapped" in found[0].reason and found[0].points > 0


def test_names_accents_and_case() -> None:
    found = c.names(
        rec(first_name="JOSÉ", last_name="García"), rec(first_name="Jose", last_name="garcia")
    )
    assert [e.points for e in found] == [c.FIRST_SAME, c.LAST_SAME]


@pytest.mark.parametrize(
    ("a", "b", "points", "words"),
    [
        (
            {"company": "ACME Inc."},
            {"company": "Acme Incorporated"},
            c.COMPANY_SAME,
            "same company",
        ),
        ({"company": "Acme Labs"}, {"company": "Acme Labs Research"}, c.COMPANY_LIKE, "≈"),
        ({"company": "Acme"}, {"company": "Globex"}, c.COMPANY_DIFF, "different companies"),
        (
            {"emails": "bob@acme.example.com"},
            {"website": "https://www.acme.example.com/about"},
            c.DOMAIN_SAME,
            "same company domain",
        ),
        (
            {"emails": "bob@acme.example.com"},
            {"emails": "bob@globex.example.com"},
            c.DOMAIN_DIFF,
            "different domains",
        ),
        # Same company name, different work domains: the name's evidence wins.
        (
            {"company": "Acme", "emails": "a@acme.example.com"},
            {"company": "Acme", "emails": "b@acme.example.org"},
            c.COMPANY_SAME,
            "same company",
        ),
    ],
)
def test_workplace(a: dict[str, str], b: dict[str, str], points: float, words: str) -> None:
    found = c.workplace(rec(1, **a), rec(2, **b))
    assert len(found) == 1 and found[0].points == points and words in found[0].reason


@pytest.mark.parametrize("free", ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "gmx.de"])
def test_free_mail_is_no_company_evidence(free: str) -> None:
    a, b = rec(1, emails=f"bob@{free}"), rec(2, emails=f"jane@{free}")
    assert a.domains == b.domains == ()
    assert c.workplace(a, b) == []


@pytest.mark.parametrize(
    ("a", "b", "points"),
    [
        # A distinctive local part shared across domains.
        ({"emails": "bobby.s1987@gmail.com"}, {"emails": "bobbys@acme.example.com"}, c.LOCAL_SAME),
        # jsmith and john.smith both come from John Smith.
        (
            {"first_name": "John", "last_name": "Smith", "emails": "jsmith@gmail.com"},
            {"first_name": "John", "last_name": "Smith", "emails": "john.smith@yahoo.com"},
            c.LOCALS_FIT,
        ),
        # Two different addresses at one company: likely two people.
        (
            {"first_name": "John", "last_name": "Smith", "emails": "jsmith@acme.example.com"},
            {"first_name": "John", "last_name": "Smith", "emails": "john.smith@acme.example.com"},
            c.OTHER_WORK_EMAIL,
        ),
    ],
)
def test_emails(a: dict[str, str], b: dict[str, str], points: float) -> None:
    found = c.emails(rec(1, **a), rec(2, **b))
    assert [e.points for e in found] == [points]


def test_role_addresses_are_not_email_names() -> None:
    assert rec(emails="info@acme.example.com").locals == ()


@pytest.mark.parametrize(
    ("a", "b", "points"),
    [
        ("+14155550134", "+14155550134", c.PHONE_SAME),
        ("+14155550134", "+14155550199", c.PHONE_DIFF),
    ],
)
def test_phones(a: str, b: str, points: float) -> None:
    found = c.phones(rec(1, phone=a), rec(2, phone=b))
    assert found is not None and found.points == points


def test_phone_missing_says_nothing() -> None:
    assert c.phones(rec(1, phone="+14155550134"), rec(2)) is None


@pytest.mark.parametrize(
    ("a", "b", "points"),
    [
        (
            {"country": "US", "city": "Boston"},
            {"country": "US", "city": "boston"},
            [c.COUNTRY_SAME, c.CITY_SAME],
        ),
        (
            {"country": "US", "city": "Boston"},
            {"country": "GB", "city": "London"},
            [c.COUNTRY_DIFF, c.CITY_DIFF],
        ),
        ({"country": "US"}, {}, []),
    ],
)
def test_place(a: dict[str, str], b: dict[str, str], points: list[float]) -> None:
    assert [e.points for e in c.place(rec(1, **a), rec(2, **b))] == points


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [("VP Marketing", "Vice President Marketing", True), ("CTO", "Head of Sales", False)],
)
def test_titles(a: str, b: str, similar: bool) -> None:
    assert (c.titles(rec(1, title=a), rec(2, title=b)) is not None) is similar


def test_other_company_and_other_domain_both_count() -> None:
    a = rec(1, company="Acme", emails="john.smith@acme.example.com")
    b = rec(2, company="Globex", emails="john.smith@globex.example.com")
    assert [e.points for e in c.workplace(a, b)] == [c.COMPANY_DIFF, c.DOMAIN_DIFF]
    assert c.emails(a, b) == []
