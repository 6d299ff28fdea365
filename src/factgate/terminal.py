"""The few lines `factgate validate` prints: verdict, counts by rule, where the report is.

Written for a CI log as much as a terminal: plain text, no colour codes, one line per item,
`file:line` first so editors and log viewers link it. Dataset text is kept to one line: a cell
holding a newline followed by `::error` (or `::add-mask::`) must not become a workflow command
of its own when GitHub Actions reads the log. For `factgate gate` a line says what the change
does, in the ratchet's words (factgate.ratchet), and the findings carry those words too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from factgate.findings import Finding
from factgate.ratchet import (
    RowKey,
    blocks,
    by_priority,
    sentences,
    standing,
    tally_of,
    touched_rows,
)
from factgate.report.skips import in_part_words, rule_skips
from factgate.validate import Validation

#: Findings listed in the log; the rest are in the report.
SHOWN = 10
#: Characters of a message shown per line.
MESSAGE_CHARS = 240


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    """`text` on one line: line breaks and other control characters as escapes, long text cut."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable() and char != " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    line = "".join(out)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _finding_line(finding: Finding, touched: frozenset[RowKey] = frozenset()) -> str:
    row = f" {one_line(finding.row_id, 80)}:" if finding.row_id else ""
    words = standing(finding, touched)
    if words and finding.severity == "warning" and blocks(finding, touched):
        words += "; blocks"
    label = f" ({words})" if words else ""
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return (
        f"  {one_line(where, 200)}: {finding.severity}{label} [{finding.rule}]{row} "
        f"{one_line(finding.message)}"
    )


def summary_lines(validation: Validation, out_dir: Path) -> list[str]:
    """The summary as lines (the CLI prints them; tests read them)."""
    summary = validation.summary()
    rules = validation.rules
    lines = [
        f"factgate: {validation.verdict.upper()}: {_plural(summary['errors'], 'error')}, "
        f"{_plural(summary['warnings'], 'warning')} "
        f"({len(rules)} rules: {summary['rules_failed']} with findings, "
        f"{summary['rules_skipped']} skipped{in_part_words(validation)})"
    ]
    touched = touched_rows(validation)
    if validation.diff is not None:
        diff = validation.diff
        counts = diff.counts()
        first, *rest = sentences(tally_of(validation))
        lines.append(
            f"gate: against {one_line(diff.base, 80)} ({counts['added']} added, "
            f"{counts['changed']} changed, {counts['removed']} removed rows) {first}"
        )
        lines += [f"  {sentence}" for sentence in rest]
    if validation.silenced:
        lines.append(
            f"  {_plural(len(validation.silenced), 'finding')} silenced by data/exceptions.csv "
            "(listed in the report)"
        )
    failing = [rule for rule in rules if rule.status == "fail"]
    if failing:
        width = max(len(rule.id) for rule in failing)
        lines.append(f"  {'rule':<{width}}  errors  warnings")
        for rule in sorted(failing, key=lambda r: (-r.errors, -r.warnings, r.id)):
            lines.append(f"  {rule.id:<{width}}  {rule.errors:>6}  {rule.warnings:>8}")
    for skip in rule_skips(validation):
        what = "skipped" if skip.scope == "rule" else "skipped in part"
        lines.append(f"  {what} {skip.rule}: {one_line(skip.reason)}")
    findings = validation.findings
    if findings:
        # Rows of the change first, then errors: in a long log what blocks must not hide
        # behind warnings, nor the author's rows behind old ones.
        ordered = by_priority(findings, touched)
        lines += [_finding_line(f, touched) for f in ordered[:SHOWN]]
        if len(findings) > SHOWN:
            lines.append(
                f"  ... {len(findings) - SHOWN} more in {out_dir / 'report.json'} "
                f"and {out_dir / 'findings.csv'}"
            )
    lines.append(f"report: {out_dir / 'index.html'}")
    return lines


def print_summary(validation: Validation, out_dir: Path, stream: TextIO | None = None) -> None:
    """Print a summary that reads well in a CI log (plain text, no colour codes)."""
    stream = stream or sys.stdout
    for line in summary_lines(validation, out_dir):
        print(line, file=stream)
