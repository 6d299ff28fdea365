"""The row-level difference between two versions of a dataset, matched by primary key.

The gate (`factgate gate`) computes it between the base branch and the working tree; the
reports show it. Plain data: what was added, what changed (cell by cell, old and new), what
was removed, each with the line where a reviewer finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellChange:
    """One cell whose text differs between base and head."""

    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A row present in base and head whose cells differ."""

    row_id: str
    line: int  # in the head file
    base_line: int
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class RowRef:
    """An added row (line in head) or a removed row (line in base)."""

    row_id: str
    line: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class TableDiff:
    """What happened to one table."""

    table: str
    file: str
    added: list[RowRef] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    removed: list[RowRef] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class DatasetDiff:
    """The difference between the dataset at `base` (a git revision) and the working tree."""

    base: str
    base_commit: str | None
    tables: dict[str, TableDiff] = field(default_factory=dict)
    #: (file, row ID) of every row the change adds, edits or removes, and of every row that
    #: refers to one along a foreign key: where a warning the change introduces blocks
    #: (factgate.ratchet), and whose findings lead the annotations.
    touched: frozenset[tuple[str, str]] = frozenset()

    @property
    def empty(self) -> bool:
        return all(table.empty for table in self.tables.values())

    def counts(self) -> dict[str, int]:
        """Rows added, changed and removed across all tables."""
        return {
            "added": sum(len(t.added) for t in self.tables.values()),
            "changed": sum(len(t.changed) for t in self.tables.values()),
            "removed": sum(len(t.removed) for t in self.tables.values()),
        }
