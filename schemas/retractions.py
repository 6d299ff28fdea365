"""`retractions.csv`: the only way a figure leaves the dataset, with date and reason."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import SLUG_FIELD


class Retractions(FactgateModel):
    """A figure that was removed: its ID is never reused with another meaning."""

    figure_id: Series[str] = pa.Field(unique=True, **SLUG_FIELD)
    retracted_on: Series[pd.Timestamp]
    reason: Series[str]
