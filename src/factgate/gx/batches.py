"""The frames Great Expectations validates, built by factgate's engine.

Parsing and typing are the engine's (`factgate.csvload.read_table`, `factgate.coerce`), done
exactly as `factgate.validate` does them, so GX and Pandera judge the same values. Per table GX
gets two batches:

- `typed`: the typed frame Pandera validates, plus the columns the translation joins on (a
  source's `published_on` beside each figure) and two naming columns;
- `text`: the cells of the non-text columns as written (empty cells missing), for `cell-type`
  (a typed frame cannot show a cell that did not parse: it holds a null there).

The naming columns are the row's key (its primary key as factgate's reports write it, compound
keys joined by `|`) and its physical CSV line: GX reports failing rows by them
(`unexpected_index_column_names`), so a GX result names the row a reviewer opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from factgate.findings import Finding
from factgate.gx.translate import Join, KeysOf, Translation
from factgate.project import Project
from factgate.table import Table
from factgate.validate import read_typed_table


@dataclass
class Batch:
    """One table as GX sees it."""

    table: Table
    usable: bool
    typed: pd.DataFrame
    text: pd.DataFrame


@dataclass
class Batches:
    """Every table's batches, the reader's findings and the names of the naming columns."""

    tables: dict[str, Batch]
    key: str
    line: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def unusable(self) -> set[str]:
        return {name for name, batch in self.tables.items() if not batch.usable}


def naming_columns(taken: Iterable[str]) -> tuple[str, str]:
    """Names for the key and line columns that no table field (or joined column) uses."""
    used = set(taken)
    prefix = ""
    while f"{prefix}key" in used or f"{prefix}line" in used:
        prefix += "_"
    return f"{prefix}key", f"{prefix}line"


def load_batches(project: Project, translation: Translation) -> Batches:
    """Read, type and prepare every table of `project` for the translation's expectations."""
    taken = {name for spec in project.tables.values() for name in spec.fields}
    key, line = naming_columns(taken | {join.column for join in translation.joins})
    tables: dict[str, Batch] = {}
    findings: list[Finding] = []
    for name in project.tables:
        read = read_typed_table(project, name)
        table, kinds = read.table, read.kinds
        findings += read.findings
        raw, typed = table.raw, table.frame
        names = {key: table.row_ids.astype(object), line: pd.Series(table.lines, dtype="int64")}
        as_written = {
            column: raw[column].astype(object).where(raw[column].ne(""), None)
            for column in raw.columns
            if kinds.get(column, "text") != "text"
        }
        text = pd.DataFrame({**as_written, **names}, index=typed.index)
        frame = typed.copy()
        for column, values in names.items():
            frame[column] = values.to_numpy()
        tables[name] = Batch(table, read.usable, frame, text)
    for join in translation.joins:
        _join(tables, join)
    return Batches(tables, key, line, findings)


def _join(tables: dict[str, Batch], join: Join) -> None:
    """Add `join.column` to the typed batch of `join.table`: the first matching row's value."""
    batch, ref = tables[join.table], tables[join.ref_table].table.frame
    lookup = ref.dropna(subset=[join.key]).drop_duplicates(join.key).set_index(join.key)
    # reindex keeps the value's dtype (datetime stays datetime) where map would give objects.
    matched = lookup[join.value].reindex(batch.table.frame[join.via].astype(object))
    batch.typed[join.column] = matched.to_numpy()


def resolve(keys: KeysOf, batches: Batches) -> list[object]:
    """The distinct non-null values a `KeysOf` stands for, from the tables that could be read."""
    values: dict[object, None] = {}
    for table, column in keys.sources:
        batch = batches.tables.get(table)
        if batch is None or not batch.usable:
            continue
        present = batch.table.frame[column].dropna().unique()
        values.update(dict.fromkeys(_plain(v) for v in present))
    return sorted(values, key=str)


def _plain(value: object) -> object:
    """numpy scalars as Python values (GX serialises its value sets as JSON)."""
    return value.item() if isinstance(value, np.generic) else value


def positions_of(table: Table, lines: Iterable[int]) -> npt.NDArray[np.int64]:
    """Row positions in `table` of the rows starting on `lines` (each row has its own line)."""
    wanted = np.unique(np.fromiter((int(n) for n in lines), dtype=np.int64))
    found = np.searchsorted(table.lines, wanted)
    inside = found < len(table.lines)
    found, wanted = found[inside], wanted[inside]
    result: npt.NDArray[np.int64] = found[table.lines[found] == wanted].astype(np.int64)
    return result
