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

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from factgate.extract.attribution import Mention, find_mentions
from factgate.extract.context import Context, Source
from factgate.extract.dates import DatePhrase, find_dates
from factgate.extract.phrases import NumberPhrase, number_phrases
from factgate.extract.rows import Claimants, DraftRow, draft_events, draft_figure, remember
from factgate.extract.sentences import Sentence, prepare, split_sentences
from factgate.extract.spans import Containing

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
        quoted = Containing((r.start, r.end) for r in (*self.figures, *self.events))
        return [p for p in self.phrases if not quoted.contains(p.start, p.end)]


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
        starts = [d.start for d in dates]
        for index, phrase in enumerate(counts):
            stop = counts[index + 1].start if index + 1 < len(counts) else sentence.end
            near, shift, near_dates, near_mentions = _window(
                sentence, dates, starts, mentions, phrase.start - sentence.start,
                stop - sentence.start,
            )  # fmt: skip
            row = draft_figure(
                phrase, near, near_dates, near_mentions, context, source, memory,
                min(stop - sentence.start - shift, len(near.text)),
            )  # fmt: skip
            draft.figures.append(row)
            if near_dates:
                local = phrase.start - near.start
                used.add(min(near_dates, key=lambda d: abs(d.start - local)).start + shift)
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


#: Characters either side of a number that its rules read: a German sentence is shorter, and a
#: text that is one endless "sentence" must not cost time quadratic in its length.
REACH = 400


def _window(
    sentence: Sentence,
    dates: list[DatePhrase],
    starts: list[int],
    mentions: list[Mention],
    start: int,
    end: int,
) -> tuple[Sentence, int, list[DatePhrase], list[Mention]]:
    """The part of a sentence within REACH of start..end, with its dates and mentions moved
    to the part's offsets, and the shift from sentence to part."""
    w0, w1 = max(0, start - REACH), min(len(sentence.text), end + REACH)
    if w0 == 0 and w1 == len(sentence.text):
        return sentence, 0, dates, mentions
    part = Sentence(
        sentence.number, sentence.start + w0, sentence.start + w1, sentence.text[w0:w1],
        sentence.paragraph,
    )  # fmt: skip
    lo, hi = bisect.bisect_left(starts, w0), bisect.bisect_right(starts, w1)
    near_dates = [
        dataclasses.replace(d, start=d.start - w0, end=d.end - w0)
        for d in dates[lo:hi]
        if d.end <= w1
    ]
    near_mentions = [
        dataclasses.replace(m, start=m.start - w0, end=m.end - w0)
        for m in mentions
        if w0 <= m.start and m.end <= w1
    ]
    return part, w0, near_dates, near_mentions


def _unique_ids(rows: list[DraftRow], column: str) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        base = row.cells[column]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            row.cells[column] = f"{base}-{seen[base]}"
