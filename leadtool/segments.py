"""Saved segments: a name for a --where expression, evaluated each time it is used.

Saving compiles the expression first, so a mistake is refused and nothing is saved. Counts and
previews are live: the stored text is compiled again with the `now` of the call, so `created >
30 days ago` moves with the calendar and people imported since are counted. A stored
expression the filter language no longer accepts is reported by `list` beside that segment,
and refused by `show` with the reason; it never crashes a command.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from leadtool.addresses import with_addresses
from leadtool.errors import NotFoundError, UsageError
from leadtool.filters import Compiled, compile_where
from leadtool.store import queries as q
from leadtool.store import segments as sql
from leadtool.store.connection import Store, iso_utc, write_transaction

MAX_NAME = 64
# Letters and digits of any script, space, "-", "_" and ".": safe to type in a shell and to
# show in a table.
NAME_PATTERN = re.compile(rf"[\w .-]{{1,{MAX_NAME}}}")
MAX_LISTED = 10  # names listed when a name is not found


@dataclass(frozen=True)
class Segment:
    name: str
    expr: str
    description: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class SavedSegment:
    segment: Segment
    status: str  # "saved" (a new name) or "updated" (replaced the expression of that name)
    matching: int  # people it selects now

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, **asdict(self.segment), "matching": self.matching}


@dataclass(frozen=True)
class SegmentCount:
    segment: Segment
    matching: int | None  # None when the stored expression no longer compiles
    error: str | None = None  # why it no longer compiles

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self.segment), "matching": self.matching, "error": self.error}


@dataclass(frozen=True)
class SegmentView:
    segment: Segment
    matching: int
    people: tuple[dict[str, Any], ...]  # the first `limit` people it selects, oldest first

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self.segment), "matching": self.matching, "people": list(self.people)}


@dataclass(frozen=True)
class DeletedSegment:
    segment: Segment

    def as_json(self) -> dict[str, Any]:
        return {"status": "deleted", **asdict(self.segment)}


def save_segment(
    store: Store,
    name: str,
    where: str,
    description: str | None = None,
    *,
    now: datetime | None = None,
) -> SavedSegment:
    """Save `where` under `name`, replacing the expression of an existing name (any case).

    A replaced segment keeps its name's first spelling and, without a new description, its
    old one ("" clears it).
    """
    label = _valid_name(name)
    expr = _required(where)
    when = now or datetime.now(UTC)
    compiled = compile_where(expr, now=when)  # a mistake stops here: nothing is saved
    with write_transaction(store) as conn:
        old = sql.get(conn, label)
        kept = description if description is not None or old is None else old["description"]
        stored = label if old is None else str(old["name"])  # the first spelling stays
        sql.save(conn, stored, expr, _text(kept), iso_utc(when))
        saved = sql.get(conn, stored)
    assert saved is not None  # written just above, in the same transaction
    matching = q.count_people(store.conn, compiled.sql, compiled.params)
    return SavedSegment(_segment(saved), "saved" if old is None else "updated", matching)


def list_segments(store: Store, *, now: datetime | None = None) -> tuple[SegmentCount, ...]:
    """Every segment, by name, with how many people it selects now."""
    when = now or datetime.now(UTC)
    return tuple(_count(store, _segment(row), when) for row in sql.list_all(store.conn))


def show_segment(
    store: Store, name: str, limit: int = 10, *, now: datetime | None = None
) -> SegmentView:
    """A segment, how many people it selects now, and the first `limit` of them."""
    segment = _find(store, name)
    compiled = _compile_stored(segment, now or datetime.now(UTC))
    matching = q.count_people(store.conn, compiled.sql, compiled.params)
    rows = q.list_people(store.conn, limit, compiled.sql, compiled.params, matching=matching)
    return SegmentView(segment, matching, tuple(with_addresses(r) for r in rows))


def delete_segment(store: Store, name: str) -> DeletedSegment:
    """Forget a segment. The people it selected are untouched."""
    with write_transaction(store) as conn:
        row = sql.get(conn, _clean(name))
        if row is None:
            raise _not_found(store, name)
        sql.delete(conn, str(row["name"]))
    return DeletedSegment(_segment(row))


def segment_expression(store: Store, name: str) -> tuple[str, str]:
    """(the segment's name as saved, its --where expression), for commands that use it."""
    segment = _find(store, name)
    return segment.name, segment.expr


def _count(store: Store, segment: Segment, now: datetime) -> SegmentCount:
    try:
        compiled = compile_where(segment.expr, now=now)
    except UsageError as exc:
        return SegmentCount(segment, None, str(exc))
    return SegmentCount(segment, q.count_people(store.conn, compiled.sql, compiled.params))


def _compile_stored(segment: Segment, now: datetime) -> Compiled:
    try:
        return compile_where(segment.expr, now=now)
    except UsageError as exc:
        raise UsageError(
            f"segment {segment.name!r} no longer works ({exc}); "
            "save it again with a corrected --where"
        ) from None


def _find(store: Store, name: str) -> Segment:
    row = sql.get(store.conn, _clean(name))
    if row is None:
        raise _not_found(store, name)
    return _segment(row)


def _not_found(store: Store, name: str) -> NotFoundError:
    listed, total = sql.names(store.conn, MAX_LISTED)
    if not total:
        return NotFoundError(
            f"no segment named {_clean(name)!r}; none is saved yet "
            "(leadtool segment save NAME --where EXPR)"
        )
    more = f" and {total - len(listed)} more" if total > len(listed) else ""
    return NotFoundError(
        f"no segment named {_clean(name)!r}; segments are: {', '.join(listed)}{more}"
    )


def _valid_name(name: str) -> str:
    label = _clean(name)
    if not NAME_PATTERN.fullmatch(label):
        raise UsageError(
            f"{label!r} is not a segment name: use 1 to {MAX_NAME} letters, digits, "
            "spaces, '-', '_' or '.'"
        )
    return label


def _clean(name: str) -> str:
    # Spaces around or doubled inside a name are typing noise: "hot  leads " is "hot leads".
    return " ".join(name.split())


def _required(where: str) -> str:
    if not where.strip():
        raise UsageError("--where is required: say who, e.g. --where 'stage >= mql'")
    return where.strip()


def _text(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def _segment(row: sql.SegmentRow) -> Segment:
    return Segment(
        name=str(row["name"]),
        expr=str(row["expr"]),
        description=row["description"],
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
    )
