"""Checks that a figure's unit and its evidence fit what it claims to count."""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check
from factgate.vocabulary import evidence_patterns, units_by_quantity


@check("unit-fits-quantity")
def unit_fits_quantity(
    figures: pd.DataFrame, quantities: pd.DataFrame, quantity_units: pd.DataFrame
) -> Failures:
    """The unit is one that the quantity can be counted in (data/vocabulary/quantity_units.csv).

    Why: troops are counted in persons and shells in rounds or items; "11000 rounds of troops"
    is an edit in the wrong column, and comparisons between figures assume the units fit.
    Fails: `troops_deployed` in `rounds`. Passes: `troops_deployed` in `persons`.
    """
    units = units_by_quantity(quantity_units)
    expected = {quantity: " or ".join(names) for quantity, names in units.items()}
    known = [f"{quantity}/{unit}" for quantity, names in units.items() for unit in names]
    fits = (figures["quantity"].astype(str) + "/" + figures["unit"].astype(str)).isin(known)
    # An unknown quantity or unit is a `value-vocabulary` finding already; a known quantity
    # with no unit paired in the vocabulary fits no unit.
    known_quantities = quantities["quantity"].dropna().unique()
    checkable = figures["quantity"].isin(known_quantities) & figures["unit"].notna()
    message = (
        "`unit` "
        + figures["unit"].astype(str)
        + " does not fit `quantity` "
        + figures["quantity"].astype(str)
        + "; expected "
        + figures["quantity"]
        .map(expected)
        .fillna("a unit paired with it in data/vocabulary/quantity_units.csv (none is)")
        .astype(str)
    )
    return Failures("figures", checkable & ~fits, message, ["quantity", "unit"])


@check("evidence-names-quantity")
def evidence_names_quantity(figures: pd.DataFrame, quantities: pd.DataFrame) -> Failures:
    """The evidence phrase uses a word for what the figure counts.

    Why: a figure whose `quantity` was changed by mistake (troops deployed recorded as
    casualties) still has its old quote; the quote's words betray the edit. The German word
    stems are each quantity's `evidence_words` (and `excluded_words`) in
    data/vocabulary/quantities.csv.
    Fails: `casualties_kw` with "rund 11.000 nordkoreanischen Soldaten". Passes:
    `troops_deployed` with the same phrase.
    """
    evidence = figures["evidence"].astype("string").str.lower()
    quantity = figures["quantity"]
    broken = pd.Series(False, index=figures.index)
    for name, (wanted, unwanted) in evidence_patterns(quantities).items():
        rows = quantity.eq(name) & evidence.notna()
        if not rows.any():
            continue
        missing = ~evidence.str.contains(wanted, regex=True).fillna(False) if wanted else False
        stray = evidence.str.contains(unwanted, regex=True).fillna(False) if unwanted else False
        broken |= rows & (missing | stray)
    message = (
        "`evidence` "
        + figures["evidence"].astype(str).map(repr)
        + " has no word for `quantity` "
        + quantity.astype(str)
        + " (or a word of another quantity)"
    )
    return Failures("figures", broken, message, ["quantity", "evidence"])
