"""The reports as tables of text: the same cells in the terminal and on the web page.

A figure that divides by zero reads "—". Rates read as a percentage with what they divide
("50.0% (3/6)"), so a reader can check them; days with one decimal; money with two.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtool.reports.model import (
    Context,
    FunnelReport,
    GrowthReport,
    Ratio,
    Report,
    SourceRow,
    SourcesReport,
)

DASH = "—"


@dataclass(frozen=True)
class TextTable:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    last_is_total: bool = False
    text_columns: tuple[int, ...] = (0,)  # read left to right; the others are figures


def count(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def rate(r: Ratio) -> str:
    value = r.value
    if value is None:
        return DASH
    return f"{value:.1%} ({count(r.numerator)}/{count(r.denominator)})"


def money(value: float | None) -> str:
    return DASH if value is None else f"{value:,.2f}"


def days(value: float | None) -> str:
    return DASH if value is None else f"{value:,.1f}"


def share(value: float | None) -> str:
    return DASH if value is None else f"{value:.1%}"


def header_lines(report: Report) -> list[str]:
    """What the figures are of: the zone (always), the clock, the range and the filter."""
    c: Context = report.context
    lines = [f"Time zone: {c.timezone}. As of {c.now}."]
    if c.since or c.until:
        lines.append(f"From {c.since or 'the start'} to {c.until or 'now'} (end excluded).")
    if c.where:
        lines.append(f"People: {c.where}")
    return lines


def tables(report: Report) -> list[TextTable]:
    if isinstance(report, FunnelReport):
        return _funnel(report)
    if isinstance(report, GrowthReport):
        return [_growth(report)]
    return _sources(report)


def _funnel(report: FunnelReport) -> list[TextTable]:
    mode = "in order only (--strict)" if report.strict else "skipped stages count as reached"
    if report.by is None:
        group = report.groups[0]
        rows = tuple(
            (
                s.stage,
                count(s.reached),
                count(s.skipped),
                rate(s.next_step) if k else DASH,
                rate(s.cumulative),
                days(s.median_days),
                days(s.mean_days),
                count(s.left),
                count(s.still),
            )
            for k, s in enumerate(group.stages)
        )
        headers = (
            "stage", "reached", "skipped", "from previous stage", "from first stage",
            "median days", "mean days", "left (measured)", "still in stage",
        )  # fmt: skip
        return [TextTable(f"Funnel from stage history: {mode}", headers, rows)]
    first = "cohort (month entered)" if report.by == "month" else "source (first list)"
    stages = [s.stage for s in report.groups[0].stages] if report.groups else []
    headers = (first, *stages, "to customer", *(("mature",) if report.by == "month" else ()))
    body = []
    for g in report.groups:
        cells = [g.name, *(count(s.reached) for s in g.stages), rate(g.stages[-1].cumulative)]
        if report.by == "month":
            cells.append("no (younger than the window)" if g.immature else "yes")
        body.append(tuple(cells))
    title = f"Funnel per {'cohort' if report.by == 'month' else 'source'}: {mode}"
    return [TextTable(title, headers, tuple(body))]


def _growth(report: GrowthReport) -> TextTable:
    stages = tuple(report.totals)
    rows = [(p.label, *(count(p.counts[s]) for s in stages)) for p in report.periods]
    rows.append(("total", *(count(report.totals[s]) for s in stages)))
    title = f"New people per stage, per {report.by}"
    return TextTable(title, (report.by, *stages), tuple(rows), last_is_total=True)


def _reasons(r: SourceRow) -> str:
    return "; ".join(f"{reason} ({n:,})" for reason, n in r.top_reasons) or DASH


def _sources(report: SourcesReport) -> list[TextTable]:
    every = (*report.rows, report.total)
    what = "import" if report.unit == "batch" else "source"
    quality = tuple(
        (
            r.name, count(r.rows_read), count(r.people), count(r.new), count(r.known),
            count(r.dup_in_file), count(r.dup_in_store), count(r.rejected), _reasons(r),
            rate(r.valid_email), rate(r.valid_phone), count(r.suppressed),
            count(r.without_consent),
        )
        for r in every
    )  # fmt: skip
    q_headers = (
        what, "rows read", "people", "new", "already known", "dups in file", "dups in store",
        "rejected", "top reject reasons", "valid email", "valid phone", "suppressed",
        "no consent",
    )  # fmt: skip
    value = tuple(
        (
            r.name, money(r.cost), count(r.credited), count(r.mqls), count(r.customers),
            money(r.cost_per_lead), money(r.cost_per_mql), money(r.cost_per_customer),
            rate(r.conversion), money(r.average_first_sale), money(r.average_lifetime_value),
            money(r.lifetime_value), share(r.return_on_cost),
        )
        for r in every
    )  # fmt: skip
    currency = report.context.currency or "store currency"
    v_headers = (
        what, f"cost ({currency})", "people credited", "MQLs", "customers", "cost per lead",
        "cost per MQL", "cost per customer", "conversion to customer", "avg first sale",
        "avg lifetime value", "lifetime value", "return on cost",
    )  # fmt: skip
    return [
        TextTable(
            f"What each {what}'s lists held",
            q_headers,
            quality,
            last_is_total=True,
            text_columns=(0, q_headers.index("top reject reasons")),
        ),
        TextTable(
            f"What each {what} cost and brought (attribution: {report.attribution})",
            v_headers,
            value,
            last_is_total=True,
        ),
    ]


def notes(report: Report) -> list[str]:
    lines = list(report.notes) if isinstance(report, SourcesReport) else []
    if isinstance(report, FunnelReport) and report.by == "month":
        lines.append(
            f"A cohort is mature when its last day is {report.window_days} days old (--window)."
        )
    if isinstance(report, FunnelReport) and report.by != "month":
        lines.append(
            "Counted from stage history: a person who reached a stage and later moved back "
            "still counts at it."
        )
    return lines
