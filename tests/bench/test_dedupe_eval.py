"""The dedupe evaluation's arithmetic on tiny examples worked out by hand."""

from __future__ import annotations

import pytest

from bench.dedupe_eval import (
    groups_by,
    joined,
    pairs_of,
    precision_recall,
    roots,
    sharing_a_key,
    true_person_pairs,
)
from bench.febrl import entity_of


@pytest.mark.parametrize(
    ("groups", "pairs"),
    [
        ([[1, 2, 3]], {(1, 2), (1, 3), (2, 3)}),
        ([[3, 1], [5]], {(1, 3)}),
        ([[2, 2, 4]], {(2, 4)}),  # an item listed twice is one item
        ([], set()),
    ],
)
def test_pairs_of_groups(groups: list[list[int]], pairs: set[tuple[int, int]]) -> None:
    assert pairs_of(groups) == pairs


def test_groups_by_label() -> None:
    assert sorted(groups_by({1: "x", 2: "y", 3: "x"})) == [[1, 3], [2]]


def test_roots_join_chains() -> None:
    root = roots([(1, 2), (2, 3), (7, 8)])
    assert root[1] == root[2] == root[3]
    assert root[7] == root[8] != root[1]


def test_joined_follows_merges_of_people_to_their_rows() -> None:
    # rows 10, 11 are person 1; row 12 person 2; row 13 person 3; people 1 and 2 merged
    person_of = {10: 1, 11: 1, 12: 2, 13: 3}
    assert joined(person_of, [(1, 2)]) == {(10, 11), (10, 12), (11, 12)}
    assert joined(person_of, []) == {(10, 11)}


def test_precision_and_recall_on_a_known_example() -> None:
    # truth: {1,2,3} is one person, {4,5} another: pairs 12 13 23 45
    truth = pairs_of([[1, 2, 3], [4, 5]])
    # predicted: {1,2} and {3,4}: pair 12 is right, 34 wrong; 13 23 45 missed
    predicted = pairs_of([[1, 2], [3, 4]])
    assert precision_recall(predicted, truth) == (0.5, 0.25)


def test_nothing_predicted_or_nothing_to_find_is_not_a_division_by_zero() -> None:
    assert precision_recall(set(), {(1, 2)}) == (1.0, 0.0)
    assert precision_recall({(1, 2)}, set()) == (0.0, 1.0)


def test_pairs_sharing_a_key() -> None:
    keys = {1: frozenset({"email|a@x.com"}), 2: frozenset({"email|a@x.com", "phone|+1"})}
    keys[3] = frozenset({"phone|+2"})
    assert sharing_a_key([(1, 2), (1, 3), (2, 3), (3, 4)], keys) == {(1, 2)}


def test_true_person_pairs_need_a_common_entity() -> None:
    entities = {1: {100}, 2: {100, 200}, 3: {300}}
    assert true_person_pairs([(1, 2), (1, 3), (2, 3)], entities) == {(1, 2)}


@pytest.mark.parametrize(
    ("rec_id", "entity"), [("rec-223-org", 223), ("rec-10-dup-0", 10), ("rec-1-dup-4", 1)]
)
def test_febrl_record_ids(rec_id: str, entity: int) -> None:
    assert entity_of(rec_id) == entity


def test_a_febrl_id_it_cannot_read_is_an_error() -> None:
    with pytest.raises(ValueError, match="FEBRL"):
        entity_of("person-7")


def test_recall_by_change_counts_each_change_of_either_row() -> None:
    from bench.dedupe_eval_bench import Truth, recall_by_change

    changes = {2: frozenset({"nickname"}), 3: frozenset({"nickname", "no phone"})}
    truth = Truth(
        entity={1: 7, 2: 7, 3: 7},
        pairs={(1, 2), (1, 3), (2, 3)},
        no_key={(1, 2), (1, 3), (2, 3)},
        changes=changes,
    )
    found = {(1, 2)}
    assert recall_by_change(truth, found) == {"nickname": (1, 3), "no phone": (0, 2)}
