"""The scoring benchmark's own pieces: its 20-rule file and its generated store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench import score_bench
from leadtool.scoring.rules import parse_rules


def test_the_rules_file_has_twenty_rules_and_no_mistake() -> None:
    rules = parse_rules(score_bench.RULES, "bench.toml").rules
    assert rules is not None
    assert (len(rules.fit), len(rules.engagement), len(rules.triggers)) == (10, 7, 3)


def test_the_generated_store_has_people_events_and_every_type(tmp_path: Path) -> None:
    path = score_bench.build(tmp_path / "s.db", 2_000)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM people").fetchone() == (2_000,)
    events, types = conn.execute("SELECT count(*), count(DISTINCT type) FROM activities").fetchone()
    assert 5_900 <= events <= 6_000 and types == 12  # a few draws are the same event twice
    assert conn.execute("SELECT count(*) FROM people WHERE custom IS NULL").fetchone() == (0,)
    assert score_bench.floor_seconds(path) > 0
