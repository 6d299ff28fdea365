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


#: Relations after which a figure counts part of another, not a total of its own.
_PART_RELATIONS = ("subset_of", "component_of")
#: Relations that tie two figures together so that they are not competing claims.
LINKING_RELATIONS = ("subset_of", "component_of", "increment_of")


def _by_id(figures: pd.DataFrame, column: str) -> pd.Series:
    named = figures[figures["figure_id"].notna()].drop_duplicates("figure_id")
    return named.set_index(named["figure_id"].astype(object))[column].astype(object)


def is_part(figures: pd.DataFrame, relations: pd.DataFrame) -> pd.Series:
    """True for figures that count a part rather than a total: `subset_of` or `component_of`
    a figure of the same quantity ("1.000 dieser Soldaten seien bereits eingetroffen" of the
    6.000 sent), or of an increment ("weitere 6.000", of which some arrived)."""
    rows = relations[relations["relation"].isin(_PART_RELATIONS).fillna(False).astype(bool)]
    quantity, increment = _by_id(figures, "quantity"), _by_id(figures, "increment")
    own = rows["figure_id"].astype(object)
    other = rows["other_id"].astype(object)
    same_quantity = own.map(quantity).eq(other.map(quantity)).fillna(False).astype(bool)
    of_increment = other.map(increment).eq(True).fillna(False).astype(bool)
    parts = own[same_quantity | of_increment]
    return figures["figure_id"].isin(parts.dropna().unique()).fillna(False).astype(bool)


def pair_keys(first: pd.Series, second: pd.Series) -> pd.Series:
    """An order-free text key per pair of IDs, so (a, b) and (b, a) match."""
    a, b = first.astype(str), second.astype(str)
    low = a.where(a <= b, b)
    high = b.where(a <= b, a)
    return (low + "\x1f" + high).astype(object)


def linked_pairs(relations: pd.DataFrame) -> pd.Series:
    """Order-free keys of the figure pairs a relation ties together (see LINKING_RELATIONS)."""
    rows = relations[relations["relation"].isin(LINKING_RELATIONS).fillna(False).astype(bool)]
    rows = rows.dropna(subset=["figure_id", "other_id"])
    return pair_keys(rows["figure_id"], rows["other_id"])


def day(dates: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD text for messages."""
    text: pd.Series = dates.dt.strftime("%Y-%m-%d").astype(str)
    return text


def text_key(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One text key per row from several columns (missing cells as empty text)."""
    parts = frame[columns].astype("string").fillna("")
    key = parts[columns[0]]
    for column in columns[1:]:
        key = key + "|" + parts[column]
    return key.astype(object)
