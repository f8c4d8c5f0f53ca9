"""The qualification step: `leadtool score` over everyone, when a rules file exists.

The rules file is the one `leadtool score` reads (--rules of cleanup, else $LEADTOOL_RULES,
else rules.toml beside the store). No file: the step is skipped and says where it looked. A
file with a mistake fails the step (nothing is scored with it) and the other steps go on.
A dry run scores in a transaction it rolls back, so it reports what a real run would do.
"""

from __future__ import annotations

from leadtool.cleanup.context import StepContext, StepSkipped
from leadtool.scoring import resolve_rules_path, score


def run(ctx: StepContext) -> dict[str, int]:
    path = resolve_rules_path(ctx.options.rules, ctx.store.path)
    if not path.exists():
        raise StepSkipped(f"no rules file at {path} (leadtool rules init writes one)")
    report = score(ctx.store, path, now=ctx.now, dry_run=ctx.dry_run, wait=ctx.options.write_wait)
    return {
        "people": report.people,
        "score_changed": report.score_changed,
        "stage_changed": report.stage_changed,
        "customers": report.customers,
        "nurturing": report.nurturing,
        "reactivated": report.reactivated,
    }
