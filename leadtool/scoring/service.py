"""The rules file on disk and scoring a store with it: `rules init/check`, `leadtool score`.

Owns `resolve_rules_path`, `init_rules`, `check_rules`, `load_rules`, `parse_now` and
`score`. The text is checked by rules.py; the scoring run is scorer.py's. `load_rules` is
what scoring uses: it refuses a file with any mistake, so nothing is scored with a broken file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from leadtool.errors import InputFileError, RulesError, UsageError
from leadtool.normalize.dates import to_iso_utc
from leadtool.scoring.example import EXAMPLE_RULES
from leadtool.scoring.model import Rules, RulesCheck
from leadtool.scoring.rules import parse_rules
from leadtool.scoring.scorer import ScoreReport, score_store
from leadtool.store.connection import Store

RULES_ENV = "LEADTOOL_RULES"
RULES_FILE_NAME = "rules.toml"


@dataclass(frozen=True)
class InitReport:
    path: Path
    replaced: bool  # an existing file was overwritten (--force)


def resolve_rules_path(cli_value: Path | None, db_path: Path) -> Path:
    """The rules file: --rules PATH, else $LEADTOOL_RULES, else rules.toml beside the store."""
    if cli_value is not None:
        return cli_value.expanduser()
    env = os.environ.get(RULES_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return db_path.parent / RULES_FILE_NAME


def init_rules(path: Path, *, force: bool = False) -> InitReport:
    """Write the commented example rules to `path`; an existing file only with `force`."""
    existed = path.exists()
    if existed and not force:
        raise UsageError(f"{path}: already exists; leadtool rules init --force replaces it")
    if existed and not path.is_file():
        raise UsageError(f"{path}: is not a file")
    if not path.parent.exists():
        # Often the store's folder, not made yet: owner-only, as the store would make it,
        # since the store creates its folder 0700 only when the folder does not exist.
        path.parent.mkdir(parents=True, mode=0o700)
    # Written beside and renamed over, so a full disk never leaves half a rules file.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(EXAMPLE_RULES, encoding="utf-8")
    partial.replace(path)
    return InitReport(path, replaced=existed)


def check_rules(path: Path) -> RulesCheck:
    """Every mistake of the rules file at `path` (InputFileError if it cannot be read)."""
    return parse_rules(_read(path), str(path))


def load_rules(path: Path) -> Rules:
    """The rules of `path`; RulesError when the file has any mistake."""
    check = check_rules(path)
    if check.rules is None:
        raise RulesError(check.file, tuple(p.render(check.file) for p in check.problems))
    return check.rules


def _read(path: Path) -> str:
    if not path.exists():
        raise InputFileError(path, "no such rules file (leadtool rules init writes an example)")
    if not path.is_file():
        raise InputFileError(path, "is not a file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(path, f"not UTF-8 text (byte {exc.start + 1})") from None


def score(
    store: Store,
    rules_path: Path,
    *,
    now: datetime,
    where: str | None = None,
    dry_run: bool = False,
    wait: float | None = None,
) -> ScoreReport:
    """Score the store with the rules file at `rules_path` (RulesError if it has a mistake).

    `wait`: how long to wait for another writer (default: the store's usual wait)."""
    text = _read(rules_path)
    check = parse_rules(text, str(rules_path))
    if check.rules is None:
        raise RulesError(check.file, tuple(p.render(check.file) for p in check.problems))
    return score_store(
        store,
        check.rules,
        rules_file=str(rules_path),
        rules_text=text,
        now=now,
        where=where,
        dry_run=dry_run,
        wait=wait,
    )


def parse_now(raw: str | None, option: str = "--now") -> datetime:
    """--now as a UTC time (a time without an offset is UTC); the clock when not given."""
    if raw is None:
        return datetime.now(UTC).replace(microsecond=0)
    iso = to_iso_utc(raw)
    if iso is None:
        raise UsageError(
            f"{option}: not a time leadtool reads; give e.g. 2026-03-01 or 2026-03-01T14:30:00Z"
        )
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
