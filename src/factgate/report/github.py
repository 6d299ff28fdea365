"""GitHub Actions workflow commands: one annotation per finding, and a Markdown step summary.

Escaping follows the runner's rules (actions/toolkit `command.ts`): in the message `%`, CR and
LF are percent-encoded; in properties `:` and `,` are too, since they delimit the properties.
"""

from __future__ import annotations

from collections.abc import Iterable

from factgate.findings import Finding
from factgate.validate import Validation


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """`::error file=F,line=L,title=RULE::message` (or `::warning`) for one finding."""
    properties = [f"file={escape_property(finding.file)}"]
    if finding.line > 0:
        properties.append(f"line={finding.line}")
    properties.append(f"title={escape_property(finding.rule)}")
    message = finding.message if finding.row_id is None else f"{finding.row_id}: {finding.message}"
    return f"::{finding.severity} {','.join(properties)}::{escape_data(message)}"


def annotation_lines(findings: Iterable[Finding]) -> list[str]:
    """One workflow command per finding, in report order."""
    return [annotation(finding) for finding in findings]


def step_summary(validation: Validation, limit: int = 50) -> str:
    """A Markdown summary for `$GITHUB_STEP_SUMMARY`: verdict, failing rules, first findings."""
    summary = validation.summary()
    icon = "✅" if validation.verdict == "pass" else "❌"
    lines = [
        f"## {icon} factgate: {validation.verdict}",
        "",
        f"{summary['errors']} errors, {summary['warnings']} warnings, "
        f"{summary['rules']} rules ({summary['rules_failed']} failing, "
        f"{summary['rules_skipped']} skipped).",
        "",
    ]
    failing = [rule for rule in validation.rules if rule.status != "pass"]
    if failing:
        lines += ["| rule | status | errors | warnings |", "|---|---|---:|---:|"]
        lines += [f"| `{r.id}` | {r.status} | {r.errors} | {r.warnings} |" for r in failing]
        lines.append("")
    shown = validation.findings[:limit]
    if shown:
        lines += ["| where | rule | row | message |", "|---|---|---|---|"]
        for f in shown:
            row = _cell(f.row_id or "")
            lines.append(f"| `{f.file}:{f.line}` | `{f.rule}` | {row} | {_cell(f.message)} |")
        if len(validation.findings) > limit:
            lines.append(f"\n… and {len(validation.findings) - limit} more in `report.json`.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (GitHub renders the summary as Markdown)."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
