"""Span bookkeeping in linear time, so a pathological text (one "sentence" of thousands of
numbers) costs seconds, not minutes: which characters are taken, which spans hold which."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate

__all__ = ["Containing", "Occupied"]


class Occupied:
    """Characters of a text already claimed by a phrase."""

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length + 1)

    def free(self, start: int, end: int) -> bool:
        """True when no character of start..end is taken."""
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


class Containing:
    """Answers "does any of these spans contain start..end?" with a binary search."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        """True when some span starts at or before `start` and ends at or after `end`."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end
