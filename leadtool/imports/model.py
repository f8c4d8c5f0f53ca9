"""What an import is asked to do and what it reports: plain frozen data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ImportOptions:
    source: str | None = None
    cost: float | None = None
    stage: str | None = None
    tags: tuple[str, ...] = ()
    consent: str | None = None  # how people without their own consent agreed
    on_conflict: str = "fill"
    region: str = "US"
    check_deliverability: bool = False
    encoding: str | None = None
    sheet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    rejects_path: Path | None = None
    workers: int | None = None  # None: decide from the file size and the machine


@dataclass
class ImportReport:
    """The summary of one file's import. `status`: imported | already-imported | dry-run."""

    file: str
    status: str
    batch_id: int | None
    format: str
    encoding: str | None
    sheet: str | None
    profile: str | None
    mapping: list[tuple[str, str]]
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    matched: int = 0
    people_merged: int = 0
    rejected: int = 0
    flagged: int = 0
    suppressed: int = 0  # people this import touched who are on the suppression list
    without_consent: int = 0  # people this import touched with no consent recorded
    flags: dict[str, int] = field(default_factory=dict)
    previous_batch_id: int | None = None
    rejects_file: str | None = None
    rejects_error: str | None = None  # the import is done, but its rejects file is not
    content_hash: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The stable `--json` shape (documented in the README)."""
        return {
            "file": self.file,
            "status": self.status,
            "batch_id": self.batch_id,
            "previous_batch_id": self.previous_batch_id,
            "format": self.format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "profile": self.profile,
            "mapping": [{"column": c, "field": f} for c, f in self.mapping],
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "matched": self.matched,
            "people_merged": self.people_merged,
            "rejected": self.rejected,
            "flagged": self.flagged,
            "suppressed": self.suppressed,
            "without_consent": self.without_consent,
            "flags": dict(sorted(self.flags.items())),
            "rejects_file": self.rejects_file,
            "rejects_error": self.rejects_error,
            "seconds": round(self.seconds, 3),
        }
