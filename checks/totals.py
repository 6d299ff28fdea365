"""Checks across figures of one claimant and between claimants: totals, trends, conflicts."""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check
from factgate.intervals import compare_not_greater, describe, intervals, severity_of

from ._quantities import CASUALTIES, CUMULATIVE


def _key(figures: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One text key per row from several columns (missing cells as empty text)."""
    parts = figures[columns].astype("string").fillna("")
    key = parts[columns[0]]
    for column in columns[1:]:
        key = key + "|" + parts[column]
    return key.astype(object)


def _day(dates: pd.Series) -> pd.Series:
    text: pd.Series = dates.dt.strftime("%Y-%m-%d").astype(str)
    return text


@check("casualties-within-deployed")
def casualties_within_deployed(figures: pd.DataFrame) -> Failures:
    """Casualties a claimant reports are no more than the troops it says were deployed.

    Why: "von den rund 11.000 ... etwa 6.000 getötet" only makes sense while 6.000 <= 11.000;
    this holds even where no `subset_of` relation was recorded. Compared per source,
    claimant, subject and date, as intervals (error on point or certain contradiction,
    warning when only explicit bounds could break it).
    Fails: western intelligence, casualties "etwa 12.000", deployed "rund 11.000".
    Passes: casualties "etwa 6.000", deployed "rund 11.000".
    """
    view = intervals(figures)
    key = _key(figures, ["source_id", "claimant_id", "subject", "date_end"])
    real = figures["stage"].ne("hypothetical").fillna(False).astype(bool)
    deployed = figures["quantity"].eq("troops_deployed").fillna(False).astype(bool) & real
    casualties = figures["quantity"].isin(CASUALTIES) & real
    # The largest deployment reported in a scope is the one every casualty count must fit in.
    parents = view[deployed].assign(key=key[deployed], position=figures.index[deployed])
    parents = parents.sort_values("point").drop_duplicates("key", keep="last").set_index("key")
    matched = parents.reindex(key).set_axis(figures.index)
    comparable = casualties & matched["position"].notna()
    certainty = compare_not_greater(view, matched).where(comparable)
    broken = certainty.notna()
    parent_rows = figures.loc[matched.loc[broken, "position"].astype(int)]
    message = (
        "`" + figures.loc[broken, "quantity"].astype(str) + "` "
        + describe(figures[broken]) + " exceeds `troops_deployed` "
        + describe(parent_rows).set_axis(figures.index[broken])
        + " of the same claimant and date"
    )  # fmt: skip
    return Failures(
        "figures", broken, message, ["quantity", "value_low", "value_best", "value_high"],
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("cumulative-not-falling")
def cumulative_not_falling(figures: pd.DataFrame) -> Failures:
    """A running total from one claimant about one subject does not fall over time.

    Why: troops deployed "bisher", munitions delivered "inzwischen" and casualties so far
    only grow; a later, smaller total from the same claimant is a typo or a changed
    definition that needs a note. Increments ("weitere") and hypotheticals are not totals.
    Each figure is compared with the one before it (by `date_end`) in its series.
    Fails: NIS, munitions "mehr als 10 Millionen" in June, "rund 5 Millionen" in July.
    Passes: "mehr als 10 Millionen" in June, "rund 12 Millionen" in July.
    """
    eligible = (
        figures["quantity"].isin(list(CUMULATIVE))
        & figures["increment"].eq(False)
        & figures["stage"].ne("hypothetical")
        & figures["date_end"].notna()
    ).fillna(False).astype(bool)  # fmt: skip
    key = _key(figures, ["claimant_id", "subject", "quantity", "unit"])
    order = pd.DataFrame({"key": key[eligible], "date_end": figures.loc[eligible, "date_end"]})
    order = order.sort_values(["key", "date_end"], kind="stable")
    view = intervals(figures).loc[order.index]
    by_series = order.groupby("key", sort=False)
    previous = view.groupby(order["key"], sort=False).shift(1)
    previous_position = pd.Series(order.index, index=order.index).groupby(order["key"]).shift(1)
    later_in_time = by_series["date_end"].shift(1).lt(order["date_end"])
    certainty = compare_not_greater(previous, view).where(later_in_time)
    certainty = certainty.reindex(figures.index)
    broken = certainty.notna()
    earlier = figures.loc[previous_position[broken[order.index]].astype(int)]
    message = (
        "`" + figures.loc[broken, "quantity"].astype(str) + "` falls to "
        + describe(figures[broken]) + " on " + _day(figures.loc[broken, "date_end"])
        + " from " + describe(earlier).set_axis(figures.index[broken])
        + " on " + _day(earlier["date_end"]).set_axis(figures.index[broken])
        + " (same claimant and subject)"
    )  # fmt: skip
    return Failures(
        "figures", broken, message, ["claimant_id", "quantity", "value_best", "date_end"],
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("conflicting-claims", severity="warning")
def conflicting_claims(figures: pd.DataFrame) -> Failures:
    """Figures of one quantity, subject and period whose intervals cannot both hold (warning).

    Why: when two claimants disagree beyond their stated bounds ("mehr als 10.000" against
    "bis zu 5.000" for the same period) the disagreement is news and belongs in the story;
    it is reported, never blocked. Only explicit bounds can conflict: "rund 11.000" and
    "rund 12.000" are compatible estimates.
    Fails (warning): "mehr als 10.000" and another claimant's "bis zu 5.000", same period.
    Passes: "rund 11.000" and "rund 12.000".
    """
    view = intervals(figures)
    eligible = (figures["stage"].ne("hypothetical") & figures["date_start"].notna()).fillna(False)
    eligible = eligible.astype(bool)
    key = _key(figures, ["quantity", "subject", "unit", "date_start", "date_end"])[eligible]
    rows = view[eligible]
    # Against the group's tightest opposite bounds: the largest low and the smallest high.
    above = rows["low"] > rows["high"].groupby(key).transform("min")
    below = rows["high"] < rows["low"].groupby(key).transform("max")
    broken = (above | below).reindex(figures.index).fillna(False).astype(bool)
    side = above.reindex(figures.index[broken]).map({True: "below", False: "above"})
    message = (
        "`" + figures.loc[broken, "claimant_id"].astype(str) + "` says "
        + describe(figures[broken]) + "; another claim for the same quantity, subject and "
        + "period lies entirely " + side + " it (see the other rows of this rule)"
    )  # fmt: skip
    cells = ["claimant_id", "quantity", "value_low", "value_best", "value_high", "date_end"]
    return Failures("figures", broken, message, cells)
