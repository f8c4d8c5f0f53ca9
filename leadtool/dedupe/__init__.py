"""Recognising the same person twice: exact keys (exact.py) and merging records (merge.py)."""
