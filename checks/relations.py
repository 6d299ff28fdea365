"""Checks on how related figures agree: subsets, components and alternative claims."""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check
from factgate.intervals import certainty_of, compare_not_greater, disjoint, severity_of

from ._frames import ends, shown

_RELATION_CELLS = ["figure_id", "relation", "other_id"]


@check("subset-within-parent")
def subset_within_parent(relations: pd.DataFrame, figures: pd.DataFrame) -> Failures:
    """A figure related `subset_of` another is no larger than it.

    Why: casualties are among the soldiers deployed, and the coffins shown are among the
    dead; a subset larger than its parent means one of the two numbers is wrong. Compared as
    intervals: an error when the point estimates or all possible values contradict, a warning
    when only explicit bounds could.
    Fails: "etwa 12.000 getötet" `subset_of` "rund 11.000 Soldaten". Passes: "etwa 6.000"
    `subset_of` "rund 11.000".
    """
    rows, own, parent = ends(relations, figures, "subset_of")
    certainty = compare_not_greater(own, parent).reindex(relations.index)
    broken = rows & certainty.notna()
    hit = relations[broken]
    message = (
        "`" + hit["figure_id"].astype(str) + "` (" + shown(figures, hit["figure_id"])
        + ") exceeds its parent `" + hit["other_id"].astype(str) + "` ("
        + shown(figures, hit["other_id"]) + ")"
    )  # fmt: skip
    return Failures(
        "relations", broken, message, _RELATION_CELLS,
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("components-within-total")
def components_within_total(relations: pd.DataFrame, figures: pd.DataFrame) -> Failures:
    """Figures related `component_of` one total add up to no more than it.

    Why: killed plus wounded cannot exceed the casualties they make up. Per total, the sum
    of the parts' lows against its high (certain), of their estimates (best, else a stated
    floor) against its best or stated ceiling (point), and of their explicit highs against
    its stated low (possible).
    Fails: 4000 killed and 3000 wounded, both `component_of` "etwa 6.000" casualties.
    Passes: 2000 killed and 3000 wounded.
    """
    rows, part, total = ends(relations, figures, "component_of")
    target = relations.loc[rows, "other_id"]
    low_sum = part["low"].groupby(target).transform("sum")
    # What the article estimates the parts to be at least (best, else a stated floor).
    floor_sum = part["floor"].groupby(target).transform("sum")
    high_sum = part["high"].groupby(target).transform("sum")
    all_explicit = (~part["high_open"].fillna(True).astype(bool)).groupby(target).transform("all")
    total_low_stated = ~total["low_open"].fillna(True).astype(bool)
    certain = low_sum > total["high"]
    point = floor_sum > total["ceiling"]
    possible = all_explicit & total_low_stated & (high_sum > total["low"])
    certainty = certainty_of(certain, point, possible, part.index).reindex(relations.index)
    broken = rows & certainty.notna()
    hit = relations[broken]
    message = (
        "components of `" + hit["other_id"].astype(str) + "` add up to "
        + floor_sum[broken[rows]].round().astype("Int64").astype(str)
        + ", more than its " + shown(figures, hit["other_id"])
    )  # fmt: skip
    return Failures(
        "relations", broken, message, _RELATION_CELLS,
        severity=severity_of(certainty), certainty=certainty,
    )  # fmt: skip


@check("alternative-claims-agree", severity="warning")
def alternative_claims_agree(relations: pd.DataFrame, figures: pd.DataFrame) -> Failures:
    """Figures related `alternative_claim_of` count the same thing and can both be true (warning).

    Why: two claims about one thing are recorded side by side rather than overwritten, and
    where they disagree (other numbers, other words, a hypothetical against a report) the
    reviewer should see it: disagreement is news, not an error.
    Fails (warning): Zinberg's hypothetical "weitere 6.000 Soldaten" against the announced
    "weitere 6000 Militäringenieure und Arbeiter". Passes: NIS and Shoigu both give 6000
    workers pledged.
    """
    rows, own, other = ends(relations, figures, "alternative_claim_of")
    resolved = own["quantity"].notna() & other["quantity"].notna()
    differs = {
        column: resolved & own[column].ne(other[column])
        for column in ("quantity", "subject", "unit", "stage")
    }
    points_differ = own["point"].notna() & other["point"].notna() & own["point"].ne(other["point"])
    apart = resolved & (disjoint(own, other) | points_differ)
    broken_rows = apart.copy()
    for mask in differs.values():
        broken_rows |= mask
    broken = rows & broken_rows.reindex(relations.index).fillna(False).astype(bool)
    hit = relations[broken]
    own_hit, other_hit = own.loc[hit.index], other.loc[hit.index]
    differences = pd.Series("", index=hit.index)
    for column, mask in differs.items():
        text = column + " " + own_hit[column].astype(str) + " vs " + other_hit[column].astype(str)
        differences = differences + text.where(mask.loc[hit.index], "").map(_then)
    numbers = (
        "numbers " + shown(figures, hit["figure_id"]) + " vs " + shown(figures, hit["other_id"])
    )
    differences = differences + numbers.where(apart.loc[hit.index], "").map(_then)
    message = (
        "`" + hit["figure_id"].astype(str) + "` and `" + hit["other_id"].astype(str)
        + "` differ: " + differences.str.removesuffix("; ")
    )  # fmt: skip
    return Failures("relations", broken, message, _RELATION_CELLS)


def _then(text: str) -> str:
    """A part of a list message followed by its separator (nothing for an empty part)."""
    return f"{text}; " if text else ""
