"""Messages in plain words (issue 20, items 21 and 25): counts that agree with their noun,
no Python dicts or None on screen, every flag counted, and a --format that contradicts the
file name refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_import import import_json
from tests.conftest import Run, write_csv

HEADER = ["First Name", "Last Name", "Email", "Company", "Country", "Opt-in", "Consent Date"]


def one_person(run: Run, tmp_path: Path) -> Path:
    rows = [HEADER, ["Jane", "Doe", "jane@example.com", "Acme", "Atlantis", "", "someday"]]
    path = write_csv(tmp_path / "one.csv", rows)
    import_json(run, str(path), "--source", "S1")
    return path


@pytest.mark.parametrize(
    ("fmt", "name"), [("xlsx", "x.csv"), ("csv", "x.xlsx"), ("json", "x.jsonl")]
)
def test_a_format_that_contradicts_the_file_name_is_refused(
    run: Run, tmp_path: Path, fmt: str, name: str
) -> None:
    one_person(run, tmp_path)
    result = run("export", "--format", fmt, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --format {fmt} does not match the file name {name}")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / name).exists()


def test_a_format_the_file_name_does_not_contradict_is_written(run: Run, tmp_path: Path) -> None:
    one_person(run, tmp_path)
    for fmt, name in (("xlsx", "list.xlsx"), ("csv", "list.txt"), ("jsonl", "list.ndjson")):
        result = run("export", "--format", fmt, "-o", str(tmp_path / name), "--no-record")
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).exists()
