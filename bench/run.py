"""`make bench`: measure import speed and memory on generated lists; write BENCHMARKS.md.

Each measured command runs as its own process; peak memory is the largest sum of RSS over
the process and its children (the import's worker processes), sampled every 20 ms. Timings
are medians of the runs; the baseline and leadtool alternate so that load on this shared
machine hits both alike.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from bench.generate import generate

if TYPE_CHECKING:
    from leadtool.store.connection import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
VENV_BIN = Path(sys.executable).parent
CORES = 2  # the targets are for a 2-core machine


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu_main: float = 0.0  # CPU seconds of the command's own process
    cpu_children: float = 0.0  # ... and of its children (the import's workers)


def measure(cmd: list[str], env: dict[str, str] | None = None, stdout: Path | None = None) -> Run:
    """Run `cmd` as its own process: wall time and peak RSS of its process tree. Its
    stdout goes to the file `stdout`, or nowhere."""
    started = time.perf_counter()
    with stdout.open("wb") if stdout is not None else open(os.devnull, "wb") as out:
        proc = psutil.Popen(
            cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.PIPE
        )
        peak = 0
        cpu: dict[int, float] = {}  # CPU seconds of each process of the tree, last seen
        while proc.poll() is None:
            peak = max(peak, _sample(proc, cpu))
            time.sleep(0.02)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(
            f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.read().decode()[-800:]}"
        )
    main = cpu.pop(proc.pid, 0.0)
    return Run(seconds, peak / 2**20, main, sum(cpu.values()))


def tree_rss(proc: psutil.Process) -> int:
    """RSS of a process and its children now."""
    return _sample(proc, {})


def _sample(proc: psutil.Process, cpu: dict[int, float]) -> int:
    """RSS of the process tree now; updates `cpu` (sampled: each process's last 20 ms is
    missed, nothing for a command this benchmark times)."""
    rss = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            rss += p.memory_info().rss
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
        except psutil.Error:
            continue
    return rss


def leadtool_import(path: Path, db: Path, *extra: str) -> list[str]:
    return [str(VENV_BIN / "leadtool"), "--db", str(db), "import", str(path), "--json", *extra]


def baseline(path: Path, db: Path) -> list[str]:
    return [str(VENV_BIN / "sqlite-utils"), "insert", str(db), "leads", str(path), "--csv"]


def migrated(store: Path) -> Path:
    """A cached store brought up to today's schema once, so no timed run migrates a copy."""
    from leadtool.store.connection import open_store

    opened = open_store(store)
    opened.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    return store


def fresh(tmp: Path, name: str) -> Path:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{tmp / name}{suffix}").unlink(missing_ok=True)
    return tmp / name


def side_by_side(path: Path, repeat: int, tmp: Path) -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {"sqlite-utils insert --csv": [], "leadtool import": []}
    for _ in range(repeat):
        runs["sqlite-utils insert --csv"].append(measure(baseline(path, fresh(tmp, "b.db"))))
        runs["leadtool import"].append(measure(leadtool_import(path, fresh(tmp, "l.db"))))
    return runs


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.peak_mb for r in runs),
        statistics.median(r.cpu_main for r in runs),
        statistics.median(r.cpu_children for r in runs),
    )


def stage_shares(path: Path, tmp: Path) -> dict[str, float]:
    """Seconds spent reading, validating, deduplicating and writing, all in one process."""
    from leadtool.imports.model import ImportOptions
    from leadtool.imports.service import import_file
    from leadtool.normalize.columns import map_columns
    from leadtool.normalize.record import RowNormaliser, RowOptions
    from leadtool.readers import open_table
    from leadtool.store.connection import open_store

    started = time.perf_counter()
    table = open_table(path)
    rows = list(table.rows)
    read = time.perf_counter() - started
    normaliser = RowNormaliser(table.header, map_columns(table.header), RowOptions())
    started = time.perf_counter()
    for number, cells in rows:
        normaliser(number, cells)
    validate = time.perf_counter() - started
    del rows
    store = open_store(fresh(tmp, "s.db"))
    report = import_file(store, path, ImportOptions(workers=0))
    store.close()
    return {"read": read, "validate": validate, **report.timings, "total": report.seconds}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = psutil.virtual_memory().total / 2**30
    baseline = importlib.metadata.version("sqlite-utils")
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, sqlite-utils {baseline}, "
        f"{platform.system()} {platform.release()}; a 10M-step Python loop: {loop_seconds():.2f} s"
    )


def loop_seconds() -> float:
    """A plain CPU-speed probe: machines of one name differ by 3x and more between runs."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def ensure(rows: int, fmt: str) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"leads-{rows}.{fmt}"
    if not path.exists():
        generate(rows, path, fmt, seed=42)
    return path


def report_import(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    """Issue 3: import speed and memory, side by side with sqlite-utils."""
    small, big, xlsx_rows = (2_000, 20_000, 2_000) if quick else (100_000, 1_000_000, 100_000)
    lines = ["## Import", ""]
    lines += report_help()
    side, budget = report_side_by_side(ensure(big, "csv"), repeat, tmp)
    lines += side
    written = store_floor(tmp / "l.db", tmp)  # the store of the last leadtool run above
    lines += report_single(ensure(small, "csv"), repeat, tmp)
    lines += report_single(ensure(xlsx_rows, "xlsx"), repeat, tmp)
    lines += report_shares(ensure(small, "csv"), tmp)
    lines += report_floor(ensure(small, "csv"), budget, written, big)
    return lines


def _section(name: str) -> Callable[..., list[str]]:
    """The report function of a section; each lives in its own bench module."""
    if name == "import":
        return report_import
    module = importlib.import_module(MODULES.get(name, f"bench.{name.replace('-', '_')}_bench"))
    report: Callable[..., list[str]] = module.report
    return report


SECTIONS = (
    "import",
    "import-again",
    "export",
    "cleanup",
    "dedupe",
    "dedupe-eval",
    "splink",
    "activity",
    "score",
    "reports",
)
MODULES = {"splink": "bench.splink_eval"}  # a section whose module is not bench/<name>_bench.py


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the harness")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections to run: {', '.join(SECTIONS)}"
    )
    args = parser.parse_args()
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; sections are: {', '.join(SECTIONS)}")
    results: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        for name in wanted:
            tmp = Path(tmpdir) / name
            tmp.mkdir()
            results[name] = _section(name)(tmp, quick=args.quick, repeat=args.repeat)
    write_results(args.out, results, args.quick)


def report_help() -> list[str]:
    ours, minimal = help_side_by_side()
    print(f"leadtool --help: {ours:.3f} s; a minimal typer app: {minimal:.3f} s", flush=True)
    return [
        f"- `leadtool --help`: median {ours:.3f} s; a typer app with one command "
        f"(bench/minimal_app.py), in the same run: {minimal:.3f} s; ratio "
        f"{ours / minimal:.2f} (target ≤ 1.25)",
        "",
    ]


def help_side_by_side(repeat: int = 7) -> tuple[float, float]:
    """Medians of `leadtool --help` and of a minimal typer app's --help, alternating."""
    ours_cmd = [str(VENV_BIN / "leadtool"), "--help"]
    minimal_cmd = [sys.executable, "-m", "bench.minimal_app", "--help"]
    ours, minimal = [], []
    for _ in range(repeat):
        ours.append(measure(ours_cmd).seconds)
        minimal.append(measure(minimal_cmd, env={"PYTHONPATH": str(ROOT)}).seconds)
    return statistics.median(ours), statistics.median(minimal)


def report_side_by_side(path: Path, repeat: int, tmp: Path) -> tuple[list[str], float]:
    """The table, and the CPU per row (µs) the target leaves leadtool: both cores busy for
    half of the baseline's wall time."""
    rows = _rows(path)
    runs = side_by_side(path, repeat, tmp)
    base, ours = median(runs["sqlite-utils insert --csv"]), median(runs["leadtool import"])
    ratio = ours.seconds / base.seconds
    print(
        f"{rows:,} rows: baseline {base.seconds:.1f} s, leadtool {ours.seconds:.1f} s", flush=True
    )
    budget = CORES * 0.5 * base.seconds / rows * 1e6
    writer, workers = (ours.cpu_main / rows * 1e6, ours.cpu_children / rows * 1e6)
    lines = [
        f"### {rows:,}-row CSV ({path.stat().st_size / 2**20:.0f} MB), "
        f"median of {repeat}, side by side",
        "",
        "| command | median s | rows/s | peak RSS MB (with children) | all runs s |",
        "| --- | --- | --- | --- | --- |",
        *(_row(name, r, rows) for name, r in runs.items()),
        "",
        f"- leadtool / sqlite-utils wall time: **{ratio:.2f}** (target < 0.5)",
        f"- leadtool peak memory: **{ours.peak_mb:.0f} MB** (target < 300 MB)",
        f"- CPU per row: sqlite-utils {base.cpu_main / rows * 1e6:.0f} µs; leadtool "
        f"{writer + workers:.0f} µs ({writer:.0f} µs in the writing process, {workers:.0f} µs "
        f"in its workers). The target leaves leadtool at most **{budget:.0f} µs** of CPU per "
        f"row ({CORES} cores busy for half of sqlite-utils' wall time).",
        "",
    ]
    return lines, budget


def _row(name: str, runs: list[Run], rows: int) -> str:
    m = median(runs)
    every = ", ".join(f"{r.seconds:.1f}" for r in runs)
    return f"| {name} | {m.seconds:.2f} | {rows / m.seconds:,.0f} | {m.peak_mb:.0f} | {every} |"


def report_single(path: Path, repeat: int, tmp: Path) -> list[str]:
    """leadtool alone on one file: median time, rows/s and peak memory."""
    rows, kind = _rows(path), path.suffix.lstrip(".").upper()
    runs = [measure(leadtool_import(path, fresh(tmp, "m.db"))) for _ in range(repeat)]
    m = median(runs)
    print(f"{rows:,}-row {kind}: {m.seconds:.1f} s, {m.peak_mb:.0f} MB", flush=True)
    return [
        f"### {rows:,}-row {kind} ({path.stat().st_size / 2**20:.1f} MB), median of {repeat}",
        "",
        f"- leadtool import: {m.seconds:.2f} s, **{rows / m.seconds:,.0f} rows/s**, "
        f"peak RSS {m.peak_mb:.0f} MB",
        "",
    ]


def report_shares(path: Path, tmp: Path) -> list[str]:
    s = stage_shares(path, tmp)
    rows = _rows(path)
    parts = {k: s[k] for k in ("read", "validate", "dedupe", "write")}
    whole = sum(parts.values())
    print("shares:", {k: round(v, 2) for k, v in parts.items()}, flush=True)
    return [
        f"### Where the time goes: {rows:,} rows in one process (no worker pool)",
        "",
        "| stage | seconds | share |",
        "| --- | --- | --- |",
        *(f"| {k} | {v:.2f} | {v / whole:.0%} |" for k, v in parts.items()),
        "",
        f"In-process import alone: {s['total']:.2f} s ({rows / s['total']:,.0f} rows/s). "
        "`validate` is normalising every row (email-validator, phonenumbers, names, countries); "
        "`dedupe` is looking keys up and deciding who each row is; `write` is the bulk inserts.",
        "",
    ]


def library_floor(path: Path, sample: int = 20_000) -> dict[str, float]:
    """µs per row of the work no change inside leadtool removes: reading the CSV, and the
    required libraries' own calls on this file's cells (phonenumbers: parse, validate, format;
    email-validator's checks through leadtool's path, which validates each domain once)."""
    import csv
    import itertools

    import phonenumbers

    from leadtool.normalize.columns import map_columns
    from leadtool.normalize.email import normalize_email

    with path.open(newline="", encoding="utf-8") as fh:
        started = time.process_time()
        rows = list(itertools.islice(csv.reader(fh), sample + 1))
        read = time.process_time() - started
    header, body = rows[0], rows[1:]
    fields = map_columns(header).fields
    phones = [r[i] for r in body for i, f in fields.items() if f == "phone" and r[i].strip()]
    emails = [r[i] for r in body for i, f in fields.items() if f == "email" and r[i].strip()]
    started = time.process_time()
    for cell in phones:
        try:
            number = phonenumbers.parse(cell, "US")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    phone = time.process_time() - started
    started = time.process_time()
    for cell in emails:
        normalize_email(cell)
    email = time.process_time() - started
    per_row = 1e6 / len(body)
    return {"read": read * per_row, "phone": phone * per_row, "email": email * per_row}


# The import's tables in the order the import writes their rows, which is their storage
# order: by id, by person, by row. The ORDER BY also keeps SQLite from copying a table's
# records and indexes whole into an empty one, which no import can do. Keys: below.
_STORED = (
    ("batches", "id"),
    ("people", "id"),
    ("person_batches", "person_id, batch_id"),
    ("events", "id"),
    ("import_rows", "batch_id, row_number"),
    ("rejects", "id"),
)
# The import writes a chunk's keys sorted, chunk after chunk: about 1,500 new people a chunk
# of 2,000 rows, so each block of 1,500 people's keys lands at random places in the index.
_KEYS_IN_IMPORT_ORDER = (
    "CREATE TEMP TABLE floor_keys AS SELECT * FROM src.person_keys "
    "ORDER BY person_id / 1500, kind, value, person_id"
)


def store_floor(src: Path, tmp: Path) -> dict[str, float]:
    """Seconds (wall and CPU) SQLite alone takes to write what an import stored per row:
    the rows of `src`'s tables in `_STORED` and its keys, copied into a fresh store by
    INSERT ... SELECT, one table after another, in one transaction (merge snapshots and
    tags are left out). No Python runs per row, so this is a lower bound for the process
    that writes the store, which is the import's critical path."""
    from leadtool.store.connection import open_store, write_transaction

    store = open_store(fresh(tmp, "floor.db"))
    conn = store.conn
    conn.execute("ATTACH DATABASE ? AS src", (str(src),))
    conn.execute(_KEYS_IN_IMPORT_ORDER)  # untimed: reading in that order is not the floor
    wall, cpu = time.perf_counter(), time.process_time()
    with write_transaction(store):
        for table, order in _STORED:
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} ORDER BY {order}")
        conn.execute("INSERT INTO main.person_keys SELECT * FROM temp.floor_keys ORDER BY rowid")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.execute("DROP TABLE temp.floor_keys")
    conn.execute("DETACH DATABASE src")
    looked = lookup_floor(store)
    store.close()
    print(f"store floor: {wall:.1f} s wall, {cpu:.1f} s CPU; look-ups {looked:.1f} s", flush=True)
    return {"wall": wall, "cpu": cpu, "lookups": looked}


def lookup_floor(store: Store, per_chunk: int = 4_000) -> float:
    """Seconds the import's own key look-up (`lookup_keys`) takes to look every stored key
    up once, in the import's order and chunks of about 2,000 rows' keys, against the whole
    store (the import meets a store growing to it)."""
    from leadtool.store.importing import lookup_keys

    reader = sqlite3.connect(store.path)
    cursor = reader.execute("SELECT kind, value FROM person_keys ORDER BY person_id")
    seconds = 0.0
    while keys := cursor.fetchmany(per_chunk):
        started = time.perf_counter()
        lookup_keys(store.conn, keys)
        seconds += time.perf_counter() - started
    reader.close()
    return seconds


def report_floor(
    path: Path, budget: float, written: dict[str, float], written_rows: int
) -> list[str]:
    floor = library_floor(path)
    print("floor µs/row:", {k: round(v, 1) for k, v in floor.items()}, flush=True)
    total = sum(floor.values())
    per_row = 1e6 / written_rows
    return [
        "### The floor: what the required libraries alone cost per row",
        "",
        "| work | CPU µs per row |",
        "| --- | --- |",
        f"| reading the CSV (Python's csv module) | {floor['read']:.1f} |",
        f"| phonenumbers: parse, validate, format each phone cell | {floor['phone']:.1f} |",
        f"| email-validator's checks on each email cell | {floor['email']:.1f} |",
        f"| **together** | **{total:.1f}** |",
        f"| the target's whole budget (above) | {budget:.1f} |",
        "",
        "Measured on the first 20,000 rows of the file above, in one process, with no "
        "leadtool code around the calls. What the budget leaves after them is for everything "
        "else an import does: names, countries, LinkedIn and website, flags and raw values, "
        "moving rows between processes, dedupe, and SQLite's own inserts.",
        "",
        f"SQLite alone, writing what the {written_rows:,}-row import above stored (people, "
        "keys, provenance, history, raw rows, rejects) into a fresh store: "
        f"**{written['wall'] * per_row:.0f} µs a row** of wall time "
        f"({written['cpu'] * per_row:.0f} µs of CPU), copied table by table with "
        "`INSERT ... SELECT` in one transaction, no Python per row. Only one process can "
        "write an SQLite file, so this is a floor for the import's wall time per row; the "
        f"target's wall time is {budget / CORES:.0f} µs a row. The same process also looks "
        "every row's keys up in the store (dedupe against what is stored): looking each "
        "stored key up once with the import's own look-up, in its order and chunks, takes "
        f"**{written['lookups'] * per_row:.0f} µs a row** more (against the whole store).",
        "",
    ]


def _rows(path: Path) -> int:
    stem = path.stem.rsplit("-", 1)[-1]
    return int(stem)


HEAD = [
    "# Benchmarks",
    "",
    "Made by `make bench` (`python -m bench.run`; one section: `--only export`) on data",
    "generated by the project itself: `bench/generate.py` (seed 42: realistic names, companies",
    "and phone formats, ~10% duplicates with case and format variants, a few % invalid emails)",
    "and `bench/generate_dupes.py` (known duplicate groups). Each section is rewritten when it",
    "is run; text outside the sections (the analysis) is kept.",
    "",
]


def _marks(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def write_results(out: Path, results: dict[str, list[str]], quick: bool) -> None:
    """Replace the sections that ran; keep the others and every hand-written line."""
    if quick:  # a harness check, not figures to publish
        out = ROOT / "bench" / "out" / "BENCHMARKS-quick.md"
        out.parent.mkdir(parents=True, exist_ok=True)
    text = out.read_text() if out.exists() else "\n".join(HEAD) + "\n"
    stamp = f"Machine: {machine()}. Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}."
    for name in SECTIONS:
        if name not in results:
            continue
        start, end = _marks(name)
        block = "\n".join([start, stamp, "", *results[name], end])
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + block + rest.split(end, 1)[1]
        else:
            at = text.find(ANALYSIS_MARK)
            at = len(text) if at < 0 else at
            text = text[:at].rstrip("\n") + "\n\n" + block + "\n\n" + text[at:]
    out.write_text(text.rstrip("\n") + "\n")
    print(f"wrote {out}")


ANALYSIS_MARK = "## Analysis"


if __name__ == "__main__":
    main()
