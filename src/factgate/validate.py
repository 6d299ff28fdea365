"""Run everything on one dataset: read, type, schema, relational rules, consistency checks.

The result holds the findings and, for every rule in the catalogue, whether it passed, failed
or was skipped, so a report can show rules that found nothing as well as rules that could not run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from factgate.checking import CheckSpec, SkipCheck, collect_outcome
from factgate.coerce import cell_type_findings, column_kind, type_columns
from factgate.diff import DatasetDiff
from factgate.exceptions import apply_exceptions
from factgate.fastread import read_table
from factgate.findings import Finding, Severity, sort_findings
from factgate.project import DATAPACKAGE, DatapackageError, Project, UsageError, load_project
from factgate.relational import foreign_key_findings, orphan_findings
from factgate.rules import ENGINE_RULES
from factgate.schema import run_schema, schema_rules
from factgate.table import Table
from factgate.texts import SourceTexts

Status = Literal["pass", "fail", "skipped"]


@dataclass
class RuleResult:
    """One rule of the catalogue and how it fared on this dataset."""

    id: str
    severity: str
    origin: str
    doc: str
    status: Status = "pass"
    errors: int = 0
    warnings: int = 0
    skipped_reason: str | None = None
    tables: tuple[str, ...] = ()


@dataclass
class Validation:
    """The outcome of validating one dataset."""

    root: Path
    findings: list[Finding]
    rules: list[RuleResult]
    tables: dict[str, Table] = field(default_factory=dict)
    project: Project | None = None
    texts_dir: Path | None = None
    #: Set by the gate: the change under review, and its findings fixed relative to base.
    diff: DatasetDiff | None = None
    fixed: list[Finding] = field(default_factory=list)
    #: Findings a reviewed exception in data/exceptions.csv silences (shown, never counted).
    silenced: list[Finding] = field(default_factory=list)
    #: Set by the gate: warnings that block (introduced on a row the change touches).
    blocking: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        failing = self.blocking or any(f.severity == "error" for f in self.findings)
        return "fail" if failing else "pass"

    def summary(self) -> dict[str, Any]:
        """Counts for `report.json`'s `summary` and the terminal."""
        by_severity = Counter(f.severity for f in self.findings)
        return {
            "errors": by_severity["error"],
            "warnings": by_severity["warning"],
            "rules": len(self.rules),
            "rules_failed": sum(r.status == "fail" for r in self.rules),
            "rules_skipped": sum(r.status == "skipped" for r in self.rules),
            "tables": {name: len(table.frame) for name, table in sorted(self.tables.items())},
            "silenced": len(self.silenced),
            **({"gate": self._gate_summary()} if self.diff is not None else {}),
        }

    def _gate_summary(self) -> dict[str, Any]:
        """What the change under review does: rows touched, the ratchet's counts."""
        from factgate.ratchet import gate_summary

        return gate_summary(self)


def validate(root: Path, texts_dir: Path | None = None) -> Validation:
    """Validate the dataset under `root`. Raises `UsageError` only when it cannot run at all."""
    root = root.resolve()
    try:
        project = load_project(root)
    except DatapackageError as exc:
        finding = Finding("datapackage", "error", str(exc), DATAPACKAGE, exc.line)
        rules = [_engine_rule("datapackage")]
        _tally(rules, [finding])
        return Validation(root, [finding], rules)
    if texts_dir is None:
        texts_dir = project.data_dir / "texts"
    findings: list[Finding] = []
    rules = [_engine_rule(rule_id) for rule_id in ENGINE_RULES]
    tables: dict[str, Table] = {}
    unusable: set[str] = set()

    for name in project.tables:
        model = project.schemas[name]
        read = read_typed_table(project, name)
        table = tables[name] = read.table
        findings += read.findings
        if not read.usable:
            unusable.add(name)
        elif project.tables[name].rows_required and table.frame.empty and not read.findings:
            message = (
                f"`{table.file}` has its header but no rows; the dataset needs its {name}: "
                "restore the rows (was the file cut by an export or a merge?)"
            )
            findings.append(Finding("csv-no-rows", "error", message, table.file, 1))
        findings += cell_type_findings(table, read.bad_cells, read.kinds)
        if read.usable:
            findings += run_schema(table, model, read.bad_cells)
        for doc in schema_rules(model):
            rules.append(RuleResult(doc.rule, doc.severity, "schema", doc.doc, tables=(name,)))

    usable_tables = {name: t for name, t in tables.items() if name not in unusable}
    findings += foreign_key_findings(usable_tables, project.tables)
    findings += orphan_findings(usable_tables, project.tables)

    texts = SourceTexts(texts_dir if texts_dir.is_dir() else None)
    for check_spec in project.checks:
        result, check_findings = _run_check(check_spec, tables, unusable, texts)
        rules.append(result)
        findings += check_findings

    findings, silenced = apply_exceptions(findings, tables)
    rules = _merge_rules(rules)
    findings = sort_findings(findings)
    _tally(rules, findings)
    validation = Validation(root, findings, rules, tables, project, texts.directory)
    validation.silenced = sort_findings(silenced)
    return validation


@dataclass
class TypedRead:
    """One table read from disk and typed as its schema says (what every engine step needs)."""

    table: Table
    usable: bool
    findings: list[Finding]  # structural problems of the file
    kinds: dict[str, str]  # column -> integer, date, boolean or text
    bad_cells: dict[str, pd.Series]  # column -> cells that did not parse


def read_typed_table(project: Project, name: str) -> TypedRead:
    """Read table `name` of `project` and type its columns (shared by validate and gx)."""
    spec = project.tables[name]
    path = project.data_dir / spec.path
    loaded = read_table(name, path, project.display_path(path), spec.fields)
    columns = project.schemas[name].to_schema().columns
    kinds = {column: column_kind(c.dtype) for column, c in columns.items()}
    typed, bad = type_columns(loaded.frame, kinds)
    table = Table(name, loaded.file, typed, loaded.frame, loaded.lines, spec.primary_key)
    return TypedRead(table, loaded.usable, loaded.findings, kinds, bad)


def _engine_rule(rule_id: str) -> RuleResult:
    severity, doc = ENGINE_RULES[rule_id]
    return RuleResult(rule_id, severity, "engine", doc)


def _run_check(
    spec: CheckSpec, tables: dict[str, Table], unusable: set[str], texts: SourceTexts
) -> tuple[RuleResult, list[Finding]]:
    result = RuleResult(spec.id, spec.severity, "check", spec.doc)
    arguments: dict[str, Any] = {}
    for parameter in spec.parameters:
        if parameter == "texts":
            arguments[parameter] = texts
        elif parameter in tables:
            arguments[parameter] = tables[parameter].frame
        else:
            raise UsageError(f"check `{spec.id}` asks for `{parameter}`, which is no table")
    result.tables = tuple(p for p in spec.parameters if p in tables)
    blocked = sorted(set(result.tables) & unusable)
    if blocked:
        result.status = "skipped"
        result.skipped_reason = f"{', '.join(blocked)} could not be read"
        return result, []
    try:
        outcome = collect_outcome(spec.function(**arguments))
    except SkipCheck as skip:
        result.status = "skipped"
        result.skipped_reason = str(skip)
        return result, []
    except Exception as exc:  # a bug in the check, not in the data: stop and name it
        where = f"{spec.function.__module__.rsplit('.', 1)[-1]}.py"
        raise UsageError(
            f"check `{spec.id}` (checks/{where}) raised {type(exc).__name__}: {exc}"
        ) from exc
    if outcome.skipped:
        result.skipped_reason = "; ".join(s.reason for s in outcome.skipped)
    findings: list[Finding] = []
    for failure in outcome.failures:
        table = tables[failure.table]
        mask = failure.mask.fillna(False).astype(bool)
        positions = np.flatnonzero(mask.to_numpy())
        severity: Severity | pd.Series = (
            failure.severity if failure.severity is not None else spec.severity
        )
        findings += table.findings(
            spec.id, severity, positions, failure.message, failure.columns, failure.certainty
        )
    return result, findings


def _merge_rules(rules: list[RuleResult]) -> list[RuleResult]:
    """One entry per rule ID (a schema rule such as `required-cell` spans several tables)."""
    merged: dict[str, RuleResult] = {}
    for rule in rules:
        if rule.id in merged:
            known = merged[rule.id]
            known.tables = tuple(dict.fromkeys(known.tables + rule.tables))
            if len(rule.doc) > len(known.doc):
                known.doc = rule.doc
        else:
            merged[rule.id] = rule
    return sorted(merged.values(), key=lambda r: r.id)


def _tally(rules: list[RuleResult], findings: list[Finding]) -> None:
    by_rule = {rule.id: rule for rule in rules}
    for finding in findings:
        rule = by_rule.get(finding.rule)
        if rule is None:
            rule = RuleResult(finding.rule, finding.severity, "engine", "")
            by_rule[finding.rule] = rule
            rules.append(rule)
        if finding.severity == "error":
            rule.errors += 1
        else:
            rule.warnings += 1
    for rule in rules:
        if rule.errors or rule.warnings:
            rule.status = "fail"
