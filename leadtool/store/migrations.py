"""The store's schema, as an ordered list of named migrations.

A migration is applied once, in order, when the store is opened, inside the writer lock and
one transaction, and recorded in `_migrations`. Never edit a migration that has shipped: add
a new one. Personal-data columns are all TEXT: nothing is type-guessed (PITFALLS #4).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

# Bump when normalisation rules change: people stamped with an older version are
# re-normalised by cleanup. 2: a name that is only a particle keeps its capital ("Y").
NORM_VERSION = 2


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _initial(conn: sqlite3.Connection) -> None:
    run_script(conn, INITIAL_SCHEMA)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run `;`-separated DDL inside the caller's transaction.

    `executescript` would COMMIT first and break the migration's atomicity.
    """
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


INITIAL_SCHEMA = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per `leadtool import` of one file: provenance and the summary it printed.
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT,
    cost REAL,
    format TEXT,
    encoding TEXT,
    sheet TEXT,
    mapping TEXT NOT NULL,          -- JSON: [[header, field], ...]
    options TEXT NOT NULL,          -- JSON: stage, tags, on_conflict, region
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,           -- done | undone
    undone_at TEXT,
    rows_read INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0,
    matched INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX batches_content_hash ON batches(content_hash);
CREATE INDEX batches_source ON batches(source);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    email TEXT,                     -- normalised primary address
    email_flags TEXT,               -- comma list: disposable,free,invalid,role
    phone TEXT,                     -- E.164
    phone_ext TEXT,
    phone_flags TEXT,               -- comma list: invalid,scientific,too_short
    company_phone TEXT,             -- a switchboard: stored, never a merge key
    linkedin TEXT,                  -- canonical profile URL
    first_name TEXT,
    middle_name TEXT,
    last_name TEXT,
    company TEXT,
    title TEXT,
    website TEXT,                   -- domain only
    city TEXT,
    state TEXT,
    postal_code TEXT,
    country TEXT,                   -- ISO 3166 alpha-2
    location TEXT,
    stage TEXT NOT NULL DEFAULT 'lead',
    stage_changed_at TEXT,
    consent TEXT,
    consent_at TEXT,
    custom TEXT,                    -- JSON object: unmapped spreadsheet columns
    invalid TEXT,                   -- JSON object: field -> raw value that failed validation
    name_key TEXT,                  -- casefolded, accent-free "first last" for exact name checks
    first_batch_id INTEGER REFERENCES batches(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    norm_version INTEGER NOT NULL,
    contacted_count INTEGER NOT NULL DEFAULT 0,
    last_contacted TEXT
);
CREATE INDEX people_stage ON people(stage);
CREATE INDEX people_country ON people(country);
CREATE INDEX people_created_at ON people(created_at);
CREATE INDEX people_first_batch ON people(first_batch_id);

-- Identity keys used to recognise a person again: kind is email | role_email | phone |
-- linkedin | name_company. Several people may share a weak key (a switchboard phone).
CREATE TABLE person_keys (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    person_id INTEGER NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (kind, value, person_id)
) WITHOUT ROWID;
CREATE INDEX person_keys_person ON person_keys(person_id);

-- Which imports a person came from (provenance); role: created | updated | matched.
CREATE TABLE person_batches (
    person_id INTEGER NOT NULL,
    batch_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (person_id, batch_id)
) WITHOUT ROWID;
CREATE INDEX person_batches_batch ON person_batches(batch_id);

-- A person's history: created, updated (old values), conflict, merged, stage, tag ...
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    batch_id INTEGER,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT                     -- JSON
);
CREATE INDEX events_person ON events(person_id);
CREATE INDEX events_batch ON events(batch_id);

CREATE TABLE tags (
    person_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    batch_id INTEGER,
    added_at TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);

-- Every merge of two stored people, with both records as they were, so it can be undone.
CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    batch_id INTEGER,
    kept_id INTEGER NOT NULL,
    merged_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    kept_before TEXT NOT NULL,      -- JSON snapshot
    merged_before TEXT NOT NULL,    -- JSON snapshot (row, keys, batches, tags)
    undone_at TEXT
);
CREATE INDEX merges_batch ON merges(batch_id);

-- The raw cells of every imported row, for provenance and re-normalisation.
CREATE TABLE import_rows (
    batch_id INTEGER NOT NULL,
    row_number INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    data TEXT NOT NULL,             -- JSON list of cells, in the batch's header order
    PRIMARY KEY (batch_id, row_number)
) WITHOUT ROWID;
CREATE INDEX import_rows_person ON import_rows(person_id);

-- Rows that were not a person, with the reason, kept for review and purged by cleanup.
CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL,
    row_number INTEGER NOT NULL,
    reason TEXT NOT NULL,
    data TEXT NOT NULL,             -- JSON list of cells
    created_at TEXT NOT NULL
);
CREATE INDEX rejects_batch ON rejects(batch_id);
"""


def _segments(conn: sqlite3.Connection) -> None:
    run_script(conn, SEGMENTS_SCHEMA)


# Saved --where expressions, evaluated when used. Names are unique ignoring (ASCII) case.
SEGMENTS_SCHEMA = """
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    expr TEXT NOT NULL,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def _suppressions(conn: sqlite3.Connection) -> None:
    run_script(conn, SUPPRESSIONS_SCHEMA)


# Who must not be contacted, by value: kind is email | phone | domain | hash (a keyed hash of
# a forgotten person's email or phone). A removed entry is kept, with the time it was removed.
SUPPRESSIONS_SCHEMA = """
CREATE TABLE suppressions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX suppressions_kind_value ON suppressions(kind, value);
CREATE UNIQUE INDEX suppressions_active ON suppressions(kind, value) WHERE removed_at IS NULL;
"""


def _exports(conn: sqlite3.Connection) -> None:
    run_script(conn, EXPORTS_SCHEMA)


# Every `leadtool export` that was recorded: what was asked for, where it went, how many
# people; and which people it held (so `people show` and forgetting can find them).
EXPORTS_SCHEMA = """
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    segment TEXT,
    expr TEXT,                      -- the --where expression (the segment's, or the option's)
    preset TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT NOT NULL,
    columns TEXT NOT NULL,          -- JSON list of the written column names
    exported INTEGER NOT NULL,
    held_back INTEGER NOT NULL,     -- suppressed people the filter matched
    left_out INTEGER NOT NULL       -- people without what the preset needs (a valid email)
);
CREATE TABLE export_people (
    export_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (export_id, person_id)
) WITHOUT ROWID;
CREATE INDEX export_people_person ON export_people(person_id);
"""


def _dedupe(conn: sqlite3.Connection) -> None:
    run_script(conn, DEDUPE_SCHEMA)


# Pairs a person said are "not the same" (`leadtool dedupe`), low id first: never proposed
# again. Forgetting a person deletes the rows that name them.
DEDUPE_SCHEMA = """
CREATE TABLE dedupe_decisions (
    a_id INTEGER NOT NULL,
    b_id INTEGER NOT NULL,
    decision TEXT NOT NULL,         -- distinct
    at TEXT NOT NULL,
    source TEXT NOT NULL,           -- review | file | unmerge
    PRIMARY KEY (a_id, b_id)
) WITHOUT ROWID;
CREATE INDEX dedupe_decisions_b ON dedupe_decisions(b_id);
"""


def _contacts(conn: sqlite3.Connection) -> None:
    run_script(conn, CONTACTS_SCHEMA)


# How often and when each person was exported (contacted), moved here from two columns of
# `people`: recording an export then writes this narrow table instead of rewriting every
# exported person's wide row. A person never exported has no row (count 0, never).
CONTACTS_SCHEMA = """
CREATE TABLE contacts (
    person_id INTEGER PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at TEXT
);
INSERT INTO contacts (person_id, count, last_at)
    SELECT id, contacted_count, last_contacted FROM people
    WHERE contacted_count > 0 OR last_contacted IS NOT NULL;
ALTER TABLE people DROP COLUMN contacted_count;
ALTER TABLE people DROP COLUMN last_contacted
"""


def _activities(conn: sqlite3.Connection) -> None:
    run_script(conn, ACTIVITIES_SCHEMA)


# What people did (normalize/activity.py names the types), one row per event. `ts` is the
# event's time in integer epoch seconds UTC: scoring decays over millions of them, and
# integers through the narrow index (person_id, type, ts) made that 6x faster than ISO text
# (PITFALLS). The same event (person, type, time, detail) is stored once, so adding or
# importing it again adds nothing: `detail` is '' rather than NULL for that reason (NULLs
# are all distinct to UNIQUE). The UNIQUE index carries `detail` and is wider; the covering
# index stays narrow for the scans that read only who, what and when. `batch_id` is the
# activity import that brought the event (NULL for `leadtool activity add`).
ACTIVITIES_SCHEMA = """
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    ts INTEGER NOT NULL,            -- epoch seconds, UTC
    detail TEXT NOT NULL DEFAULT '',
    amount REAL,
    currency TEXT,                  -- ISO 4217, upper case
    batch_id INTEGER REFERENCES batches(id),
    created_at TEXT NOT NULL,
    UNIQUE (person_id, type, ts, detail)
);
CREATE INDEX activities_person_type_ts ON activities(person_id, type, ts);
CREATE INDEX activities_batch ON activities(batch_id)
"""


def _batch_kind(conn: sqlite3.Connection) -> None:
    run_script(conn, BATCH_KIND_SCHEMA)


# What a batch brought: 'people' (`leadtool import`) or 'activity' (`leadtool activity
# import`, whose events carry the batch id). Batches made before are all people imports.
BATCH_KIND_SCHEMA = """
ALTER TABLE batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'people'
"""


def _scores(conn: sqlite3.Connection) -> None:
    run_script(conn, SCORES_SCHEMA)


# What `leadtool score` decided (scoring/): a narrow table beside `people`, so recomputing a
# million scores writes a few columns, not every wide row (as contacts, 0006). A person with
# no row has not been scored yet: fit, engagement and score read 0 and status 'active'.
# `score_runs` keeps each run's rules text and clock, so `people show` explains a score with
# the very rules and time that made it, even after the rules file changed.
SCORES_SCHEMA = """
CREATE TABLE score_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a score names the run that made it
    at TEXT NOT NULL,               -- when the run was made (ISO-8601 UTC)
    now_ts INTEGER NOT NULL,        -- the clock the rules were evaluated at (epoch, UTC)
    rules_file TEXT NOT NULL,
    rules_text TEXT NOT NULL,
    people INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE scores (
    person_id INTEGER PRIMARY KEY,
    fit REAL NOT NULL,
    engagement REAL NOT NULL,
    score REAL NOT NULL,
    status TEXT NOT NULL,           -- active | nurturing
    status_reason TEXT,
    status_since TEXT,
    run_id INTEGER NOT NULL
)
"""


def _source_costs(conn: sqlite3.Connection) -> None:
    run_script(conn, SOURCE_COSTS_SCHEMA)


# What a source cost in all (`leadtool source set-cost`), in the store's currency: a list
# bought as a whole, or a subscription, whose imports carried no `--cost`. When set, it is
# the source's cost in the reports, in place of the sum of its imports' costs.
SOURCE_COSTS_SCHEMA = """
CREATE TABLE source_costs (
    source TEXT PRIMARY KEY,
    amount REAL NOT NULL,
    set_at TEXT NOT NULL
)
"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_segments", _segments),
    Migration("0003_suppressions", _suppressions),
    Migration("0004_exports", _exports),
    Migration("0005_dedupe", _dedupe),
    Migration("0006_contacts", _contacts),
    Migration("0007_activities", _activities),
    Migration("0008_batch_kind", _batch_kind),
    Migration("0009_scores", _scores),
    Migration("0010_source_costs", _source_costs),
)


def pending(conn: sqlite3.Connection) -> list[Migration]:
    """The migrations not yet applied to this store, in order. Reads only: a new store's
    `_migrations` table is made by `record_applied`, inside the migrating transaction, so
    a first open that fails leaves no lone table that would make the file look foreign."""
    known = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if known is None:
        return list(MIGRATIONS)
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    return [m for m in MIGRATIONS if m.name not in done]


def record_applied(conn: sqlite3.Connection, migration: Migration, at: str) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (migration.name, at))
