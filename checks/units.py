"""Checks that a figure's unit and its evidence fit what it claims to count."""

from __future__ import annotations

import pandas as pd

from factgate import Failures, check

from ._quantities import EVIDENCE_WORDS, UNITS_FOR_QUANTITY


@check("unit-fits-quantity")
def unit_fits_quantity(figures: pd.DataFrame) -> Failures:
    """The unit is one that the quantity can be counted in.

    Why: troops are counted in persons and shells in rounds or items; "11000 rounds of troops"
    is an edit in the wrong column, and comparisons between figures assume the units fit.
    Fails: `troops_deployed` in `rounds`. Passes: `troops_deployed` in `persons`.
    """
    expected = {quantity: " or ".join(units) for quantity, units in UNITS_FOR_QUANTITY.items()}
    known = [
        f"{quantity}/{unit}" for quantity, units in UNITS_FOR_QUANTITY.items() for unit in units
    ]
    fits = (figures["quantity"].astype(str) + "/" + figures["unit"].astype(str)).isin(known)
    checkable = figures["quantity"].isin(list(UNITS_FOR_QUANTITY)) & figures["unit"].notna()
    message = (
        "`unit` "
        + figures["unit"].astype(str)
        + " does not fit `quantity` "
        + figures["quantity"].astype(str)
        + "; expected "
        + figures["quantity"].map(expected).astype(str)
    )
    return Failures("figures", checkable & ~fits, message, ["quantity", "unit"])


@check("evidence-names-quantity")
def evidence_names_quantity(figures: pd.DataFrame) -> Failures:
    """The evidence phrase uses a word for what the figure counts.

    Why: a figure whose `quantity` was changed by mistake (troops deployed recorded as
    casualties) still has its old quote; the quote's words betray the edit. The word lists
    are German and live in `checks/_quantities.py`.
    Fails: `casualties_kw` with "rund 11.000 nordkoreanischen Soldaten". Passes:
    `troops_deployed` with the same phrase.
    """
    evidence = figures["evidence"].astype("string").str.lower()
    quantity = figures["quantity"]
    broken = pd.Series(False, index=figures.index)
    for name, (wanted, unwanted) in EVIDENCE_WORDS.items():
        rows = quantity.eq(name) & evidence.notna()
        if not rows.any():
            continue
        missing = ~evidence.str.contains(wanted, regex=True).fillna(False)
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
