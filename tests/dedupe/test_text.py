"""Folding, company names, phonetics and nicknames."""

from __future__ import annotations

import pytest

from leadtool.dedupe.text import company_key, company_words, fold, is_nickname, phonetic


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("José", "jose"),
        ("O'Brien-Núñez", "obriennunez"),
        ("ŁUKASZ", "lukasz"),
        ("Øberg", "oberg"),
        ("Straße", "strasse"),
        ("  ", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("ACME Labs, Inc.", ("acme", "labs")),
        ("Acme Labs Incorporated", ("acme", "labs")),
        ("Acme Labs LLC", ("acme", "labs")),
        ("Müller & Söhne GmbH", ("muller", "and", "sohne")),
        ("Müller and Söhne", ("muller", "and", "sohne")),
        ("Atlas Data GmbH & Co. KG", ("atlas", "data")),
        ("Blue River S.A. de C.V.", ("blue", "river")),
        ("Arbor Pty. Ltd.", ("arbor",)),
        ("Dupont SAS", ("dupont",)),
        ("The Acme Company", ("acme",)),
        ("Company Ltd", ("company",)),
        ("Atlas Group", ("atlas", "group")),
    ],
)
def test_company_words(name: str, words: tuple[str, ...]) -> None:
    assert company_words(name) == words


def test_company_key_ignores_spaces() -> None:
    assert company_key("Acmelabs") == company_key("Acme Labs, Inc.") == "acmelabs"
    assert company_key(None) == company_key("") == ""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("smith", "smyth", True), ("stephens", "stevens", True), ("smith", "jones", False)],
)
def test_phonetic(a: str, b: str, same: bool) -> None:
    assert (phonetic(a) == phonetic(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "related"),
    [
        ("bob", "robert", True),
        ("robert", "bob", True),
        ("bob", "rob", True),
        ("liz", "elizabeth", True),
        ("bill", "william", True),
        ("peggy", "margaret", True),
        ("john", "james", False),
        ("", "robert", False),
    ],
)
def test_nicknames(a: str, b: str, related: bool) -> None:
    assert is_nickname(a, b) is related
