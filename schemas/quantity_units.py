"""`vocabulary/quantity_units.csv`: which units each quantity can be counted in."""

from __future__ import annotations

from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import term_field


class QuantityUnits(FactgateModel):
    """One row per fitting pair: `troops_deployed` in `persons`, munitions in `rounds`..."""

    quantity: Series[str] = term_field()
    unit: Series[str] = term_field()

    class Config:
        unique = ["quantity", "unit"]  # noqa: RUF012 (Pandera reads a plain class attribute)
