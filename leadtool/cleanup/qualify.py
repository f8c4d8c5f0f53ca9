"""The qualification step: scores, triggers and nurture returns from a rules file.

leadtool has no qualification rules engine yet, so there is no rules format to read: the
step reports itself as skipped with that reason. When rules land, they run here.
"""

from __future__ import annotations

from leadtool.cleanup.context import StepContext, StepSkipped


def run(ctx: StepContext) -> dict[str, int]:
    raise StepSkipped("no qualification rules engine in this version of leadtool")
