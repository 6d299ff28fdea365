"""Split an article into numbered sentences, the unit every draft row and ignored number names.

A person confirming a draft reads "sentence 7", so the numbering must be the same every time
the same text is read: by `factgate extract`, by the `numbers-accounted-for` check and in
`data/ignored_numbers.csv`. Lines are paragraphs (a headline and a dateline are sentences of
their own); within a line a sentence ends at ".", "!" or "?" (and a closing quote after it)
before a capital, a digit or an opening quote, except after an abbreviation ("ca.", "Nr.",
"Dr.") or a one- or two-digit number ("am 2. Juli", "der 3. Versuch"), which in German is an
ordinal far more often than a sentence's last word.

A regex does this well enough on news prose; no registry splitter is a dependency of the
project, and adding one for this would add weight to every install of the validator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from factgate.texts import normalise_text

__all__ = ["Sentence", "prepare", "split_sentences"]

#: Lower-case words that take a period and never end a sentence.
_ABBREVIATIONS: Final = frozenset(
    {
        "ca", "rd", "nr", "dr", "prof", "bzw", "vgl", "usw", "etc", "mio", "mrd", "tsd", "abs",
        "art", "st", "jh", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept",
        "okt", "nov", "dez", "mind", "max", "inkl", "ggf", "evtl", "z", "b", "u", "a", "d",
        "h", "s", "o", "bspw", "sog", "gen", "hl", "str", "tel", "min", "std",
    }
)  # fmt: skip

_END: Final = re.compile(r"[.!?]+[\"“”»«'’)]*(?=\s+[\"„“«»(\[]?[A-ZÄÖÜ0-9])")
_WORD_BEFORE: Final = re.compile(r"(\S+?)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based number in the text and its span in the prepared text."""

    number: int
    start: int
    end: int
    text: str
    paragraph: int = 1  # 1-based number of its line


def prepare(raw: str) -> str:
    """The text as every reader sees it: each line normalised (quotes, dashes, blanks) the way
    `evidence-verbatim` normalises, line breaks kept so paragraphs stay apart."""
    return "\n".join(normalise_text(line) for line in raw.splitlines())


def _ends_here(line: str, match: re.Match[str]) -> bool:
    if match.group()[0] != ".":
        return True
    # Only the last word matters: look at a short stretch, not the whole line (a text that is
    # one endless line would otherwise cost time quadratic in its length).
    before = _WORD_BEFORE.search(line, max(0, match.start() - 60), match.start())
    word = before.group(1).lower().lstrip('("„“«»') if before else ""
    if word.isdigit() and len(word) <= 2:
        return False
    return word.split(".")[-1] not in _ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a prepared text, numbered from 1 in reading order."""
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.split("\n"), start=1):
        cut = 0
        for match in _END.finditer(line):
            if _ends_here(line, match):
                _add(sentences, line, offset, cut, match.end(), paragraph)
                cut = match.end()
        _add(sentences, line, offset, cut, len(line), paragraph)
        offset += len(line) + 1
    return sentences


def _add(
    sentences: list[Sentence], line: str, offset: int, start: int, end: int, paragraph: int
) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    first = start + (len(piece) - len(piece.lstrip()))
    sentences.append(
        Sentence(
            len(sentences) + 1,
            offset + first,
            offset + first + len(stripped),
            stripped,
            paragraph,
        )
    )
