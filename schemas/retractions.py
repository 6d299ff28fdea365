"""`retractions.csv`: the only way a figure leaves the dataset, with date and reason."""

from __future__ import annotations

import pandas as pd
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import slug_field


class Retractions(FactgateModel):
    """A figure that was removed: its ID is never reused with another meaning."""

    figure_id: Series[str] = slug_field(unique=True)
    retracted_on: Series[pd.Timestamp]
    reason: Series[str]
