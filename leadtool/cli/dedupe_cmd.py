"""`leadtool dedupe` (find, merge, review, export likely duplicates) and `dedupe apply FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from leadtool.cli.context import open_from
from leadtool.cli.errors import handle_errors
from leadtool.cli.options import JsonOpt, WhereOpt
from leadtool.cli.output import err, plural, print_json, print_table

if TYPE_CHECKING:
    from leadtool.dedupe.decisions import Decision
    from leadtool.dedupe.score import Scored
    from leadtool.dedupe.service import DedupeReport, MergeResult

app = typer.Typer()  # its help is dedupe_command's docstring

# Kept in step with leadtool.dedupe.score (not imported here, so --help stays fast).
THRESHOLD = 0.88
FLOOR = 0.5


@app.callback(invoke_without_command=True)
def dedupe_command(
    ctx: typer.Context,
    where: WhereOpt = "",
    threshold: Annotated[
        float,
        typer.Option(metavar="SCORE", help="Score at or above which --auto-merge merges a pair."),
    ] = THRESHOLD,
    min_score: Annotated[
        float, typer.Option(metavar="SCORE", help="Lowest score listed, reviewed or exported.")
    ] = FLOOR,
    auto_merge: Annotated[
        bool, typer.Option("--auto-merge", help="Merge pairs at or above --threshold.")
    ] = False,
    review: Annotated[
        bool, typer.Option("--review", help="On a terminal, decide pair by pair.")
    ] = False,
    export_candidates: Annotated[
        Path | None,
        typer.Option(
            "--export-candidates",
            metavar="FILE",
            help="Write the pairs to a CSV to review, then apply.",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(metavar="N", help="Pairs shown in the list (not --json).")
    ] = 50,
    json_: JsonOpt = False,
) -> None:
    """List likely duplicates (pairs with a score and the reasons); merge, review or export them.

    \b
    Example: leadtool dedupe --where 'source = "SaaStr 2026"' --auto-merge
    """
    if ctx.invoked_subcommand is not None:
        return
    from leadtool.cli.forget_cmd import interactive
    from leadtool.dedupe.service import dedupe
    from leadtool.dedupe.service import review as walk
    from leadtool.errors import UsageError

    with handle_errors():
        if review and not interactive():
            raise UsageError("--review needs a terminal; use --export-candidates FILE instead")
        store = open_from(ctx)
        report = dedupe(
            store,
            where,
            threshold=threshold,
            min_score=min_score,
            auto_merge=auto_merge,
            export=export_candidates,
        )
        if not json_:
            _render_list(report, limit)
        reviewed = None
        if review:
            todo = [p for p in report.pairs if (p.a, p.b) not in report.merged_pairs]
            reviewed = walk(store, todo, _ask)
        _render(report, reviewed, json_)


@app.command("apply")
def apply_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The reviewed candidates CSV.")],
    json_: JsonOpt = False,
) -> None:
    """Apply a reviewed candidates file: "merge" rows are merged, "not the same" remembered.

    \b
    Example: leadtool dedupe apply candidates.csv
    """
    from leadtool.dedupe.service import apply_file

    with handle_errors():
        result = apply_file(open_from(ctx), file)
        if json_:
            print_json(_merge_json(result))
            return
        err.print(_merge_line(result), markup=False)


def _ask(pair: Scored, a: dict[str, str], b: dict[str, str]) -> Decision | Literal["quit"]:
    from rich.table import Table

    table = Table(title=f"score {pair.score:.2f}: {'; '.join(pair.reasons)}", show_header=True)
    table.add_column("")
    table.add_column(f"person {pair.a}")
    table.add_column(f"person {pair.b}")
    for field in ("first_name", "last_name", "email", "company", "phone", "city", "title"):
        table.add_row(field, a.get(field, ""), b.get(field, ""))
    err.print(table)
    answers: dict[str, Decision | Literal["quit"]] = {
        "m": "merge",
        "n": "distinct",
        "s": "skip",
        "q": "quit",
    }
    while True:
        typed = typer.prompt("[m]erge, [n]ot the same, [s]kip, [q]uit", err=True).strip().lower()
        if typed[:1] in answers:
            return answers[typed[:1]]


def _render_list(report: DedupeReport, limit: int) -> None:
    from rich.table import Table

    table = Table(show_header=True, header_style="bold")
    for column in ("score", "person", "person", "reasons"):
        table.add_column(column)
    for pair in report.pairs[:limit]:
        mark = " *" if pair.score >= report.threshold else ""
        table.add_row(f"{pair.score:.2f}{mark}", str(pair.a), str(pair.b), "; ".join(pair.reasons))
    if report.pairs:
        print_table(table)  # the result, on stdout; the summary is a message, on stderr
    err.print(_summary(report), markup=False)


def _render(report: DedupeReport, reviewed: MergeResult | None, as_json: bool) -> None:
    if as_json:
        print_json(_report_json(report, reviewed))
        return
    for name, result in (("Auto-merge", report.merges), ("Review", reviewed)):
        if result is not None:
            err.print(f"{name}: {_merge_line(result)}", markup=False)


def _summary(report: DedupeReport) -> str:
    above = sum(1 for p in report.pairs if p.score >= report.threshold)
    line = (
        f"{plural(report.people, 'person', 'people')}, {plural(report.compared, 'pair')} compared, "
        f"{plural(len(report.pairs), 'likely duplicate')} (score >= {report.min_score}), "
        f"{above:,} at or above {report.threshold} (*), {report.seconds:.1f} s."
    )
    if report.held:
        line += (
            f" {len(report.held):,} of them held for review: one person matches two others "
            "who differ."
        )
    if report.skipped_blocks:
        line += (
            f" {plural(report.skipped_blocks, 'key')} shared by too many people "
            f"{'was' if report.skipped_blocks == 1 else 'were'} not used."
        )
    if report.exported:
        line += (
            f" Candidates written to {report.exported}: fill in 'decision', then `dedupe apply`."
        )
    return line


def _merge_line(result: MergeResult) -> str:
    line = f"Merged {plural(len(result.merged), 'pair')}"
    if result.merged:
        first, last = result.merged[0][0], result.merged[-1][0]
        ids = f"merge {first}" if first == last else f"merges {first}-{last}"
        line += f" ({ids}; `leadtool unmerge ID`)"
    line += f", {result.distinct:,} remembered as not the same, {result.skipped:,} skipped"
    if result.gone:
        line += f", {result.gone:,} not done: a person no longer exists (merged or forgotten)"
    return line + "."


def _merge_json(result: MergeResult) -> dict[str, object]:
    return {
        "merged": [
            {"merge_id": m, "kept_id": k, "merged_id": o, "score": s}
            for m, k, o, s in result.merged
        ],
        "distinct": result.distinct,
        "skipped": result.skipped,
        "gone": result.gone,
    }


def _report_json(report: DedupeReport, reviewed: MergeResult | None) -> dict[str, object]:
    return {
        "people": report.people,
        "compared": report.compared,
        "skipped_keys": report.skipped_blocks,
        "threshold": report.threshold,
        "min_score": report.min_score,
        "pairs": [
            {"a": p.a, "b": p.b, "score": p.score, "reasons": list(p.reasons)} for p in report.pairs
        ],
        "held": [list(pair) for pair in report.held],
        "auto_merge": None if report.merges is None else _merge_json(report.merges),
        "review": None if reviewed is None else _merge_json(reviewed),
        "exported": report.exported,
        "seconds": round(report.seconds, 3),
    }
