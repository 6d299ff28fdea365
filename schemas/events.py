"""`events.csv`: dated happenings the article reports (visits, announcements, broadcasts)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._dates import span_agrees_with_precision, start_not_after_end
from ._vocabulary import EVIDENCE_MAX_CHARS, PRECISIONS, WEEKDAYS_DE, slug_field


class Events(FactgateModel):
    """A dated event, with the weekday as the article states it where it does."""

    event_id: Series[str] = slug_field(unique=True)
    source_id: Series[str] = slug_field()
    kind: Series[str]  # a row of data/vocabulary/event_kinds.csv
    actor_id: Series[str] = slug_field()
    date_start: Series[pd.Timestamp]
    date_end: Series[pd.Timestamp]
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    weekday_stated: Series[str] = pa.Field(nullable=True, isin=WEEKDAYS_DE)
    location: Series[str] = pa.Field(nullable=True)
    evidence: Series[str] = pa.Field(str_length={"max_value": EVIDENCE_MAX_CHARS})
    notes: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(
        error="`date_start` {date_start} is after `date_end` {date_end}",
    )
    def _dates_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """`date_start` is on or before `date_end`.

        Why: a period that ends before it starts is a typo in one of the two dates.
        Fails: 2025-07-02 to 2025-06-30. Passes: 2025-06-30 to 2025-07-02.
        """
        return start_not_after_end(df)

    @pa.dataframe_check(
        error="`date_precision` {date_precision} does not fit {date_start} to {date_end}",
    )
    def _precision_matches_span(cls, df: pd.DataFrame) -> pd.Series:
        """The precision agrees with the span of the dates (see figures.csv)."""
        return span_agrees_with_precision(df)
