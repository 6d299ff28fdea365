"""Draft rows: each count of the text becomes a draft figure, each dated happening a draft event.

A draft is what a person entering the article would write first, with every field's origin
said in `why` so that confirming it is reading, not re-doing. The rules, one function each:

* bounds, hedge and increment are the numeral parser's (`factgate.numerals`), never more;
* the quantity is the vocabulary term whose evidence words stand in the six words after the
  number (before the next number or the sentence's end), none of its excluded words with
  them; several terms: the one with more words matched, then the narrower (fewer evidence
  words); the unit is the quantity's first unit in `quantity_units.csv`;
* the evidence runs from the hedge word to the last word naming the quantity, else to the
  noun after the number: verbatim, at most 15 words;
* the stage is `hypothetical` when a hypothetical word ("wenn", "könnte") comes before the
  number in its sentence; else the first stage whose words stand in the number's clause
  (between commas, "dass", "weil"); else the report stage without words ("claimed");
* the subject is the country named right after the number ("11.000 nordkoreanischen
  Soldaten"), else the closest before it in the sentence, else the closest after;
* the date is the closest date phrase of the sentence, else the publication ("as of
  publication", low confidence); a hypothetical has none;
* a date phrase (not "bisher") with an event word of `event_kinds.csv` in its sentence is a
  draft event, its actor the one named (by attribution first); a line that is only a date is
  the dateline, a `publication` event of the publisher; a sentence with neither number nor
  date that names an actor and an event word is an event dated from the latest date stated
  before it to publication (`range`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from factgate.extract.attribution import (
    INHERIT_SENTENCES,
    Mention,
    find_mentions,
    pick_claimant,
)
from factgate.extract.context import Context, Source, Terms
from factgate.extract.dates import DatePhrase
from factgate.extract.phrases import NumberPhrase
from factgate.extract.sentences import Sentence
from factgate.vocabulary import HYPOTHETICAL, PLAN, REPORT, QuantityTerm

__all__ = ["MAX_EVIDENCE_WORDS", "DraftRow", "draft_events", "draft_figure"]

MAX_EVIDENCE_WORDS: Final = 15
WINDOW_WORDS: Final = 6
_WORD: Final = re.compile(r"\S+")
_CLAUSE_BREAK: Final = re.compile(r"[,;:]|\s(?:dass|weil|während|aber|sondern|obwohl)\s", re.I)
_LEVELS: Final = ("low", "medium", "high")
#: Characters either side of a date searched for its event word (see extract.REACH).
_EVENT_REACH: Final = 400
_PUNCT: Final = '"„“”«»().,;:!?'


@dataclass
class DraftRow:
    """One draft row: its cells in the table's columns, the sentence, confidence and why."""

    cells: dict[str, str]
    sentence: int
    phrase: str
    start: int  # offsets of the evidence in the prepared text
    end: int
    levels: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)

    @property
    def confidence(self) -> str:
        """The lowest confidence of the fields that matter most."""
        return min(self.levels, key=_LEVELS.index) if self.levels else "low"

    def note(self, level: str, reason: str) -> None:
        self.levels.append(level)
        self.why.append(reason)


def _words_after(body: str, end: int, stop: int, limit: int) -> list[re.Match[str]]:
    words = []
    for m in _WORD.finditer(body, end, stop):
        words.append(m)
        if len(words) == limit or m.group()[-1] in ".;:!?":
            break
    return words


def _starts(word: str, stems: Sequence[str]) -> str | None:
    low = word.lower().strip(_PUNCT)
    return next((stem for stem in stems if low.startswith(stem)), None)


def _quantity(
    words: list[re.Match[str]], terms: Sequence[QuantityTerm]
) -> tuple[QuantityTerm | None, int, list[str], str]:
    """The quantity the words after a number name, the index of its last word, the other
    candidates, and the words that decided."""
    text = " ".join(m.group().lower() for m in words)
    ranked = []
    for index, term in enumerate(terms):
        hits = [stem for stem in term.evidence_words if stem in text]
        if not hits or any(stem in text for stem in term.excluded_words):
            continue
        ranked.append(((len(hits), -len(term.evidence_words), -index), term, hits))
    if not ranked:
        return None, -1, [], ""
    ranked.sort(key=lambda item: item[0], reverse=True)
    _, term, hits = ranked[0]
    last = max(i for i, m in enumerate(words) if any(s in m.group().lower() for s in hits))
    return term, last, [t.quantity for _, t, _ in ranked[1:]], "|".join(hits)


def _clause(body: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(body, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(body, end)), len(body))
    return left, right


def _stage(body: str, start: int, end: int, stages: Sequence[Terms]) -> tuple[str, str, str]:
    """The stage of a number at start..end of a sentence, its confidence and why."""
    before = [w.group() for w in _WORD.finditer(body, 0, start)]
    for stage in stages:
        if stage.kind == HYPOTHETICAL:
            word = next((w for w in before if _starts(w, stage.stems)), None)
            if word:
                return stage.term, "medium", f"stage {stage.term}: {word!r} before the number"
    left, right = _clause(body, start, end)
    clause = [w.group() for w in _WORD.finditer(body, left, right)]
    for stage in stages:
        if stage.kind in (REPORT, PLAN) and stage.stems:
            word = next((w for w in clause if _starts(w, stage.stems)), None)
            if word:
                return stage.term, "medium", f"stage {stage.term}: {word!r} in the clause"
    default = next((s.term for s in stages if s.kind == REPORT and not s.stems), "")
    return default, "low", f"stage {default or 'empty'}: no stage word in the clause"


@functools.lru_cache(maxsize=64)
def _stems_at_word_start(terms: tuple[Terms, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for the stems of all terms (longest first), and stem -> term."""
    owner = {stem: t.term for t in reversed(terms) for stem in t.stems}
    stems = sorted(owner, key=len, reverse=True)
    if not stems:
        return re.compile(r"(?!)"), owner
    return re.compile("|".join(re.escape(stem) for stem in stems)), owner


def _subject(body: str, start: int, end: int, countries: Sequence[Terms]) -> tuple[str, str]:
    words = list(_WORD.finditer(body))
    pattern, owner = _stems_at_word_start(tuple(countries))

    def country(m: re.Match[str]) -> str | None:
        hit = pattern.match(m.group().lower().strip(_PUNCT))
        return owner[hit.group()] if hit else None

    after = [m for m in words if m.start() >= end][:2]
    before = [m for m in words if m.end() <= start][::-1]
    later = [m for m in words if m.start() >= end][2:]
    for where, group in (("after the number", after), ("before", before), ("after", later)):
        for m in group:
            code = country(m)
            if code:
                return code, f"subject {code}: {m.group()!r} {where}"
    return "", "subject empty: no country named in the sentence"


def _date_cells(date: DatePhrase | None, published: dt.date) -> dict[str, str]:
    if date is None:
        return {"date_start": str(published), "date_end": str(published), "date_precision": "day"}
    return {
        "date_start": str(date.date_start),
        "date_end": str(date.date_end),
        "date_precision": date.precision,
    }


def _evidence(body: str, start: int, end: int) -> tuple[int, int]:
    """Cut an evidence span to whole words and at most MAX_EVIDENCE_WORDS words."""
    words = list(_WORD.finditer(body, start, end))
    if len(words) > MAX_EVIDENCE_WORDS:
        end = words[MAX_EVIDENCE_WORDS - 1].end()
    while end > start and body[end - 1] in ',;:.!?"“”»)(':
        end -= 1
    return start, end


@dataclass
class Claimants:
    """The claimant each sentence names, so an unattributed one can inherit it."""

    by_sentence: dict[int, Mention] = field(default_factory=dict)
    paragraph_of: dict[int, int] = field(default_factory=dict)


def remember(memory: Claimants, sentence: Sentence, mentions: list[Mention]) -> None:
    """Note who a sentence names, for the sentences after it that name nobody."""
    mention, _ = pick_claimant(sentence.text, mentions, 0)
    if mention is not None:
        memory.by_sentence[sentence.number] = mention
        memory.paragraph_of[sentence.number] = sentence.paragraph


def _claimant(
    sentence: Sentence, mentions: list[Mention], position: int, memory: Claimants
) -> tuple[str, str, str]:
    mention, marker = pick_claimant(sentence.text, mentions, position)
    if mention is not None:
        if marker:
            why = f"claimant {mention.actor.actor_id}: {mention.words!r} with {marker!r}"
            return mention.actor.actor_id, "high", why
        why = f"claimant {mention.actor.actor_id}: {mention.words!r} named, no attribution word"
        return mention.actor.actor_id, "medium", why
    earlier = [n for n in memory.by_sentence if n < sentence.number]
    if earlier:
        number = max(earlier)
        same_paragraph = memory.paragraph_of[number] == sentence.paragraph
        if same_paragraph or sentence.number - number <= INHERIT_SENTENCES:
            found = memory.by_sentence[number]
            why = (
                f"claimant {found.actor.actor_id}: inherited from sentence {number} "
                f"({found.words!r}); none named here"
            )
            return found.actor.actor_id, "low", why
    return "", "low", "claimant empty: no actor of actors.csv named"


def draft_figure(
    phrase: NumberPhrase,
    sentence: Sentence,
    dates: list[DatePhrase],
    mentions: list[Mention],
    context: Context,
    source: Source,
    memory: Claimants,
    stop: int,
) -> DraftRow:
    """The draft figure of one count; `stop` is where the sentence's next number starts."""
    count = phrase.count
    assert count is not None
    body = sentence.text
    local_start, local_end = phrase.start - sentence.start, phrase.end - sentence.start
    cells = dict.fromkeys(context.figure_columns, "")
    cells["source_id"] = source.source_id
    row = DraftRow(cells, sentence.number, phrase.text, phrase.start, phrase.end)

    def cell(name: str, value: object) -> None:
        cells[name] = "" if value is None else str(value)

    cell("value_low", count.low)
    cell("value_best", count.best)
    cell("value_high", count.high)
    cell("hedge", count.hedge)
    cell("increment", "true" if count.increment else "false")
    row.note("high", f"bounds and hedge {count.hedge}: {count.text!r}")

    words = _words_after(body, local_end, stop, WINDOW_WORDS)
    quantity, last, others, stems = _quantity(words, context.quantities)
    if quantity is not None:
        cell("quantity", quantity.quantity)
        cell("unit", quantity.units[0] if quantity.units else "")
        said = f"quantity {quantity.quantity}: {words[last].group().strip(_PUNCT)!r} ({stems})"
        if others:
            row.note("medium", said + f", also {', '.join(others)}")
        else:
            row.note("high", said)
        evidence_end = words[last].end()
    else:
        row.note("low", "quantity empty: no evidence word of quantities.csv after the number")
        noun = next((w for w in words[:3] if w.group()[:1].isupper()), None)
        evidence_end = noun.end() if noun is not None else local_end
    start, end = _evidence(body, local_start, max(evidence_end, local_end))
    cell("evidence", body[start:end])
    row.start, row.end = sentence.start + start, sentence.start + end

    stage, level, why = _stage(body, local_start, local_end, context.stages)
    cell("stage", stage)
    row.why.append(why)
    subject, why = _subject(body, local_start, local_end, context.countries)
    cell("subject", subject)
    row.why.append(why)
    claimant, level, why = _claimant(sentence, mentions, local_start, memory)
    cell("claimant_id", claimant)
    row.note(level, why)

    kinds = {s.term: s.kind for s in context.stages}
    if kinds.get(stage) == HYPOTHETICAL:
        row.why.append("dates empty: a hypothetical")
    else:
        date = min(dates, key=lambda d: abs(d.start - local_start), default=None)
        cells.update(_date_cells(date, source.published))
        if date is None:
            row.note("low", "date: no date phrase in the sentence, as of publication")
        else:
            row.note("high" if date.kind == "explicit" else "medium", f"date: {date.why}")
    slug = (quantity.quantity.replace("_", "-") if quantity else "figure") + (
        f"-{claimant}" if claimant else f"-s{sentence.number}"
    )
    cell("figure_id", slug)
    return row


@functools.lru_cache(maxsize=1024)
def _literal(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem))


def _event_kind(body: str, near: int, kinds: Sequence[Terms]) -> tuple[Terms | None, int, int]:
    """The event kind whose word stands closest to `near`, and that word's span."""
    best: tuple[int, Terms, int, int] | None = None
    low = body.lower()
    first, last = max(0, near - _EVENT_REACH), min(len(low), near + _EVENT_REACH)
    for kind in kinds:
        for stem in kind.stems:
            for m in _literal(stem).finditer(low, first, last):
                w_start = low.rfind(" ", 0, m.start()) + 1
                w_end = next((m2.end() for m2 in _WORD.finditer(body, m.start())), m.end())
                distance = abs(m.start() - near)
                if best is None or distance < best[0]:
                    best = (distance, kind, w_start, w_end)
    if best is None:
        return None, -1, -1
    return best[1], best[2], best[3]


def draft_events(
    sentence: Sentence,
    dates: list[DatePhrase],
    has_numbers: bool,
    mentions: list[Mention],
    context: Context,
    source: Source,
    latest: DatePhrase | None,
    used_dates: set[int],
) -> list[DraftRow]:
    """The draft events of one sentence (see the module's rules)."""
    body = sentence.text
    rows: list[DraftRow] = []

    def new(kind: str, start: int, end: int) -> DraftRow:
        cells = dict.fromkeys(context.event_columns, "")
        cells["source_id"] = source.source_id
        cells["kind"] = kind
        s, e = _evidence(body, start, end)
        cells["evidence"] = body[s:e]
        return DraftRow(cells, sentence.number, body[s:e], sentence.start + s, sentence.start + e)

    def actor(row: DraftRow, position: int, found: list[Mention]) -> None:
        mention, marker = pick_claimant(body, found, position)
        if mention is None:
            row.note("low", "actor empty: no actor of actors.csv named")
            return
        row.cells["actor_id"] = mention.actor.actor_id
        extra = f" with {marker!r}" if marker else ""
        row.note("high" if marker else "medium",
                 f"actor {mention.actor.actor_id}: {mention.words!r}{extra}")  # fmt: skip

    explicit = [d for d in dates if d.kind != "as_of"]
    only_date = len(explicit) == 1 and explicit[0].text.strip() == body.strip(" .")
    if only_date:
        date = explicit[0]
        names = {k.term for k in context.event_kinds}
        row = new("publication" if "publication" in names else "", 0, len(body))
        row.cells.update(_date_cells(date, source.published))
        row.note("high", f"kind publication: the dateline; date: {date.why}")
        publisher = find_mentions(source.publisher, context.actors) if source.publisher else []
        if publisher:
            row.cells["actor_id"] = publisher[0].actor.actor_id
            row.note("high", f"actor {publisher[0].actor.actor_id}: the publisher")
        else:
            row.note("low", "actor empty: the publisher is no actor of actors.csv")
        rows.append(row)
        explicit = []
    for date in explicit:
        kind, k_start, k_end = _event_kind(body, date.start, context.event_kinds)
        if kind is None and date.start in used_dates:
            continue  # the date of a figure, not a happening of its own
        if kind is None:
            row = new("", date.start, date.end)
            row.note("low", "kind empty: no event word of event_kinds.csv in the sentence")
        else:
            row = new(kind.term, min(date.start, k_start), max(date.end, k_end))
            row.note("medium", f"kind {kind.term}: {body[k_start:k_end].strip(_PUNCT)!r}")
        row.cells.update(_date_cells(date, source.published))
        row.cells["weekday_stated"] = date.weekday or ""
        row.note("high" if date.kind == "explicit" else "medium", f"date: {date.why}")
        actor(row, date.start, mentions)
        rows.append(row)
    if not dates and not has_numbers and mentions and not rows:
        kind, k_start, k_end = _event_kind(body, 0, context.event_kinds)
        if kind is not None:
            row = new(kind.term, 0, len(body))
            if len(_WORD.findall(row.cells["evidence"])) >= MAX_EVIDENCE_WORDS:
                s, e = _evidence(body, max(0, k_start - 60), k_end + 60)
                row.cells["evidence"] = body[s:e]
            row.note("medium", f"kind {kind.term}: {body[k_start:k_end].strip(_PUNCT)!r}")
            first = latest.date_start if latest is not None else source.published
            row.cells.update(
                date_start=str(first),
                date_end=str(source.published),
                date_precision="day" if first == source.published else "range",
            )
            row.note("low", "date: none stated; from the latest date before it to publication")
            actor(row, k_start, mentions)
            rows.append(row)
    for row in rows:
        actor_id, kind_name = row.cells.get("actor_id", ""), row.cells.get("kind", "")
        row.cells["event_id"] = "-".join(p for p in (actor_id, kind_name) if p) or (
            f"event-s{sentence.number}"
        )
    return rows
