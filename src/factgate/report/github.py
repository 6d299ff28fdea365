"""GitHub Actions workflow commands: one annotation per finding, and a Markdown step summary.

GitHub shows only the first few annotations of a step (`ERRORS_SHOWN_PER_STEP`, ...), so they
are printed most relevant first and the summary says what lies beyond (docs/gate.md).

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
from collections import Counter
from collections.abc import Iterable, Mapping

from factgate.findings import Finding
from factgate.ratchet import RowKey, by_priority, sentences, standing, tally_of, touched_rows
from factgate.report.skips import in_part_words, rule_skips
from factgate.validate import Validation

#: Characters of a summary message kept, per finding (the summary is limited to 1 MiB).
SUMMARY_MESSAGE_CHARS = 300


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (file, title) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


#: What GitHub shows of a step's annotations (actions/toolkit `docs/problem-matchers.md`,
#: "Limitations"): 10 error and 10 warning annotations per step, 50 per job; the rest of the
#: workflow commands stay in the log but make no annotation.
ERRORS_SHOWN_PER_STEP = 10
WARNINGS_SHOWN_PER_STEP = 10
SHOWN_PER_JOB = 50
#: GitHub refuses a step summary over 1 MiB; stay well below it.
SUMMARY_BYTES = 1024 * 1024 - 16 * 1024
#: Characters of a row ID kept in the summary (a dataset's key can be any length).
SUMMARY_ROW_ID_CHARS = 120


def annotation(finding: Finding, prefix: str = "") -> str:
    """`::error file=F,line=L,title=RULE::message` (or `::warning`) for one finding.

    `prefix` is the project's folder inside the repository (`git rev-parse --show-prefix`,
    e.g. "datasets/dw/"): GitHub places an annotation by its path from the repository root.
    The row ID leads the message, since the annotation sits on a line of a CSV the reviewer
    is reading; `line` is left out for a finding about a whole file (line 0).
    """
    properties = [f"file={escape_property(prefix + finding.file)}"]
    if finding.line > 0:
        properties.append(f"line={finding.line}")
    properties.append(f"title={escape_property(finding.rule)}")
    message = finding.message if finding.row_id is None else f"{finding.row_id}: {finding.message}"
    return f"::{finding.severity} {','.join(properties)}::{escape_data(message)}"


def annotation_lines(
    findings: Iterable[Finding], touched: frozenset[RowKey] = frozenset(), prefix: str = ""
) -> list[str]:
    """One workflow command per finding (docs/contracts.md), most relevant first.

    Every finding is printed, but GitHub shows only the first 10 errors and 10 warnings of a
    step: so the order is the ratchet's reading order (`factgate.ratchet.by_priority`): rows
    the change touched first, errors before warnings, what blocks before what does not, then
    by rule. The step summary counts what lies beyond the limits.
    """
    return [annotation(finding, prefix) for finding in by_priority(findings, touched)]


def beyond_limits(findings: Iterable[Finding], touched: frozenset[RowKey]) -> Counter[str]:
    """Per rule, how many findings' annotations GitHub will not show (after the first 10
    errors and 10 warnings in `annotation_lines` order)."""
    seen: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    limits = {"error": ERRORS_SHOWN_PER_STEP, "warning": WARNINGS_SHOWN_PER_STEP}
    for finding in by_priority(findings, touched):
        seen[finding.severity] += 1
        if seen[finding.severity] > limits[finding.severity]:
            hidden[finding.rule] += 1
    return hidden


def run_address(environ: Mapping[str, str]) -> str | None:
    """The web address of this workflow run (its page lists the uploaded artifacts)."""
    server, repository, run = (
        environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    if not (server and repository and run and run.isdigit()):
        return None
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+(:[0-9]+)?", server) or not re.fullmatch(
        r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository
    ):
        return None  # not what GitHub sets: rather no link than a wrong one
    return f"{server}/{repository}/actions/runs/{run}"


def step_summary(
    validation: Validation, limit: int = 50, prefix: str = "", run_url: str | None = None
) -> str:
    """A Markdown summary for `$GITHUB_STEP_SUMMARY`: verdict, what the change does, failing
    rules, the most relevant findings, what the annotations leave out and where the full
    report is. Bounded to GitHub's 1 MiB whatever the dataset holds."""
    summary = validation.summary()
    touched = touched_rows(validation)
    icon = "✅" if validation.verdict == "pass" else "❌"
    lines = [
        f"## {icon} factgate: {validation.verdict}",
        "",
        f"{summary['errors']} errors, {summary['warnings']} warnings, "
        f"{summary['rules']} rules ({summary['rules_failed']} failing, "
        f"{summary['rules_skipped']} skipped{in_part_words(validation)}).",
        "",
    ]
    skips = rule_skips(validation)
    if skips:
        # The same skips, in the same words, as the terminal, report.json, JUnit and the HTML.
        lines += [
            *(
                f"- {'skipped' if s.scope == 'rule' else 'skipped in part'} `{s.rule}`: "
                f"{markdown_text(s.reason)}"
                for s in skips
            ),
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
    ordered = by_priority(validation.findings, touched)
    shown = ordered[:limit]
    if shown:
        lines += ["| where | rule | row | message |", "|---|---|---|---|"]
        for f in shown:
            message = f.message
            if len(message) > SUMMARY_MESSAGE_CHARS:
                message = message[:SUMMARY_MESSAGE_CHARS] + "…"
            words = standing(f, touched)
            if words:
                message = f"({words}) {message}"
            row_id = f.row_id or ""
            if len(row_id) > SUMMARY_ROW_ID_CHARS:
                row_id = row_id[:SUMMARY_ROW_ID_CHARS] + "…"
            lines.append(
                f"| `{_code(f'{prefix}{f.file}:{f.line}')}` | `{f.rule}` | "
                f"{markdown_text(row_id)} | {markdown_text(message)} |"
            )
        if len(ordered) > limit:
            lines.append(f"\n… and {len(ordered) - limit} more in `report.json` (the full report).")
        lines.append("")
    hidden = beyond_limits(validation.findings, touched)
    if hidden:
        lines += [
            f"GitHub shows {ERRORS_SHOWN_PER_STEP} error and {WARNINGS_SHOWN_PER_STEP} warning "
            f"annotations per step ({SHOWN_PER_JOB} per job), the most relevant first; "
            f"{sum(hidden.values())} more are not shown inline:",
            "",
            "| rule | annotations not shown |",
            "|---|---:|",
            *(f"| `{rule}` | {count} |" for rule, count in sorted(hidden.items())),
            "",
        ]
    if validation.findings or validation.fixed or validation.silenced:
        where = f"[this run]({run_url})" if run_url else "this run"
        lines.append(
            f"Every finding is in the full report: the artifact `factgate-report` of {where} "
            "(the `reports/` folder: `index.html`, `report.json`, `findings.csv`)."
        )
    return _bounded("\n".join(lines) + "\n")


def _bounded(text: str) -> str:
    """`text` cut to whole lines within `SUMMARY_BYTES`, saying so."""
    if len(text.encode("utf-8")) <= SUMMARY_BYTES:
        return text
    note = "\n… (cut to stay within GitHub's 1 MiB step summary; see the full report)\n"
    budget = SUMMARY_BYTES - len(note.encode("utf-8"))
    kept: list[str] = []
    for line in text.splitlines(keepends=True):
        budget -= len(line.encode("utf-8"))
        if budget < 0:
            break
        kept.append(line)
    return "".join(kept) + note


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
