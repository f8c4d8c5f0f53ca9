"""Blocking keys and candidate pairs: the pairs worth comparing, never all pairs."""

from __future__ import annotations

from leadtool.dedupe.blocking import Blocks, candidate_pairs, keys
from leadtool.dedupe.record import Rec, make_rec


def rec(pid: int, **fields: str) -> Rec:
    emails = fields.pop("emails", "")
    return make_rec(pid, dict(fields), emails.split() if emails else ())


def pairs_of(*recs: Rec, max_block: int = 40) -> set[tuple[int, int]]:
    blocks = Blocks.empty()
    for r in recs:
        blocks.add(r)
    return set(candidate_pairs(blocks, max_block))


def test_company_and_surname_sound_meet() -> None:
    a = rec(1, first_name="Bob", last_name="Smith", company="ACME Inc.")
    b = rec(2, first_name="Robert", last_name="Smyth", company="Acme")
    c = rec(3, first_name="Bob", last_name="Smith", company="Globex")
    assert pairs_of(a, b, c) == {(1, 2)}


def test_swapped_names_meet() -> None:
    a = rec(1, first_name="Jane", last_name="Okafor", company="Globex")
    b = rec(2, first_name="Okafor", last_name="Jane", company="Globex GmbH")
    assert pairs_of(a, b) == {(1, 2)}


def test_surname_typo_that_changes_its_sound_meets_by_first_name() -> None:
    a = rec(1, first_name="Klaus", last_name="Herrmann", company="Cedar")
    b = rec(2, first_name="Klaus", last_name="Hernmann", company="Cedar")
    assert pairs_of(a, b) == {(1, 2)}


def test_email_local_part_and_phone_meet_across_companies() -> None:
    a = rec(1, first_name="Bob", last_name="Smith", emails="bobby.s1987@gmail.com")
    b = rec(2, first_name="Robert", last_name="Smith", emails="bobbys1987@acme.example.com")
    c = rec(3, first_name="R", last_name="Smith", phone="+14155550134")
    d = rec(4, first_name="Bob", last_name="S", phone="+14155550134")
    assert pairs_of(a, b, c, d) == {(1, 2), (3, 4)}


def test_free_mail_domain_is_no_key() -> None:
    a = rec(1, first_name="Ann", last_name="Lee", emails="ann1@gmail.com")
    b = rec(2, first_name="Tom", last_name="Lee", emails="tom2@gmail.com")
    assert not any("gmail" in k for k in keys(a) | keys(b))


def test_too_common_keys_are_skipped_and_counted() -> None:
    people = [rec(i, first_name=f"P{i}", last_name="Smith", company="Acme") for i in range(1, 6)]
    blocks = Blocks.empty()
    for r in people:
        blocks.add(r)
    found = candidate_pairs(blocks, max_block=3)
    assert len(found) == 0 and found.skipped_blocks >= 1
    assert len(candidate_pairs(blocks, max_block=5)) == 10


def test_a_typo_in_the_street_meets_by_postcode_or_city() -> None:
    """FEBRL-like rows, the street read as the company: a typo in it breaks the company
    key, the postcode or the city with a name's sound and the other's initial still meet."""
    a = rec(1, first_name="Lachlan", last_name="Ryan", company="Ferrier Place", postal_code="4211")
    b = rec(2, first_name="Lachlan", last_name="Rian", company="Ferier Plase", postal_code="4211")
    c = rec(3, first_name="Lachlan", last_name="Ryan", company="Bent Street", postal_code="2600")
    d = rec(4, first_name="Jo", last_name="Smith", company="Main Road", city="Dubbo")
    e = rec(5, first_name="Jo", last_name="Smyth", company="Mian Road", city="Dubbo")
    assert pairs_of(a, b, c, d, e) == {(1, 2), (4, 5)}


def test_one_postcode_and_other_names_do_not_meet() -> None:
    a = rec(1, first_name="Lachlan", last_name="Ryan", company="Ferrier Place", postal_code="4211")
    b = rec(2, first_name="Mia", last_name="Jones", company="Bent Street", postal_code="4211")
    assert pairs_of(a, b) == set()


def test_a_replaced_first_name_meets_by_postcode_and_surname() -> None:
    a = rec(1, first_name="Quinn", last_name="Godfrey", company="Duffy Street", postal_code="3165")
    b = rec(2, first_name="Shona", last_name="Godfrey", company="Duffyy Treet", postal_code="3165")
    assert pairs_of(a, b) == {(1, 2)}


def test_a_row_that_lost_its_company_meets_by_city() -> None:
    a = rec(1, first_name="Carmen", last_name="Sterrin", company="Osprey Digital", city="Valencia")
    b = rec(2, first_name="Carmen", last_name="Sterin", city="Valencia")
    assert pairs_of(a, b) == {(1, 2)}


def test_swapped_names_with_a_typo_meet_at_one_company() -> None:
    a = rec(1, first_name="Cheryl", last_name="Dortondor", company="Meridian", city="Singapore")
    b = rec(2, first_name="Dortonior", last_name="Cheryl", company="Meridian Ltd")
    c = rec(3, first_name="Dortonior", last_name="Cheryl", company="Globex")
    assert pairs_of(a, b, c) == {(1, 2)}
