"""`leadtool report sources` and source costs: what each list held, cost and brought.

Per source (or import), the figures of what its files held, and what it is credited with
under an attribution (first, last, even, all), apportioned to cents so that they add up
to the totals row. The SQL is in store/report_sources.py; the journey it reads (a stage
reached counts from history) is built by service.start_report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from leadtool.errors import UsageError
from leadtool.reports.model import ATTRIBUTIONS, ReportOptions, SourceRow, SourcesReport, ratio
from leadtool.reports.service import NO_SOURCE, as_int, start_report
from leadtool.store import report_sources as sql
from leadtool.store.connection import Store, iso_utc, write_transaction
from leadtool.store.settings import get_setting, set_setting


def sources_report(
    store: Store,
    options: ReportOptions,
    *,
    batches: bool = False,
    attribution: str = "first",
    wall: datetime | None = None,
) -> SourcesReport:
    """Per source (or import): what its lists held, what they cost and what they brought."""
    if attribution not in ATTRIBUTIONS:
        raise UsageError(f"--attribution: give one of {', '.join(ATTRIBUTIONS)}")
    _, context = start_report(store, options, wall, held=False)
    unit = "batch" if batches else "source"
    conn = store.conn
    sql.build_purchases(conn)
    sql.build_links(conn, unit)
    suppressed = sql.suppressed_test(conn)
    quality = sql.source_quality(conn, unit, suppressed)
    values = {v["unit"]: v for v in sql.source_values(conn, attribution)}
    reasons = _top_reasons(sql.reject_reasons(conn, unit))
    costs = sql.source_costs(conn)
    rows = [_source_row(q, values.get(q["unit"], {}), reasons, costs, unit) for q in quality]
    rows = _reconciled(rows)
    distinct = sql.store_quality(conn, suppressed)
    total = _total(rows, distinct)
    notes = _notes(attribution, unit, costs, total, int(distinct["people"]))
    return SourcesReport(
        context,
        unit,
        attribution,
        tuple(rows),
        total,
        int(distinct["people"]),
        attribution == "all",
        notes,
    )


def _top_reasons(
    found: list[tuple[object, str, int]], top: int = 3
) -> dict[object, tuple[tuple[str, int], ...]]:
    reasons: dict[object, list[tuple[str, int]]] = {}
    for unit, reason, n in found:
        reasons.setdefault(unit, []).append((reason, n))
    return {u: tuple(r[:top]) for u, r in reasons.items()}


def _source_row(
    q: dict[str, Any],
    v: dict[str, Any],
    reasons: dict[object, tuple[tuple[str, int], ...]],
    costs: dict[str, float],
    unit: str,
) -> SourceRow:
    people = as_int(q.get("people"))
    new = as_int(q.get("new"))
    source = q.get("source")
    if unit == "source":
        name = str(source) if source else NO_SOURCE
        cost = costs.get(str(source)) if source in costs else _cost(q)
    else:
        name = f"#{q['unit']} {q['file_name']} ({source or NO_SOURCE})"
        cost = _cost(q)
    return SourceRow(
        name=name,
        batches=tuple(int(b) for b in str(q["batches"]).split(",")),
        rows_read=as_int(q["rows_read"]),
        people=people,
        new=new,
        known=people - new,
        dup_in_file=as_int(q["dup_in_file"]),
        dup_in_store=as_int(q["dup_in_store"]),
        rejected=as_int(q["rejected"]),
        top_reasons=reasons.get(q["unit"], ()),
        valid_email=ratio(as_int(q.get("valid_email")), people),
        valid_phone=ratio(as_int(q.get("valid_phone")), people),
        suppressed=as_int(q.get("suppressed")),
        without_consent=as_int(q.get("without_consent")),
        cost=cost,
        credited=_num(v.get("people")),
        mqls=_num(v.get("mqls")),
        customers=_num(v.get("customers")),
        buyers=_num(v.get("buyers")),
        first_sales=_num(v.get("first_sales")),
        lifetime_value=_num(v.get("lifetime_value")),
    )


def _num(value: Any) -> float:
    return float(value or 0)


def _cost(q: dict[str, Any]) -> float | None:
    return float(q["import_cost"]) if as_int(q.get("costed")) else None


_CREDITED = ("credited", "mqls", "customers", "buyers")
_MONEY = ("first_sales", "lifetime_value")


def _reconciled(rows: list[SourceRow]) -> list[SourceRow]:
    """Credited figures rounded (people to 0.01, money to cents) so that the rows add up
    exactly to the rounded total: an even split of one person in three is 0.34, 0.33, 0.33."""
    if not rows:
        return rows
    c = {name: apportion([getattr(r, name) for r in rows]) for name in (*_CREDITED, *_MONEY)}
    return [
        replace(
            r,
            credited=c["credited"][i],
            mqls=c["mqls"][i],
            customers=c["customers"][i],
            buyers=c["buyers"][i],
            first_sales=c["first_sales"][i],
            lifetime_value=c["lifetime_value"][i],
        )
        for i, r in enumerate(rows)
    ]


def apportion(values: Sequence[float], places: int = 2) -> list[float]:
    """Round values to `places` so that they sum to the rounded sum (largest remainder)."""
    scale = 10**places
    scaled = [v * scale for v in values]
    floors = [math.floor(v + 1e-9) for v in scaled]
    target = round(sum(scaled))
    order = sorted(range(len(values)), key=lambda i: (floors[i] - scaled[i], i))
    for i in order[: max(0, target - sum(floors))]:
        floors[i] += 1
    return [f / scale for f in floors]


def _total(rows: list[SourceRow], distinct: dict[str, Any]) -> SourceRow:
    people = as_int(distinct["people"])
    costs = [r.cost for r in rows if r.cost is not None]

    def add(name: str) -> float:
        return round(float(sum(getattr(r, name) for r in rows)), 2)

    return SourceRow(
        name="total",
        batches=tuple(sorted(b for r in rows for b in r.batches)),
        rows_read=sum(r.rows_read for r in rows),
        people=people,
        new=sum(r.new for r in rows),
        known=sum(r.known for r in rows),
        dup_in_file=sum(r.dup_in_file for r in rows),
        dup_in_store=sum(r.dup_in_store for r in rows),
        rejected=sum(r.rejected for r in rows),
        top_reasons=_merged_reasons(rows),
        valid_email=ratio(as_int(distinct["valid_email"]), people),
        valid_phone=ratio(as_int(distinct["valid_phone"]), people),
        suppressed=as_int(distinct["suppressed"]),
        without_consent=as_int(distinct["without_consent"]),
        cost=round(sum(costs), 2) if costs else None,
        credited=add("credited"),
        mqls=add("mqls"),
        customers=add("customers"),
        buyers=add("buyers"),
        first_sales=add("first_sales"),
        lifetime_value=add("lifetime_value"),
    )


def _merged_reasons(rows: list[SourceRow], top: int = 3) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for r in rows:
        for reason, n in r.top_reasons:
            counts[reason] = counts.get(reason, 0) + n
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top])


def _notes(
    attribution: str, unit: str, costs: dict[str, float], total: SourceRow, people: int
) -> tuple[str, ...]:
    notes = [
        "Lists overlap: a person brought by several lists counts in each list's people; the "
        "total's people, valid rates, suppressed and consent count each person once.",
    ]
    if attribution == "all":
        notes.append(
            f"Attribution all credits every list that brought a person: the totals count "
            f"people more than once ({total.credited:g} credits for {people} people)."
        )
    else:
        notes.append(
            f"Attribution {attribution}: each person is credited once in all, so the lists' "
            "credited figures add up to the totals."
        )
    if unit == "batch" and costs:
        notes.append(
            "Costs set with `leadtool source set-cost` are a source's, not an import's: "
            "per import, only the import's own --cost is shown."
        )
    return tuple(notes)


def set_source_cost(
    store: Store,
    source: str,
    amount: float,
    *,
    currency: str | None = None,
    now: datetime | None = None,
) -> str | None:
    """Set what a source cost in all; returns the store's currency after the call.

    The first currency given becomes the store's (sales and costs are compared in it);
    a different one later is refused rather than mixed."""
    if not math.isfinite(amount) or amount < 0:
        raise UsageError("AMOUNT: give a cost of 0 or more, such as 1200 or 499.90")
    code = currency.strip().upper() if currency else None
    if code is not None and not (len(code) == 3 and code.isalpha() and code.isascii()):
        raise UsageError("--currency: give a three-letter code such as EUR or USD")
    with write_transaction(store) as conn:
        known = sql.known_sources(conn)
        if source not in known:
            listed = ", ".join(repr(s) for s in known) or "none yet"
            raise UsageError(f"NAME: no import has the source {source!r}; sources: {listed}")
        stored = get_setting(conn, "currency")
        if code is not None and stored is not None and stored != code:
            raise UsageError(
                f"--currency: the store counts money in {stored}; give the cost in {stored}"
            )
        if code is not None and stored is None:
            set_setting(conn, "currency", code)
            stored = code
        sql.set_source_cost(conn, source, round(amount, 2), iso_utc(now or datetime.now(UTC)))
    return stored
