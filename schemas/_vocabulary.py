"""Controlled vocabularies and patterns shared by the table schemas.

Each list is the complete set of words a column may hold; adding a word is a schema change that
the checks in `checks/` may need to learn about (a new `quantity` needs its units and evidence
words in `checks/_quantities.py`; a test fails until it has them).
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


ACTOR_KINDS = [
    "person",
    "intelligence_service",
    "government",
    "military",
    "media",
    "unnamed_officials",
    "analysts",
]
QUANTITIES = [
    "troops_deployed",  # soldiers sent to fight
    "workers_pledged",  # engineers and labourers promised
    "casualties_kwc",  # killed, wounded or captured
    "casualties_kw",  # killed or wounded
    "casualties_killed",
    "munitions_delivered",  # shells, rockets and missiles handed over
    "coffins_shown",  # coffins visible in footage
]
#: Units figures are counted in; which fits which quantity is the `unit-fits-quantity` check's.
UNITS = ["items", "persons", "rounds"]
#: The hedges are the numeral parser's, so a quote and its row can only use the same words.
HEDGES = list(get_args(Hedge))
STAGES = ["claimed", "announced", "delivered", "visually_confirmed", "hypothetical"]
PRECISIONS = ["day", "week", "month", "year", "range"]
EVENT_KINDS = ["visit", "announcement", "confirmation", "ceremony", "broadcast", "publication"]
RELATIONS = ["subset_of", "component_of", "increment_of", "alternative_claim_of"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
#: Evidence is a short quote, not a paragraph (design section 3: at most ~15 words).
EVIDENCE_MAX_CHARS = 160
