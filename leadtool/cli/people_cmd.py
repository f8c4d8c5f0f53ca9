"""`leadtool people show|list` and `leadtool stats`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt, WhereOpt, at_least
from leadtool.cli.output import plural, print_json, print_table, show

app = typer.Typer(help="Look at the people in the store.", no_args_is_help=True)


@app.command("show")
def show_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="WHO", help="An id, email or phone.")],
    json_: JsonOpt = False,
) -> None:
    """Show one person: fields, flags, sources, tags and history.

    \b
    Example: leadtool people show jane.doe@example.com
    """
    from leadtool.config import default_region
    from leadtool.people import find_person_id, person_detail

    with handle_errors():
        store = open_from(ctx)
        detail = person_detail(store, find_person_id(store, who, default_region()))
        if json_:
            print_json(detail.as_json())
            return
        _show(detail.as_json())
        _show_activity(detail.activity_counts(), detail.activity)
        _show_scoring(detail.scoring)


# `people show` lists this many of a person's latest activities; --json has them all.
SHOWN_ACTIVITIES = 5


def _show_activity(counts: dict[str, int], events: Sequence[dict[str, Any]]) -> None:
    if not counts:
        return
    by_type = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
    show(f"{'activity':>14}: {plural(len(events), 'event')} ({by_type})")
    for e in events[:SHOWN_ACTIVITIES]:
        money = "" if e["amount"] is None else f" {e['amount']:,.2f} {e['currency'] or ''}"
        amount = money.rstrip()
        detail = f" - {e['detail']}" if e["detail"] else ""
        show(f"{'':>14}  {e['at']} {e['type']}{amount}{detail}")


def _show_scoring(scoring: dict[str, Any] | None) -> None:
    """The score rule by rule: events, raw points, decay, points; caps; the total."""
    if scoring is None:
        show(f"{'scoring':>14}: not scored yet (leadtool score)")
        return
    cap = f" - cap {-scoring['cap_cut']:g}" if scoring["cap_cut"] else ""
    show(
        f"{'scoring':>14}: {scoring['score']:g} = fit {scoring['fit']:g} + engagement "
        f"{scoring['engagement']:g}{cap}, by {scoring['rules_file']} at {scoring['scored_at']}"
    )
    for part in scoring["parts"]:
        events = "" if part["events"] is None else f"{part['events']} x, "
        decay = "" if part["decay"] is None else f" x decay {part['decay']:g}"
        if part["kind"].endswith("cap"):
            what = f"{part['raw']:g} capped"
        else:
            what = f"{events}{part['raw']:g}{decay}"
        show(f"{'':>14}  {part['points']:>+8g}  {part['rule']} ({what})")
    if not scoring["rules_kept"]:
        show(f"{'':>14}  (the rules of that run are no longer kept: the next leadtool score")
        show(f"{'':>14}   explains this score again)")
    elif not scoring["current"]:
        show(f"{'':>14}  (their data changed since: leadtool score brings the score up to date)")
    if scoring["status_reason"]:
        show(f"{'status':>14}: {scoring['status']} - {scoring['status_reason']}")


def _show(p: dict[str, Any]) -> None:
    from leadtool.cli.render_history import history_detail
    from leadtool.people import SHOWN_FIELDS

    for name in SHOWN_FIELDS:
        if p.get(name) not in (None, ""):
            show(f"{name:>14}: {p[name]}")
        elif name == "consent":
            show(f"{name:>14}: none recorded")
    if sup := p["suppressed"]:
        show(
            f"{'suppressed':>14}: {sup['reason']} since {sup['since']} "
            f"(matched by {sup['matched']})" + (f" - {sup['note']}" if sup["note"] else "")
        )
    for label in ("emails", "phones", "tags"):
        if p[label]:
            show(f"{label:>14}: {', '.join(p[label])}")
    for label in ("custom", "invalid"):
        for key, value in p[label].items():
            show(f"{label:>14}: {key} = {value}")
    for s in p["sources"]:
        show(
            f"{'source':>14}: {s['source'] or '(no source)'} - {s['file_name']} "
            f"(import {s['batch_id']}, {s['role']}, {s['started_at']})"
        )
    for e in p["history"]:
        show(f"{'history':>14}: {e['at']} {e['kind']} {history_detail(e['kind'], e['detail'])}")


@app.command("list")
def list_command(
    ctx: typer.Context,
    where: Annotated[
        str,
        typer.Option(
            metavar="EXPR",
            help='Only people matching a filter, e.g. "stage >= mql and country = US".',
        ),
    ] = "",
    limit: Annotated[
        int, typer.Option(metavar="N", help="How many people to show.", callback=at_least(1))
    ] = 20,
    json_: JsonOpt = False,
) -> None:
    """List people, oldest first; --where picks who (see the README's filter language).

    \b
    Example: leadtool people list --where 'title ~ cmo and created > 30 days ago'
    """
    from leadtool.people import list_people

    with handle_errors():
        found = list_people(open_from(ctx), limit, where)
        rows = found.people
        if json_:
            print_json(rows)
            return
        show(f"{len(rows):,} of {plural(found.matching, 'matching person', 'matching people')}")
        print_table(people_table(rows))


def people_table(rows: Sequence[dict[str, Any]]) -> Table:
    """The table of `people list` (and of segment previews), one person a row."""
    table = Table("id", "name", "email", "phone", "company", "title", "country", "stage")
    for r in rows:
        name = " ".join(x for x in (r["first_name"], r["last_name"]) if x)
        cells = (name, r["email"], r["phone"], r["company"], r["title"], r["country"], r["stage"])
        # Text, not str: a cell such as "[/b] Acme" is data, not rich markup.
        table.add_row(str(r["id"]), *(Text(c or "") for c in cells))
    return table


def stats_command(ctx: typer.Context, where: WhereOpt = "", json_: JsonOpt = False) -> None:
    """Show people by stage and by source, flagged fields and rejected rows.

    With --where, only the people it selects are counted, and cost per lead becomes the cost
    per selected person each source brought (e.g. --where 'stage >= mql': cost per MQL).

    \b
    Example: leadtool stats --where 'stage >= mql' --json
    """
    from leadtool.people import stats

    with handle_errors():
        s = stats(open_from(ctx), where)
        if json_:
            print_json(s.as_json())
            return
        show(
            f"People: {s.people:,}{' matching --where' if s.where else ''}   "
            f"imports: {s.imports:,}   rejected rows: {s.rejected_rows:,}"
        )
        stages = Table("stage", "people", title="By stage", title_justify="left")
        for stage, n in s.by_stage.items():
            stages.add_row(stage, f"{n:,}")
        print_table(stages)
        sources = Table("source", "people", "new", "cost per lead", title="By source")
        for row in s.by_source:
            cpl = s.cost_per_lead.get(row["source"])
            sources.add_row(
                row["source"],
                f"{row['people']:,}",
                f"{row['new']:,}",
                "" if cpl is None else f"{cpl:,.2f}",
            )
        print_table(sources)
        if s.flags:
            show("Flagged: " + ", ".join(f"{k} {v:,}" for k, v in s.flags.items()))
