"""Merging what a row says into a stored person, under the chosen conflict policy.

fill (default): fill empty fields, never overwrite; update: newer non-empty values win;
keep: leave existing people as they are. A differing value that is not taken is a
conflict, kept in the person's history so nothing sourced is lost. Fields travel in groups
(an email with its flags, a phone with its extension and flags) so they never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from leadtool.normalize.fields import merge_groups
from leadtool.normalize.names import name_key
from leadtool.normalize.record import PersonRow

POLICIES = ("fill", "update", "keep")

GROUPS: tuple[tuple[str, ...], ...] = merge_groups()  # normalize/fields.py
# A second email or phone is another way to reach the person, kept as a key: not a conflict.
NOT_CONFLICTS = frozenset({"email", "phone"})


@dataclass
class Change:
    """What merging one row changed: field -> [old, new], and values not taken."""

    changed: dict[str, list[Any]] = field(default_factory=dict)
    conflicts: dict[str, list[Any]] = field(default_factory=dict)


def merge_row(person: dict[str, Any], row: PersonRow, policy: str) -> Change:
    """Apply `row` to `person` (a people-table dict) in place and say what changed."""
    change = Change()
    if policy == "keep":
        return change
    for group in GROUPS:
        _merge_group(person, row.fields, group, policy, change)
    if any(n in change.changed for n in ("first_name", "last_name")):
        _set(
            person, "name_key", name_key(person.get("first_name"), person.get("last_name")), change
        )
    _merge_json(person, "custom", row.custom, policy, change)
    _merge_json(person, "invalid", _still_invalid(person, row), "fill", change)
    return change


def _merge_group(
    person: dict[str, Any], fields: dict[str, str], group: tuple[str, ...], policy: str, ch: Change
) -> None:
    lead = group[0]
    new, old = fields.get(lead), person.get(lead)
    if not new:
        if not old:  # e.g. both without a valid email: carry the row's flags
            for name in group[1:]:
                if fields.get(name) and not person.get(name):
                    _set(person, name, fields[name], ch)
        return
    if old == new:
        return
    if not old or policy == "update":
        for name in group:
            _set(person, name, fields.get(name), ch)
    elif lead not in NOT_CONFLICTS:
        ch.conflicts[lead] = [old, new]


def _set(person: dict[str, Any], name: str, value: Any, ch: Change) -> None:
    if person.get(name) != value:
        ch.changed[name] = [person.get(name), value]
        person[name] = value


def _merge_json(
    person: dict[str, Any], column: str, incoming: dict[str, str], policy: str, ch: Change
) -> None:
    if not incoming:
        return
    current: dict[str, str] = json.loads(person[column]) if person.get(column) else {}
    merged = dict(current)
    for key, value in incoming.items():
        if key not in current or policy == "update":
            merged[key] = value
        elif current[key] != value:
            ch.conflicts[f"{column}.{key}"] = [current[key], value]
    if merged != current:
        _set(person, column, json.dumps(merged, ensure_ascii=False, sort_keys=True), ch)


def _still_invalid(person: dict[str, Any], row: PersonRow) -> dict[str, str]:
    """Raw invalid values worth keeping: only for fields the person still has no value for."""
    return {k: v for k, v in row.invalid.items() if not person.get(k)}
