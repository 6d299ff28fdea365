"""The one shape every problem takes: a `Finding`, whether it comes from the CSV reader,
a Pandera schema, a consistency check or the gate.

One shape means one report, one exit status and one sort order for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
#: How sure a contradiction is (docs/intervals.md): broken by the intervals whatever the true
#: values, broken by the point estimates, or only breakable by explicit bounds.
Certainty = Literal["certain", "point", "possible"]
#: Where a finding stands relative to the base of a change (the gate, docs/gate.md).
Label = Literal["introduced", "pre-existing", "fixed"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One problem at one place in the dataset.

    `line` is the 1-based physical line where the row starts in `file` (0 when the problem is
    the file as a whole, e.g. it is missing). `columns` maps each cell involved to its value as
    written, so a reader sees the evidence without opening the CSV.
    """

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    row_id: str | None = None
    columns: Mapping[str, Any] = field(default_factory=dict)
    certainty: Certainty | None = None
    label: Label | None = None

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Deterministic order: by file, line, rule, then message, so two reports diff cleanly."""
        return (self.file, self.line, self.rule, self.row_id or "", self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a finding (docs/contracts.md); keys are part of the contract."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "row_id": self.row_id,
            "columns": {name: _jsonable(value) for name, value in self.columns.items()},
        }
        if self.certainty is not None:
            data["certainty"] = self.certainty
        if self.label is not None:
            data["label"] = self.label
        return data


def _jsonable(value: Any) -> Any:
    """Cells reach findings as numpy/pandas scalars; JSON wants plain values, missing as null."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if hasattr(value, "item"):
        return value.item()
    return value


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order (see `Finding.sort_key`), each problem once."""
    unique: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.severity, *finding.sort_key()), finding)
    return sorted(unique.values(), key=Finding.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding blocks (severity error)."""
    return any(f.severity == "error" for f in findings)
