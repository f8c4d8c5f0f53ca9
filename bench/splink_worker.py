"""splink's side of the splink comparison, run by the splink virtual environment's Python.

    bench/data/splink-venv/bin/python bench/splink_worker.py in.json pairs.csv MODE [model.json]

Runs in its own environment (bench/data/splink-venv, made by bench/splink_eval.py), so it
imports nothing of leadtool or bench. Input: the records bench/splink_eval.py prepared
(unique_id, first_name, surname, surname_sound, email, email_domain, phone, company,
city, postcode; null where the list holds nothing). Output: every pair splink scores at
a match probability of 0.5 or more (unique_id_l, unique_id_r, match_probability), and on
stdout one JSON line with the seconds spent loading, training and predicting; with a
fourth argument, the trained model as splink saves it (to see what EM made of the list).

MODE "splink" is the model a careful splink user would write for a contact list:
Jaro-Winkler levels on both names (term frequencies on the surname), splink's email
comparison, exact phone and city (term frequencies on the city), postcode within one
edit; blocking on the surname's sound, email, phone, postcode, and first name with city;
the chance that two records match from deterministic rules (recall 0.7), u by random
sampling (1M pairs), m by EM over two blocking sessions (first name with surname; the
phone, or the postcode or city where there is no phone). A comparison or rule on a
column the list leaves empty is left out (EM cannot fit a column that is always null).
MODE "domain" is the same model with the email compared by its domain alone (exact,
with term frequencies), for a user who saw that splink's email comparison counts a
username that repeats the name ("angelo.bellini@" at two companies) as evidence.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from typing import Any

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

FLOOR = 0.5  # pairs below this are not written: the thresholds measured are all above it
SEED = 42


def present(records: list[dict[str, Any]]) -> set[str]:
    """The columns at least 1% of the records fill."""
    filled = {k for r in records for k, v in r.items() if v is not None}
    return {k for k in filled if sum(r[k] is not None for r in records) >= len(records) / 100}


def comparisons(cols: set[str], mode: str) -> list[Any]:
    by_domain = cl.ExactMatch("email_domain").configure(term_frequency_adjustments=True)
    wanted = {
        "first_name": cl.JaroWinklerAtThresholds("first_name", [0.9, 0.7]),
        "surname": cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]).configure(
            term_frequency_adjustments=True
        ),
        "email": by_domain if mode == "domain" else cl.EmailComparison("email"),
        "phone": cl.ExactMatch("phone"),
        "company": cl.JaroWinklerAtThresholds("company", [0.9, 0.7]),
        "city": cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        "postcode": cl.LevenshteinAtThresholds("postcode", 1),
    }
    return [c for name, c in wanted.items() if name in cols]


def place(cols: set[str]) -> str:
    return "postcode" if "postcode" in cols else "city"


def blocking(cols: set[str]) -> list[Any]:
    rules = [block_on("surname_sound")]
    rules += [block_on(c) for c in ("email", "phone", "postcode") if c in cols]
    rules.append(block_on("first_name", "city"))
    return rules


def deterministic(cols: set[str]) -> list[Any]:
    rules = [block_on(c) for c in ("email", "phone") if c in cols]
    rules.append(block_on("first_name", "surname", place(cols)))
    return rules


def sessions(cols: set[str]) -> list[Any]:
    """EM sessions: each leaves out of its estimate what it blocks on, so together they
    estimate every comparison. Not on the surname's sound: strangers sharing a common
    surname outnumber the duplicates there, and EM took them for the matches (first-name
    agreement came out m 0.014). Not on email: these lists' duplicates never share one."""
    return [
        block_on("first_name", "surname"),
        block_on("phone" if "phone" in cols else place(cols)),
    ]


def main() -> None:
    source, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    started = time.perf_counter()
    with open(source, encoding="utf-8") as fh:
        records: list[dict[str, Any]] = json.load(fh)
    cols = present(records)
    con = duckdb.connect()
    con.execute("SET threads TO 1")  # another benchmark shares the two cores
    api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(cols, mode),
        blocking_rules_to_generate_predictions=blocking(cols),
    )
    linker = Linker(api.register(records), settings, log_level="WARNING")
    loaded = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(deterministic(cols), 0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=SEED)
    for rule in sessions(cols):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    trained = time.perf_counter()
    if len(sys.argv) > 4:
        linker.misc.save_model_to_json(sys.argv[4], overwrite=True)
    predicted = linker.inference.predict(threshold_match_probability=FLOOR)
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predicted.physical_name}"
    ).fetchall()
    done = time.perf_counter()
    with open(out, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("unique_id_l", "unique_id_r", "match_probability"))
        writer.writerows(rows)
    seconds = {"load": loaded - started, "train": trained - loaded, "predict": done - trained}
    print(json.dumps({"seconds": seconds, "columns": sorted(cols), "pairs": len(rows)}))


if __name__ == "__main__":
    main()
