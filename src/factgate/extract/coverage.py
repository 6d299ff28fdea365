"""Which number phrases of a source text the dataset accounts for, and which it misses.

One computation for the `numbers-accounted-for` check and the HTML report: every number
phrase of the text (`extract.phrases`) is `entered` (it lies inside the evidence of a figure
or event of the source), `ignored` (inside a phrase of `ignored_numbers.csv` that stands in
the sentence the row names) or `missing`. An ignored row whose phrase holds no number phrase
of its sentence is `stale`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from factgate.extract import phrases_of_text
from factgate.extract.phrases import NumberPhrase
from factgate.extract.sentences import Sentence
from factgate.extract.spans import Containing
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


def _spans(
    flat: str, phrases: Iterable[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Every occurrence of each phrase in flat[start:end]."""
    stop = len(flat) if end is None else end
    found = []
    for phrase in dict.fromkeys(p for p in phrases if p):
        at = flat.find(phrase, start, stop)
        while at >= 0:
            found.append((at, at + len(phrase)))
            at = flat.find(phrase, at + 1, stop)
    return found


def _inside(phrase: NumberPhrase, spans: Containing) -> bool:
    return spans.contains(phrase.start, phrase.end)


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
    entered = Containing(_spans(flat, (normalise_text(str(e)) for e in evidence)))
    by_number = {s.number: s for s in sentences}
    of_sentence: dict[int, list[NumberPhrase]] = {}
    for phrase in phrases:
        of_sentence.setdefault(phrase.sentence, []).append(phrase)
    listed: list[tuple[int, int]] = []
    for key, written, number in ignored:
        sentence = by_number.get(number)
        hits = (
            _spans(flat, [normalise_text(written)], sentence.start, sentence.end)
            if sentence is not None
            else []
        )
        holds = Containing(hits)
        if not any(_inside(p, holds) for p in of_sentence.get(number, [])):
            where = f"sentence {number}" if sentence else f"no sentence {number}"
            coverage.stale.append((key, f"`phrase` {written!r} names no number phrase of {where}"))
        listed += hits
    ignored_spans = Containing(listed)
    for phrase in phrases:
        status: Status = (
            "entered"
            if _inside(phrase, entered)
            else "ignored"
            if _inside(phrase, ignored_spans)
            else "missing"
        )
        coverage.phrases.append((phrase, status))
    return coverage
