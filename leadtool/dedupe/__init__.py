"""Likely duplicates: people written differently who may be one person.

Pure modules: `text` (folding, company names, nicknames, phonetics), `record` (the compact
view of a person that matching reads), `compare` (one function per piece of evidence),
`levels` (those verdicts as comparison levels, conditioned on a shared workplace), `model`
(Fellegi-Sunter m, u and prior estimated from the list by EM), `score` (the hand weights,
for lists too small to fit), `blocking` (cheap keys so only plausible pairs are compared),
`decisions` (reading a reviewer's answers) and `candidates_file` (the spreadsheet round
trip). `fitted` fits the model to the list being deduplicated and scores its pairs in
chunks. `service` runs them over the store: `dedupe` finds and scores pairs (and merges
those over the threshold), `merge_pairs`, `decide`, `review` and `apply_file` act on them.
Exact keys, which the import merges on, are identity/'s.
"""

from leadtool.dedupe.service import (
    DedupeReport,
    Found,
    MergeResult,
    apply_file,
    decide,
    dedupe,
    find,
    merge_pairs,
    review,
)

__all__ = [
    "DedupeReport",
    "Found",
    "MergeResult",
    "apply_file",
    "decide",
    "dedupe",
    "find",
    "merge_pairs",
    "review",
]
