"""`vocabulary/units.csv`: what figures are counted in (persons, rounds, items)."""

from __future__ import annotations

from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field


class Units(FactgateModel):
    """One row per unit."""

    unit: Series[str] = term_field(unique=True)
    description: Series[str]
