"""The splink comparison's preparation of a list and its clustering, on cases worked out by
hand (no splink here: the suite runs without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.splink_eval import (
    company_of,
    email_of,
    fold,
    names_of,
    pairs_at,
    phone_of,
    prepare,
    read_edges,
    soundex,
)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Ashcraft", "A261"),  # h does not part s and c
        ("Tymczak", "T522"),
        ("Pfister", "P236"),  # f codes as the first letter does
        ("Lee", "L000"),
        ("O'Brien", "O165"),
        ("", None),
        (None, None),
    ],
)
def test_soundex(word: str | None, code: str | None) -> None:
    assert soundex(word) == code


@pytest.mark.parametrize(
    ("cell", "folded"),
    [
        ("  Amélie  CARRÉ ", "amelie carre"),
        ("Holmes-Harris", "holmes harris"),
        ("S.p.A.", "spa"),
        (" - ", None),
    ],
)
def test_fold(cell: str, folded: str | None) -> None:
    assert fold(cell) == folded


@pytest.mark.parametrize(
    ("cell", "company"),
    [
        ("Holmes-Harris PLC", "holmes harris"),
        ("Spark Foundry S.p.A.", "spark foundry"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Inc", "inc"),  # a name that is only a suffix stays
        ("", None),
    ],
)
def test_company_without_legal_suffix(cell: str, company: str | None) -> None:
    assert company_of(cell) == company


@pytest.mark.parametrize(
    ("cell", "phone"),
    [
        ("+33 1 81 77 37 13", "181773713"),
        ("01 81 77 37 13", "181773713"),
        ("(281) 627-5808", "816275808"),
        ("12345", None),
        ("", None),
    ],
)
def test_phone_keeps_last_nine_digits(cell: str, phone: str | None) -> None:
    assert phone_of(cell) == phone


@pytest.mark.parametrize(
    ("cell", "email"),
    [
        (" J.Smith@Example.COM ", "j.smith@example.com"),
        ("n/a", None),
        ("@vantagebio.example.com", None),
        ("a@b", None),
    ],
)
def test_email_only_when_it_looks_like_one(cell: str, email: str | None) -> None:
    assert email_of(cell) == email


@pytest.mark.parametrize(
    ("first", "last", "full", "names"),
    [
        ("Jason", "Rurudal", "", ("jason", "rurudal")),
        ("", "Eskdortor", "", (None, "eskdortor")),
        ("", "", "Raymond de Kelly", ("raymond", "kelly")),
        ("", "", "Cher", ("cher", None)),
        ("", "", "", (None, None)),
    ],
)
def test_names_from_columns_or_full_name(
    first: str, last: str, full: str, names: tuple[str | None, str | None]
) -> None:
    assert names_of(first, last, full) == names


def test_prepare_maps_generated_and_febrl_headers_and_numbers_rows_from_two() -> None:
    generated = prepare(
        ["First Name", "Last Name", "Email", "Phone", "Company", "City", "Full Name"],
        [["", "", "X@Y.ORG", "0612", "Acme Inc.", "Köln", "Kelly Raymond"]],
    )
    assert generated == [
        {
            "unique_id": 2,
            "first_name": "kelly",
            "surname": "raymond",
            "surname_sound": "R553",
            "email": "x@y.org",
            "email_domain": "y.org",
            "phone": None,
            "company": "acme",
            "city": "koln",
            "postcode": None,
        }
    ]
    febrl = prepare(
        ["given_name", "surname", "address_1", "suburb", "postcode"],
        [["ann", "lee", "main street", "hurstville", "2220"], ["bob"]],  # a short row
    )
    assert [r["unique_id"] for r in febrl] == [2, 3]
    assert febrl[0]["company"] == "main street"
    assert febrl[0]["city"] == "hurstville"
    assert febrl[0]["postcode"] == "2220"
    assert febrl[1]["surname"] is None


def test_pairs_at_joins_edges_at_or_above_the_threshold_transitively() -> None:
    edges = [(2, 3, 0.99), (3, 4, 0.95), (5, 6, 0.94), (7, 8, 0.5)]
    assert pairs_at(edges, 0.95) == {(2, 3), (2, 4), (3, 4)}
    assert pairs_at(edges, 0.999) == set()
    assert pairs_at(edges, 0.5) == {(2, 3), (2, 4), (3, 4), (5, 6), (7, 8)}


def test_read_edges(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text("unique_id_l,unique_id_r,match_probability\n2,5,0.97\n")
    assert read_edges(path) == [(2, 5, 0.97)]


def test_the_splink_section_runs_this_module() -> None:
    from bench import splink_eval
    from bench.run import SECTIONS, _section

    assert "splink" in SECTIONS
    assert _section("splink") is splink_eval.report
