"""The export's temporary file: held while its export lives, removed by the next export once
its export was killed, and nothing else ever removed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from leadtool import tempfiles as partial


def abandoned(output: Path) -> Path:
    """A temporary file as a killed export leaves it: named by `make`, held by nobody."""
    _, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    return Path(tmp)


def test_a_live_export_keeps_its_file_and_discard_removes_it(tmp_path: Path) -> None:
    output = tmp_path / "leads.csv"
    live = partial.make(output)
    assert live.stat().st_mode & 0o777 == 0o600
    partial.remove_stale(output)  # another export to the same name, meanwhile
    assert live.exists()
    partial.discard(live)
    assert list(tmp_path.iterdir()) == []


def test_a_name_with_glob_characters_matches_only_itself(tmp_path: Path) -> None:
    output = tmp_path / "l[1]*.csv"
    stale = abandoned(output)
    partial.part_of(stale).write_text("a worker's half")
    lookalike = tmp_path / ".l1x.csv.abcd1234.partial"  # what the unescaped pattern would take
    lookalike.write_text("another export's")
    partial.remove_stale(output)
    assert sorted(p.name for p in tmp_path.iterdir()) == [lookalike.name]
