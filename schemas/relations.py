"""`relations.csv`: how figures bear on each other, which is what consistency checks compare."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import slug_field


class Relations(FactgateModel):
    """`figure_id` RELATION `other_id`, e.g. casualties `subset_of` troops deployed."""

    figure_id: Series[str] = slug_field()
    relation: Series[str]  # a row of data/vocabulary/relation_kinds.csv
    other_id: Series[str] = slug_field()
    note: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(
        error="`{figure_id}` is related to itself (`other_id` {other_id})",
    )
    def _relation_not_reflexive(cls, df: pd.DataFrame) -> pd.Series:
        """A figure is not related to itself.

        Why: a self-relation is a copy-paste slip and makes a subset check vacuous.
        Fails: `a,subset_of,a`. Passes: `a,subset_of,b`.
        """
        return df["figure_id"].ne(df["other_id"]).fillna(True).astype(bool)

    class Config:
        unique = ["figure_id", "relation", "other_id"]  # noqa: RUF012 (Pandera reads it)
