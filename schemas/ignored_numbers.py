"""`ignored_numbers.csv`: number phrases of a source text that are rightly no figure or event.

The `numbers-accounted-for` check asks that every number phrase of a source text be the
evidence of a row or listed here, with the reason it is no figure (a year, a page number, a
quote already entered), so a reviewer sees that nothing was left out by accident.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel

from ._vocabulary import EVIDENCE_MAX_CHARS, slug_field


class IgnoredNumbers(FactgateModel):
    """A number phrase of a source's text, in its numbered sentence, and why it is no row."""

    source_id: Series[str] = slug_field()
    phrase: Series[str] = pa.Field(str_length={"max_value": EVIDENCE_MAX_CHARS})
    sentence: Series[pd.Int64Dtype] = pa.Field(ge=1)
    reason: Series[str]

    class Config:
        unique = ["source_id", "sentence", "phrase"]  # noqa: RUF012 (Pandera reads a plain class attribute)
