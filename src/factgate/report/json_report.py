"""`report.json`: the machine-readable report whose top-level fields are a contract (design §6)."""

from __future__ import annotations

import json
from typing import Any

from factgate.report.context import ReportContext


def report_document(context: ReportContext) -> dict[str, Any]:
    """The JSON document: `verdict`, `summary` and `findings` first, then the rule catalogue."""
    validation = context.validation
    return {
        "verdict": validation.verdict,
        "summary": validation.summary(),
        "findings": [finding.to_dict() for finding in validation.findings],
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
        "dataset": {"root": validation.root.name, "commit": context.commit},
    }


def render_json(context: ReportContext) -> str:
    """Serialise deterministically (sorted findings, stable key order, no clock)."""
    return json.dumps(report_document(context), ensure_ascii=False, indent=2) + "\n"
