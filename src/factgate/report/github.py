"""GitHub Actions workflow commands: one annotation per finding, and a Markdown step summary.

Escaping follows the runner's rules (actions/toolkit `packages/core/src/command.ts`,
`escapeData` and `escapeProperty`): in the message `%`, CR and LF are percent-encoded; in
properties `:` and `,` are too, since they delimit the properties. An unescaped newline in a
message would end the command and start a new line of the log, which the runner would read as
a command of its own: a dataset cell could then forge annotations or mask log output.

The step summary is Markdown rendered by GitHub: dataset text in it is escaped so that a cell
cannot add a table column, a link or an image (an image would be fetched from its server when
the summary is viewed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factgate.findings import Finding
from factgate.ratchet import sentences, tally_of
from factgate.validate import Validation

#: Characters of a summary message kept, per finding (the summary is limited to 1 MiB).
SUMMARY_MESSAGE_CHARS = 300


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """`::error file=F,line=L,title=RULE::message` (or `::warning`) for one finding.

    The row ID leads the message, since the annotation sits on a line of a CSV the reviewer
    is reading; `line` is left out for a finding about a whole file (line 0).
    """
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
    if validation.diff is not None:
        counts = validation.diff.counts()
        lines += [
            f"Change against `{_code(validation.diff.base)}`: {counts['added']} added, "
            f"{counts['changed']} changed, {counts['removed']} removed rows.",
            "",
            *(f"- {sentence}" for sentence in sentences(tally_of(validation))),
            "",
        ]
    failing = [rule for rule in validation.rules if rule.status != "pass"]
    if failing:
        lines += ["| rule | status | errors | warnings |", "|---|---|---:|---:|"]
        for rule in failing:
            status = rule.status if rule.status != "skipped" else f"skipped: {rule.skipped_reason}"
            lines.append(
                f"| `{rule.id}` | {markdown_text(status)} | {rule.errors} | {rule.warnings} |"
            )
        lines.append("")
    shown = validation.findings[:limit]
    if shown:
        lines += ["| where | rule | row | message |", "|---|---|---|---|"]
        for f in shown:
            message = f.message
            if len(message) > SUMMARY_MESSAGE_CHARS:
                message = message[:SUMMARY_MESSAGE_CHARS] + "…"
            if f.label:
                message = f"({f.label}) {message}"
            lines.append(
                f"| `{_code(f'{f.file}:{f.line}')}` | `{f.rule}` | {markdown_text(f.row_id or '')} "
                f"| {markdown_text(message)} |"
            )
        if len(validation.findings) > limit:
            lines.append(
                f"\n… and {len(validation.findings) - limit} more in `report.json` "
                "(the report artifact)."
            )
    return "\n".join(lines) + "\n"


_BACKTICKED = re.compile(r"`([^`\n]+)`")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def markdown_text(text: str) -> str:
    """Dataset text made inert inside a Markdown table cell.

    Names a message quotes in backticks stay code spans (in which Markdown reads nothing but
    the closing backtick; only `|` needs escaping there, for the table); everything else has
    each Markdown character backslash-escaped, so `![x](https://...)` is shown, not fetched.
    Line breaks become spaces: a table row is one line.
    """
    text = " ".join(text.split("\n")).replace("\r", " ")
    parts: list[str] = []
    position = 0
    for match in _BACKTICKED.finditer(text):
        parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[position : match.start()]))
        parts.append(f"`{_code(match.group(1))}`")
        position = match.end()
    parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[position:]))
    return "".join(parts)


def _code(text: str) -> str:
    """Text for inside a code span of a table cell."""
    return text.replace("`", "'").replace("|", "\\|").replace("\n", " ").replace("\r", " ")
