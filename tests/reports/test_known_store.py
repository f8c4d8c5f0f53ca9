"""Every figure of every report on the hand-computed store of tests/reports/known.py, in
every format: the terminal table (plain text without a terminal), JSON and CSV.

The expectations below are worked out by hand from known.py's story, not read from the code.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from leadtool.cli import app
from tests.reports.known import NOW, REJECT_REASON

STAGES = ("subscriber", "lead", "mql", "sql", "opportunity", "customer")


def report(store: Path, *args: str, tz: str = "UTC") -> str:
    result = CliRunner().invoke(
        app, ["--db", str(store), "report", *args, "--now", NOW, "--tz", tz]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def table_rows(text: str) -> list[list[list[str]]]:
    """The body rows of each table printed, as lists of cells."""
    tables: list[list[list[str]]] = []
    for line in text.splitlines():
        if line.startswith("┏"):
            tables.append([])
        elif line.startswith("│"):
            tables[-1].append([c.strip() for c in line.strip("│").split("│")])
    return tables


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ----- funnel ----------------------------------------------------------------------------

# stage: reached, skipped, next step (num, den), cumulative (num, den),
#        median days, mean days, left (measured), still in stage
FUNNEL = {
    "subscriber": (8, 6, None, (8, 8), 9.4, 9.4, 1, 1),  # eve left after 9.396 days; fay stays
    "lead": (7, 0, (7, 8), (7, 8), 6.02, 6.76, 4, 3),  # 5, 5.04, 7, 10 days; dan, eve, hal stay
    "mql": (4, 2, (4, 7), (4, 8), 10, 10, 1, 1),  # bob and cat skipped it; gus stays
    "sql": (3, 1, (3, 4), (3, 8), 18.04, 18.04, 2, 0),  # ann 16.08, bob 20 (then demoted)
    "opportunity": (2, 1, (2, 3), (2, 8), 36.08, 36.08, 1, 0),  # ann skipped it (bought)
    "customer": (2, 0, (2, 2), (2, 8), None, None, 0, 2),
}
FUNNEL_TABLE = {
    "subscriber": ["8", "6", "—", "100.0% (8/8)", "9.4", "9.4", "1", "1"],
    "lead": ["7", "0", "87.5% (7/8)", "87.5% (7/8)", "6.0", "6.8", "4", "3"],
    "mql": ["4", "2", "57.1% (4/7)", "50.0% (4/8)", "10.0", "10.0", "1", "1"],
    "sql": ["3", "1", "75.0% (3/4)", "37.5% (3/8)", "18.0", "18.0", "2", "0"],
    "opportunity": ["2", "1", "66.7% (2/3)", "25.0% (2/8)", "36.1", "36.1", "1", "0"],
    "customer": ["2", "0", "100.0% (2/2)", "25.0% (2/8)", "—", "—", "0", "2"],
}


def rate(pair: tuple[int, int] | None) -> dict[str, Any]:
    if pair is None:
        return {"numerator": 0, "denominator": 0, "value": None}
    return {"numerator": pair[0], "denominator": pair[1], "value": round(pair[0] / pair[1], 4)}


def test_the_funnel_counts_from_history_in_the_table(store: Path) -> None:
    text = report(store, "funnel")
    assert text.splitlines()[0] == "Time zone: UTC. As of 2026-03-31T00:00:00+00:00."
    [rows] = table_rows(text)
    assert {r[0]: r[1:] for r in rows} == FUNNEL_TABLE


def test_the_funnel_as_json(store: Path) -> None:
    data = json.loads(report(store, "funnel", "--format", "json"))
    assert data["schema_version"] == 1 and data["report"] == "funnel"
    assert data["timezone"] == "UTC" and data["currency"] == "EUR"
    [group] = data["groups"]
    assert group["name"] == "all" and group["immature"] is None
    for stage in group["stages"]:
        reached, skipped, step, cumulative, median, mean, left, still = FUNNEL[stage["stage"]]
        assert stage == {
            "stage": stage["stage"],
            "reached": reached,
            "skipped": skipped,
            "next_step": rate(step),
            "cumulative": rate(cumulative),
            "median_days": median,
            "mean_days": mean,
            "left_stage": left,
            "still_in_stage": still,
        }


def test_the_funnel_as_csv(store: Path) -> None:
    rows = csv_rows(report(store, "funnel", "--format", "csv"))
    assert [r["stage"] for r in rows] == list(STAGES)
    for row in rows:
        reached, skipped, step, cumulative, median, mean, left, still = FUNNEL[row["stage"]]
        assert row["group"] == "all" and row["timezone"] == "UTC"
        assert (row["reached"], row["skipped"]) == (str(reached), str(skipped))
        assert row["next_step_numerator"] == str(step[0] if step else 0)
        assert row["next_step_value"] == ("" if step is None else str(round(step[0] / step[1], 4)))
        assert (row["cumulative_numerator"], row["cumulative_denominator"]) == tuple(
            map(str, cumulative)
        )
        assert row["median_days"] == ("" if median is None else str(median))
        assert row["mean_days"] == ("" if mean is None else str(mean))
        assert (row["left_stage"], row["still_in_stage"]) == (str(left), str(still))


def test_strict_counts_only_stages_entered_in_order(store: Path) -> None:
    """eve and fay entered as subscribers; eve went on to lead; ann went lead, mql, sql in
    order; bob skipped mql and cat skipped mql and sql, so neither counts past lead."""
    [rows] = table_rows(report(store, "funnel", "--strict"))
    got = {r[0]: r[1:5] for r in rows}
    assert got == {
        "subscriber": ["2", "0", "—", "100.0% (2/2)"],
        "lead": ["7", "0", "50.0% (1/2)", "50.0% (1/2)"],  # 6 entered at lead: not converted
        "mql": ["2", "0", "28.6% (2/7)", "0.0% (0/2)"],
        "sql": ["1", "0", "50.0% (1/2)", "0.0% (0/2)"],
        "opportunity": ["0", "0", "0.0% (0/1)", "0.0% (0/2)"],
        "customer": ["0", "0", "—", "0.0% (0/2)"],
    }


def test_the_funnel_per_source_credits_the_list_that_brought_each_person(store: Path) -> None:
    [rows] = table_rows(report(store, "funnel", "--by", "source"))
    assert rows == [
        ["Bought list", "2", "2", "1", "0", "0", "0", "0.0% (0/2)"],
        ["Trade fair", "4", "4", "3", "3", "2", "2", "50.0% (2/4)"],
        ["Webinar", "2", "1", "0", "0", "0", "0", "0.0% (0/2)"],
    ]
    data = json.loads(report(store, "funnel", "--by", "source", "--format", "json"))
    assert [g["name"] for g in data["groups"]] == ["Bought list", "Trade fair", "Webinar"]
    assert [s["reached"] for s in data["groups"][1]["stages"]] == [4, 4, 3, 3, 2, 2]


def test_cohorts_by_month_followed_to_now_and_marked_immature(store: Path) -> None:
    """January's cohort (ann, bob, cat, dan, eve, fay) is 40 days old on 13 March: mature on
    31 March; February's (gus, hal) is not."""
    [rows] = table_rows(report(store, "funnel", "--by", "month", "--window", "40"))
    assert rows == [
        ["2026-01", "6", "5", "3", "3", "2", "2", "33.3% (2/6)", "yes"],
        ["2026-02", "2", "2", "1", "0", "0", "0", "0.0% (0/2)", "no (younger than the window)"],
    ]
    data = json.loads(report(store, "funnel", "--by", "month", "--format", "json"))
    assert [(g["name"], g["immature"]) for g in data["groups"]] == [
        ("2026-01", True),  # 90 days (the default) after 31 January is after 31 March
        ("2026-02", True),
    ]
    rows_csv = csv_rows(report(store, "funnel", "--by", "month", "--format", "csv"))
    jan = [r["reached"] for r in rows_csv if r["group"] == "2026-01"]
    assert jan == ["6", "5", "3", "3", "2", "2"]
    assert {r["immature"] for r in rows_csv} == {"yes"}


# ----- growth ----------------------------------------------------------------------------

GROWTH_UTC = {
    "2026-01": (6, 4, 3, 3, 1, 0),
    "2026-02": (2, 3, 1, 0, 1, 2),
    "2026-03": (0, 0, 0, 0, 0, 0),  # an empty month shows 0
}
# eve and fay were created at 2026-01-31T23:30Z: 00:30 on 1 February in Paris.
GROWTH_PARIS = {
    "2026-01": (4, 4, 3, 3, 1, 0),
    "2026-02": (4, 3, 1, 0, 1, 2),
    "2026-03": (0, 0, 0, 0, 0, 0),
}


def test_growth_per_month_in_every_format(store: Path) -> None:
    [rows] = table_rows(report(store, "growth"))
    expected = [[m, *map(str, n)] for m, n in GROWTH_UTC.items()]
    assert rows == [*expected, ["total", "8", "7", "4", "3", "2", "2"]]
    data = json.loads(report(store, "growth", "--format", "json"))
    assert [(p["period"], tuple(p[s] for s in STAGES)) for p in data["periods"]] == list(
        GROWTH_UTC.items()
    )
    assert data["totals"] == dict(zip(STAGES, (8, 7, 4, 3, 2, 2), strict=True))
    got = csv_rows(report(store, "growth", "--format", "csv"))
    assert [(r["period"], tuple(int(r[s]) for s in STAGES)) for r in got] == list(
        GROWTH_UTC.items()
    )


def test_an_event_at_2330_utc_on_31_january_is_february_in_paris(store: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--db", str(store), "report", "growth", "--now", NOW, "--tz", "Europe/Paris",
         "--format", "json"],
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["timezone"] == "Europe/Paris"
    assert [(p["period"], tuple(p[s] for s in STAGES)) for p in data["periods"]] == list(
        GROWTH_PARIS.items()
    )


def test_growth_sums_to_the_funnel_over_the_same_range(store: Path) -> None:
    args = ("--since", "2026-02-01", "--until", "2026-02-28", "--format", "json")
    growth = json.loads(report(store, "growth", "--by", "week", *args))
    funnel = json.loads(report(store, "funnel", *args))
    reached = {s["stage"]: s["reached"] for s in funnel["groups"][0]["stages"]}
    assert growth["totals"] == reached == dict(zip(STAGES, GROWTH_UTC["2026-02"], strict=True))
    labels = [p["period"] for p in growth["periods"]]
    assert labels == ["2026-W05", "2026-W06", "2026-W07", "2026-W08", "2026-W09"]  # ISO weeks


# ----- sources ---------------------------------------------------------------------------

# What each list held: rows read, people, new, already known, dups in file, dups in store,
# rejected, valid email (num, den), suppressed, without consent.
QUALITY = {
    "Trade fair": (6, 4, 4, 0, 1, 0, 1, (4, 4), 1, 3),  # bob's consent came with the webinar
    "Webinar": (3, 3, 2, 1, 0, 1, 0, (3, 3), 0, 0),
    "Bought list": (4, 4, 2, 2, 0, 2, 0, (3, 4), 0, 3),  # hal's email is invalid
    "total": (13, 8, 8, 3, 1, 3, 1, (7, 8), 1, 5),  # people once each
}
# Credited people, MQLs, customers, first sales, lifetime value, per attribution.
VALUES = {
    "first": {
        "Trade fair": (4, 3, 2, 1400, 1700),
        "Webinar": (2, 0, 0, 0, 0),
        "Bought list": (2, 1, 0, 0, 0),
        "total": (8, 4, 2, 1400, 1700),
    },
    "last": {
        "Trade fair": (2, 1, 1, 400, 400),  # ann, dan
        "Webinar": (2, 1, 0, 0, 0),  # bob, fay
        "Bought list": (4, 2, 1, 1000, 1300),  # cat, eve, gus, hal
        "total": (8, 4, 2, 1400, 1700),
    },
    "even": {
        "Trade fair": (3, 2, 1.5, 900, 1050),  # ann, dan, half of bob and of cat
        "Webinar": (2, 0.5, 0, 0, 0),
        "Bought list": (3, 1.5, 0.5, 500, 650),
        "total": (8, 4, 2, 1400, 1700),
    },
    "all": {
        "Trade fair": (4, 3, 2, 1400, 1700),
        "Webinar": (3, 1, 0, 0, 0),
        "Bought list": (4, 2, 1, 1000, 1300),
        "total": (11, 6, 3, 2400, 3000),  # people counted more than once
    },
}
COSTS = {"Trade fair": 300, "Webinar": 100, "Bought list": 50, "total": 450}


def test_what_each_list_held(store: Path) -> None:
    data = json.loads(report(store, "sources", "--format", "json"))
    got = {r["name"]: r for r in [*data["rows"], data["total"]]}
    assert list(got) == ["Trade fair", "Webinar", "Bought list", "total"]
    for name, (
        rows,
        people,
        new,
        known,
        dup_f,
        dup_s,
        rej,
        email,
        supp,
        consent,
    ) in QUALITY.items():
        r = got[name]
        assert (r["rows_read"], r["people"], r["new"], r["already_known"]) == (
            rows,
            people,
            new,
            known,
        )
        assert (r["duplicates_in_file"], r["duplicates_in_store"], r["rejected"]) == (
            dup_f,
            dup_s,
            rej,
        )
        assert r["valid_email"] == rate(email)
        assert r["valid_phone"] == {"numerator": 0, "denominator": people, "value": 0.0}
        assert (r["suppressed"], r["without_consent"]) == (supp, consent)
    csv_got = {r["name"]: r for r in csv_rows(report(store, "sources", "--format", "csv"))}
    for name, (
        rows,
        people,
        new,
        known,
        dup_f,
        dup_s,
        rej,
        email,
        supp,
        consent,
    ) in QUALITY.items():
        c = csv_got[name]
        assert [c[k] for k in ("rows_read", "people", "new", "already_known")] == [
            str(v) for v in (rows, people, new, known)
        ]
        assert [c[k] for k in ("duplicates_in_file", "duplicates_in_store", "rejected")] == [
            str(v) for v in (dup_f, dup_s, rej)
        ]
        assert (c["valid_email_numerator"], c["valid_email_denominator"]) == tuple(map(str, email))
        assert (c["suppressed"], c["without_consent"]) == (str(supp), str(consent))
    assert csv_got["Trade fair"]["top_reject_reasons"] == f"{REJECT_REASON} 1"
    assert got["Trade fair"]["top_reject_reasons"] == [{"reason": REJECT_REASON, "rows": 1}]
    assert got["Webinar"]["top_reject_reasons"] == []
    [quality, _] = table_rows(report(store, "sources"))
    for row, (name, figures) in zip(quality, QUALITY.items(), strict=True):
        rows, people, new, known, dup_f, dup_s, rej, email, supp, consent = figures
        assert row[:8] == [name, *(str(v) for v in (rows, people, new, known, dup_f, dup_s, rej))]
        assert row[9:] == [
            f"{email[0] / email[1]:.1%} ({email[0]}/{email[1]})",
            f"0.0% (0/{people})",
            str(supp),
            str(consent),
        ]
    assert quality[0] == [
        "Trade fair", "6", "4", "4", "0", "1", "0", "1", f"{REJECT_REASON} (1)",
        "100.0% (4/4)", "0.0% (0/4)", "1", "3",
    ]  # fmt: skip
    assert quality[3][:8] == ["total", "13", "8", "8", "3", "1", "3", "1"]


def share(value: float) -> str:
    """A credited count: whole, or with two decimals when an even split made it a share."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


@pytest.mark.parametrize("attribution", ["first", "last", "even", "all"])
def test_what_each_list_cost_and_brought(store: Path, attribution: str) -> None:
    expected = VALUES[attribution]
    data = json.loads(report(store, "sources", "--attribution", attribution, "--format", "json"))
    assert data["attribution"] == attribution
    assert data["counts_people_more_than_once"] is (attribution == "all")
    assert data["people_in_store"] == 8
    got = {r["name"]: r for r in [*data["rows"], data["total"]]}
    table = {r[0]: r for r in table_rows(report(store, "sources", "--attribution", attribution))[1]}
    csv_got = {
        r["name"]: r
        for r in csv_rows(report(store, "sources", "--attribution", attribution, "--format", "csv"))
    }
    for name, (people, mqls, customers, sales, value) in expected.items():
        cost, r = COSTS[name], got[name]
        buyers = {1400: 2, 900: 1.5, 500: 0.5, 400: 1, 1000: 1, 2400: 3, 0: 0}[sales]
        figures = {
            "cost": cost,
            "credited_people": people,
            "mqls": mqls,
            "customers": customers,
            "cost_per_lead": round(cost / people, 2),
            "cost_per_mql": round(cost / mqls, 2) if mqls else None,
            "cost_per_customer": round(cost / customers, 2) if customers else None,
            "conversion_to_customer": rate((customers, people)),
            "buyers": buyers,
            "first_sales": sales,
            "average_first_sale": round(sales / buyers, 2) if buyers else None,
            "lifetime_value": value,
            "average_lifetime_value": round(value / buyers, 2) if buyers else None,
            "return_on_cost": round((value - cost) / cost, 4),
        }
        assert {k: r[k] for k in figures} == figures, name
        assert table[name][1:] == [
            money(cost), share(people), share(mqls), share(customers),
            money(cost / people), money(cost / mqls if mqls else None),
            money(cost / customers if customers else None),
            f"{customers / people:.1%} ({share(customers)}/{share(people)})",
            money(sales / buyers if buyers else None),
            money(value / buyers if buyers else None), money(value),
            f"{(value - cost) / cost:.1%}",
        ]  # fmt: skip
        c = csv_got[name]
        for key, figure in figures.items():
            if isinstance(figure, dict):
                for part in ("numerator", "denominator"):
                    assert c[f"{key}_{part}"] == cell(figure[part]), (name, key, part)
                assert c[f"{key}_value"] == str(figure["value"]), (name, key)  # a rate: 0.0
            else:
                assert c[key] == cell(figure), (name, key)


def cell(value: float | None) -> str:
    """A number as the CSV writes it: whole numbers without a decimal point, None empty."""
    return "" if value is None else f"{value:g}"


@pytest.mark.parametrize("attribution", ["first", "last", "even"])
def test_attributed_figures_add_up_to_the_totals(store: Path, attribution: str) -> None:
    data = json.loads(report(store, "sources", "--attribution", attribution, "--format", "json"))
    for key in ("credited_people", "mqls", "customers", "buyers", "first_sales", "lifetime_value"):
        assert sum(r[key] for r in data["rows"]) == data["total"][key], key
    assert data["total"]["credited_people"] == data["people_in_store"]


def test_attribution_all_says_it_counts_people_more_than_once(store: Path) -> None:
    text = report(store, "sources", "--attribution", "all")
    assert "counts people more than once" not in text  # the words the note uses:
    assert "the totals count people more than once (11 credits for 8 people)" in text
    data = json.loads(report(store, "sources", "--attribution", "all", "--format", "json"))
    assert any("more than once" in note for note in data["notes"])


def test_per_import_with_batches(store: Path) -> None:
    data = json.loads(report(store, "sources", "--batches", "--format", "json"))
    names = [r["name"] for r in data["rows"]]
    assert names == [
        "#1 fair.csv (Trade fair)",
        "#2 webinar.csv (Webinar)",
        "#3 bought.csv (Bought list)",
    ]
    # The Bought list's cost was set for the source, not for its import: no cost per import.
    assert [r["cost"] for r in data["rows"]] == [300, 100, None]
    assert data["rows"][2]["cost_per_lead"] is None and data["rows"][2]["return_on_cost"] is None
    assert data["total"]["cost"] == 400


def test_json_and_csv_are_the_same_bytes_on_every_run(store: Path) -> None:
    for name in ("funnel", "sources", "growth"):
        for fmt in ("json", "csv"):
            assert report(store, name, "--format", fmt) == report(store, name, "--format", fmt)


def test_now_in_the_past_reads_history_as_it_was_then(store: Path) -> None:
    """On 11 January only the fair's four people exist and only ann has moved (to MQL on
    the 10th): her MQL stay has not ended yet, whatever happened after."""
    result = CliRunner().invoke(
        app,
        ["--db", str(store), "report", "funnel", "--now", "2026-01-11T00:00:00Z", "--tz", "UTC",
         "--format", "json"],
    )  # fmt: skip
    stages = {s["stage"]: s for s in json.loads(result.stdout)["groups"][0]["stages"]}
    assert [stages[s]["reached"] for s in STAGES] == [4, 4, 1, 0, 0, 0]
    assert (stages["lead"]["left_stage"], stages["lead"]["still_in_stage"]) == (1, 3)
    assert stages["lead"]["median_days"] == 5
    assert (stages["mql"]["left_stage"], stages["mql"]["still_in_stage"]) == (0, 1)
    assert stages["mql"]["median_days"] is None


def test_who_moved_a_person_does_not_matter_and_status_is_not_a_stage(store: Path) -> None:
    """A scoring rule's move (a "rule" key) counts like any other; a status change
    (nurturing, kind 'status') is not a stage and changes no figure."""
    conn = sqlite3.connect(store)
    dan = conn.execute("SELECT id FROM people WHERE first_name = 'Dan'").fetchone()[0]
    conn.executemany(
        "INSERT INTO events (person_id, batch_id, at, kind, detail) VALUES (?, NULL, ?, ?, ?)",
        [
            (dan, "2026-03-01T08:00:00Z", "stage",
             '{"from": "lead", "to": "mql", "reason": "score 80", "rule": "hot"}'),
            (dan, "2026-03-02T08:00:00Z", "status",
             '{"from": "active", "to": "nurturing", "reason": "no reply"}'),
        ],
    )  # fmt: skip
    conn.commit()
    data = json.loads(report(store, "funnel", "--format", "json"))
    reached = [s["reached"] for s in data["groups"][0]["stages"]]
    assert reached == [8, 7, 5, 3, 2, 2]  # one more MQL than FUNNEL, nothing else
