"""Where the store lives and the few settings every command shares.

The store location is decided in one place: `--db PATH` > `LEADTOOL_DB` > the per-user data
directory (platformdirs), so that tests and cron jobs can point anywhere without flags.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_ENV = "LEADTOOL_DB"
REGION_ENV = "LEADTOOL_REGION"
DEFAULT_REGION = "US"
DB_FILE_NAME = "leadtool.db"


def resolve_db_path(cli_value: Path | None = None) -> Path:
    """The store file to use: the --db option, else $LEADTOOL_DB, else the user data dir."""
    if cli_value is not None:
        return cli_value.expanduser()
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("leadtool", appauthor=False)) / DB_FILE_NAME


def default_region() -> str:
    """The phone region used when a row has no country: $LEADTOOL_REGION, else US."""
    value = os.environ.get(REGION_ENV, "").strip().upper()
    return value or DEFAULT_REGION
