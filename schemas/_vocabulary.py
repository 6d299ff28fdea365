"""Field helpers and the engine's own vocabularies, shared by the table schemas.

The dataset's vocabularies (quantities, units, stages, event and actor kinds, relation kinds)
are data: tables under `data/vocabulary/`, referred to by foreign keys in
`data/datapackage.json`, so adding a word is a row edit. What stays here are the words the
engine itself gives meaning to: hedges (the numeral parser's), date precisions, the kinds of
stage, and German weekdays.
"""

from __future__ import annotations

from typing import Any, get_args

import pandera.pandas as pa

from factgate.numerals import Hedge
from factgate.schema import SLUG


def slug_field(*, unique: bool = False) -> Any:
    """An ID column: a lowercase slug, safe in URLs and as a file name."""
    return pa.Field(
        unique=unique,
        str_matches=rf"^{SLUG}$",
        description="a lowercase slug such as `troops-deployed-west`",
    )


#: One stem of a `|` list: no blank at either end, no empty stem.
_STEM = r"[^|\s](?:[^|]*[^|\s])?"
#: A vocabulary term: lowercase words joined by underscores (`troops_deployed`).
TERM = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"


def term_field(*, unique: bool = False) -> Any:
    """The key column of a vocabulary table."""
    return pa.Field(
        unique=unique,
        str_matches=rf"^{TERM}$",
        description="a lowercase term with underscores such as `troops_deployed`",
    )


def terms_field(*, nullable: bool) -> Any:
    """A list of German word stems separated by `|`, matched anywhere in a word."""
    return pa.Field(
        nullable=nullable,
        str_matches=rf"^{_STEM}(?:\|{_STEM})*$",
        description="German word stems separated by `|`, e.g. `soldat|truppe`",
    )


def country_field(*, nullable: bool = False) -> Any:
    """An ISO 3166-1 alpha-3 country code."""
    return pa.Field(
        nullable=nullable,
        str_matches=r"^[A-Z]{3}$",
        description="an ISO 3166-1 alpha-3 code such as `PRK`",
    )


def language_field(*, nullable: bool = False) -> Any:
    """An ISO 639-1 language code."""
    return pa.Field(
        nullable=nullable, str_matches=r"^[a-z]{2}$", description="an ISO 639-1 code such as `de`"
    )


#: The hedges are the numeral parser's, so a quote and its row can only use the same words.
HEDGES = list(get_args(Hedge))
#: What kind of statement a stage is; the checks reason over these three, so they are the
#: engine's words (the stages themselves are data: data/vocabulary/stages.csv).
STAGE_KINDS = ["report", "plan", "hypothetical"]
PRECISIONS = ["day", "week", "month", "year", "range"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
#: Evidence is a short quote, not a paragraph: at most about 15 words (docs/data-model.md).
EVIDENCE_MAX_CHARS = 160
