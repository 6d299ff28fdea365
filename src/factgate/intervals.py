"""Figures as intervals, and comparisons that say how sure a contradiction is.

Each figure is an interval [low, high] (a missing bound is open: 0 below, since counts are not
negative, and infinity above) and, only when the article gives one, a point estimate
(`value_best`; for an exact figure low = best = high). A lone bound is never a point: "mehr als
10.000" agrees with 11.000. All functions take and return whole columns: no loop over rows.
Counts are whole numbers, so an exclusive bound becomes an inclusive one: "mehr als 10" is
[11, inf), "weniger als 100" is [0, 99]; no comparison needs to know about exclusivity.

For a rule "a <= b" (a part and its whole, an earlier and a later total) a contradiction is
- *certain* when every value a's interval allows exceeds every value b's allows (a's low above
  b's high);
- *point* when what the article estimates breaks it: a's best, or else its stated floor, is
  above b's best, or else its stated ceiling ("etwa 12.000" casualties against "rund 11.000"
  deployed; "mehr als 10.000" against "rund 9.000");
- *possible* when only explicit bounds leave room for a > b while the estimates agree: a's
  stated high is above b's stated low, and neither is a lone bound (a has a best or a floor,
  b a best or a ceiling): "zwischen 5.000 und 9.000" against "zwischen 8.000 und 12.000".
A lone floor on b's side or a lone ceiling on a's side never makes a finding: "bis zu 12.000"
casualties against "mindestens 10.000" deployed contradicts nothing. Certain and point
contradictions are errors, possible ones warnings (docs/intervals.md).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

Certainty = Literal["certain", "point", "possible"]
_EXCLUSIVE_LOW = {"more_than"}
_EXCLUSIVE_HIGH = {"less_than"}


def intervals(figures: pd.DataFrame) -> pd.DataFrame:
    """Interval view of figures, indexed like `figures`.

    Columns: inclusive `low` and `high` (0 and infinity stand in for open bounds, which
    `low_open` and `high_open` mark), `point` (the stated best, NaN without one), and the
    estimates the "point" comparisons use: `floor` (best, else the stated low, else NaN) and
    `ceiling` (best, else the stated high, else NaN).
    """
    low = figures["value_low"].astype("Float64")
    best = figures["value_best"].astype("Float64")
    high = figures["value_high"].astype("Float64")
    hedge = figures["hedge"].astype(object)
    frame = pd.DataFrame(index=figures.index)
    frame["low_open"] = low.isna().to_numpy(dtype=bool)
    frame["high_open"] = high.isna().to_numpy(dtype=bool)
    inclusive_low = low + hedge.isin(_EXCLUSIVE_LOW).astype("Float64")
    inclusive_high = high - hedge.isin(_EXCLUSIVE_HIGH).astype("Float64")
    frame["low"] = inclusive_low.fillna(0.0).to_numpy(dtype=float)
    frame["high"] = inclusive_high.fillna(np.inf).to_numpy(dtype=float)
    frame["point"] = best.to_numpy(dtype=float, na_value=np.nan)
    frame["floor"] = best.fillna(inclusive_low).to_numpy(dtype=float, na_value=np.nan)
    frame["ceiling"] = best.fillna(inclusive_high).to_numpy(dtype=float, na_value=np.nan)
    return frame


def compare_not_greater(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """How surely the rule `a <= b` is broken, row by row (a and b aligned interval frames).

    Returns a Series of "certain", "point", "possible", missing (None) where not broken.
    """
    certain = a["low"].to_numpy() > b["high"].to_numpy()
    point = a["floor"].to_numpy() > b["ceiling"].to_numpy()  # NaN compares False
    explicit = ~_flag(a["high_open"]) & ~_flag(b["low_open"])
    # A lone ceiling on a's side or a lone floor on b's side bounds nothing that could clash.
    anchored = a["floor"].notna().to_numpy() & b["ceiling"].notna().to_numpy()
    possible = explicit & anchored & (a["high"].to_numpy() > b["low"].to_numpy())
    return certainty_of(certain, point, possible, a.index)


def certainty_of(
    certain: npt.ArrayLike, point: npt.ArrayLike, possible: npt.ArrayLike, index: pd.Index
) -> pd.Series:
    """Label each row with the surest way it breaks a rule: "certain", "point", "possible",
    missing where none of the three boolean columns holds."""
    conditions = [np.asarray(c, dtype=bool) for c in (certain, point, possible)]
    labels = np.select(conditions, ["certain", "point", "possible"], default="")
    series = pd.Series(np.asarray(labels, dtype=object), index=index)
    result: pd.Series = series.where(series != "", None)
    return result


def disjoint(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """True where the two intervals cannot both hold (no value lies in both)."""
    a_above = a["low"].to_numpy() > b["high"].to_numpy()
    b_above = b["low"].to_numpy() > a["high"].to_numpy()
    return pd.Series(a_above | b_above, index=a.index)


def _flag(column: pd.Series) -> npt.NDArray[np.bool_]:
    """A boolean column that may hold missing values (rows without a match) as plain bools."""
    return column.fillna(False).to_numpy(dtype=bool)


def severity_of(certainty: pd.Series) -> pd.Series:
    """Errors for certain and point contradictions, warnings for possible ones."""
    return certainty.map({"certain": "error", "point": "error", "possible": "warning"})


def describe(figures: pd.DataFrame) -> pd.Series:
    """A short text of each figure's number as the dataset states it, for messages:
    "~11000", ">10000000", "6000", "10000-12000", "<=15000", ">=100000 (vague)"."""
    low = figures["value_low"].astype("Int64").astype("string")
    best = figures["value_best"].astype("Int64").astype("string")
    high = figures["value_high"].astype("Int64").astype("string")
    hedge = figures["hedge"].astype(object)
    text = pd.Series("?", index=figures.index, dtype="string")
    forms = {
        "exact": best,
        "approx": "~" + best,
        "more_than": ">" + low,
        "at_least": ">=" + low,
        "vague_plural": ">=" + low + " (vague)",
        "up_to": "<=" + high,
        "less_than": "<" + high,
        "just_under": "just under " + high,
        "range": low + "-" + high,
    }
    for name, form in forms.items():
        text = text.mask(hedge.eq(name) & form.notna(), form)
    return text.fillna("?").astype(object)
