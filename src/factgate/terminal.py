"""The few lines `factgate validate` prints: verdict, counts by rule, where the report is."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from factgate.validate import Validation

_SHOWN = 10


def print_summary(validation: Validation, out_dir: Path, stream: TextIO | None = None) -> None:
    """Print a summary that reads well in a CI log (plain text, no colour codes)."""
    stream = stream or sys.stdout
    summary = validation.summary()
    print(
        f"factgate: {validation.verdict.upper()}: {summary['errors']} errors, "
        f"{summary['warnings']} warnings ({summary['rules']} rules, "
        f"{summary['rules_skipped']} skipped)",
        file=stream,
    )
    for rule in validation.rules:
        if rule.status == "fail":
            print(
                f"  {rule.id:<32} {rule.errors:>5} errors {rule.warnings:>5} warnings", file=stream
            )
        elif rule.status == "skipped":
            print(f"  {rule.id:<32} skipped: {rule.skipped_reason}", file=stream)
    for finding in validation.findings[:_SHOWN]:
        print(
            f"  {finding.file}:{finding.line}: {finding.severity}: [{finding.rule}] "
            f"{finding.message}",
            file=stream,
        )
    if len(validation.findings) > _SHOWN:
        print(f"  ... {len(validation.findings) - _SHOWN} more", file=stream)
    print(f"report: {out_dir / 'index.html'}", file=stream)
