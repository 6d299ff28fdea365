"""Small vectorised helpers the checks share: figures as intervals, looked up by ID.

Messages are built for failing rows only (`shown`), since formatting every row's number as
text costs more than the comparisons themselves at 100,000 rows.
"""

from __future__ import annotations

import pandas as pd

from factgate.intervals import describe, intervals


def figure_view(figures: pd.DataFrame) -> pd.DataFrame:
    """Intervals and the key columns of each figure, indexed by figure_id.

    A duplicated ID keeps its first row (the duplicate itself is a schema error).
    """
    view = intervals(figures)
    for column in ("figure_id", "claimant_id", "subject", "quantity", "unit", "stage"):
        view[column] = figures[column].astype(object)
    view = view[view["figure_id"].notna()]
    return view.drop_duplicates("figure_id").set_index("figure_id")


def ends(
    relations: pd.DataFrame, figures: pd.DataFrame, relation: str
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """For the relation rows of one kind: a mask over `relations`, and the figure views of
    their `figure_id` end and `other_id` end, aligned with those rows."""
    rows = relations["relation"].eq(relation).fillna(False).astype(bool)
    view = figure_view(figures)
    chosen = relations[rows]
    own = view.reindex(chosen["figure_id"].astype(object)).set_axis(chosen.index)
    other = view.reindex(chosen["other_id"].astype(object)).set_axis(chosen.index)
    return rows, own, other


def shown(figures: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """Each of `ids` (figure IDs) mapped to its number as the dataset states it ("~11000")."""
    wanted = figures[figures["figure_id"].isin(ids.dropna().unique())]
    text = describe(wanted).set_axis(wanted["figure_id"].astype(object))
    return ids.map(text[~text.index.duplicated()]).fillna("?").astype(str)
