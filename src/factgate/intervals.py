"""Figures as intervals, and comparisons that say how sure a contradiction is.

Each figure is an interval [low, high] (a missing bound is open: 0 below, since counts are not
negative, and infinity above), plus a point estimate: `value_best`, else the one bound it has
("mehr als 10 Millionen" stands at 10 Millionen). All functions take and return whole columns:
no loop over rows. Counts are whole numbers, so an exclusive bound becomes an inclusive one:
"mehr als 10" is [11, inf), "weniger als 100" is [0, 99]; no comparison needs to know about
exclusivity.

A rule "a <= b" is then broken
- *certainly* when every value a's interval allows exceeds every value b's allows;
- *by the point estimates* when a's point exceeds b's (the reported numbers contradict);
- *possibly* when explicit bounds (not open ones) leave room for a > b while the points agree.
The first two are errors, the third a warning (design section 4).
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
    """Interval view of figures: inclusive `low` and `high`, `low_open`, `high_open` and
    `point`, indexed like `figures`.

    `low_open`/`high_open` mark bounds the article did not state (0 and infinity stand in).
    """
    low = figures["value_low"].astype("Float64")
    best = figures["value_best"].astype("Float64")
    high = figures["value_high"].astype("Float64")
    hedge = figures["hedge"].astype(object)
    frame = pd.DataFrame(index=figures.index)
    frame["low_open"] = low.isna().to_numpy(dtype=bool)
    frame["high_open"] = high.isna().to_numpy(dtype=bool)
    frame["low"] = (low.fillna(0.0) + hedge.isin(_EXCLUSIVE_LOW)).to_numpy(dtype=float)
    frame["high"] = (high.fillna(np.inf) - hedge.isin(_EXCLUSIVE_HIGH)).to_numpy(dtype=float)
    # The one bound a figure has stands in for a missing best; a range has two and so no point.
    one_bound = low.where(high.isna()).fillna(high.where(low.isna()))
    point = best.fillna(one_bound)
    frame["point"] = point.to_numpy(dtype=float, na_value=np.nan)
    return frame


def compare_not_greater(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """How surely the rule `a <= b` is broken, row by row (a and b aligned interval frames).

    Returns a Series of "certain", "point", "possible", missing (NA) where not broken.
    """
    # Every a exceeds every b: a's lowest possible value is above b's highest.
    certain = a["low"].to_numpy() > b["high"].to_numpy()
    point = a["point"].to_numpy() > b["point"].to_numpy()
    explicit = ~_flag(a["high_open"]) & ~_flag(b["low_open"])
    possible = explicit & (a["high"].to_numpy() > b["low"].to_numpy())
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
