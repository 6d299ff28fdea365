"""`factgate gate`: judge a change to the dataset against its base revision (docs/gate.md).

The head (working tree) is validated as usual; the base is read from git and validated by the
same rules. Rows are matched by primary key into added, changed (cell by cell) and removed;
edit policies then apply to the change itself, every finding is labelled introduced,
pre-existing or fixed, and the ratchet (factgate.ratchet) decides: errors always block, a
warning blocks only when the change introduces it on a row it adds or edits or on a row that
refers to one.
"""

from __future__ import annotations

import csv
import dataclasses
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from factgate.csvload import read_table
from factgate.diff import CellChange, DatasetDiff, RowChange, RowRef, TableDiff
from factgate.findings import Finding, sort_findings
from factgate.gitbase import checkout_data, resolve_base
from factgate.project import Project
from factgate.ratchet import RowKey, blocking_warnings
from factgate.table import Table
from factgate.validate import RuleResult, Validation, validate

#: Columns of a figure that state its number: changing one needs changed evidence.
NUMBER_COLUMNS = ("value_low", "value_best", "value_high", "hedge")
#: Columns that give a figure its meaning: the same ID must keep them.
MEANING_COLUMNS = ("quantity", "subject", "claimant_id")

POLICY_DOCS: dict[str, str] = {
    "changed-number-needs-evidence": """A changed number or hedge comes with new evidence.

Why: the evidence is the proof of the number; a number edited under the old quote is either a
typo or a new claim that has no source yet.
Fails: `value_best` 6000 -> 7000 with "etwa 6.000 getötet" unchanged. Passes: the same edit
with the evidence "etwa 7.000 getötet" from a newer article.""",
    "removed-figure-needs-retraction": """A figure leaves only with a row in `retractions.csv`.

Why: a published figure that silently disappears cannot be traced; the retraction records when
and why it was withdrawn. Fails: deleting the row `coffins-shown-prk-media`. Passes: deleting
it and adding `coffins-shown-prk-media,2025-07-10,footage found to be staged`.""",
    "retraction-names-removed-figure": """A retraction names a figure that existed and is now gone.

Why: retracting a figure that is still in `figures.csv` contradicts itself, and retracting an
ID that never existed is a typo. Fails: a retraction of `troops-deployed-western-intel` while
the figure is still there. Passes: the figure removed in the same change.""",
    "id-keeps-meaning": """An ID never changes meaning: same quantity, subject and claimant.

Why: reports, links and other datasets cite figures by ID; reusing an ID for another claim
silently changes what they cite. Use a new ID and retract the old one.
Fails: `troops-deployed-western-intel` edited to `quantity` casualties_kwc, or a retracted ID
added again. Passes: a new ID for the new figure.""",
}


@dataclass
class _Compared:
    """One table matched by key between base and head, kept as frames for vectorised rules."""

    name: str
    file: str
    head: pd.DataFrame  # raw cells, index = key, plus `_line` and `_position`
    base: pd.DataFrame  # raw cells, index = key, plus `_line`
    added: pd.Index
    removed: pd.Index
    changed_cells: pd.DataFrame  # bool, index = keys in both, columns = common columns


def run_gate(root: Path, base: str | None, texts: Path | None = None) -> Validation:
    """Validate the working tree as a change against `base` (see the module docstring)."""
    root = root.resolve()
    base_name, base_commit = resolve_base(root, base)
    head = validate(root, texts)
    if head.project is None:  # the descriptor itself is broken: nothing to compare
        return head
    with tempfile.TemporaryDirectory(prefix="factgate-base-") as folder:
        base_root = Path(folder)
        has_base = checkout_data(root, base_commit, base_root)
        base_validation = validate(base_root, texts) if has_base else None
        compared = _compare(head.project, base_root if has_base else None, head)
    diff = _as_diff(base_name, base_commit, compared)
    policy = _policy_findings(compared, head)
    findings = sort_findings(head.findings + policy)
    base_findings = base_validation.findings if base_validation else []
    labelled, fixed = _label(findings, base_findings, {f.rule for f in policy})
    diff.touched = _touched_rows(compared, head)
    return dataclasses.replace(
        head, findings=labelled, diff=diff, fixed=fixed,
        blocking=blocking_warnings(labelled, diff.touched),
        rules=_with_policy_rules(head.rules, policy),
    )  # fmt: skip


def _key_of(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    if not key or any(name not in frame.columns for name in key):
        return pd.Series(frame.index.astype(str), index=frame.index)
    joined = frame[key[0]].astype(str)
    for name in key[1:]:
        joined = joined + "|" + frame[name].astype(str)
    return joined


def _base_raw(base_root: Path | None, name: str, path: str) -> tuple[pd.DataFrame, pd.Series]:
    """The base table's cells as written, with its own header (columns may have changed)."""
    file = base_root / "data" / path if base_root is not None else None
    if file is None or not file.is_file():
        return pd.DataFrame(), pd.Series(dtype="int64")
    with file.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = list(dict.fromkeys(next(csv.reader(handle), [])))
    loaded = read_table(name, file, f"data/{path}", header)
    return loaded.frame, pd.Series(loaded.lines)


def _compare(project: Project, base_root: Path | None, head: Validation) -> dict[str, _Compared]:
    compared: dict[str, _Compared] = {}
    for name, spec in project.tables.items():
        table = head.tables[name]
        head_raw = table.raw.assign(_line=table.lines, _position=range(len(table.raw)))
        head_raw.index = pd.Index(_key_of(table.raw, spec.primary_key))
        head_raw = head_raw[~head_raw.index.duplicated()]
        base_cells, base_lines = _base_raw(base_root, name, spec.path)
        base_raw = base_cells.assign(_line=base_lines.to_numpy())
        base_raw.index = pd.Index(_key_of(base_cells, spec.primary_key))
        base_raw = base_raw[~base_raw.index.duplicated()]
        common = head_raw.index.intersection(base_raw.index, sort=False)
        columns = [c for c in table.raw.columns if c in base_cells.columns]
        changed_cells = head_raw.loc[common, columns].ne(base_raw.loc[common, columns])
        compared[name] = _Compared(
            name, table.file, head_raw, base_raw,
            added=head_raw.index.difference(base_raw.index, sort=False),
            removed=base_raw.index.difference(head_raw.index, sort=False),
            changed_cells=changed_cells[changed_cells.any(axis=1)],
        )  # fmt: skip
    return compared


def _as_diff(base_name: str, commit: str, compared: dict[str, _Compared]) -> DatasetDiff:
    """The plain diff the reports show (objects per changed row only)."""
    diff = DatasetDiff(base_name, commit)
    for name, c in compared.items():
        cells = [col for col in c.head.columns if not col.startswith("_")]
        table = TableDiff(name, c.file)
        for key in c.added:
            row = c.head.loc[key]
            table.added.append(RowRef(str(key), _int(row["_line"]), _cells(row, cells)))
        for key in c.removed:
            row = c.base.loc[key]
            base_cells = [col for col in c.base.columns if not col.startswith("_")]
            table.removed.append(RowRef(str(key), _int(row["_line"]), _cells(row, base_cells)))
        stacked = pd.Series(c.changed_cells.stack())
        stacked = stacked[stacked.astype(bool)]
        by_row: dict[str, list[CellChange]] = {}
        for key, column in stacked.index.tolist():
            old, new = c.base.at[key, column], c.head.at[key, column]
            by_row.setdefault(str(key), []).append(CellChange(str(column), str(old), str(new)))
        for key, changes in by_row.items():
            line, base_line = _int(c.head.at[key, "_line"]), _int(c.base.at[key, "_line"])
            table.changed.append(
                RowChange(key, line, base_line, tuple(changes))
            )  # fmt: skip
        table.changed.sort(key=lambda change: change.line)
        diff.tables[name] = table
    return diff


def _int(value: object) -> int:
    """A line number read back from a frame cell."""
    return int(str(value))


def _cells(row: pd.Series, columns: Iterable[str]) -> dict[str, str]:
    return {column: str(row[column]) for column in columns}


def _policy_findings(compared: dict[str, _Compared], head: Validation) -> list[Finding]:
    findings: list[Finding] = []
    figures = compared.get("figures")
    retractions = compared.get("retractions")
    if figures is None:
        return findings
    table = head.tables["figures"]
    changed = figures.changed_cells
    retracted_now = set(head.tables["retractions"].raw["figure_id"]) if retractions else set()

    number = _any(changed, NUMBER_COLUMNS) & ~_any(changed, ("evidence", "source_id"))
    findings += _at_head(
        table, figures, changed.index[number], "changed-number-needs-evidence",
        "the number changed but the evidence and source did not: quote the evidence for the "
        "new number, or record it as a new figure from its own source",
        [*NUMBER_COLUMNS, "evidence"],
    )  # fmt: skip
    meaning = _any(changed, MEANING_COLUMNS)
    findings += _at_head(
        table, figures, changed.index[meaning], "id-keeps-meaning",
        "this ID now means another figure (quantity, subject or claimant changed): give the "
        "new figure a new ID and retract the old one",
        list(MEANING_COLUMNS),
    )  # fmt: skip
    reused = figures.added[pd.Index(figures.added).isin(list(retracted_now))]
    findings += _at_head(
        table, figures, reused, "id-keeps-meaning",
        "this ID was retracted and may not come back: choose a new ID", ["figure_id"],
    )  # fmt: skip
    unretracted = figures.removed[~pd.Index(figures.removed).isin(list(retracted_now))]
    for key in unretracted:
        line = _int(figures.base.at[key, "_line"])
        message = (
            f"`{key}` was removed (it was line {line} at base) without a row in "
            "data/retractions.csv: add one with date and reason"
        )
        findings.append(
            Finding(
                "removed-figure-needs-retraction",
                "error",
                message,
                figures.file,
                line,
                str(key),
                {"figure_id": key},
            )
        )
    if retractions is not None:
        findings += _retraction_findings(retractions, figures, head)
    return findings


def _retraction_findings(
    retractions: _Compared, figures: _Compared, head: Validation
) -> list[Finding]:
    table = head.tables["retractions"]
    ids = table.raw["figure_id"]
    still_there = ids.isin(list(figures.head.index))
    known = set(figures.base.index) | set(retractions.base.index)
    unknown = ~still_there & ~ids.isin(list(known))
    findings = table.findings(
        "retraction-names-removed-figure", "error", still_there.to_numpy().nonzero()[0],
        "retracts `" + ids + "`, which is still in data/figures.csv: remove the figure too, "
        "or drop the retraction", ["figure_id"],
    )  # fmt: skip
    findings += table.findings(
        "retraction-names-removed-figure", "error", unknown.to_numpy().nonzero()[0],
        "retracts `" + ids + "`, which no version of data/figures.csv holds: check the ID",
        ["figure_id"],
    )  # fmt: skip
    return findings


def _any(changed: pd.DataFrame, columns: Iterable[str]) -> pd.Series:
    present = [c for c in columns if c in changed.columns]
    if not present:
        return pd.Series(False, index=changed.index)
    result: pd.Series = changed[present].any(axis=1)
    return result


def _at_head(
    table: Table, compared: _Compared, keys: pd.Index, rule: str, message: str,
    columns: list[str],
) -> list[Finding]:  # fmt: skip
    positions = compared.head.loc[keys, "_position"].to_numpy()
    return table.findings(rule, "error", positions, message, columns)


def _identity(finding: Finding) -> tuple[str, str, str]:
    """What makes a finding 'the same' across versions: rule, file and row (or message)."""
    return (finding.rule, finding.file, finding.row_id or finding.message)


def _label(
    findings: list[Finding], base_findings: list[Finding], policy_rules: set[str]
) -> tuple[list[Finding], list[Finding]]:
    before = {_identity(f) for f in base_findings}
    after = {_identity(f) for f in findings}

    def label(finding: Finding) -> Finding:
        old = _identity(finding) in before and finding.rule not in policy_rules
        return dataclasses.replace(finding, label="pre-existing" if old else "introduced")

    labelled = [label(f) for f in findings]
    fixed = [
        dataclasses.replace(f, label="fixed") for f in base_findings if _identity(f) not in after
    ]
    return labelled, sort_findings(fixed)


def _touched_rows(compared: dict[str, _Compared], head: Validation) -> frozenset[RowKey]:
    """(file, row ID) of rows the change adds, edits or removes, and of rows that refer to
    one of them along a foreign key (a relation naming an edited figure is part of the change).

    Rows that an edited row refers to are not: adding a relation to an old figure does not
    make that figure's old findings the author's (docs/gate.md, the ratchet). A removed row
    has no findings of its own in the working tree but the policy's, which point at its line
    at base: those are the change's too, and lead the annotations."""
    touched: dict[str, set[str]] = {
        name: {str(k) for k in c.added}
        | {str(k) for k in c.changed_cells.index}
        | {str(k) for k in c.removed}
        for name, c in compared.items()
    }
    expanded = {name: set(keys) for name, keys in touched.items()}
    project = head.project
    assert project is not None
    for name, spec in project.tables.items():
        for fk in spec.foreign_keys:
            referring = head.tables[name].raw
            if referring.empty or not touched.get(fk.reference_table):
                continue
            values = _key_of(referring, fk.fields)
            row_ids = head.tables[name].row_ids
            hits = values.isin(list(touched[fk.reference_table]))
            expanded[name] |= set(row_ids[hits].dropna().astype(str))
    return frozenset(
        (head.tables[name].file, row_id) for name, ids in expanded.items() for row_id in ids
    )


def _with_policy_rules(rules: list[RuleResult], policy: list[Finding]) -> list[RuleResult]:
    counts: dict[str, int] = {}
    for finding in policy:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    extra = [
        RuleResult(rule, "error", "gate", doc, "fail" if counts.get(rule) else "pass",
                   errors=counts.get(rule, 0))
        for rule, doc in POLICY_DOCS.items()
    ]  # fmt: skip
    return sorted([r for r in rules if r.id not in POLICY_DOCS] + extra, key=lambda r: r.id)
