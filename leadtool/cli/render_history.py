"""Stored records in words: a person's history and an import's options, never Python dicts.

History details are JSON objects whose shape depends on the event (see store/ and
imports/apply.py); each kind known here gets a sentence, any other a plain `key: value` list,
so a new kind still reads as words.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

NONE = "(none)"


def words(value: Any) -> str:
    """A stored value as a person reads it: (none), yes/no, lists and objects spelled out."""
    if value is None or value == "" or value == [] or value == {}:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(words(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {words(v)}" for k, v in value.items())
    return str(value)


def history_detail(kind: str, detail: Mapping[str, Any]) -> str:
    """The words after an event's time and kind in `people show`."""
    render = _KINDS.get(kind)
    return render(detail) if render else words(detail)


def _pairs(detail: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each changed field; JSON object fields (custom, invalid)
    are opened so that only their changed keys are named."""
    found: list[tuple[str, Any, Any]] = []
    for name, pair in detail.items():
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        old, new = (_json_object(v) for v in pair)
        if isinstance(old, dict) and isinstance(new, dict):
            for key in sorted(old.keys() | new.keys()):
                if old.get(key) != new.get(key):
                    found.append((f"{name}.{key}", old.get(key), new.get(key)))
        else:
            found.append((name, pair[0], pair[1]))
    return found


def _json_object(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return {} if value is None else value


def _updated(detail: Mapping[str, Any]) -> str:
    return "; ".join(f"{f}: {words(old)} → {words(new)}" for f, old, new in _pairs(detail))


def _conflict(detail: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{f}: kept {words(old)}, not taken {words(new)}" for f, old, new in _pairs(detail)
    )


def _stage(detail: Mapping[str, Any]) -> str:
    why = f" ({detail['reason']})" if detail.get("reason") else ""
    return f"{words(detail.get('from'))} → {words(detail.get('to'))}{why}"


def _tag(detail: Mapping[str, Any]) -> str:
    return "; ".join(f"{action} {words(tag)}" for action, tag in detail.items())


def _suppression(detail: Mapping[str, Any]) -> str:
    note = f" - {detail['note']}" if detail.get("note") else ""
    return (
        f"{detail.get('action', 'suppressed')} by {detail.get('by')}: {detail.get('reason')}{note}"
    )


def _merged(detail: Mapping[str, Any]) -> str:
    line = f"merge {detail.get('merge_id')}: person {detail.get('merged_id')} merged into this one"
    if detail.get("reason"):
        line += f" ({detail['reason']})"
    if not_taken := detail.get("not_taken"):
        line += "; not taken: " + _conflict(not_taken)
    return line


def _undo(detail: Mapping[str, Any]) -> str:
    return f"import {detail.get('batch_id')} undone"


def _renormalised(detail: Mapping[str, Any]) -> str:
    changes = _updated(detail.get("fields") or {})
    keys = f"keys added {detail.get('keys_added', 0)}, removed {detail.get('keys_removed', 0)}"
    return f"{changes}; {keys}" if changes else keys


_KINDS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "updated": _updated,
    "conflict": _conflict,
    "stage": _stage,
    "tag": _tag,
    "suppression": _suppression,
    "merged": _merged,
    "undo": _undo,
    "renormalised": _renormalised,
}
