"""splink beside leadtool's own dedupe on the dedupe evaluation's lists (section "splink").

    python -m bench.run --only splink [--quick]

Method: the lists and truth files are the dedupe-eval section's (bench/dedupe_eval_bench.py:
8 generated mixes of 20,000 rows and FEBRL 1-4; 2,000 rows and FEBRL 1 with --quick), and
the pairs are counted the same way (bench/dedupe_eval.py): over all rows of the file, and
"no key" over the true pairs that share no email, phone or LinkedIn profile as leadtool
normalises them. leadtool runs through the harness's own path in the same run: `leadtool
import` as its own process, then `dedupe --auto-merge` at the default threshold (the
service, in this process). splink (5.0, DuckDB on one thread) runs in its own virtual
environment, bench/data/splink-venv, which this module makes with `python -m venv` and pip
the first time (never the project's .venv: splink is no dependency of leadtool), on the
same CSV prepared the way a careful user would: names, company and city lower-cased with
accents and punctuation dropped, legal suffixes (Inc, LLC, GmbH ...) dropped from the
company, a row with only a full name split into first and last word, the phone's last 9
digits, an email only if it looks like one, the surname's Soundex code for blocking. FEBRL
goes in as leadtool reads it (`--map`): its street as the company, its suburb as the city,
plus its postcode; neither tool is given FEBRL's date of birth or social-security number.
Two splink models, both bench/splink_worker.py's: "splink" as a careful user
writes it (splink's own email comparison), and "email by domain", the same with the email
compared by its domain alone. A pair is a match at a match probability of 0.95 or
more (chosen before the run: splink's tutorials' clustering threshold), and splink's
clusters are the connected components of those pairs, as
`cluster_pairwise_predictions_at_threshold` makes them. Seconds are wall time: leadtool's
import (a process) and its dedupe, and splink's process (start-up, loading, training,
prediction; the "splink" model's) with the preparation of its input, and that process's
peak memory.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.dedupe_eval import Pair, groups_by, pairs_of, precision_recall, roots
from bench.dedupe_eval_bench import (
    DataSet,
    Truth,
    copy_store,
    data_sets,
    person_of_rows,
    read_truth,
)
from bench.run import DATA, ROOT, fresh, leadtool_import, measure

VENV = DATA / "splink-venv"
SPLINK = "splink==5.0.0"
WORKER = ROOT / "bench" / "splink_worker.py"
THRESHOLD = 0.95
THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
# The list's headers that hold each field splink is given (generated lists, then FEBRL's).
HEADERS = {
    "first_name": ("First Name", "given_name"),
    "surname": ("Last Name", "surname"),
    "full_name": ("Full Name",),
    "email": ("Email",),
    "phone": ("Phone",),
    "company": ("Company", "address_1"),
    "city": ("City", "suburb"),
    "postcode": ("postcode",),
}
LEGAL_SUFFIXES = frozenset(
    {"inc", "llc", "ltd", "limited", "plc", "corp", "corporation", "co", "gmbh", "ag", "sa"}
    | {"sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "oy", "pty", "kg", "llp", "dac"}
    | {"sl", "pvt", "private", "ltda", "pte", "de", "cv"}
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SOUNDEX = {
    letter: str(digit)
    for digit, letters in enumerate(("bfpv", "cgjkqsxz", "dt", "l", "mn", "r"), start=1)
    for letter in letters
}

Record = dict[str, str | int | None]
Edge = tuple[int, int, float]


def fold(text: str) -> str | None:
    """Lower case, accents and dots dropped, other punctuation a space; None if empty."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower().replace(".", "")
    words = re.sub(r"[^0-9a-z]+", " ", plain).split()
    return " ".join(words) or None


def company_of(cell: str) -> str | None:
    """The company folded, without its trailing legal suffixes ("Acme GmbH" -> "acme")."""
    words = (fold(cell) or "").split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words) or None


def phone_of(cell: str) -> str | None:
    """The last 9 digits, so "+33 1 81 77 37 13" and "01 81 77 37 13" agree."""
    digits = re.sub(r"\D", "", cell)
    return digits[-9:] if len(digits) >= 7 else None


def email_of(cell: str) -> str | None:
    email = cell.strip().lower()
    return email if _EMAIL.match(email) else None


def names_of(first: str, last: str, full: str) -> tuple[str | None, str | None]:
    """(first name, surname); a row with only a full name gives its first and last word
    (a user cannot tell "Kelly Raymond" from "Raymond Kelly")."""
    first_name, surname = fold(first), fold(last)
    if first_name or surname:
        return first_name, surname
    words = (fold(full) or "").split()
    if not words:
        return None, None
    return words[0], words[-1] if len(words) > 1 else None


def soundex(word: str | None) -> str | None:
    """American Soundex ("Robert" and "Rupert" -> "R163"); None for no letters."""
    letters = [c for c in (word or "").lower() if "a" <= c <= "z"]
    if not letters:
        return None
    code, last = letters[0].upper(), _SOUNDEX.get(letters[0], "")
    for letter in letters[1:]:
        digit = _SOUNDEX.get(letter, "")
        if digit and digit != last:
            code += digit
        if letter not in "hw":  # h and w do not part two letters of one code; vowels do
            last = digit
    return (code + "000")[:4]


def prepare(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[Record]:
    """splink's input records; unique_id is the row's number in the file (header row 1),
    as the truth and leadtool's store number it."""
    where = {
        f: next((header.index(h) for h in hs if h in header), None) for f, hs in HEADERS.items()
    }

    def cell(row: Sequence[str], name: str) -> str:
        at = where[name]
        return row[at] if at is not None and at < len(row) else ""

    records: list[Record] = []
    for number, row in enumerate(rows, start=2):
        first, last = names_of(
            cell(row, "first_name"), cell(row, "surname"), cell(row, "full_name")
        )
        email = email_of(cell(row, "email"))
        records.append(
            {
                "unique_id": number,
                "first_name": first,
                "surname": last,
                "surname_sound": soundex(last),
                "email": email,
                "email_domain": email.rsplit("@", 1)[1] if email else None,
                "phone": phone_of(cell(row, "phone")),
                "company": company_of(cell(row, "company")),
                "city": fold(cell(row, "city")),
                "postcode": fold(cell(row, "postcode")),
            }
        )
    return records


def pairs_at(edges: Iterable[Edge], threshold: float) -> set[Pair]:
    """The pairs of rows in one cluster when the edges at or above `threshold` join rows
    (connected components, as splink clusters)."""
    links = [(a, b) for a, b, p in edges if p >= threshold]
    return pairs_of(groups_by(roots(links)))


def read_edges(path: Path) -> list[Edge]:
    with path.open(newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return [(int(a), int(b), float(p)) for a, b, p in reader]


def splink_python() -> Path:
    """The Python of splink's own virtual environment, made and filled the first time."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    has = subprocess.run([str(python), "-c", "import splink"], capture_output=True)
    if has.returncode != 0:
        pip = [str(python), "-m", "pip", "install", "--quiet", SPLINK]
        subprocess.run(pip, check=True)
    return python


def versions(python: Path) -> str:
    code = (
        "import splink, duckdb; print(f'splink {splink.__version__}, duckdb {duckdb.__version__}')"
    )
    done = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip()


@dataclass
class Side:
    """One tool's figures on one list; `table` is threshold -> (precision, recall, no-key)."""

    precision: float
    recall: float
    recall_no_key: float
    seconds: dict[str, float]
    peak_mb: float
    table: dict[float, tuple[float, float, float]] = field(default_factory=dict)


def figures(found: set[Pair], truth: Truth) -> tuple[float, float, float]:
    precision, recall = precision_recall(found, truth.pairs)
    return precision, recall, precision_recall(found, truth.no_key)[1]


def run_leadtool(ds: DataSet, csv_path: Path, truth: Truth, tmp: Path) -> Side:
    """`leadtool import` (its own process) then `dedupe --auto-merge` at the default."""
    from leadtool.dedupe.service import dedupe
    from leadtool.store.connection import open_store

    db = fresh(tmp, "eval.db")
    imported = measure([*leadtool_import(csv_path, db), *ds.options])
    store = open_store(copy_store(db, fresh(tmp, "merged.db")))
    started = time.perf_counter()
    dedupe(store, auto_merge=True)
    merged = time.perf_counter() - started
    store.close()
    found = pairs_of(groups_by(person_of_rows(tmp / "merged.db")))
    seconds = {"import": imported.seconds, "dedupe": merged}
    return Side(*figures(found, truth), seconds, imported.peak_mb)


def run_splink(python: Path, csv_path: Path, truth: Truth, tmp: Path, mode: str) -> Side:
    """splink's process on the prepared list; `mode` is the worker's ("splink", "domain")."""
    started = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        records = prepare(next(reader), reader)
    source, out = tmp / "splink-in.json", tmp / "splink-pairs.csv"
    source.write_text(json.dumps(records))
    prepared = time.perf_counter() - started
    log = tmp / "splink-out.json"
    run = measure([str(python), str(WORKER), str(source), str(out), mode], stdout=log)
    said = json.loads(log.read_text().strip().splitlines()[-1])
    edges = read_edges(out)
    table = {t: figures(pairs_at(edges, t), truth) for t in THRESHOLDS}
    seconds = {"prepare": prepared, "process": run.seconds, **said["seconds"]}
    return Side(*table[THRESHOLD], seconds, run.peak_mb, table)


@dataclass
class Compared:
    name: str
    rows: int
    true_pairs: int
    no_key_pairs: int
    leadtool: Side
    splink: Side
    domain: Side  # splink with the email compared by its domain alone


def compare(ds: DataSet, python: Path, tmp: Path) -> Compared:
    csv_path, truth_path = ds.make(DATA / "eval")
    truth = read_truth(truth_path, csv_path)
    ours = run_leadtool(ds, csv_path, truth, tmp)
    theirs = run_splink(python, csv_path, truth, tmp, "splink")
    domain = run_splink(python, csv_path, truth, tmp, "domain")
    print(
        f"{ds.name}: leadtool {ours.precision:.4f}/{ours.recall:.4f}/{ours.recall_no_key:.4f} "
        f"splink {theirs.precision:.4f}/{theirs.recall:.4f}/{theirs.recall_no_key:.4f} "
        f"by domain {domain.precision:.4f}/{domain.recall:.4f}/{domain.recall_no_key:.4f}",
        flush=True,
    )
    counts = (len(truth.entity), len(truth.pairs), len(truth.no_key))
    return Compared(ds.name, *counts, ours, theirs, domain)


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    del repeat  # quality is deterministic; the seconds are one run's, said so
    python = splink_python()
    rows = 2_000 if quick else 20_000
    results = [compare(ds, python, tmp) for ds in data_sets(rows, quick=quick)]
    return render(results, versions(python))


def render(results: list[Compared], version: str) -> list[str]:
    from leadtool.dedupe.score import DEFAULT_THRESHOLD

    method = " ".join((__doc__ or "").split("\n\n")[2].split())
    lines = ["## splink beside leadtool's dedupe", "", f"{method} ({version}.)", ""]
    lines += [
        f"Precision / recall / no-key recall: leadtool at its default {DEFAULT_THRESHOLD}, "
        f"splink at match probability {THRESHOLD}; seconds of one run.",
        "",
        "| data set | rows | true pairs | no-key pairs | leadtool | splink "
        "| splink, email by domain | leadtool s (import + dedupe) "
        "| splink s (process; train, predict) | peak MB leadtool import / splink |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [_row(r) for r in results]
    lines += [
        "",
        "splink's precision / recall / no-key recall at each match probability, and its best "
        "recall keeping precision >= 0.99 (the threshold in brackets); leadtool's own "
        "threshold table is the dedupe-eval section's:",
        "",
        "| data set | splink model | "
        + " | ".join(_head(t) for t in THRESHOLDS)
        + " | best at >= 0.99 |",
        "| --- | --- |" + " ---: |" * (len(THRESHOLDS) + 1),
    ]
    for r in results:
        for model, side in (("splink", r.splink), ("email by domain", r.domain)):
            cells = [" / ".join(f"{x:.3f}" for x in side.table[t]) for t in THRESHOLDS]
            lines.append(
                f"| {r.name} | {model} | " + " | ".join([*cells, _best(side.table)]) + " |"
            )
    return [*lines, ""]


def _row(r: Compared) -> str:
    ours, theirs = r.leadtool, r.splink
    s, t = ours.seconds, theirs.seconds
    return (
        f"| {r.name} | {r.rows:,} | {r.true_pairs:,} | {r.no_key_pairs:,} | {_prn(ours)} | "
        f"{_prn(theirs)} | {_prn(r.domain)} | {s['import'] + s['dedupe']:.1f} ({s['import']:.1f} + "
        f"{s['dedupe']:.1f}) | {t['process'] + t['prepare']:.1f} ({t['train']:.1f}, "
        f"{t['predict']:.1f}) | {ours.peak_mb:.0f} / {theirs.peak_mb:.0f} |"
    )


def _prn(side: Side) -> str:
    return f"{side.precision:.4f} / {side.recall:.4f} / {side.recall_no_key:.4f}"


def _head(t: float) -> str:
    return f"**{t}**" if t == THRESHOLD else str(t)


def _best(table: dict[float, tuple[float, float, float]]) -> str:
    good = [(r, t) for t, (p, r, _) in table.items() if p >= 0.99]
    if not good:
        return "none"
    recall, t = max(good)
    return f"{recall:.3f} ({t})"
