"""The --where language: each operator and field kind compiled and run against a real store.

Also tests leadtool.store.sqlfunctions, which exists for the filters (lt_fold, lt_number).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtool.errors import UsageError
from leadtool.filters import Compiled, compile_where, field_names
from leadtool.filters.sqltext import Sql, fill
from leadtool.store import sqlfunctions
from leadtool.store.migrations import MIGRATIONS
from leadtool.store.people_table import DERIVED_SQL, QUALIFICATION_FIELDS

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EVERYONE = frozenset(range(1, 9))
HOSTILE_TITLE = "'; DROP TABLE people; --"
HOSTILE_COMPANY = '100% _real_ \\ "quoted"'

BATCHES = [(1, "LinkedIn CMO search"), (2, "Trade Show 2025"), (3, None)]
PEOPLE: list[dict[str, object]] = [
    {
        "id": 1,
        "email": "ana@acme.com",
        "first_name": "Ana",
        "last_name": "Lima",
        "company": "Acme",
        "title": "VP Marketing",
        "postal_code": "02134",
        "country": "US",
        "stage": "lead",
        "created_at": "2026-02-20T09:00:00Z",
        "updated_at": "2026-02-25T10:00:00Z",
        "stage_changed_at": "2026-02-20T09:00:00Z",
        "first_batch_id": 1,
        "custom": {"Industry": "SaaS", "Company Size": "50-200", "Employees": "120"},
    },
    {
        "id": 2,
        "email": "eric@free.fr",
        "email_flags": "free,role",
        "first_name": "Éric",
        "last_name": "Müller",
        "company": "Straße GmbH",
        "title": "Directeur MÄRKETING",
        "country": "CA",
        "stage": "mql",
        "created_at": "2026-01-31T10:00:00Z",
        "contacted_count": 2,
        "last_contacted": "2026-02-10T08:00:00Z",
        "first_batch_id": 2,
        "custom": {"Industry": "Retail", "Employees": "1000"},
    },
    {
        "id": 3,
        "email_flags": "invalid",
        "phone_flags": "invalid,too_short",
        "first_name": "Bob",
        "company": "Initech",
        "country": "DE",
        "stage": "customer",
        "created_at": "2025-06-01T00:00:00Z",
        "contacted_count": 5,
        "last_contacted": "2026-02-25T00:00:00Z",
        "first_batch_id": 1,
    },
    {
        "id": 4,
        "email": "x@evil.test",
        "first_name": "Mallory",
        "last_name": "O'Brien",
        "company": HOSTILE_COMPANY,
        "title": HOSTILE_TITLE,
        "stage": "other",
        "created_at": "2026-02-28T23:59:59Z",
        "contacted_count": 1,
        "custom": {'Quote"Key': "yes", "industry": "SaaS Tools"},
    },
    {
        "id": 5,
        "email": "Zoe@Example.com",
        "email_flags": "role",
        "first_name": "Zoë",
        "last_name": "Park",
        "company": "Acme",
        "title": "Marketing Manager",
        "country": "US",
        "stage": "subscriber",
        "created_at": "2026-03-01T08:00:00Z",
        "contacted_count": 1,
        "last_contacted": "2026-02-01T00:00:00Z",
        "first_batch_id": 3,
        "custom": {
            "Employees": "n/a",
            "ÉTAT": "ouvert",
            "Straße": "Hauptstraße 1",
            "Budget": "5k",  # two lists' headers, one spelling each: the first is read
            "budget": "10k",
        },
    },
    {
        "id": 6,
        "email": "chen@corp.cn",
        "first_name": "Chen",
        "last_name": "Wei",
        "company": "Corp",
        "title": "CMO",
        "country": "CN",
        "stage": "opportunity",
        "created_at": "2026-02-01T00:00:00Z",
        "first_batch_id": 2,
    },
    {
        "id": 7,
        "email": "lea@acme.com",
        "first_name": "Lea",
        "last_name": "Marks",
        "company": "Acme",
        "title": "Marketing Lead",
        "country": "CA",
        "stage": "lead",
        "created_at": "2025-12-01T00:00:00Z",
        "first_batch_id": 1,
    },
    {
        "id": 8,
        "company": "",
        "title": "",
        "country": "",
        "stage": "lead",
        "custom": "not json",
        "created_at": "2026-02-15T12:00:00Z",
    },
]
TAGS = [(1, "VIP"), (2, "customer-2025"), (4, "50%_off"), (5, "VIP"), (5, "Customer-2025")]
TAGS += [(7, "CUSTOMER-2025")]
PERSON_BATCHES = [(1, 1), (2, 2), (3, 1), (3, 2), (5, 3), (6, 2), (7, 1)]


def build_store() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    for migration in MIGRATIONS:
        migration.apply(conn)
    sqlfunctions.register(conn)
    for batch_id, source in BATCHES:
        conn.execute(
            "INSERT INTO batches (id, file_name, content_hash, source, mapping, options, "
            "started_at, status) VALUES (?, 'f.csv', 'h', ?, '[]', '{}', '2025-01-01', 'done')",
            (batch_id, source),
        )
    for person in PEOPLE:
        row = {"updated_at": person["created_at"], "norm_version": 1, **person}
        count, last = row.pop("contacted_count", 0), row.pop("last_contacted", None)
        if count or last:
            conn.execute("INSERT INTO contacts VALUES (?, ?, ?)", (row["id"], count, last))
        if isinstance(row.get("custom"), dict):
            row["custom"] = json.dumps(row["custom"], ensure_ascii=False)
        marks = ", ".join("?" * len(row))
        conn.execute(f"INSERT INTO people ({', '.join(row)}) VALUES ({marks})", list(row.values()))
    conn.executemany("INSERT INTO tags VALUES (?, ?, NULL, '2025-01-01')", TAGS)
    conn.executemany("INSERT INTO person_batches VALUES (?, ?, 'created', 1)", PERSON_BATCHES)
    return conn


@pytest.fixture(scope="module")
def conn() -> Iterator[sqlite3.Connection]:
    connection = build_store()
    yield connection
    connection.close()


def run(conn: sqlite3.Connection, compiled: Compiled) -> set[int]:
    cur = conn.execute(f"SELECT id FROM people WHERE {compiled.sql}", compiled.params)
    return {row[0] for row in cur}


def matches(conn: sqlite3.Connection, expr: str) -> set[int]:
    return run(conn, compile_where(expr, now=NOW))


def cases(table: str) -> list[tuple[str, set[int]]]:
    """`expr -> 1 2 3` lines (`-> -` for nobody, `-> *` for everyone) as test cases."""
    parsed = []
    for line in table.strip().splitlines():
        expr, ids = line.rsplit("->", 1)
        wanted = set(EVERYONE) if ids.strip() == "*" else {int(i) for i in re.findall(r"\d", ids)}
        parsed.append((expr.strip(), wanted))
    return parsed


TEXT = r"""
title = "vp marketing"                          -> 1
title = CMO                                     -> 6
title != CMO                                    -> 1 2 3 4 5 7 8
title ~ marketing                               -> 1 5 7
title ~ "MÄR"                                   -> 2
title ~ märketing                               -> 2
title in (cmo, "VP MARKETING")                  -> 1 6
title not in (cmo, "vp marketing")              -> 2 3 4 5 7 8
title is empty                                  -> 3 8
title is not empty                              -> 1 2 4 5 6 7
title < d                                       -> 4 6 8
title >= d                                      -> 1 2 5 7
title <= cmo                                    -> 4 6 8
title > cmo                                     -> 1 2 5 7
first_name = ÉRIC                               -> 2
first_name = éric                               -> 2
company ~ STRASSE                               -> 2
email = ZOE@EXAMPLE.COM                         -> 5
email ~ "@acme."                                -> 1 7
name = "ana lima"                               -> 1
name = bob                                      -> 3
name is empty                                   -> 8
country = us                                    -> 1 5
country = "United States"                       -> 1 5
country in (us, Canada)                         -> 1 2 5 7
country != US                                   -> 2 3 4 6 7 8
country not in (US, CA)                         -> 3 4 6 8
country is empty                                -> 4 8
country ~ d                                     -> 3
postal_code = 02134                             -> 1
first_source = "linkedin cmo search"            -> 1 3 7
first_source is empty                           -> 4 5 8
"""

STAGE = r"""
stage = MQL                                     -> 2
stage = "Marketing Qualified Lead"              -> 2
stage != lead                                   -> 2 3 4 5 6
stage >= mql                                    -> 2 3 6
stage > mql                                     -> 3 6
stage < lead                                    -> 5
stage <= lead                                   -> 1 5 7 8
stage < subscriber                              -> -
stage > customer                                -> -
stage in (lead, customer)                       -> 1 3 7 8
stage not in (lead, customer)                   -> 2 4 5 6
stage = other                                   -> 4
stage != other                                  -> 1 2 3 5 6 7 8
stage is empty                                  -> -
stage is not empty                              -> *
"""

NUMBER = r"""
contacted_count = 0                             -> 1 6 7 8
contacted_count != 0                            -> 2 3 4 5
contacted_count < 2                             -> 1 4 5 6 7 8
contacted_count <= 2                            -> 1 2 4 5 6 7 8
contacted_count > 1                             -> 2 3
contacted_count >= 5                            -> 3
contacted_count > -1                            -> *
contacted_count < 1.5                           -> 1 4 5 6 7 8
contacted_count in (1, 2)                       -> 2 4 5
contacted_count not in (0, 1)                   -> 2 3
contacted_count is empty                        -> -
contacted_count is not empty                    -> *
"""

DATE = r"""
created > 30 days ago                           -> 1 2 4 5 6 8
created < 30 days ago                           -> 3 7
created = 2026-01-31                            -> 2
created != 2026-01-31                           -> 1 3 4 5 6 7 8
created < 2026-01-31                            -> 3 7
created <= 2026-01-31                           -> 2 3 7
created > 2026-01-31                            -> 1 4 5 6 8
created >= 2026-01-31                           -> 1 2 4 5 6 8
created = today                                 -> 5
created >= TODAY                                -> 5
created < today                                 -> 1 2 3 4 6 7 8
created = 1 day ago                             -> 4
created = "2026-01-31T10:00:00Z"                -> 2
created != 2026-01-31T10:00:00Z                 -> 1 3 4 5 6 7 8
created > 2026-02-28T23:59:58Z                  -> 4 5
created >= "2026-02-28T23:59:59+00:00"          -> 4 5
created <= 2026-02-28T23:59:59Z                 -> 1 2 3 4 6 7 8
created < 2026-03-01T09:00:00+02:00             -> 1 2 3 4 6 7 8
created > 2026-03-01T07:59                      -> 5
created in (2026-01-31, today)                  -> 2 5
created not in (2026-01-31, today)              -> 1 3 4 6 7 8
created < 1 year ago                            -> -
created > 30 Weeks Ago                          -> 1 2 4 5 6 7 8
created < 0 days ago                            -> *
updated >= 2026-02-25                           -> 1 4 5
stage_changed = 2026-02-20                      -> 1
consent_at is empty                             -> *
last_contacted is empty                         -> 1 4 6 7 8
last_contacted is not empty                     -> 2 3 5
last_contacted < 2 weeks ago                    -> 2 5
last_contacted > 1 week ago                     -> 3
last_contacted < 1 month ago                    -> -
last_contacted != today                         -> *
"""

FLAGS = r"""
email_flag = role                               -> 2 5
email_flag = ROLE                               -> 2 5
email_flag != role                              -> 1 3 4 6 7 8
email_flag in (invalid, free)                   -> 2 3
email_flag not in (invalid, free)               -> 1 4 5 6 7 8
email_flag ~ RO                                 -> 2 5
email_flag is empty                             -> 1 4 6 7 8
email_flag is not empty                         -> 2 3 5
email_flag = fre                                -> -
email_flag = "free,role"                        -> -
email_flag = ""                                 -> -
phone_flag = too_short                          -> 3
phone_flag = invalid                            -> 3
"""

TAG = r"""
tag = vip                                       -> 1 5
tag = customer-2025                             -> 2 5 7
tag != customer-2025                            -> 1 3 4 6 8
not tag = customer-2025                         -> 1 3 4 6 8
tag in (vip, "50%_off")                         -> 1 4 5
tag not in (vip, customer-2025)                 -> 3 4 6 8
tag ~ CUSTOMER                                  -> 2 5 7
tag ~ "%"                                       -> 4
tag ~ "_"                                       -> 4
tag is empty                                    -> 3 6 8
tag is not empty                                -> 1 2 4 5 7
"""

SOURCE = r"""
source = "LinkedIn CMO search"                  -> 1 3 7
source = 'linkedin cmo search'                  -> 1 3 7
source != "LinkedIn CMO search"                 -> 2 4 5 6 8
source ~ trade                                  -> 2 3 6
source in ("trade show 2025", "linkedin cmo search") -> 1 2 3 6 7
source not in ("trade show 2025", "linkedin cmo search") -> 4 5 8
source is empty                                 -> 4 5 8
source is not empty                             -> 1 2 3 6 7
"""

CUSTOM = r"""
custom.Industry = saas                          -> 1
CUSTOM.industry = SaaS                          -> 1
custom.industry ~ saas                          -> 1 4
custom.Industry != saas                         -> 2 3 4 5 6 7 8
custom.Industry in (saas, RETAIL)               -> 1 2
custom.Industry not in (saas, RETAIL)           -> 3 4 5 6 7 8
custom.Industry is empty                        -> 3 5 6 7 8
custom.Industry is not empty                    -> 1 2 4
custom."Company Size" ~ 50                      -> 1
custom."Company Size" = "50-200"                -> 1
custom.Employees > 100                          -> 1 2
custom.Employees <= 120                         -> 1
custom.Employees < 1000.5                       -> 1 2
custom.Employees = 1000                         -> 2
custom.Employees > abc                          -> 5
custom."Quote\"Key" = yes                       -> 4
custom.budget = 5k                              -> 5
custom.BUDGET = 5k                              -> 5
custom.état = OUVERT                            -> 5
custom."ÉTAT" = ouvert                          -> 5
custom.etat = ouvert                            -> -
custom.STRASSE ~ haupt                          -> 5
custom.straße ~ haupt                           -> 5
custom.nokey = x                                -> -
custom.nokey is empty                           -> *
"""

HOSTILE = r"""
title = "'; DROP TABLE people; --"              -> 4
title ~ "DROP TABLE"                            -> 4
title ~ "'"                                     -> 4
company = '100% _real_ \\ "quoted"'             -> 4
company ~ "%"                                   -> 4
company ~ "_"                                   -> 4
company ~ '\\'                                  -> 4
company ~ "\"quoted\""                          -> 4
title ~ "%"                                     -> -
company ~ "a%"                                  -> -
company ~ "_r"                                  -> 4
company ~ "e_l"                                 -> -
last_name = "O'Brien"                           -> 4
last_name = 'O\'Brien'                          -> 4
"""

BOOLEAN = r"""
not title = CMO                                 -> 1 2 3 4 5 7 8
not (stage = lead or stage = mql)               -> 3 4 5 6
stage = lead or stage = mql and country = CA    -> 1 2 7 8
(stage = lead or stage = mql) and country = CA  -> 2 7
not stage = lead and country = US               -> 5
NOT stage = LEAD AND country = US               -> 5
not not stage = lead                            -> 1 7 8
stage = lead Or tag = vip                       -> 1 5 7 8
((stage = lead))                                -> 1 7 8
not (title ~ cmo or title ~ vp)                 -> 2 3 4 5 7 8
stage=lead and country=US                       -> 1
"""

EXAMPLES = [
    (
        'stage = lead and country in (US, CA) and title ~ "marketing" and not tag = customer-2025',
        {1},
    ),
    (
        "email is not empty and email_flag != invalid and created > 30 days ago "
        'and source = "LinkedIn CMO search"',
        {1},
    ),
    (
        "stage >= mql and contacted_count < 3 "
        "and (last_contacted is empty or last_contacted < 14 days ago)",
        {2, 6},
    ),
]

ALL_CASES = [
    *cases(TEXT),
    *cases(STAGE),
    *cases(NUMBER),
    *cases(DATE),
    *cases(FLAGS),
    *cases(TAG),
    *cases(SOURCE),
    *cases(CUSTOM),
    *cases(HOSTILE),
    *cases(BOOLEAN),
    *EXAMPLES,
]


@pytest.mark.parametrize(("expr", "wanted"), ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_matches(conn: sqlite3.Connection, expr: str, wanted: set[int]) -> None:
    assert matches(conn, expr) == wanted


@pytest.mark.parametrize("expr", ["", "   ", "\t\n"])
def test_empty_expression_matches_everyone(conn: sqlite3.Connection, expr: str) -> None:
    assert compile_where(expr, now=NOW) == Compiled("1", ())
    assert matches(conn, expr) == EVERYONE


def test_hostile_values_leave_the_store_alone(conn: sqlite3.Connection) -> None:
    compiled = compile_where(f"title = {json.dumps(HOSTILE_TITLE)} or title ~ ';'", now=NOW)
    assert HOSTILE_TITLE.casefold() in compiled.params
    assert "DROP" not in compiled.sql
    assert run(conn, compiled) == {4}
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == len(PEOPLE)


def test_stage_order_uses_the_stage_index() -> None:
    compiled = compile_where("stage > sql", now=NOW)
    assert compiled == Compiled("people.stage IN (?, ?)", ("opportunity", "customer"))


def test_contains_is_not_like() -> None:
    compiled = compile_where("title ~ 'Mär'", now=NOW)
    folded = (
        "CASE WHEN length(CAST(people.title AS BLOB)) = length(people.title) "
        "THEN lower(people.title) ELSE lt_fold(people.title) END"
    )
    assert compiled == Compiled(f"instr({folded}, ?) > 0", ("mär",))


def test_dates_come_from_now_not_the_clock() -> None:
    later = NOW + timedelta(days=400)
    assert compile_where("created > 30 days ago", now=NOW).params == ("2026-01-30T12:00:00Z",)
    assert compile_where("created > 30 days ago", now=later).params == ("2027-03-06T12:00:00Z",)
    east = datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=3)))  # 22:00 UTC the 1st
    assert compile_where("created = today", now=east).params == (
        "2026-03-01T00:00:00Z",
        "2026-03-02T00:00:00Z",
    )


def test_months_and_years_are_30_and_365_days() -> None:
    month = compile_where("created > 1 month ago", now=NOW).params
    year = compile_where("created > 2 years ago", now=NOW).params
    assert month == ((NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),)
    assert year == ((NOW - timedelta(days=730)).strftime("%Y-%m-%dT%H:%M:%SZ"),)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compile_where("created > today", now=datetime(2026, 3, 1))


def test_sql_templates_must_match_their_parts() -> None:
    assert fill("{} = {}", Sql("people.title"), "x") == Sql("people.title = ?", ("x",))
    with pytest.raises(ValueError, match="2 slots for 1 parts"):
        fill("{} = {}", Sql("people.title"))


def test_field_names() -> None:
    names = field_names()
    assert names[-1] == "custom.<key>"
    assert names[:-1] == sorted(names[:-1])
    for name in ("email", "name", "stage", "contacted_count", "created", "email_flag"):
        assert name in names
    for name in ("tag", "source", "first_source", "last_contacted", "consent_at"):
        assert name in names


FIELDS_HINT = "fields are: " + ", ".join(field_names())
OPERATORS_HINT = "operators are: = != < <= > >= ~ in, not in, is empty, is not empty"
STAGES_HINT = "stages are: subscriber, lead, mql, sql, opportunity, customer, other"
DATE_HINT = "use a date like 2026-01-31, 2026-01-31T10:00:00Z, today or 30 days ago"
ORDERED_KIND = "fields take =, !=, <, <=, >, >=, in, not in, is empty, is not empty"
SET_KIND = "fields take =, !=, ~, in, not in, is empty, is not empty"
DEEP_NOT = "not " * 33 + "stage = lead"
DEEP_PARENS = "(" * 33 + "stage = lead" + ")" * 33
MANY_CONDITIONS = " or ".join(["stage = lead"] * 201)
MANY_VALUES = "country in (" + ", ".join(["US"] * 501) + ")"

ERRORS = [
    ("titel = x", f"unknown field 'titel' (did you mean 'title'?) at column 1; {FIELDS_HINT}"),
    ("stage = lead and zzz = 1", f"unknown field 'zzz' at column 18; {FIELDS_HINT}"),
    ("stage = ", "expected a value after '=' at column 9"),
    ("title ~", "expected a value after '~' at column 8"),
    ("stage = (lead)", "expected a value after '=', found '(' at column 9"),
    ("(stage = lead", "unclosed '(' opened at column 1"),
    ("country in (US, CA", "unclosed '(' opened at column 12"),
    ("stage = lead)", "unexpected ')' with no matching '(' at column 13"),
    (")", "expected a field name, found ')' at column 1"),
    ("stage = lead country = US", "expected 'and' or 'or', found 'country' at column 14"),
    ("(stage = lead country = US)", "expected 'and', 'or' or ')', found 'country' at column 15"),
    ('title = "abc', "unclosed quote opened at column 9"),
    ("title = 'abc\\'", "unclosed quote opened at column 9"),
    ("title = x $ y", "unexpected character '$' at column 11"),
    ("title = x;", "unexpected character ';' at column 10"),
    ("= lead", "expected a field name, found '=' at column 1"),
    ('"title" = x', "expected a field name, found 'title' at column 1"),
    ("stage = lead and", "expected a field name at column 17"),
    ("stage = lead or not", "expected a field name at column 20"),
    (
        "stage lead",
        f"expected an operator after 'stage', found 'lead' at column 7; {OPERATORS_HINT}",
    ),
    ("title", f"expected an operator after 'title' at column 6; {OPERATORS_HINT}"),
    ("title not = x", "expected 'in' after 'not', found '=' at column 11"),
    (
        "title is nothing",
        "expected 'empty' or 'not empty' after 'is', found 'nothing' at column 10",
    ),
    ("title is", "expected 'empty' or 'not empty' after 'is' at column 9"),
    ("title is not there", "expected 'empty' after 'is not', found 'there' at column 14"),
    ("country in US", "expected '(' after 'in', found 'US' at column 12"),
    ("stage in ()", "expected a value after '(', found ')' at column 11"),
    ("country in (US CA)", "expected ',' or ')' in the list, found 'CA' at column 16"),
    ("country in (US,)", "expected a value after ',', found ')' at column 16"),
    ("custom. = 1", "expected a key after 'custom.' at column 1"),
    ("custom.'' = 1", "expected a key after 'custom.' at column 1"),
    ("stage ~ lead", f"stage cannot use '~' at column 7; stage {ORDERED_KIND}"),
    ("created ~ 2026", f"created cannot use '~' at column 9; date {ORDERED_KIND}"),
    ("contacted_count ~ 1", f"contacted_count cannot use '~' at column 17; number {ORDERED_KIND}"),
    ("tag > a", f"tag cannot use '>' at column 5; tag {SET_KIND}"),
    ("source <= a", f"source cannot use '<=' at column 8; source {SET_KIND}"),
    ("email_flag < a", f"email_flag cannot use '<' at column 12; flags {SET_KIND}"),
    ("stage = prospect", f"unknown stage 'prospect' at column 9; {STAGES_HINT}"),
    ("stage in (lead, nope)", f"unknown stage 'nope' at column 17; {STAGES_HINT}"),
    (
        "stage > other",
        "cannot order by stage 'other' at column 9; "
        "'other' has no place in the funnel order; use =, !=, in or not in",
    ),
    ("contacted_count = many", "contacted_count needs a number, found 'many' at column 19"),
    ("contacted_count = 1e5", "contacted_count needs a number, found '1e5' at column 19"),
    ("contacted_count = 9223372036854775808", "number out of range at column 19"),
    ("contacted_count < " + "9" * 41, "number out of range at column 19"),
    ("custom.Employees > " + "9" * 41, "number out of range at column 20"),
    ("contacted_count < " + "9" * 400 + ".5", "number out of range at column 19"),
    ("created > yesterday", f"created needs a date, found 'yesterday' at column 11; {DATE_HINT}"),
    ("created = 2026-02-30", f"created needs a date, found '2026-02-30' at column 11; {DATE_HINT}"),
    (
        "updated < 2026-01-31T25:00Z",
        f"updated needs a date, found '2026-01-31T25:00Z' at column 11; {DATE_HINT}",
    ),
    ("created in (today, 42)", f"created needs a date, found '42' at column 20; {DATE_HINT}"),
    (
        "created > 99999999 years ago",
        f"created needs a date, found '99999999 years ago' at column 11; {DATE_HINT}",
    ),
    (
        "created > 3 fortnights ago",
        "unknown time unit 'fortnights' at column 13; units are: days, weeks, months, years",
    ),
    ("created > 3 days", "expected 'ago' after '3 days' at column 17"),
    ("created > 3 days old", "expected 'ago' after '3 days', found 'old' at column 18"),
    (DEEP_NOT, "too deeply nested (at most 32 levels) at column 129"),
    (DEEP_PARENS, "too deeply nested (at most 32 levels) at column 33"),
    (MANY_CONDITIONS, "too many conditions (at most 200) at column 3207"),
    (MANY_VALUES, "too many values (at most 500) at column 2013"),
    ('title = "\udcff"', "undecodable character (not UTF-8 text) at column 10"),
]


@pytest.mark.parametrize(("expr", "message"), ERRORS, ids=[e[0][:40] for e in ERRORS])
def test_errors(expr: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        compile_where(expr, now=NOW)
    assert str(caught.value) == f"--where: {message}"


def test_every_error_names_a_real_column() -> None:
    """The column points at the offending token (or one past the end)."""
    for expr, _ in ERRORS:
        with pytest.raises(UsageError) as caught:
            compile_where(expr, now=NOW)
        found = re.search(r"at column (\d+)", str(caught.value))
        assert found is not None
        assert 1 <= int(found.group(1)) <= len(expr) + 1


# -- properties -------------------------------------------------------------------------------


def _unquoted(sql: str) -> str:
    return re.sub(r"'[^']*'", "", sql)


QUALIFICATION_SQL = [DERIVED_SQL[name] for name in QUALIFICATION_FIELDS]

SQL_WORDS = frozenset(
    [
        *["people", "id", "custom", "first_batch_id", "stage", "contacts", "c", "count", "last_at"],
        *["email", "email_flags", "phone", "phone_flags", "company_phone", "linkedin"],
        *["first_name", "last_name", "company", "title", "website", "city", "state"],
        *["postal_code", "country", "location", "consent", "consent_at", "stage_changed_at"],
        *["created_at", "updated_at", "tags", "t", "tag", "person_id"],
        *["person_batches", "pb", "batches", "b", "batch_id", "source", "j", "key", "value"],
        *["SELECT", "FROM", "WHERE", "CROSS", "JOIN", "ON", "AND", "OR", "NOT", "IN", "IS", "NULL"],
        *["EXISTS", "LIMIT", "CASE", "WHEN", "THEN", "END", "coalesce", "trim", "instr"],
        *["lt_fold", "lt_number", "json_each", "json_valid", "length", "CAST", "AS", "BLOB"],
        *["COLLATE", "NOCASE", "lower", "ELSE"],
    ]
) | {  # the words of the derived fields' own SQL (scores, purchases), written by us
    w for sql in QUALIFICATION_SQL for w in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", _unquoted(sql))
}
SQL_LITERALS = frozenset(
    {"''", "','", "' '", *(lit for sql in QUALIFICATION_SQL for lit in re.findall(r"'[^']*'", sql))}
)
FIELD_WORDS = [*field_names()[:-1], "custom.Industry", 'custom."Company Size"', "custom.x"]
KEYWORDS = ["and", "or", "not", "in", "is", "empty", "today", "ago", "days", "week", "NOT", "Or"]
PUNCTUATION = ["(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "~", '"', "'", "\\"]
bare_values = st.from_regex(r"[A-Za-z0-9@._+/:-]{1,12}", fullmatch=True)
quoted_values = st.text(max_size=12).map(lambda s: json.dumps(s, ensure_ascii=False))
values = st.one_of(
    bare_values, quoted_values, st.sampled_from(["lead", "MQL", "2026-01-31", "3 days ago", "7"])
)
comparisons = st.builds(
    "{} {} {}".format,
    st.sampled_from(FIELD_WORDS),
    st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "~"]),
    values,
) | st.builds(
    "{} {} ({})".format,
    st.sampled_from(FIELD_WORDS),
    st.sampled_from(["in", "not in"]),
    st.lists(values, min_size=1, max_size=3).map(", ".join),
)
structured = st.lists(comparisons, min_size=1, max_size=4).map(" and not ".join)
soup = st.lists(
    st.one_of(st.sampled_from(FIELD_WORDS + KEYWORDS + PUNCTUATION), values), max_size=10
).map(" ".join)
expressions = st.one_of(structured, soup, st.text(max_size=30))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=expressions)
def test_values_are_always_parameters(conn: sqlite3.Connection, expr: str) -> None:
    try:
        compiled = compile_where(expr, now=NOW)
    except UsageError as err:
        assert str(err).startswith("--where: ")
        return
    sql = compiled.sql
    assert set(re.findall(r"'[^']*'", sql)) <= SQL_LITERALS
    bare = re.sub(r"'[^']*'", "", sql)
    assert bare.count("?") == len(compiled.params)
    assert set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", bare)) <= SQL_WORDS
    assert set(re.findall(r"[0-9]+", bare)) <= {"0", "1", "2"}  # 2: round(sum, 2)
    assert '"' not in sql and "\\" not in sql and ";" not in sql
    run(conn, compiled)  # never a sqlite3 error


# -- SQL functions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        (None, None),
        ("ÉRIC", "éric"),
        ("Straße", "strasse"),
        (42, "42"),
        (1.5, "1.5"),
        (b"\xc3\x89", "é"),
        (b"\xff", "�"),
    ],
)
def test_lt_fold(value: object, folded: str | None) -> None:
    assert sqlfunctions.fold(value) == folded


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, None),
        (" 120 ", 120.0),
        ("-1.5", -1.5),
        (7, 7.0),
        ("n/a", None),
        ("", None),
        ("1_000", None),
        ("nan", None),
        ("inf", None),
        (float("inf"), None),
        (b"1", None),
    ],
)
def test_lt_number(value: object, number: float | None) -> None:
    assert sqlfunctions.number(value) == number


def test_functions_are_registered_and_null_safe(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT lt_fold(NULL), lt_fold('ÄÖ'), lt_number('3'), lt_number(x'00')")
    assert row.fetchone() == (None, "äö", 3.0, None)
