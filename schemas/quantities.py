"""`vocabulary/quantities.csv`: what a figure may count, and what the checks know about it."""

from __future__ import annotations

import pandas as pd
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field, terms_field


class Quantities(FactgateModel):
    """One row per quantity: whether it is a running total, a casualty count or a deployment,
    and the German word stems an evidence phrase for it uses (and must not use)."""

    quantity: Series[str] = term_field(unique=True)
    description: Series[str]
    cumulative: Series[pd.BooleanDtype]
    casualty: Series[pd.BooleanDtype]
    deployment: Series[pd.BooleanDtype]
    evidence_words: Series[str] = terms_field(nullable=False)
    excluded_words: Series[str] = terms_field(nullable=True)
