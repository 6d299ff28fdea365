"""`vocabulary/event_kinds.csv`: what kinds of dated happening `events.csv` records."""

from __future__ import annotations

from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field, terms_field


class EventKinds(FactgateModel):
    """One row per kind of event (visit, announcement, agreement...)."""

    kind: Series[str] = term_field(unique=True)
    description: Series[str]
    #: German word stems that name this kind in an article (`factgate extract` reads them).
    evidence_words: Series[str] = terms_field(nullable=True)
