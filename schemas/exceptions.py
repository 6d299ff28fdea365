"""`exceptions.csv`: reviewed exceptions that silence one rule on one row until they go stale."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from factgate.schema import FactgateModel


class Exceptions(FactgateModel):
    """One reviewed exception: the rule, the row, why, who, until when, and the row's hash."""

    rule: Series[str] = pa.Field(
        str_matches=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        description="a rule ID such as `casualties-within-deployed`",
    )
    row_id: Series[str]
    reason: Series[str]
    reviewed_by: Series[str]
    expires_on: Series[pd.Timestamp]
    row_hash: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{16,64}$", description="the hex digest `factgate except` wrote"
    )

    class Config:
        unique = ["rule", "row_id"]  # noqa: RUF012 (Pandera reads a plain class attribute)
