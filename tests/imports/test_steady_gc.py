"""The import's garbage-collector settings hold only while the rows stream through."""

from __future__ import annotations

import gc

import pytest

from leadtool.imports.parallel import GC_GEN0_THRESHOLD, steady_gc


def test_settings_are_put_back_even_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), steady_gc():
        assert gc.get_threshold()[0] == GC_GEN0_THRESHOLD
        assert gc.get_freeze_count() > 0  # what was alive before is out of the collector's way
        raise RuntimeError("an import failing half-way")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_meanwhile_are_still_collected() -> None:
    class Node:
        other: Node

    with steady_gc():
        for _ in range(3):
            a, b = Node(), Node()
            a.other, b.other = b, a
        del a, b
        assert gc.collect() > 0
