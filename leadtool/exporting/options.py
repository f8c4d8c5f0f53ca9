"""Export options read the way a marketer writes them, checked before the service runs.

`--columns` names are the preset's headers or leadtool's own field names ("Email" is
Mailchimp's "Email Address"); `--format` must agree with the file name's extension. These
sit beside service.py rather than in it so the CLI can resolve and check options first.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from leadtool.errors import UsageError
from leadtool.exporting.presets import PRESETS

# File name extensions that say a format; others (.txt, none) leave it to --format.
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "json": "json", "jsonl": "jsonl", "ndjson": "jsonl"}


def preset_columns(preset: str, wanted: Sequence[str]) -> tuple[str, ...]:
    """--columns as the preset's headers: a header (any case) stays, a field name becomes the
    header of the preset's column for that field; anything else is left for the service to
    refuse with the list of columns."""
    found = PRESETS.get(preset.strip().lower())
    names = tuple(w.strip() for w in wanted if w.strip())
    if found is None:
        return names
    headers = {h.casefold() for h in found.headers}
    by_field = {field: header for header, field in found.columns}
    return tuple(n if n.casefold() in headers else by_field.get(field_name(n), n) for n in names)


def field_name(name: str) -> str:
    """ "First Name", "first-name" -> first_name."""
    return "_".join(name.casefold().replace("-", " ").split())


def check_extension(output: Path | None, fmt: str | None) -> None:
    """--format xlsx -o x.csv would write a workbook named .csv: refuse it in one line."""
    asked = (fmt or "").strip().lower()
    if output is None or asked not in EXTENSIONS.values():  # an unknown format: the service says
        return
    said = EXTENSIONS.get(output.suffix.lower().lstrip("."))
    if said is not None and said != asked:
        raise UsageError(
            f"--format {asked} does not match the file name {output.name}: name it "
            f"{output.with_suffix('.' + asked).name}, or leave --format out"
        )
