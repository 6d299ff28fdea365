"""Checks across figures of one claimant and between claimants: totals, trends, conflicts.

Claims are compared as claims: a running total with earlier totals of the same series, never
with an increment ("weitere 6.000") or a part of one ("1.000 dieser Soldaten seien bereits
eingetroffen"); a report never with a plan or a hypothetical; and two claimants' figures only
when they could be competing answers to one question (same quantity, subject, place, period
and stage, both totals or both increments, and no relation saying how they fit together).
What a quantity is (a running total, a casualty count, a deployment) and what a stage is (a
report, a plan, a hypothetical) comes from the dataset's vocabulary tables.
"""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check
from factgate.intervals import compare_not_greater, describe, intervals, severity_of
from factgate.vocabulary import REPORT, flagged, kind_of_stage

from ._frames import day, is_part, linked_pairs, pair_keys, text_key


def _reports(figures: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Figures whose stage is a report of what happened (not a plan or a hypothetical)."""
    return kind_of_stage(figures["stage"], stages).eq(REPORT).fillna(False).astype(bool)


def _totals(figures: pd.DataFrame, relations: pd.DataFrame, stages: pd.DataFrame) -> pd.Series:
    """Reported, dated figures that state a total: no increment and no part of another."""
    return (
        _reports(figures, stages)
        & figures["increment"].eq(False).fillna(False).astype(bool)
        & ~is_part(figures, relations)
        & figures["date_end"].notna()
    )


@check("casualties-within-deployed")
def casualties_within_deployed(
    figures: pd.DataFrame, relations: pd.DataFrame, quantities: pd.DataFrame, stages: pd.DataFrame
) -> Failures:
    """Casualties a claimant reports are no more than the troops it last said were deployed.

    Why: "von den rund 11.000 ... etwa 6.000 getötet" only makes sense while 6.000 <= 11.000;
    this holds even where no `subset_of` relation was recorded. Each casualty figure (a
    quantity marked `casualty` in data/vocabulary/quantities.csv) is compared with the same
    claimant's latest total deployment of the same subject reported on or before its date:
    a reported total (not an increment, not part of another figure, not a plan or a
    hypothetical). Another claimant's deployment is compared only through an explicit
    `subset_of` (subset-within-parent). Intervals: an error when the estimates or all
    possible values contradict, a warning when only explicit bounds could.
    Fails: western intelligence, casualties "etwa 12.000", deployed "rund 11.000".
    Passes: casualties "etwa 6.000", deployed "rund 11.000"; "rund 2.000" dead against a
    newly arrived contingent of 1.000 that is `subset_of` the pledged increment.
    """
    view = intervals(figures)
    key = text_key(figures, ["claimant_id", "subject"])
    reported = _reports(figures, stages) & figures["date_end"].notna()
    casualties = figures["quantity"].isin(flagged(quantities, "casualty")) & reported
    deployed = figures["quantity"].isin(flagged(quantities, "deployment")) & _totals(
        figures, relations, stages
    )
    # Per claimant, subject and day, the largest deployment stated (the kindest to compare
    # with); then, for each casualty figure, the latest such day on or before its own.
    parents = pd.DataFrame(
        {
            "key": key[deployed],
            "date_end": figures.loc[deployed, "date_end"],
            "high": view.loc[deployed, "high"],
            "ceiling": view.loc[deployed, "ceiling"].fillna(-1.0),
            "parent": figures.index[deployed],
        }
    ).sort_values(["key", "date_end", "high", "ceiling"], kind="stable")
    parents = parents.drop_duplicates(["key", "date_end"], keep="last").sort_values("date_end")
    children = pd.DataFrame(
        {"key": key[casualties], "date_end": figures.loc[casualties, "date_end"],
         "child": figures.index[casualties]}
    ).sort_values("date_end")  # fmt: skip
    matched = pd.merge_asof(
        children, parents[["key", "date_end", "parent"]], on="date_end", by="key",
        direction="backward",
    ).dropna(subset="parent")  # fmt: skip
    child = pd.Index(matched["child"].astype("int64"))
    parent = pd.Index(matched["parent"].astype("int64"))
    certainty = compare_not_greater(view.loc[child], view.loc[parent].set_axis(child)).reindex(
        figures.index
    )
    broken = certainty.notna()
    hit = child[broken.loc[child].to_numpy()]
    parent_rows = figures.loc[parent[broken.loc[child].to_numpy()]]
    message = (
        "`" + figures.loc[hit, "quantity"].astype(str) + "` "
        + describe(figures.loc[hit]) + " exceeds the `"
        + parent_rows["quantity"].astype(str).set_axis(hit) + "` "
        + describe(parent_rows).set_axis(hit) + " (`"
        + parent_rows["figure_id"].astype(str).set_axis(hit)
        + "`) the same claimant reported on " + day(parent_rows["date_end"]).set_axis(hit)
    )  # fmt: skip
    return Failures(
        "figures", broken, message, ["quantity", "value_low", "value_best", "value_high"],
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("cumulative-not-falling")
def cumulative_not_falling(
    figures: pd.DataFrame, relations: pd.DataFrame, quantities: pd.DataFrame, stages: pd.DataFrame
) -> Failures:
    """A running total from one claimant about one subject does not fall over time.

    Why: troops deployed "bisher", munitions delivered "inzwischen" and casualties so far
    only grow; a later, smaller total from the same claimant is a typo or a changed
    definition that needs a note. A series is one claimant, subject, quantity (marked
    `cumulative` in data/vocabulary/quantities.csv), unit and place; only reported totals
    take part (no increments, no parts of other figures, no plans or hypotheticals). Each
    figure is compared with the strongest earlier one of its series (the largest stated
    estimate before its `date_end`). A lone floor is no estimate: "mehr als 10.000" after
    "rund 11.000" agrees.
    Fails: NIS, munitions "mehr als 10 Millionen" in June, "rund 5 Millionen" in July.
    Passes: "mehr als 10 Millionen" in June, "rund 12 Millionen" in July; "rund 11.000"
    in June and "mehr als 10.000" in July.
    """
    eligible = figures["quantity"].isin(flagged(quantities, "cumulative")) & _totals(
        figures, relations, stages
    )
    view = intervals(figures)
    rows = pd.DataFrame(
        {
            "key": text_key(figures, ["claimant_id", "subject", "quantity", "unit", "location"]),
            "date_end": figures["date_end"],
            "strength": view["floor"].fillna(-1.0),
            "position": figures.index,
        }
    )[eligible]
    # One representative per series and day (its strongest figure), then for each day the
    # strongest representative of all earlier days: the figure a later total must not fall
    # below.
    days = rows.sort_values(["key", "date_end", "strength"], kind="stable")
    days = days.drop_duplicates(["key", "date_end"], keep="last")
    best_so_far = days.groupby("key", sort=False)["strength"].cummax()
    leader = days["position"].where(days["strength"].eq(best_so_far))
    leader = leader.groupby(days["key"], sort=False).ffill()
    days = days.assign(earlier=leader.groupby(days["key"], sort=False).shift(1))
    earlier = rows.merge(days[["key", "date_end", "earlier"]], on=["key", "date_end"])
    earlier = earlier.dropna(subset="earlier")
    current = pd.Index(earlier["position"].astype("int64"))
    previous = pd.Index(earlier["earlier"].astype("int64"))
    certainty = compare_not_greater(
        view.loc[previous].set_axis(current), view.loc[current]
    ).reindex(figures.index)
    broken = certainty.notna()
    keep = broken.loc[current].to_numpy()
    hit, before = current[keep], figures.loc[previous[keep]]
    message = (
        "`" + figures.loc[hit, "quantity"].astype(str) + "` falls to "
        + describe(figures.loc[hit]) + " on " + day(figures.loc[hit, "date_end"])
        + " from " + describe(before).set_axis(hit) + " (`"
        + before["figure_id"].astype(str).set_axis(hit) + "`) on "
        + day(before["date_end"]).set_axis(hit) + " (same claimant, subject and place)"
    )  # fmt: skip
    return Failures(
        "figures", broken, message, ["claimant_id", "quantity", "value_best", "date_end"],
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("conflicting-claims", severity="warning")
def conflicting_claims(
    figures: pd.DataFrame, relations: pd.DataFrame, stages: pd.DataFrame
) -> Failures:
    """Two claimants' figures for one question whose intervals cannot both hold (warning).

    Why: when two claimants disagree beyond their stated bounds ("mehr als 10.000" against
    "bis zu 5.000" for the same period) the disagreement is news and belongs in the story;
    it is reported, never blocked. Only figures that answer the same question are compared:
    same quantity, subject, unit, place, period and stage, both totals or both increments,
    and no `subset_of`, `component_of` or `increment_of` between them (a part and its
    whole, an increment and its total are not competing claims). Hypotheticals are never
    compared. Only explicit bounds can conflict: "rund 11.000" and "rund 12.000" are
    compatible estimates.
    Fails (warning): "mehr als 10.000" and another claimant's "bis zu 5.000", same period.
    Passes: "rund 11.000" and "rund 12.000"; the same bounds a week apart; "weitere 6.000"
    planned and "1.000 dieser Soldaten" arrived, related `subset_of`.
    """
    view = intervals(figures)
    kind = kind_of_stage(figures["stage"], stages)
    eligible = (kind.notna() & kind.ne("hypothetical") & figures["date_start"].notna()).fillna(
        False
    ).astype(bool)  # fmt: skip
    question = text_key(
        figures,
        ["quantity", "subject", "unit", "location", "date_start", "date_end", "stage",
         "increment"],
    )  # fmt: skip
    rows = pd.DataFrame(
        {
            "question": question, "low": view["low"], "high": view["high"],
            "claimant": figures["claimant_id"].astype(object),
            "figure_id": figures["figure_id"].astype(object), "position": figures.index,
        }
    )[eligible]  # fmt: skip
    # Candidates only: a row above the question's smallest ceiling, against rows below it.
    above = rows[rows["low"] > rows.groupby("question")["high"].transform("min")]
    below = rows[rows["high"] < rows.groupby("question")["low"].transform("max")]
    pairs = above.merge(below, on="question", suffixes=("", "_other"))
    pairs = pairs[
        (pairs["low"] > pairs["high_other"])
        & pairs["claimant"].ne(pairs["claimant_other"])
        & ~pair_keys(pairs["figure_id"], pairs["figure_id_other"]).isin(linked_pairs(relations))
    ]
    both = pd.concat(
        [
            pairs[["position", "figure_id_other", "claimant_other"]].set_axis(
                ["position", "other", "other_claimant"], axis=1
            ),
            pairs[["position_other", "figure_id", "claimant"]].set_axis(
                ["position", "other", "other_claimant"], axis=1
            ),
        ]
    ).sort_values(["position", "other"], kind="stable")
    counts = both.groupby("position")["other"].transform("size")
    first = both.assign(others=counts).drop_duplicates("position").set_index("position")
    broken = pd.Series(figures.index.isin(first.index), index=figures.index)
    first = first.reindex(figures.index[broken])
    more = (first["others"] - 1).map(lambda n: f" and {n} more" if n else "")
    hit = figures.index[broken]
    named = figures[figures["figure_id"].notna()].drop_duplicates("figure_id")
    other_rows = named.set_index(named["figure_id"].astype(object)).loc[first["other"]]
    message = (
        "`" + figures.loc[hit, "claimant_id"].astype(str) + "` says "
        + describe(figures.loc[hit]) + " but `" + first["other_claimant"].astype(str)
        + "` says " + describe(other_rows).set_axis(hit)
        + " (`" + first["other"].astype(str) + "`" + more.astype(str)
        + ") for the same quantity, subject, place, period and stage"
    )  # fmt: skip
    cells = ["claimant_id", "quantity", "value_low", "value_best", "value_high", "date_end"]
    return Failures("figures", broken, message, cells)
