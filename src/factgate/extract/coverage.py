"""Which number phrases of a source text the dataset accounts for, and which it misses.

One computation for the `numbers-accounted-for` check and the HTML report: every number
phrase of the text (`extract.phrases`) is `entered` (it lies inside the evidence of a figure
or event of the source), `ignored` (inside a phrase of `ignored_numbers.csv` that stands in
the sentence the row names) or `missing`. An ignored row whose phrase holds no number phrase
of its sentence is `stale`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from factgate.extract import phrases_of_text
from factgate.extract.phrases import NumberPhrase
from factgate.extract.sentences import Sentence
from factgate.texts import normalise_text

__all__ = ["Coverage", "Segment", "coverage_of"]

Status = Literal["entered", "ignored", "missing"]


@dataclass(frozen=True)
class Segment:
    """A piece of an excerpt; `missing` marks a number phrase no row accounts for."""

    text: str
    missing: bool = False


@dataclass
class Coverage:
    """The number phrases of one source text, each with its status."""

    text: str
    sentences: list[Sentence]
    phrases: list[tuple[NumberPhrase, Status]] = field(default_factory=list)
    #: (key of the ignored row, why it is stale)
    stale: list[tuple[Hashable, str]] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many phrases have this status."""
        return sum(1 for _, s in self.phrases if s == status)

    @property
    def missing(self) -> list[NumberPhrase]:
        return [p for p, s in self.phrases if s == "missing"]

    def context(self, phrase: NumberPhrase, width: int = 30) -> str:
        """The phrase with some text either side, on one line."""
        flat = self.text.replace("\n", " ")
        return flat[max(0, phrase.start - width) : phrase.end + width].strip()

    def excerpts(self, width: int = 60) -> list[list[Segment]]:
        """Pieces of the text around the missing phrases, those phrases marked; overlapping
        pieces are joined, so each part of the text appears once."""
        flat = self.text.replace("\n", " ")
        windows: list[list[int]] = []
        for phrase in self.missing:
            start, end = max(0, phrase.start - width), min(len(flat), phrase.end + width)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        pieces = []
        for start, end in windows:
            segments, at = [], start
            for phrase in self.missing:
                if start <= phrase.start and phrase.end <= end:
                    segments.append(Segment(flat[at : phrase.start]))
                    segments.append(Segment(flat[phrase.start : phrase.end], missing=True))
                    at = phrase.end
            segments.append(Segment(flat[at:end]))
            if start > 0:
                segments[0] = Segment("…" + segments[0].text.lstrip())
            if end < len(flat):
                segments[-1] = Segment(segments[-1].text.rstrip() + "…")
            pieces.append([s for s in segments if s.text])
        return pieces


def _spans(flat: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    found = []
    for phrase in dict.fromkeys(p for p in phrases if p):
        start = flat.find(phrase)
        while start >= 0:
            found.append((start, start + len(phrase)))
            start = flat.find(phrase, start + 1)
    return found


def _inside(phrase: NumberPhrase, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= phrase.start and phrase.end <= e for s, e in spans)


def coverage_of(
    raw: str,
    published: dt.date,
    evidence: Iterable[str],
    ignored: Iterable[tuple[Hashable, str, int]],
) -> Coverage:
    """The coverage of one source text by its rows' `evidence` and its ignored numbers
    (key, phrase, sentence number)."""
    text, sentences, phrases = phrases_of_text(raw, published)
    flat = text.replace("\n", " ")
    coverage = Coverage(text, sentences)
    entered = _spans(flat, (normalise_text(str(e)) for e in evidence))
    by_number = {s.number: s for s in sentences}
    listed: list[tuple[int, int]] = []
    for key, written, number in ignored:
        sentence = by_number.get(number)
        hits = [
            h
            for h in _spans(flat, [normalise_text(written)])
            if sentence is not None and sentence.start <= h[0] < sentence.end
        ]
        if not any(_inside(p, hits) for p in phrases):
            where = f"sentence {number}" if sentence else f"no sentence {number}"
            coverage.stale.append((key, f"`phrase` {written!r} names no number phrase of {where}"))
        listed += hits
    for phrase in phrases:
        status: Status = (
            "entered"
            if _inside(phrase, entered)
            else "ignored"
            if _inside(phrase, listed)
            else "missing"
        )
        coverage.phrases.append((phrase, status))
    return coverage
