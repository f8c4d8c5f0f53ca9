"""What a caller may ask of an import, checked in one place for the CLI and library callers.

`import_options` turns the options as a user typed them (text) into ImportOptions, and
refuses what cannot work with a one-line UsageError naming the option. `check_options`
holds options built by hand to the same rules; `import_file` runs it before any work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from leadtool.config import default_region
from leadtool.errors import UsageError
from leadtool.identity.merge import POLICIES
from leadtool.imports.model import ImportOptions
from leadtool.normalize.columns import parse_map_options
from leadtool.normalize.stages import STAGES, parse_stage


def import_options(
    *,
    source: str | None = None,
    cost: float | None = None,
    stage: str | None = None,
    tags: Sequence[str] = (),
    consent: str | None = None,
    mapping: Sequence[str] = (),
    on_conflict: str = "fill",
    region: str | None = None,
    check_deliverability: bool = False,
) -> ImportOptions:
    """Options as typed (`--stage MQL`, `--map 'E-Mail=email'`, `--region gb`), checked."""
    parsed_stage = parse_stage(stage) if stage else None
    if stage and parsed_stage is None:
        raise UsageError(f"--stage {stage!r} is not a stage; stages are: {', '.join(STAGES)}")
    text = " ".join((consent or "").split())
    if consent is not None and not text:
        raise UsageError("--consent needs a text saying how these people agreed")
    options = ImportOptions(
        source=source,
        cost=cost,
        stage=parsed_stage,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        consent=text or None,
        on_conflict=on_conflict,
        region=(region or default_region()).strip().upper(),
        check_deliverability=check_deliverability,
        mapping=parse_map_options(mapping),
    )
    check_options(options)
    return options


def check_options(options: ImportOptions) -> None:
    """Refuse options an import cannot work with, whoever built them."""
    if options.on_conflict not in POLICIES:
        raise UsageError(f"--on-conflict must be one of {', '.join(POLICIES)}")
    if options.stage is not None and options.stage not in STAGES:
        raise UsageError(
            f"--stage {options.stage!r} is not a stage; stages are: {', '.join(STAGES)}"
        )
    code = options.region
    if len(code) != 2 or not code.isalpha() or not code.isupper():
        raise UsageError(f"--region {code!r}: give a two-letter country code such as US or GB")
    if options.cost is not None and options.cost < 0:
        raise UsageError(f"--cost {options.cost}: a list's cost cannot be negative")
    if options.workers is not None and options.workers < 0:
        raise UsageError(f"workers {options.workers}: give 0 (no worker processes) or more")


def for_file(
    base: ImportOptions,
    path: Path,
    files: Sequence[Path],
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    rejects: Path | None = None,
    workers: int | None = None,
) -> ImportOptions:
    """The options of one of several files: `--rejects r.csv` becomes `r-<file stem>.csv`."""
    if rejects is not None and len(files) > 1:
        rejects = rejects.with_name(f"{rejects.stem}-{path.stem}{rejects.suffix or '.csv'}")
    options = replace(
        base, encoding=encoding, sheet=sheet, dry_run=dry_run, rejects_path=rejects, workers=workers
    )
    check_options(options)
    return options
