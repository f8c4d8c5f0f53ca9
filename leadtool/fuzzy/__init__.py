"""Likely duplicates: people written differently who may be one person.

Pure modules: `text` (folding, company names, nicknames, phonetics), `record` (the compact
view of a person that matching reads), `compare` (one function per piece of evidence),
`score` (evidence to a 0..1 score with reasons), `blocking` (cheap keys so only plausible
pairs are compared), `decisions` (reading a reviewer's answers) and `candidates_file` (the
spreadsheet round trip). `dedupe` is the service that runs them over the store.
"""
