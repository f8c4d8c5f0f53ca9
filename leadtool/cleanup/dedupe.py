"""The exact-duplicate sweep: people of the whole store who share an identity key.

The import's own rules decide (identity.exact.find_person): a shared email or LinkedIn
profile makes two records one person; a shared phone, role address or name + company only
when the names agree and nothing contradicts. Each merge keeps the oldest record, is
recorded with both records as they were (`merges`, reason "cleanup: same email" ...), so
`store.undo.restore_merge` can put them back, and leaves a `merged` event on the kept
person (so `leadtool unmerge ID` undoes it). People someone said are different (an
unmerge, a review: `dedupe_decisions`) are never merged again. The kept person takes the
furthest stage and both contact counts. Commits every MERGE_CHUNK clusters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from leadtool.cleanup.context import StepContext
from leadtool.identity.exact import STRONG_KINDS, Identity, find_person
from leadtool.merges import merge_pair
from leadtool.normalize.record import PersonRow
from leadtool.store import dedupe as fsql
from leadtool.store import importing as people_sql
from leadtool.store import merges as sql

MERGE_CHUNK = 2_000
REASONS = {
    "email": "cleanup: same email",
    "linkedin": "cleanup: same LinkedIn profile",
    "phone": "cleanup: same phone and name",
    "role_email": "cleanup: same role address and name",
    "name_company": "cleanup: same name and company",
    "name_postcode": "cleanup: same name and postal code",
}
Group = tuple[str, str, list[int]]


def clusters(groups: list[Group], people: dict[int, dict[str, Any]]) -> list[list[int]]:
    """Pure: the sets of people (ids, oldest first) the import's rules say are one.

    `people` holds at least name_key, email and linkedin of everyone in `groups`.
    """
    groups = [g for g in groups if _may_join(g, lambda pid: people.get(pid, {}).get("name_key"))]
    matches: dict[tuple[str, str], list[int]] = {(k, v): ids for k, v, ids in groups}
    keys_of: dict[int, list[tuple[str, str]]] = {}
    for kind, value, ids in groups:
        for pid in ids:
            keys_of.setdefault(pid, []).append((kind, value))
    parent: dict[int, int] = {}

    def root(pid: int) -> int:
        while parent.get(pid, pid) != pid:
            pid = parent[pid]
        return pid

    def identity(pid: int) -> Identity:
        return Identity.of(people.get(pid, {}))

    for pid in sorted(keys_of):
        row = PersonRow(row_number=0, cells=[], fields=_identity_fields(people.get(pid, {})))
        row.keys = keys_of[pid]
        others = {key: [p for p in matches[key] if p != pid] for key in row.keys}
        for other in find_person(row, others, identity):
            a, b = sorted((root(pid), root(other)))
            if a != b:
                parent[b] = a
    found: dict[int, list[int]] = {}
    for pid in sorted(parent):
        found.setdefault(root(pid), [root(pid)]).append(pid)
    return [sorted(set(ids)) for _, ids in sorted(found.items())]


def _may_join(group: Group, name_of: Callable[[int], str | None]) -> bool:
    """Cheap pre-check: a weak key shared by people with all different names joins nobody
    (most shared phones are switchboards), so find_person need not look at it."""
    kind, _, ids = group
    if kind in STRONG_KINDS:
        return True
    names = [name_of(pid) for pid in ids]
    return None in names or len(set(names)) < len(names)


def _identity_fields(person: dict[str, Any]) -> dict[str, str]:
    return {n: person[n] for n in ("name_key", "email", "linkedin") if person.get(n)}


def run(ctx: StepContext) -> dict[str, int]:
    counts = {"shared_keys": 0, "clusters": 0, "merged": 0, "kept_apart": 0}
    while True:
        if ctx.dry_run:
            todo = _todo(ctx.store.conn, counts)
            counts["clusters"] = len(todo)
            counts["merged"] = sum(len(c) - 1 for c in todo)
            return counts
        with ctx.write() as conn:
            todo = _todo(conn, counts)
            for cluster in todo[:MERGE_CHUNK]:
                for other in cluster[1:]:
                    _merge_pair(ctx, conn, cluster[0], other)
                    counts["merged"] += 1
            counts["clusters"] += len(todo[:MERGE_CHUNK])
        if len(todo) <= MERGE_CHUNK:
            return counts
        ctx.pace()


def _todo(conn: sqlite3.Connection, counts: dict[str, int]) -> list[list[int]]:
    """The clusters with someone to merge, each cut to the people that may become one."""
    groups = sql.shared_keys(conn)
    counts["shared_keys"] = len(groups)
    # Names first (small), so that the full identities are read for few people only.
    names = sql.name_keys(conn, {p for k, _, ids in groups if k not in STRONG_KINDS for p in ids})
    groups = [g for g in groups if _may_join(g, names.get)]
    found = clusters(groups, sql.identities(conn, {p for _, _, ids in groups for p in ids}))
    apart = fsql.distinct_pairs(conn) if found else set()
    counts["kept_apart"] = 0  # found again on every round: the last round's count is all
    todo = []
    for cluster in found:
        taken = _mergeable(cluster, apart)
        counts["kept_apart"] += len(cluster) - len(taken)
        if len(taken) > 1:
            todo.append(taken)
    return todo


def _mergeable(cluster: list[int], apart: set[tuple[int, int]]) -> list[int]:
    """The cluster's people that may become one: someone who was said to be a different
    person than any of them already taken (`leadtool unmerge`, a review) stays apart."""
    taken = [cluster[0]]
    for other in cluster[1:]:
        if not any((min(t, other), max(t, other)) in apart for t in taken):
            taken.append(other)
    return taken


def _merge_pair(ctx: StepContext, conn: sqlite3.Connection, kept: int, other: int) -> None:
    """One merge, as `leadtool dedupe` makes them: recorded, and undone by `unmerge`."""
    reason = _reason(
        people_sql.snapshot(conn, kept)["keys"], people_sql.snapshot(conn, other)["keys"]
    )
    merge_pair(conn, kept, other, reason, ctx.stamp)


def _reason(kept_keys: list[Any], other_keys: list[Any]) -> str:
    shared = {(k, v) for k, v, _ in kept_keys} & {(k, v) for k, v, _ in other_keys}
    kinds = {k for k, _ in shared}
    for kind, text in REASONS.items():
        if kind in kinds:
            return text
    return "cleanup: linked through another record"
