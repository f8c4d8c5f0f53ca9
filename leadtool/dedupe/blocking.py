"""Blocking: which pairs are worth comparing, from cheap keys, never all pairs.

Two people become a candidate pair when they share a key: the company or a company domain
with the sound of the surname, of both names (for swapped names), or of one name with the
other's initial (for a typo that changes a name's sound); the postcode with the surname's
sound; the city or the postcode with the sound of one name and the other's initial; an
email local part; the last 7 digits of a phone; or the value of a custom column that is
nearly one per person (a date of birth, an id: custom.py decides). Keys are hashed to
64-bit integers and grouped with numpy, so a million people cost a few arrays, not a
dictionary of lists. A
key shared by more than MAX_BLOCK people (a switchboard, "info", a common name at a big
company) is too common to mean anything and is skipped, counted.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from leadtool.dedupe.record import Rec
from leadtool.dedupe.text import phonetic

MAX_BLOCK = 40
_SHIFT = 32


def keys(rec: Rec, custom: tuple[int, ...] = ()) -> set[str]:
    """The blocking keys of one person; `custom`: the slots of rec.custom that block."""
    found: set[str] = set()
    last, first = phonetic(rec.last), phonetic(rec.first)
    both = "|".join(sorted((first, last))) if first and last else ""
    for place in (rec.company, *rec.domains):
        if place and last:
            found.add(f"n|{place}|{last}")
        if place and both:
            found.add(f"s|{place}|{both}")
        if place and first and rec.last:  # a typo that changes the surname's sound
            found.add(f"f|{place}|{first}|{rec.last[:1]}")
        if place and last and rec.first:  # the same, when the names come swapped
            found.add(f"f|{place}|{last}|{rec.first[:1]}")
    # The city (or, with no workplace, the country alone) with the surname's sound and the
    # initial: one key for people with and without a company, so a row that lost its
    # company still meets the row that has it.
    if last and (rec.city or not (rec.company or rec.domains)):
        found.add(f"c|{rec.country}|{rec.city}|{last}|{rec.first[:1]}")
    # Where they live, for lists whose "company" is a street with typos in it (FEBRL):
    # a typo may change one name's sound, rarely both names' and the postcode at once.
    if rec.postcode and last:  # with and without the initial: a first name may be replaced
        found.add(f"z|{rec.postcode}|{last}|{rec.first[:1]}")
        found.add(f"x|{rec.postcode}|{last}")
    if rec.postcode and first and rec.last:
        found.add(f"y|{rec.postcode}|{first}|{rec.last[:1]}")
    found.update(f"l|{local}" for local in rec.locals if len(local) >= 5)
    found.update(f"p|{phone[-7:]}" for phone in rec.phones if len(phone) >= 8)
    found.update(f"k|{slot}|{rec.custom[slot][1]}" for slot in custom if rec.custom[slot][1])
    return found


@dataclass
class Blocks:
    """Hashed (key, person) entries, added person by person."""

    hashes: array[int]
    ids: array[int]
    custom: tuple[int, ...] = ()  # the custom slots that block (custom.CustomColumns)

    @classmethod
    def empty(cls, custom: tuple[int, ...] = ()) -> Blocks:
        return cls(array("q"), array("q"), custom)

    def add(self, rec: Rec) -> None:
        for key in keys(rec, self.custom):
            self.hashes.append(hash(key))
            self.ids.append(rec.id)


@dataclass(frozen=True)
class PairSet:
    pairs: np.ndarray  # sorted unique a << 32 | b with a < b
    skipped_blocks: int

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for code in self.pairs.tolist():
            yield code >> _SHIFT, code & ((1 << _SHIFT) - 1)

    def __len__(self) -> int:
        return len(self.pairs)

    def chunks(self, size: int) -> Iterator[list[tuple[int, int]]]:
        mask = (1 << _SHIFT) - 1
        for start in range(0, len(self.pairs), size):
            codes = self.pairs[start : start + size].tolist()
            yield [(code >> _SHIFT, code & mask) for code in codes]


def candidate_pairs(blocks: Blocks, max_block: int = MAX_BLOCK) -> PairSet:
    """Every pair of people sharing a key, once, from blocks of 2..max_block people."""
    hashes = np.frombuffer(blocks.hashes, dtype=np.int64)
    ids = np.frombuffer(blocks.ids, dtype=np.int64)
    order = np.argsort(hashes, kind="stable")
    hashes, ids = hashes[order], ids[order]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    sizes = np.diff(np.r_[starts, len(hashes)])
    out = array("q")
    skipped = int(np.count_nonzero(sizes > max_block))
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        if size > max_block:
            continue
        members = sorted(set(ids[start : start + size].tolist()))
        out.extend((a << _SHIFT) | b for a, b in combinations(members, 2))
    return PairSet(np.unique(np.frombuffer(out, dtype=np.int64)), skipped)


def common_counts(hashes: array[int], at_least: int = 3) -> dict[int, int]:
    """How many times each hash occurs, for those occurring `at_least` times (a small dict)."""
    values, counts = np.unique(np.frombuffer(hashes, dtype=np.int64), return_counts=True)
    keep = counts >= at_least
    return dict(zip(values[keep].tolist(), counts[keep].tolist(), strict=True))
