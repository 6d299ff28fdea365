"""The gate's ratchet: which findings block a change, and the words every report uses for it.

A change is judged by what it does, not by what it inherits. Errors always block: the dataset
is wrong, whoever made it so. A warning blocks only when the change introduces it on a row it
adds or edits, or on a row that refers to such a row (a relation naming an edited figure). A
pre-existing warning never blocks, even on a row the change edits: an author who fixes a typo
in the notes of a figure with an old, reviewed tension must not be stopped by that tension.
It is shown, as "pre-existing, on a row you touched", so the reviewer can decide whether to
look at it while the row is open anyway.

The terminal, the step summary, report.json and the HTML report all take their labels,
counts and sentences from here, so the four never disagree (docs/gate.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factgate.findings import Finding

if TYPE_CHECKING:
    from factgate.validate import Validation

#: A row as the ratchet knows it: (file, row ID), e.g. ("data/figures.csv", "troops-x").
RowKey = tuple[str, str]

#: The words for where a finding stands, by (label, on a touched row).
INTRODUCED = "introduced"
INTRODUCED_ELSEWHERE = "introduced, on a row you did not touch"
PRE_EXISTING = "pre-existing"
PRE_EXISTING_TOUCHED = "pre-existing, on a row you touched"
FIXED = "fixed"


def row_key(finding: Finding) -> RowKey | None:
    """The row a finding is about, or None for a finding about a whole file."""
    return None if finding.row_id is None else (finding.file, finding.row_id)


def on_touched_row(finding: Finding, touched: frozenset[RowKey]) -> bool:
    """Whether the finding sits on a row the change adds or edits, or one referring to it."""
    key = row_key(finding)
    return key is not None and key in touched


def blocks(finding: Finding, touched: frozenset[RowKey]) -> bool:
    """The ratchet: errors always block; a warning only when introduced on a touched row."""
    if finding.severity == "error":
        return finding.label != "fixed"
    return finding.label == "introduced" and on_touched_row(finding, touched)


def standing(finding: Finding, touched: frozenset[RowKey]) -> str | None:
    """The words for where a gate finding stands (None outside the gate: no label)."""
    if finding.label is None:
        return None
    if finding.label == "fixed":
        return FIXED
    touched_row = on_touched_row(finding, touched)
    if finding.label == "introduced":
        # An error blocks wherever it is; "elsewhere" matters only for what does not block.
        return INTRODUCED if touched_row or finding.severity == "error" else INTRODUCED_ELSEWHERE
    return PRE_EXISTING_TOUCHED if touched_row else PRE_EXISTING


def blocking_warnings(findings: Iterable[Finding], touched: frozenset[RowKey]) -> list[Finding]:
    """The warnings that block (what `Validation.blocking` holds)."""
    return [f for f in findings if f.severity == "warning" and blocks(f, touched)]


@dataclass(frozen=True)
class Tally:
    """The counts behind the gate's verdict, the same in every report."""

    introduced_errors: int
    pre_existing_errors: int
    #: Warnings the change introduces on rows it adds or edits: they block.
    blocking_warnings: int
    #: Warnings the change introduces on rows it did not touch: shown, not blocking.
    introduced_warnings_elsewhere: int
    #: Warnings present at the base; the next count is those on rows the change touched.
    pre_existing_warnings: int
    pre_existing_warnings_touched: int
    fixed: int

    @property
    def introduced_warnings(self) -> int:
        return self.blocking_warnings + self.introduced_warnings_elsewhere

    @property
    def blocking(self) -> int:
        """Findings that block the change."""
        return self.introduced_errors + self.pre_existing_errors + self.blocking_warnings

    def as_dict(self) -> dict[str, int]:
        """The `summary.gate` counts of report.json (docs/contracts.md)."""
        return {
            "introduced_errors": self.introduced_errors,
            "introduced_warnings": self.introduced_warnings,
            "blocking_warnings": self.blocking_warnings,
            "introduced_warnings_elsewhere": self.introduced_warnings_elsewhere,
            "pre_existing_errors": self.pre_existing_errors,
            "pre_existing_warnings": self.pre_existing_warnings,
            "pre_existing_warnings_touched": self.pre_existing_warnings_touched,
            "blocking": self.blocking,
            "fixed": self.fixed,
        }


def tally(findings: Iterable[Finding], fixed: int, touched: frozenset[RowKey]) -> Tally:
    """Count `findings` (labelled by the gate) by where they stand."""
    words: dict[tuple[str, str | None], int] = {}
    for finding in findings:
        key = (finding.severity, standing(finding, touched))
        words[key] = words.get(key, 0) + 1
    return Tally(
        introduced_errors=words.get(("error", INTRODUCED), 0),
        pre_existing_errors=words.get(("error", PRE_EXISTING), 0)
        + words.get(("error", PRE_EXISTING_TOUCHED), 0),
        blocking_warnings=words.get(("warning", INTRODUCED), 0),
        introduced_warnings_elsewhere=words.get(("warning", INTRODUCED_ELSEWHERE), 0),
        pre_existing_warnings=words.get(("warning", PRE_EXISTING), 0)
        + words.get(("warning", PRE_EXISTING_TOUCHED), 0),
        pre_existing_warnings_touched=words.get(("warning", PRE_EXISTING_TOUCHED), 0),
        fixed=fixed,
    )


def touched_rows(validation: Validation) -> frozenset[RowKey]:
    """The rows the change under review touches (empty outside the gate)."""
    return validation.diff.touched if validation.diff is not None else frozenset()


def tally_of(validation: Validation) -> Tally:
    """The tally of a gate run."""
    return tally(validation.findings, len(validation.fixed), touched_rows(validation))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def sentences(t: Tally) -> list[str]:
    """What the change does, in the words every report uses: first what blocks, then what is
    shown but does not block. The first sentence is always there; the others when they count."""
    lines = [
        f"this change introduces {_plural(t.introduced_errors, 'error')} and, on rows it adds "
        f"or edits, {_plural(t.blocking_warnings, 'warning')}; it fixes "
        f"{_plural(t.fixed, 'finding')}"
    ]
    if t.pre_existing_errors:
        lines.append(
            f"{_plural(t.pre_existing_errors, 'pre-existing error')} also "
            f"block{'s' if t.pre_existing_errors == 1 else ''} (errors always do)"
        )
    if t.pre_existing_warnings_touched:
        lines.append(
            f"{_plural(t.pre_existing_warnings_touched, 'warning')} "
            f"{PRE_EXISTING_TOUCHED}: shown, not blocking"
        )
    if t.introduced_warnings_elsewhere:
        lines.append(
            f"{_plural(t.introduced_warnings_elsewhere, 'warning')} "
            f"{INTRODUCED_ELSEWHERE}: shown, not blocking"
        )
    lines.append(f"blocked by {_plural(t.blocking, 'finding')}" if t.blocking else "nothing blocks")
    return lines


def gate_summary(validation: Validation) -> dict[str, Any]:
    """The `summary.gate` object of report.json: the change's size and the ratchet's counts."""
    assert validation.diff is not None
    return {
        "base": validation.diff.base,
        "base_commit": validation.diff.base_commit,
        **validation.diff.counts(),
        **(counts := tally_of(validation)).as_dict(),
        "sentences": sentences(counts),
    }


def priority_key(finding: Finding, touched: frozenset[RowKey]) -> tuple[object, ...]:
    """The order a reviewer reads findings in: those on rows the change touched first, errors
    before warnings, what blocks before what does not, then by rule and place."""
    return (
        not on_touched_row(finding, touched),
        finding.severity != "error",
        not blocks(finding, touched),
        finding.rule,
        *finding.sort_key(),
    )


def by_priority(findings: Iterable[Finding], touched: frozenset[RowKey]) -> list[Finding]:
    """`findings` in reading order (see `priority_key`); outside the gate, errors first."""
    return sorted(findings, key=lambda finding: priority_key(finding, touched))
