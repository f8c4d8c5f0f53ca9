"""Where output goes: data to stdout, messages, tables and progress to stderr.

Colours and progress bars only on a terminal; cron and pipes get plain lines.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """One JSON document on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def is_terminal() -> bool:
    return err.is_terminal
