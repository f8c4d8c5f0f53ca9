"""The SQL of scores and statuses: the `scores` table (migration 0009) read as person fields.

Owns `SCORE_SQL`, the expressions --where, exports and `people show` read a person's fit,
engagement, score, status and last activity with. A person not scored yet has no row and
reads 0 points and status 'active' (never empty: a person who matches no rule has 0).
The scoring run itself (writing the table) is in store/scoring.py.
"""

from __future__ import annotations

_SCORE = "(SELECT s.{col} FROM scores s WHERE s.person_id = people.id)"

SCORE_SQL: dict[str, str] = {
    "fit": f"coalesce({_SCORE.format(col='fit')}, 0)",
    "engagement": f"coalesce({_SCORE.format(col='engagement')}, 0)",
    "score": f"coalesce({_SCORE.format(col='score')}, 0)",
    "status": f"coalesce({_SCORE.format(col='status')}, 'active')",
    "last_activity": (
        "(SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(a.ts), 'unixepoch') FROM activities a "
        "WHERE a.person_id = people.id)"
    ),
}
