"""Who states a number: an actor of `actors.csv` named in the sentence, preferably by an
attribution ("laut NIS", "nach Angaben des NIS", "so Schoigu", "sagte Jakow Zinberg",
"westliche Geheimdienste gehen davon aus", "NIS zufolge").

An actor is named when the sentence holds every word of its name, words compared without
their inflection ("westlichen Geheimdiensten" names "Westliche Geheimdienste"); a person also
by the last word of the name ("Schoigu"), any actor by a short form the name gives in
parentheses ("National Intelligence Service (NIS)" by "NIS", "NIS-Informationen").
With several actors named, the one closest to an attribution word wins, else the one closest
to the number. A sentence that names nobody inherits the claimant of the latest sentence that
did, up to three sentences back (a quote continues, "nach Angaben der Behörde" refers back):
marked as inherited, with low confidence, for the person confirming the draft to judge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["ATTRIBUTION_WORDS", "Actor", "Mention", "find_mentions", "pick_claimant"]

#: Words and phrases that attribute a statement to someone (lower case).
ATTRIBUTION_WORDS: Final = (
    "laut", "nach angaben", "zufolge", "sagte", "sagt", "sagten", "so", "erklärte", "erklärt",
    "berichtete", "berichtet", "teilte", "mitteilte", "mitteilten", "schätzt", "schätzen",
    "davon aus", "davon ausgegangen", "informationen", "angaben",
    "meldete", "meldet", "behauptet", "behauptete", "betonte", "schreibt", "schrieb",
)  # fmt: skip
_STOPWORDS: Final = frozenset(
    {"der", "die", "das", "des", "den", "dem", "und", "von", "vom", "für", "of", "the", "and"}
)
_WORD: Final = re.compile(r"[^\W\d_]+")
_ATTRIBUTION: Final = re.compile(
    r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ATTRIBUTION_WORDS) + r")\b",
    re.IGNORECASE,
)
#: How many sentences back an unattributed sentence looks for its claimant.
INHERIT_SENTENCES: Final = 3


@dataclass(frozen=True)
class Actor:
    """An actor of `actors.csv`, with the words of its name as they are compared."""

    actor_id: str
    name: str
    kind: str
    words: tuple[str, ...]
    short: tuple[str, ...]  # words of which any one names the actor alone


@dataclass(frozen=True)
class Mention:
    """An actor named in a sentence: where, by which words."""

    actor: Actor
    start: int
    end: int
    words: str


def _fold(word: str) -> str:
    """A word without its inflection, for comparing names: lower case, a few endings cut."""
    word = word.lower()
    for ending in ("innen", "ern", "en", "er", "es", "em", "e", "n", "s"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def actors_from_rows(rows: Sequence[Mapping[str, str]]) -> list[Actor]:
    """Actors from the rows of `actors.csv` (rows without an ID or name are left out)."""
    actors = []
    for row in rows:
        actor_id, name = row.get("actor_id", ""), row.get("name", "")
        if not (actor_id and name):
            continue
        words = tuple(_fold(w) for w in _WORD.findall(name) if w.lower() not in _STOPWORDS)
        short = tuple(_fold(w) for part in re.findall(r"\(([^)]*)\)", name)
                      for w in _WORD.findall(part))  # fmt: skip
        kind = row.get("kind", "")
        if kind == "person" and len(words) > 1:
            short += (words[-1],)
        actors.append(Actor(actor_id, name, kind, words, short))
    return actors


def find_mentions(sentence: str, actors: Sequence[Actor]) -> list[Mention]:
    """The actors a sentence names, each at the span of its words there."""
    present: dict[str, list[tuple[int, int]]] = {}
    for m in _WORD.finditer(sentence):
        present.setdefault(_fold(m.group()), []).append((m.start(), m.end()))
    mentions = []
    for actor in actors:
        short = [w for w in actor.short if w in present]
        full = [w for w in actor.words if w not in actor.short]
        if short:
            used = short
        elif full and all(w in present for w in full):
            used = full
        else:
            continue
        spans = [present[w][0] for w in used]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if end - start > 80:  # the words are scattered over the sentence: no name
            continue
        mentions.append(Mention(actor, start, end, sentence[start:end]))
    return mentions


def attribution_spans(sentence: str) -> list[tuple[int, int, str]]:
    """Where the sentence attributes a statement ("laut", "sagte", "zufolge" ...)."""
    return [(m.start(), m.end(), m.group()) for m in _ATTRIBUTION.finditer(sentence)]


def pick_claimant(
    sentence: str, mentions: Sequence[Mention], position: int
) -> tuple[Mention | None, str | None]:
    """The mention that states a number at `position`, and the attribution word, if any."""
    if not mentions:
        return None, None
    markers = attribution_spans(sentence)
    if markers:

        def to_marker(mention: Mention) -> tuple[int, int]:
            gap = min(max(start - mention.end, mention.start - end, 0) for start, end, _ in markers)
            return gap, abs(mention.start - position)

        best = min(mentions, key=to_marker)
        marker = min(markers, key=lambda m: max(m[0] - best.end, best.start - m[1], 0))
        return best, marker[2]
    return min(mentions, key=lambda m: abs(m.start - position)), None
