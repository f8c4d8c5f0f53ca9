"""The reports as data: JSON (stable keys, `schema_version`) and CSV (formula-safe cells).

Both hold the same figures as the tables. With the same store and `--now`, the bytes are the
same on every run: keys in a fixed order, numbers rounded the same way, no wall-clock time.
A rate is written as its numerator, denominator and value; a value that divides by zero is
null in JSON and an empty cell in CSV.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from leadtool.reports.model import (
    SCHEMA_VERSION,
    Context,
    FunnelReport,
    GrowthReport,
    Ratio,
    Report,
    SourceRow,
    StageRow,
)
from leadtool.safecells import neutralise


def _rate(r: Ratio) -> dict[str, Any]:
    value = r.value
    return {
        "numerator": _round(r.numerator),
        "denominator": _round(r.denominator),
        "value": None if value is None else round(value, 4),
    }


def _round(value: float | None, places: int = 2) -> float | int | None:
    if value is None:
        return None
    rounded = round(float(value), places)
    return int(rounded) if rounded.is_integer() else rounded


def _head(report: Report) -> dict[str, Any]:
    context: Context = report.context
    return {"schema_version": SCHEMA_VERSION, "report": report.name, **asdict(context)}


def _stage(s: StageRow) -> dict[str, Any]:
    return {
        "stage": s.stage,
        "reached": s.reached,
        "skipped": s.skipped,
        "next_step": _rate(s.next_step),
        "cumulative": _rate(s.cumulative),
        "median_days": _round(s.median_days),
        "mean_days": _round(s.mean_days),
        "left_stage": s.left,
        "still_in_stage": s.still,
    }


def _source(r: SourceRow) -> dict[str, Any]:
    return {
        "name": r.name,
        "batches": list(r.batches),
        "rows_read": r.rows_read,
        "people": r.people,
        "new": r.new,
        "already_known": r.known,
        "duplicates_in_file": r.dup_in_file,
        "duplicates_in_store": r.dup_in_store,
        "rejected": r.rejected,
        "top_reject_reasons": [{"reason": a, "rows": n} for a, n in r.top_reasons],
        "valid_email": _rate(r.valid_email),
        "valid_phone": _rate(r.valid_phone),
        "suppressed": r.suppressed,
        "without_consent": r.without_consent,
        "cost": _round(r.cost),
        "credited_people": _round(r.credited),
        "mqls": _round(r.mqls),
        "customers": _round(r.customers),
        "cost_per_lead": _round(r.cost_per_lead),
        "cost_per_mql": _round(r.cost_per_mql),
        "cost_per_customer": _round(r.cost_per_customer),
        "conversion_to_customer": _rate(r.conversion),
        "buyers": _round(r.buyers),
        "first_sales": _round(r.first_sales),
        "average_first_sale": _round(r.average_first_sale),
        "lifetime_value": _round(r.lifetime_value),
        "average_lifetime_value": _round(r.average_lifetime_value),
        "return_on_cost": _round(r.return_on_cost, 4),
    }


def as_json(report: Report) -> dict[str, Any]:
    data = _head(report)
    if isinstance(report, FunnelReport):
        data.update(by=report.by, strict=report.strict, window_days=report.window_days)
        data["groups"] = [
            {"name": g.name, "immature": g.immature, "stages": [_stage(s) for s in g.stages]}
            for g in report.groups
        ]
    elif isinstance(report, GrowthReport):
        data["by"] = report.by
        data["periods"] = [
            {"period": p.label, "start": p.start, **p.counts} for p in report.periods
        ]
        data["totals"] = report.totals
    else:
        data.update(by=report.unit, attribution=report.attribution)
        data["counts_people_more_than_once"] = report.counts_people_more_than_once
        data["people_in_store"] = report.people_in_store
        data["rows"] = [_source(r) for r in report.rows]
        data["total"] = _source(report.total)
        data["notes"] = list(report.notes)
    return data


def dump_json(report: Report) -> str:
    return json.dumps(as_json(report), ensure_ascii=False, indent=2) + "\n"


def _flat(prefix: str, value: Any) -> dict[str, Any]:
    """A nested JSON value as CSV columns: rate.numerator, rate.denominator, rate.value."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flat(f"{prefix}_{key}" if prefix else key, inner))
        return flat
    if isinstance(value, list):
        return {prefix: "; ".join(_cell_text(v) for v in value)}
    return {prefix: value}


def _cell_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)


def _csv_rows(report: Report) -> list[dict[str, Any]]:
    data = as_json(report)
    zone = {"timezone": data["timezone"]}
    if isinstance(report, FunnelReport):
        return [
            {"group": g["name"], "immature": g["immature"], **_flat("", s), **zone}
            for g in data["groups"]
            for s in g["stages"]
        ]
    if isinstance(report, GrowthReport):
        return [{**p, **zone} for p in data["periods"]]
    rows = [_flat("", r) for r in data["rows"]] + [_flat("", data["total"])]
    return [{**r, **zone} for r in rows]


def as_csv(report: Report) -> str:
    """One header line, then a row per (group, stage), period or source and the total."""
    rows = _csv_rows(report)
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):  # a number is never a formula, even a negative one
        return str(value)
    return neutralise(str(value))
