"""`factgate extract`: from an article's text to draft rows a person confirms.

Entering an article by hand means reading every sentence for its numbers and dates and
deciding hedge, claimant and period for each. This package proposes all of that, rule by rule
and offline, with the project's own numeral parser and vocabulary, and says for every field
which words produced it (`why`) and how sure the rule is (`confidence`). It writes drafts
beside the dataset, never into `data/`: a person confirms, corrects and pastes.

Modules: `sentences` (numbered sentences), `dates` (relative dates resolved), `phrases`
(every number phrase), `attribution` (claimants from `actors.csv`), `rows` (draft figures and
events), `output` (CSV, table, JSON), `context` (the project's vocabulary).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from factgate.extract.attribution import find_mentions
from factgate.extract.context import Context, Source
from factgate.extract.dates import DatePhrase, find_dates
from factgate.extract.phrases import NumberPhrase, number_phrases
from factgate.extract.rows import Claimants, DraftRow, draft_events, draft_figure, remember
from factgate.extract.sentences import Sentence, prepare, split_sentences

__all__ = ["Draft", "extract_text", "phrases_of_text"]


@dataclass
class Draft:
    """What one article yields: its sentences, number phrases and draft rows."""

    source: Source
    text: str  # the prepared text every offset refers to
    sentences: list[Sentence]
    phrases: list[NumberPhrase]
    figures: list[DraftRow] = field(default_factory=list)
    events: list[DraftRow] = field(default_factory=list)

    def unused(self) -> list[NumberPhrase]:
        """Number phrases no draft row quotes: candidates for `ignored_numbers.csv`."""
        spans = [(r.start, r.end) for r in (*self.figures, *self.events)]
        return [p for p in self.phrases if not any(s <= p.start and p.end <= e for s, e in spans)]


def phrases_of_text(raw: str, published: dt.date) -> tuple[str, list[Sentence], list[NumberPhrase]]:
    """The prepared text, its sentences and every number phrase (what the coverage check reads)."""
    text = prepare(raw)
    sentences = split_sentences(text)
    phrases = [p for s in sentences for p in number_phrases(s, published)]
    return text, sentences, phrases


def extract_text(raw: str, source: Source, context: Context) -> Draft:
    """Draft figures and events for every count and dated happening of an article."""
    text, sentences, phrases = phrases_of_text(raw, source.published)
    draft = Draft(source, text, sentences, phrases)
    memory = Claimants()
    latest: DatePhrase | None = None
    by_sentence: dict[int, list[NumberPhrase]] = {}
    for phrase in phrases:
        by_sentence.setdefault(phrase.sentence, []).append(phrase)
    for sentence in sentences:
        dates = find_dates(sentence.text, source.published)
        mentions = find_mentions(sentence.text, context.actors)
        own = by_sentence.get(sentence.number, [])
        counts = [p for p in own if p.kind == "count"]
        used: set[int] = set()
        for index, phrase in enumerate(counts):
            stop = counts[index + 1].start if index + 1 < len(counts) else sentence.end
            row = draft_figure(
                phrase, sentence, dates, mentions, context, source, memory,
                stop - sentence.start,
            )  # fmt: skip
            draft.figures.append(row)
            if dates:
                local = phrase.start - sentence.start
                used.add(min(dates, key=lambda d: abs(d.start - local)).start)
        remember(memory, sentence, mentions)
        draft.events += draft_events(
            sentence, dates, bool(own), mentions, context, source, latest, used
        )
        datelines = len(sentences) > 1 and sentence.number <= 2
        stated = [d for d in dates if d.kind != "as_of" and d.date_start <= source.published]
        if stated and not (datelines and stated[0].text.strip() == sentence.text.strip(" .")):
            latest = stated[-1]
    _unique_ids(draft.figures, "figure_id")
    _unique_ids(draft.events, "event_id")
    return draft


def _unique_ids(rows: list[DraftRow], column: str) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        base = row.cells[column]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            row.cells[column] = f"{base}-{seen[base]}"
