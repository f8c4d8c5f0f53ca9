"""The arithmetic of the dedupe evaluation: pairs of rows, and precision and recall over them.

A list's rows are numbered; its truth says which entity (real person) each row is, and a
run of leadtool puts each row in a stored person. A pair is two rows (a < b). The true
pairs are the pairs of rows of one entity; the predicted pairs are the pairs of rows in one
person once the import and the merges are done (merging is transitive: what a chain of
merged pairs joins is one person). Precision is the share of predicted pairs that are true,
recall the share of true pairs predicted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations

Pair = tuple[int, int]


def pairs_of(groups: Iterable[Iterable[int]]) -> set[Pair]:
    """Every pair of items within each group, smaller first."""
    return {pair for group in groups for pair in combinations(sorted(set(group)), 2)}


def groups_by(label: Mapping[int, Hashable]) -> list[list[int]]:
    """The items grouped by their label ({1: "x", 2: "x", 3: "y"} -> [[1, 2], [3]])."""
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for item, name in label.items():
        groups[name].append(item)
    return list(groups.values())


def roots(links: Iterable[Pair]) -> dict[int, int]:
    """Union-find over the links: each linked item -> the representative of its group."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[root(a)] = root(b)
    return {x: root(x) for x in parent}


def joined(person_of: Mapping[int, int], merges: Iterable[Pair]) -> set[Pair]:
    """The pairs of rows in one person after merging the given pairs of people."""
    root = roots(merges)
    return pairs_of(groups_by({row: root.get(p, p) for row, p in person_of.items()}))


def precision_recall(predicted: set[Pair], truth: set[Pair]) -> tuple[float, float]:
    """(precision, recall); 1.0 where nothing was predicted, or nothing was to be found."""
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    return precision, recall


def sharing_a_key(pairs: Iterable[Pair], keys: Mapping[int, frozenset[str]]) -> set[Pair]:
    """The pairs whose two rows share at least one key."""
    empty: frozenset[str] = frozenset()
    return {(a, b) for a, b in pairs if keys.get(a, empty) & keys.get(b, empty)}


def true_person_pairs(pairs: Iterable[Pair], entities: Mapping[int, set[int]]) -> set[Pair]:
    """The pairs of people that are one person: they hold rows of a common entity."""
    empty: set[int] = set()
    return {(a, b) for a, b in pairs if entities.get(a, empty) & entities.get(b, empty)}
