"""Every number phrase of a text: the counts a figure may hold and every other number.

Two readers need the same list. `factgate extract` turns the counts into draft figures and the
dates into draft events; the `numbers-accounted-for` check asks that every phrase be some row's
evidence or a line of `data/ignored_numbers.csv`. A phrase is

* a count, as `factgate.numerals.find_counts` reads it, hedge and increment word included
  ("rund 11.000", "weitere 6000", "Hunderttausende", "sechs");
* a date that holds digits ("2. Juli 2025", "am Montag (30.6.25)");
* any other number: a year ("seit 2022"), a percentage ("5 Prozent"), a fraction or factor
  ("zwei Drittel"), digits the count parser rejects ("1.5").

Digits glued to letters are part of a name and no number phrase ("F-16", "G7", "SA-22").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from factgate.extract.dates import DatePhrase, find_dates
from factgate.extract.sentences import Sentence
from factgate.extract.spans import Occupied
from factgate.numerals import Count, find_counts, parse_number

__all__ = ["NumberPhrase", "number_phrases"]

PhraseKind = Literal["count", "date", "other"]

_DIGITS: Final = re.compile(r"(?<![\w-])[0-9]+(?:[.,:/][0-9]+)*(?:\s?(?:%|Prozent\w*))?(?![\w-])")
_WORD: Final = re.compile(r"\b[^\W\d_]+\b")
_ARTICLES: Final = frozenset({"ein", "eine", "einer", "einem", "einen", "eines", "eins"})


@dataclass(frozen=True)
class NumberPhrase:
    """One number phrase of a sentence, with its span in the whole prepared text."""

    kind: PhraseKind
    text: str
    start: int
    end: int
    sentence: int
    count: Count | None = None
    date: DatePhrase | None = None

    @property
    def reason(self) -> str:
        """Why a phrase that is no count was found, in the words `ignored_numbers.csv` uses."""
        if self.kind == "date":
            return "a date"
        if self.kind == "count":
            return "a count"
        if re.fullmatch(r"(?:19|20)[0-9]{2}", self.text):
            return "a year"
        if "%" in self.text or "prozent" in self.text.lower():
            return "a percentage"
        return "a number that is no count"


def number_phrases(sentence: Sentence, published: dt.date) -> list[NumberPhrase]:
    """The number phrases of one sentence of a prepared text, left to right."""
    body = sentence.text
    base = sentence.start
    phrases: list[NumberPhrase] = []
    taken = Occupied(len(body))

    def add(kind: PhraseKind, start: int, end: int, **extra: object) -> None:
        taken.take(start, end)
        phrases.append(
            NumberPhrase(kind, body[start:end], base + start, base + end, sentence.number,
                         **extra)  # type: ignore[arg-type]
        )  # fmt: skip

    free = taken.free

    for count in find_counts(body):
        add("count", count.start, count.end, count=count)
    for date in find_dates(body, published):
        if any(ch.isdigit() for ch in date.text) and free(date.start, date.end):
            add("date", date.start, date.end, date=date)
    for m in _DIGITS.finditer(body):
        if free(m.start(), m.end()):
            add("other", m.start(), m.end())
    for m in _WORD.finditer(body):
        word = m.group()
        if word.lower() in _ARTICLES or not free(m.start(), m.end()):
            continue
        if parse_number(word) is not None and not (word[0].isupper() and m.start() > 0):
            add("other", m.start(), m.end())
    return sorted(phrases, key=lambda p: p.start)
