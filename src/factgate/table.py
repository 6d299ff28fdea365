"""A table as the engine holds it: typed cells plus where each row lives on disk.

Every producer of findings (the type step, Pandera, consistency checks, the gate) reports rows
by position in `Table.frame`; `Table.findings` turns those positions into `Finding`s with the
file, physical line and primary key a reviewer needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from factgate.findings import Certainty, Finding, Severity


@dataclass
class Table:
    """One table of the dataset, typed, with row positions mapped to lines and keys."""

    name: str
    file: str
    frame: pd.DataFrame
    raw: pd.DataFrame
    lines: npt.NDArray[np.int64]
    primary_key: tuple[str, ...]

    @property
    def row_ids(self) -> pd.Series:
        """The primary key of each row as text ("a|b" for a compound key)."""
        if not self.primary_key:
            return pd.Series([None] * len(self.raw), index=self.raw.index, dtype=object)
        # `fillna` first: a missing cell must not turn the joined key into a missing value.
        keys = self.raw[list(self.primary_key)].astype(object).fillna("").astype(str)
        joined = keys.iloc[:, 0]
        for name in self.primary_key[1:]:
            joined = joined + "|" + keys[name]
        # A row whose key cells are all empty has no ID to show: None, not "" and not NaN
        # (pandas' text dtype would put NaN where `where` is given None, so go through object).
        filled = (keys != "").any(axis=1)
        return joined.astype(object).where(filled, None)

    def findings(
        self,
        rule: str,
        severity: Severity | pd.Series,
        positions: Iterable[int] | npt.NDArray[np.int64] | pd.Index,
        messages: str | pd.Series,
        columns: Sequence[str],
        certainty: Certainty | pd.Series | None = None,
    ) -> list[Finding]:
        """Findings for the rows at `positions` (positions in `frame`, not labels).

        `messages`, `severity` and `certainty` are either one value for all rows or a Series
        indexed like `frame`. Cell values are taken as written in the CSV (`raw`), because that
        is what the reviewer will see when they open the file.
        """
        positions = np.asarray(list(positions) if not hasattr(positions, "__len__") else positions)
        if positions.size == 0:
            return []
        positions = positions.astype(np.int64)
        wanted = [name for name in columns if name in self.raw.columns]
        cells = self.raw.iloc[positions][wanted].to_dict("records") if wanted else None
        row_ids = self.row_ids.iloc[positions].tolist()
        message_list = _per_row(messages, positions)
        severity_list = _per_row(severity, positions)
        certainty_list = _per_row(certainty, positions)
        lines = self.lines[positions].tolist()
        return [
            Finding(
                rule=rule,
                severity=severity_list[i],
                message=message_list[i],
                file=self.file,
                line=lines[i],
                row_id=row_ids[i],
                columns={str(k): v for k, v in cells[i].items()} if cells is not None else {},
                certainty=certainty_list[i],
            )
            for i in range(len(positions))
        ]


def _per_row(value: object, positions: npt.NDArray[np.int64]) -> list:  # type: ignore[type-arg]
    if isinstance(value, pd.Series):
        return value.reindex(pd.Index(positions)).tolist()
    return [value] * len(positions)
