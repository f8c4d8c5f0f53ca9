"""The suppression list: people who must not be contacted, by email, phone or domain.

Values come from the command line or from the unsubscribe, bounce and cleaned exports of
email tools (Mailchimp, HubSpot ...) or a plain one-column list. An entry suppresses every
stored person it matches, now and after any later import. Adding and removing are recorded
in the history of the people concerned; a removed entry is kept with its removal time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leadtool.errors import InputFileError, NotFoundError, UsageError
from leadtool.normalize.columns import map_columns
from leadtool.normalize.email import normalize_email
from leadtool.normalize.phone import normalize_phone
from leadtool.readers import open_table
from leadtool.readers.sniff import check_path
from leadtool.store import suppression as sql
from leadtool.store.connection import Store, iso_utc, write_transaction

# Endings of the files `suppress add` reads: a value ending so is a file name, not an address.
FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".json", ".jsonl")

REASONS = ("unsubscribed", "bounced", "complaint", "do-not-contact")
SAMPLE_ROWS = 50

Entry = tuple[str, str]  # (kind, value)


@dataclass(frozen=True)
class AddReport:
    reason: str
    added: int  # new active entries
    already: int  # values that were already suppressed
    skipped: int  # file cells that held no valid email or phone
    people: int  # stored people the new entries suppress

    def as_json(self) -> dict[str, object]:
        return {
            "reason": self.reason,
            "added": self.added,
            "already_suppressed": self.already,
            "skipped": self.skipped,
            "people": self.people,
        }


@dataclass(frozen=True)
class RemoveReport:
    kind: str
    reason: str
    people: int

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "reason": self.reason, "people": self.people}


def check_reason(reason: str) -> str:
    value = reason.strip().lower()
    if value not in REASONS:
        raise UsageError(f"--reason must be one of: {', '.join(REASONS)}")
    return value


def parse_value(raw: str, region: str, position: int) -> Entry:
    """An email, a phone or a whole domain (`@example.com`), normalised."""
    text = raw.strip()
    if text.startswith("@") and _is_domain(text[1:]):
        return "domain", text[1:].lower().rstrip(".")
    if "@" in text:
        email = normalize_email(text).value
        if email:
            return "email", email
    elif phone := normalize_phone(text, region).value:
        return "phone", phone
    raise UsageError(
        f"value {position} is not a file, an email, a phone or a domain such as @example.com"
    )


def _names_a_file(item: str) -> bool:
    """A folder, a path, or a name ending like a list file (emails and phones do not)."""
    path = Path(item)
    if path.is_dir() or "/" in item:
        return True
    return "@" not in item and path.suffix.lower() in FILE_SUFFIXES


def _is_domain(text: str) -> bool:
    labels = text.lower().rstrip(".").split(".")
    return len(labels) > 1 and all(
        label and label.replace("-", "").isalnum() and not label.startswith("-") for label in labels
    )


def add(
    store: Store,
    items: list[str],
    reason: str,
    region: str,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> AddReport:
    """Suppress each value and each email and phone found in each file."""
    reason = check_reason(reason)
    if not items:
        raise UsageError("give at least one file, email, phone or @domain to suppress")
    entries: list[Entry] = []
    skipped = 0
    for position, item in enumerate(items, start=1):
        if Path(item).is_file():
            found, bad = read_file(Path(item), region)
            entries.extend(found)
            skipped += bad
        elif _names_a_file(item):
            check_path(Path(item))  # says the file is missing, or is a folder
        else:
            entries.append(parse_value(item, region, position))
    return _store_entries(store, list(dict.fromkeys(entries)), reason, note, skipped, now)


def _store_entries(
    store: Store,
    entries: list[Entry],
    reason: str,
    note: str | None,
    skipped: int,
    now: datetime | None,
) -> AddReport:
    when = iso_utc(now or datetime.now(UTC))
    added, people = 0, set()
    with write_transaction(store) as conn:
        for kind, value in entries:
            if not sql.add_entry(conn, kind, value, reason, note, when):
                continue
            added += 1
            ids = sql.people_matching(conn, kind, value)
            detail = {"action": "suppressed", "by": kind, "reason": reason, "note": note}
            sql.record_events(conn, ids, detail, when)
            people.update(ids)
    return AddReport(reason, added, len(entries) - added, skipped, len(people))


def read_file(path: Path, region: str) -> tuple[list[Entry], int]:
    """The emails and phones of an export or list, and how many cells held neither."""
    try:
        table = open_table(path)
    except InputFileError:
        lines = _plain_list(path)
        if lines is None:
            raise
        found = [_line_entry(line, region) for line in lines]
        entries = [e for e in found if e is not None]
        return entries, len(found) - len(entries)
    sample = list(itertools.islice(table.rows, SAMPLE_ROWS))
    columns = _value_columns(path, table.header, sample)
    entries, skipped = _headerless_value(table.header, columns, region), 0
    for _, cells in itertools.chain(sample, table.rows):
        for index, kind in columns:
            cell = cells[index] if index < len(cells) else ""
            entry = _cell_entry(cell, kind, region)
            if entry is not None:
                entries.append(entry)
            elif cell.strip():
                skipped += 1
    return entries, skipped


def _headerless_value(
    header: list[str], columns: list[tuple[int, str]], region: str
) -> list[Entry]:
    """A plain one-column list may have no header: its first line is then a value."""
    if len(header) != 1:
        return []
    entry = _cell_entry(header[0], columns[0][1], region)
    return [] if entry is None else [entry]


def _value_columns(
    path: Path, header: list[str], sample: list[tuple[int, list[str]]]
) -> list[tuple[int, str]]:
    colmap = map_columns(header, None, [cells for _, cells in sample])
    columns = [(i, f) for i, f in sorted(colmap.fields.items()) if f in ("email", "phone")]
    if columns:
        return columns
    shown = ", ".join(repr(h) for h in header[:12])
    raise InputFileError(path, f"no column holds emails or phones; columns found: {shown}")


def _plain_list(path: Path) -> list[str] | None:
    """The lines of a plain list with one value a line and no header, else None."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError):
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or any(sep in line for line in lines for sep in ",;\t"):
        return None
    return lines


def _line_entry(line: str, region: str) -> Entry | None:
    return _cell_entry(line, "email" if "@" in line else "phone", region)


def _cell_entry(cell: str, kind: str, region: str) -> Entry | None:
    value = normalize_email(cell).value if kind == "email" else normalize_phone(cell, region).value
    return None if value is None else (kind, value)


def remove(store: Store, raw: str, region: str, *, now: datetime | None = None) -> RemoveReport:
    """End the active suppression of one value; recorded in the people's history."""
    kind, value = parse_value(raw, region, 1)
    when = iso_utc(now or datetime.now(UTC))
    with write_transaction(store) as conn:
        reason = sql.remove_entry(conn, kind, value, when)
        if reason is None:
            raise NotFoundError(f"that {kind} is not on the suppression list")
        ids = sql.people_matching(conn, kind, value)
        sql.record_events(conn, ids, {"action": "unsuppressed", "by": kind, "reason": reason}, when)
    return RemoveReport(kind, reason, len(ids))


def entries(
    store: Store, reason: str | None = None, *, removed: bool = False
) -> list[dict[str, Any]]:
    """The suppression list, oldest first: active entries, or all with `removed`."""
    wanted = None if reason is None else _list_reason(reason)
    return sql.list_entries(store.conn, wanted, removed=removed)


def _list_reason(reason: str) -> str:
    value = reason.strip().lower()
    if value not in (*REASONS, "forgotten"):
        raise UsageError(f"--reason must be one of: {', '.join((*REASONS, 'forgotten'))}")
    return value
