"""Which columns of an activity file say what was done, when, and for how much.

Owns the activity fields (type, time, detail, amount, currency), their header aliases (the
names other tools export: "Activity", "Event", "Timestamp", "Date", "Amount", "Value"...),
and the split of `--map` options between those fields and the person fields. The columns
that say who did it are left to the people import's mapping (normalize/columns.py), so an
activity file's "Email Address" or "Mobile" is read exactly as `leadtool import` reads it.
Pure: no files, no store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leadtool.errors import UsageError
from leadtool.normalize.columns import (
    IGNORE,
    ColumnMap,
    map_columns,
    normalize_header,
    parse_map_options,
)

ACTIVITY_FIELDS: tuple[str, ...] = ("type", "time", "detail", "amount", "currency")

# field -> ((priority, "Header|Header|..."), ...): the highest priority wins, then leftmost.
_ALIAS_SPEC: dict[str, tuple[tuple[int, str], ...]] = {
    "type": (
        (10, "Type|Activity|Activity Type|Event Type|Action|Interaction|Interaction Type"),
        (8, "Event|Kind|Touchpoint|Engagement|Engagement Type"),
        (8, "Aktivität|Aktion|Activité|Type d'activité|Actividad|Tipo de actividad"),
    ),
    "time": (
        (10, "Time|Timestamp|Datetime|Date Time|Date/Time|Time (UTC)|Timestamp (UTC)|When"),
        (9, "Occurred At|Event Time|Event Date|Activity Date|Activity Time|At"),
        (8, "Date|Purchase Date|Order Date|Visit Date|Download Date|Attended At"),
        (8, "Datum|Zeitpunkt|Zeitstempel|Horodatage|Date et heure|Fecha|Fecha y hora"),
        (3, "Created At|Created|Created Date|Create Date"),
    ),
    "detail": (
        (10, "Detail|Details|Description|Activity Detail|Event Detail|Activity Name"),
        (8, "Event Name|Campaign|Campaign Name|Webinar|Webinar Name|Asset|Content"),
        (8, "Beschreibung|Kampagne|Détail|Détails|Campagne|Descripción|Campaña"),
        (6, "Page|Page URL|Product|Product Name|Item|Subject|Order|Order ID|Order Number"),
    ),
    "amount": (
        (10, "Amount|Value|Price|Total|Revenue|Order Total|Order Value|Amount Paid"),
        (8, "Deal Amount|Net Amount|Sum|Paid|Purchase Amount"),
        (8, "Betrag|Summe|Montant|Importe|Monto"),
    ),
    "currency": ((10, "Currency|Currency Code|Curr|Währung|Devise|Moneda"),),
}


def _build_index() -> dict[str, tuple[str, int]]:
    index: dict[str, tuple[str, int]] = {}
    for field, groups in _ALIAS_SPEC.items():
        for priority, names in groups:
            for name in names.split("|"):
                index[normalize_header(name)] = (field, priority)
    return index


_ALIASES = _build_index()


@dataclass(frozen=True)
class ActivityColumns:
    """Where each column of an activity file goes: `activity` maps a field to its column;
    `person` is the people import's map of the other columns."""

    activity: dict[str, int]
    person: ColumnMap

    def column(self, field: str) -> int | None:
        return self.activity.get(field)

    def describe(self, header: list[str]) -> list[tuple[str, str]]:
        """[(header, field)] in column order, as `imports show` lists a mapping."""
        taken = {i: f for f, i in self.activity.items()}
        person = self.person.describe(header)
        return [(name, taken.get(i, person[i][1])) for i, name in enumerate(header)]


def map_activity_columns(
    header: list[str], overrides: Mapping[str, str], sample: Sequence[Sequence[str]]
) -> ActivityColumns:
    """Decide where each column goes. `overrides` are `--map` options (header -> field),
    activity fields and person fields alike; an override wins over every alias."""
    forced = {h: f for h, f in overrides.items() if f in ACTIVITY_FIELDS}
    activity = _forced_columns(header, forced)
    passed = {h: f for h, f in overrides.items() if f not in ACTIVITY_FIELDS}
    mapped_by_user = {i for i, _ in _each_header(header, passed)}
    _guess(header, activity, mapped_by_user)
    hidden = {header[i]: IGNORE for i in activity.values()}
    person = map_columns(header, {**hidden, **passed}, sample)
    return ActivityColumns(dict(sorted(activity.items())), person)


def _forced_columns(header: list[str], forced: Mapping[str, str]) -> dict[str, int]:
    activity: dict[str, int] = {}
    for i, field in _each_header(header, forced):
        if field in activity and activity[field] != i:
            raise UsageError(
                f"--map: field {field!r} is given to both {header[activity[field]]!r} and "
                f"{header[i]!r}; it takes one column"
            )
        activity[field] = i
    return activity


def _each_header(header: list[str], overrides: Mapping[str, str]) -> list[tuple[int, str]]:
    """(column index, field) for each override, the header found as the people import
    finds it: exactly (ignoring case), else by its normalised form."""
    found: list[tuple[int, str]] = []
    norms = [normalize_header(h) for h in header]
    for wanted, field in overrides.items():
        key, norm = wanted.strip().casefold(), normalize_header(wanted)
        columns = [i for i, h in enumerate(header) if h.strip().casefold() == key]
        columns = columns or [i for i, n in enumerate(norms) if norm and n == norm]
        if not columns:
            shown = ", ".join(repr(h) for h in header[:40])
            raise UsageError(f"--map: no column {wanted!r} in this file; columns are: {shown}")
        found.append((columns[0], field))
    return found


def _guess(header: list[str], activity: dict[str, int], skip: set[int]) -> None:
    """Fill the activity fields the user did not map from the headers' aliases."""
    best: dict[str, tuple[int, int]] = {}  # field -> (priority, column)
    taken = set(activity.values()) | skip
    for i, name in enumerate(header):
        found = _ALIASES.get(normalize_header(name))
        if found is None or i in taken or found[0] in activity:
            continue
        field, priority = found
        if field not in best or priority > best[field][0]:
            best[field] = (priority, i)
    activity.update({field: i for field, (_, i) in best.items()})


def parse_activity_map(values: Sequence[str]) -> dict[str, str]:
    """["Header=field", ...] -> {"Header": "field"}: an activity field, or any field
    `leadtool import --map` takes (checked by the people import's own parser)."""
    result: dict[str, str] = {}
    for value in values:
        header, sep, field = value.rpartition("=")
        header, field = header.strip(), field.strip().casefold()
        if sep and header and field in ACTIVITY_FIELDS:
            result[header] = field
            continue
        try:
            result.update(parse_map_options([value]))
        except UsageError as exc:
            fields = ", ".join(ACTIVITY_FIELDS)
            raise UsageError(f"{exc}; and for the activity: {fields}") from None
    return result
