"""`sources.csv`: the articles figures are quoted from, with their translation provenance."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import language_field, slug_field


class Sources(FactgateModel):
    """One row per published source (ClaimReview's `appearance`)."""

    source_id: Series[str] = slug_field(unique=True)
    publisher: Series[str]
    title: Series[str]
    published_on: Series[pd.Timestamp]
    language: Series[str] = language_field()
    adapted_from_language: Series[str] = language_field(nullable=True)
    adapted_by: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(
        nullable=True, str_matches=r"^https?://\S+$", description="an http(s) address"
    )

    @pa.dataframe_check(
        error="`adapted_by` is {adapted_by} but `adapted_from_language` is "
        "{adapted_from_language}: a translation names both the language and who adapted it",
    )
    def _adaptation_complete(cls, df: pd.DataFrame) -> pd.Series:
        """A translated source says from which language and by whom, or neither.

        Why: a figure quoted from a translation may have changed in translation; the reader
        must be able to trace it. Fails: `adapted_by` = `Dang Yuan` with no
        `adapted_from_language`. Passes: `en` and `Dang Yuan`.
        """
        return df["adapted_by"].isna().eq(df["adapted_from_language"].isna())
