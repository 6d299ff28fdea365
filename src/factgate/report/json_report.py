"""`report.json`: the machine-readable report; its top-level fields are a contract
(docs/contracts.md)."""

from __future__ import annotations

import json
from typing import Any

from factgate.diff import DatasetDiff
from factgate.findings import Finding
from factgate.ratchet import RowKey, blocks, standing, touched_rows
from factgate.report.context import ReportContext
from factgate.report.skips import partly_skipped, rule_skips


def report_document(context: ReportContext) -> dict[str, Any]:
    """The JSON document: `verdict`, `summary` and `findings` first (docs/contracts.md), then
    the rule catalogue, the skips and, from the gate, the change, fixed and silenced findings.

    Every finding is here, however many: the HTML lists the first ones and points here.
    """
    validation = context.validation
    touched = touched_rows(validation)
    summary = validation.summary()
    # A rule that ran but left sources out counts apart from the wholly skipped ones.
    summary["rules_skipped_in_part"] = len(partly_skipped(validation))
    document: dict[str, Any] = {
        "verdict": validation.verdict,
        "summary": summary,
        "findings": [_finding(f, touched) for f in validation.findings],
        "rules": [
            {
                "id": rule.id,
                "severity": rule.severity,
                "origin": rule.origin,
                "status": rule.status,
                "errors": rule.errors,
                "warnings": rule.warnings,
                "skipped_reason": rule.skipped_reason,
                "tables": list(rule.tables),
                "doc": rule.doc,
            }
            for rule in validation.rules
        ],
        # What did not run and why: `scope` "rule" (the whole rule) or "part" (some sources).
        "skips": [skip.to_dict() for skip in rule_skips(validation)],
        "dataset": {"root": validation.root.name, "commit": context.commit},
    }
    if validation.silenced:
        document["silenced"] = [f.to_dict() for f in validation.silenced]
    if validation.diff is not None:
        document["fixed"] = [_finding(f, touched) for f in validation.fixed]
        document["changes"] = changes_document(validation.diff)
    return document


def _finding(finding: Finding, touched: frozenset[RowKey]) -> dict[str, Any]:
    data = finding.to_dict()
    words = standing(finding, touched)
    if words is not None:  # a gate finding: where it stands and whether it blocks
        data["standing"] = words
        data["blocks"] = blocks(finding, touched)
    return data


def changes_document(diff: DatasetDiff) -> dict[str, Any]:
    """The row-level change as JSON: per table, rows added, changed (cell by cell), removed."""
    return {
        "base": diff.base,
        "base_commit": diff.base_commit,
        **diff.counts(),
        "tables": {
            name: {
                "file": table.file,
                "added": [{"row_id": r.row_id, "line": r.line} for r in table.added],
                "changed": [
                    {
                        "row_id": c.row_id,
                        "line": c.line,
                        "base_line": c.base_line,
                        "cells": [
                            {"column": cell.column, "old": cell.old, "new": cell.new}
                            for cell in c.cells
                        ],
                    }
                    for c in table.changed
                ],
                "removed": [{"row_id": r.row_id, "base_line": r.line} for r in table.removed],
            }
            for name, table in sorted(diff.tables.items())
            if not table.empty
        },
    }


def render_json(context: ReportContext) -> str:
    """Serialise deterministically (sorted findings, stable key order, no clock)."""
    return json.dumps(report_document(context), ensure_ascii=False, indent=2) + "\n"
