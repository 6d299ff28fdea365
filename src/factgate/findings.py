"""The one shape every problem takes: a `Finding`, whether it comes from the CSV reader,
a Pandera schema, a consistency check or the gate.

One shape means one report, one exit status and one sort order for all of them.
"""

from __future__ import annotations

import sys
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

    `message`, `row_id` and the cells in `columns` are text whatever a producer hands in:
    checks build messages by concatenating cells, and an empty cell is a missing value there,
    so a message (or key) can arrive as NaN. Every report writer slices and escapes these as
    strings, so the one place that makes them text is here, where every finding is made.
    """

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    row_id: str | None = None
    columns: Mapping[str, str | None] = field(default_factory=dict)
    certainty: Certainty | None = None
    label: Label | None = None

    def __post_init__(self) -> None:
        # frozen: the normalised values are set through object.__setattr__.
        message = _text(self.message)
        if message is None or not message.strip():
            message = (
                f"`{self.rule}` fails on this row; its message could not be put together (a "
                "cell it quotes is empty): see the rule's description for what it requires"
            )
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "row_id", _text(self.row_id))
        object.__setattr__(
            self, "columns", {str(name): _text(value) for name, value in self.columns.items()}
        )
        object.__setattr__(self, "line", int(self.line))

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
            "columns": dict(self.columns),
        }
        if self.certainty is not None:
            data["certainty"] = self.certainty
        if self.label is not None:
            data["label"] = self.label
        return data


def _text(value: object) -> str | None:
    """A cell, key or message as text; a missing value (None, NaN, NA, NaT) as None.

    Cells reach findings as strings, numpy/pandas scalars or dates; dates show as ISO dates.
    """
    if value is None or type(value) is str:
        return value
    if isinstance(value, str):  # numpy.str_ and other subclasses: plain text
        return str.__str__(value)
    pandas = sys.modules.get("pandas")  # pd.NA and NaT exist only once pandas is loaded
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return None
    try:
        if value != value:  # NaN and numpy's NaT are the values unequal to themselves
            return None
    except (TypeError, ValueError):  # a comparison that is no truth value (an array)
        pass
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:10] if text.endswith("T00:00:00") else text
    if hasattr(value, "item"):
        value = value.item()
    return str(value)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order (see `Finding.sort_key`), each problem once."""
    unique: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.severity, *finding.sort_key()), finding)
    return sorted(unique.values(), key=Finding.sort_key)


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding blocks (severity error)."""
    return any(f.severity == "error" for f in findings)
