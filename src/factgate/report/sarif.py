"""`factgate.sarif`: every finding in SARIF 2.1.0, the format GitHub code scanning reads.

Uploaded from CI (`github/codeql-action/upload-sarif`), the findings appear in a pull request's
"Files changed" view on the CSV lines they concern, with no limit of ten per step that the
workflow-command annotations have, and each rule's documentation one click away.

What goes where:

- one `run` whose tool is factgate; its `rules` are the whole catalogue of this run (id, a
  PascalCase `name`, the docstring's first line as `shortDescription`, the docstring as
  `fullDescription` and `help`), so a rule that passed is listed too;
- one `result` per finding: `ruleId`, `level` (`error` or `warning`), the message with the row's
  ID in front, and a physical location whose `uri` is relative to the root of the git
  repository (the project's folder inside it included; outside git, relative to the project);
- the region is the finding's line. When the finding names cells, the region is the first
  named cell itself: its 1-based `startColumn` (and `endColumn`) in Unicode code points on the
  physical line where the cell starts (a quoted cell earlier in the row may hold a line break,
  so that can be a later line than the row's first). Finding the cell costs one scan of that
  row's record per finding, cached per row. Where the file cannot be read or the row is not
  where the finding says (a ragged row), the region is the line alone. The names and values
  of all cells the finding involves are in the result's `properties`;
- findings silenced by `data/exceptions.csv` are results with an external `suppression`
  carrying the exception's reason, so a viewer shows them as reviewed, not as open;
- a rule that was skipped, wholly or for some sources, is a `toolExecutionNotification` of the
  invocation with its reason: SARIF's place for "this part did not run";
- from the gate, `baselineState` says whether the change introduced the finding (`new`) or
  it was there before (`unchanged`), and `properties` carry the ratchet's `standing` words and
  whether the finding `blocks`.

Every finding is a result up to GitHub's hard limit of 25,000 results per run (a larger file
is rejected whole, so nothing would show): beyond it the file keeps those on rows the change
touched, errors and what blocks first (`ratchet.by_priority`), and a warning notification
says how many are left out; report.json and findings.csv always hold them all.

Output is deterministic (no clock, findings in report order), like every other report.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factgate.findings import Finding
from factgate.ratchet import RowKey, blocks, by_priority, standing, touched_rows
from factgate.report.context import ReportContext
from factgate.report.skips import rule_skips
from factgate.validate import Validation

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
FILE_NAME = "factgate.sarif"
#: GitHub code scanning rejects a run with more results than this (its documented hard limit;
#: it shows the first 5,000 by severity): beyond it the file keeps the most important ones.
MAX_RESULTS = 25_000
_BASELINE = {"introduced": "new", "pre-existing": "unchanged"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: One CSV field at a position: quoted (doubled quotes inside) or plain up to the next comma.
_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,\r\n]*')


def sarif_document(context: ReportContext) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    validation = context.validation
    rules = [_descriptor(rule.id, rule.severity, rule.doc, context) for rule in validation.rules]
    index = {rule.id: i for i, rule in enumerate(validation.rules)}
    for finding in (*validation.findings, *validation.silenced):
        if finding.rule not in index:  # a rule outside the catalogue: still described
            index[finding.rule] = len(rules)
            rules.append(_descriptor(finding.rule, finding.severity, "", context))
    cells = _CellLocator(validation.root, {t.file for t in validation.tables.values()})
    touched = touched_rows(validation)
    reasons = _exception_reasons(context)
    findings, silenced = _within_limit(validation, touched)
    results = [_result(f, index[f.rule], context, cells, touched, None) for f in findings]
    results += [
        _result(f, index[f.rule], context, cells, touched, reasons.get((f.rule, f.row_id or "")))
        for f in silenced
    ]
    notifications = [
        {
            "level": "note",
            "message": {"text": f"{skip.rule} skipped{_for(skip.scope)}: {skip.reason}"},
            "associatedRule": {"id": skip.rule, "index": index[skip.rule]},
            "properties": {"scope": skip.scope},
        }
        for skip in rule_skips(validation)
        if skip.rule in index
    ]
    omitted = len(validation.findings) + len(validation.silenced) - len(results)
    if omitted:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{omitted:,} of {omitted + len(results):,} findings are left out "
                    f"of this file: code scanning rejects a run of more than "
                    f"{MAX_RESULTS:,} results. Those on rows the change touched, errors and "
                    "what blocks came first; every finding is in report.json and findings.csv."
                },
                "properties": {"omitted": omitted},
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "factgate",
                "semanticVersion": _version(),
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"verdict": validation.verdict, "project": validation.root.name},
    }
    if context.web is not None:
        run["versionControlProvenance"] = [
            {"repositoryUri": context.web.base, "revisionId": context.web.commit}
        ]
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _within_limit(
    validation: Validation, touched: frozenset[RowKey]
) -> tuple[list[Finding], list[Finding]]:
    """The findings (and silenced ones) that fit in `MAX_RESULTS`, the most important first
    (`ratchet.by_priority`), each list still in report order."""
    findings, silenced = validation.findings, validation.silenced
    if len(findings) + len(silenced) <= MAX_RESULTS:
        return findings, silenced
    kept = {id(f) for f in by_priority(findings, touched)[:MAX_RESULTS]}
    room = MAX_RESULTS - len(kept)
    return [f for f in findings if id(f) in kept], silenced[:room]


def render_sarif(context: ReportContext) -> str:
    """The SARIF log as text."""
    return json.dumps(sarif_document(context), ensure_ascii=False, indent=2) + "\n"


def _for(scope: str) -> str:
    return "" if scope == "rule" else " in part"


def _version() -> str:
    try:
        return metadata.version("factgate")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _descriptor(rule_id: str, severity: str, doc: str, context: ReportContext) -> dict[str, Any]:
    summary = doc.strip().splitlines()[0] if doc.strip() else rule_id
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule_id)),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc.strip() or summary},
        "help": {"text": doc.strip() or summary, "markdown": doc.strip() or summary},
        "defaultConfiguration": {"level": "error" if severity == "error" else "warning"},
    }
    catalogue = context.validation.root / "docs" / "checks.md"
    if context.web is not None and catalogue.is_file():
        descriptor["helpUri"] = f"{context.line_url('docs/checks.md', 0)}#{rule_id}"
    return descriptor


def _result(
    finding: Finding,
    rule_index: int,
    context: ReportContext,
    cells: _CellLocator,
    touched: frozenset[RowKey],
    suppressed: str | None,
) -> dict[str, Any]:
    path = context.repo_path(finding.file)
    text = f"{finding.row_id}: {finding.message}" if finding.row_id else finding.message
    # A URI reference: a space or an umlaut in a file name is percent-encoded (RFC 3986).
    uri = quote(path, safe="/")
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if finding.line > 0:
        region: dict[str, Any] = {"startLine": finding.line}
        for column in finding.columns:
            place = cells.locate(finding.file, finding.line, column)
            if place is not None:
                region = place.region()
                break
        physical["region"] = region
    data = finding.to_dict()
    properties: dict[str, Any] = {"rowId": finding.row_id, "cells": data["columns"]}
    for key in ("certainty", "label"):
        if key in data:
            properties[key] = data[key]
    words = standing(finding, touched)
    if words is not None:  # from the gate: the ratchet's words, as in every other report
        properties["standing"] = words
        properties["blocks"] = suppressed is None and blocks(finding, touched)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": finding.severity,
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"factgateRow/v1": _fingerprint(finding, path)},
        "properties": properties,
    }
    if finding.row_id:
        result["locations"][0]["logicalLocations"] = [{"name": finding.row_id, "kind": "row"}]
    if finding.label in _BASELINE:
        result["baselineState"] = _BASELINE[finding.label]
    if suppressed is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": suppressed}
        ]
    return result


def _fingerprint(finding: Finding, path: str) -> str:
    """Stable across edits elsewhere in the file: rule, file and row (by ID, else by line),
    so code scanning keeps one alert for one problem when rows above it move."""
    where = finding.row_id if finding.row_id else str(finding.line)
    first = next(iter(finding.columns), "")
    key = "\x1f".join((finding.rule, path, where, first))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _exception_reasons(context: ReportContext) -> dict[tuple[str, str], str]:
    """(rule, row_id) -> the reviewed exception's reason, for silenced findings."""
    table = context.validation.tables.get("exceptions")
    if table is None or not context.validation.silenced:
        return {}
    raw = table.raw
    if not {"rule", "row_id", "reason"} <= set(raw.columns):
        return {}
    reasons: dict[tuple[str, str], str] = {}
    for rule, row_id, reason in zip(raw["rule"], raw["row_id"], raw["reason"], strict=True):
        reasons.setdefault((str(rule), str(row_id)), str(reason) or "reviewed exception")
    return reasons


@dataclass(frozen=True)
class CellPlace:
    """Where a cell starts (and, when it fits on its line, ends) in a file: 1-based."""

    line: int
    column: int
    end_column: int | None

    def region(self) -> dict[str, Any]:
        region: dict[str, Any] = {"startLine": self.line, "startColumn": self.column}
        if self.end_column is not None and self.end_column > self.column:
            region["endLine"] = self.line
            region["endColumn"] = self.end_column
        return region


@dataclass
class _CsvText:
    text: str
    starts: list[int]  # offset of each physical line's first character
    header: dict[str, int]  # column name -> position in the record


class _CellLocator:
    """Finds a named cell of the row that starts on a given line of a project's CSV file."""

    def __init__(self, root: Path, files: set[str]) -> None:
        self.root = root
        self.files = files
        self._texts: dict[str, _CsvText | None] = {}
        self._places: dict[tuple[str, int, str], CellPlace | None] = {}

    def locate(self, file: str, line: int, column: str) -> CellPlace | None:
        key = (file, line, column)
        if key not in self._places:
            self._places[key] = self._find(file, line, column)
        return self._places[key]

    def _csv(self, file: str) -> _CsvText | None:
        if file not in self._texts:
            self._texts[file] = self._read(file)
        return self._texts[file]

    def _read(self, file: str) -> _CsvText | None:
        if file not in self.files or file.startswith(("/", "../")):
            return None
        try:
            text = (self.root / file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        header = {name: i for i, (name, _, _) in enumerate(_fields(text, 0)) if name}
        return _CsvText(text, starts, header)

    def _find(self, file: str, line: int, column: str) -> CellPlace | None:
        csv_text = self._csv(file)
        if (
            csv_text is None
            or column not in csv_text.header
            or not 1 < line <= len(csv_text.starts)
        ):
            return None
        wanted = csv_text.header[column]
        for position, (_, start, end) in enumerate(
            _fields(csv_text.text, csv_text.starts[line - 1])
        ):
            if position == wanted:
                cell_line = bisect.bisect_right(csv_text.starts, start)
                line_start = csv_text.starts[cell_line - 1]
                single = not _LINE_BREAK.search(csv_text.text, start, end)
                end_column = end - line_start + 1 if single else None
                return CellPlace(cell_line, start - line_start + 1, end_column)
        return None  # the record has fewer cells than the header


def _fields(text: str, position: int) -> list[tuple[str, int, int]]:
    """The fields of the CSV record starting at `position`: (value, start, end) offsets."""
    fields: list[tuple[str, int, int]] = []
    while True:
        match = _FIELD.match(text, position)
        if match is None:  # a stray quote: the reader reported the file already
            return fields
        raw = match.group()
        value = raw[1:-1].replace('""', '"') if raw.startswith('"') else raw
        fields.append((value, match.start(), match.end()))
        position = match.end()
        if position >= len(text) or text[position] != ",":
            return fields
        position += 1
