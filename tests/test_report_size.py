"""A bad import can produce thousands of findings: the HTML must stay small enough to open from a
CI artifact (under 2 MB, the first findings of each rule listed), while report.json and
findings.csv hold every one."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import time
from pathlib import Path

import pytest

from factgate.findings import Finding, Severity, sort_findings
from factgate.report import write_reports
from factgate.testing import copy_project
from factgate.validate import Validation, validate

REPO = Path(__file__).resolve().parents[1]
MAX_HTML_BYTES = 2_000_000
MANY = 10_000


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    root = tmp_path_factory.mktemp("bundled")
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return validate(root)


def many_findings(
    validation: Validation, count: int, message_chars: int = 160, cell: str | None = None
) -> Validation:
    """`count` findings spread over every rule and every row of every table, with realistic
    cells (or every cell `cell`) and long messages, tallied into the rules as the engine would."""
    places = [
        (table.file, int(line), str(row_id), {str(k): v for k, v in table.raw.iloc[i].items()})
        for table in validation.tables.values()
        for i, (line, row_id) in enumerate(zip(table.lines, table.row_ids, strict=True))
    ]
    rule_ids = [rule.id for rule in validation.rules]
    findings = []
    for i in range(count):
        file, line, row_id, cells = places[i % len(places)]
        rule_id = rule_ids[i % len(rule_ids)]
        severity: Severity = "error" if i % 3 else "warning"
        message = f"finding {i}: `{rule_id}` says " + ("the value does not fit " * 20)
        if cell is not None:
            message = cell
            cells = dict.fromkeys(cells, cell)
        findings.append(
            Finding(
                rule_id,
                severity,
                message[:message_chars],
                file,
                line + i // len(places),
                f"{row_id}-{i}",
                dict(list(cells.items())[:4]),
                "point" if i % 2 else None,
            )
        )
    findings = sort_findings(findings)
    tallied = [dataclasses.replace(rule, errors=0, warnings=0) for rule in validation.rules]
    by_id = {rule.id: rule for rule in tallied}
    for finding in findings:
        rule = by_id[finding.rule]
        rule.status = "fail"
        if finding.severity == "error":
            rule.errors += 1
        else:
            rule.warnings += 1
    return dataclasses.replace(validation, findings=findings, rules=tallied)


def test_ten_thousand_findings(bundled: Validation, tmp_path: Path) -> None:
    validation = many_findings(bundled, MANY)
    started = time.perf_counter()
    write_reports(validation, tmp_path / "out")
    elapsed = time.perf_counter() - started

    page = (tmp_path / "out" / "index.html").read_bytes()
    assert len(page) < MAX_HTML_BYTES, f"{len(page):,} bytes"
    text = page.decode("utf-8")
    listed = text.count('<li class="finding finding-')
    assert 100 <= listed < MANY
    assert "more findings of" in text
    assert re.search(r"10,000 findings; this page lists [\d,]+ \(at most 100 per rule", text)

    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == MANY
    assert report["summary"]["errors"] + report["summary"]["warnings"] == MANY
    assert [f["message"] for f in report["findings"]] == [f.message for f in validation.findings]

    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "findings.csv").read_text("utf-8"))))
    assert len(rows) == MANY
    assert elapsed < 30, f"writing the reports took {elapsed:.1f} s"


def test_huge_cells_are_clipped_on_the_page_not_in_json(
    bundled: Validation, tmp_path: Path
) -> None:
    huge = "Soldaten " * 20_000  # 180,000 characters
    finding = Finding(
        "value-length",
        "error",
        f"`evidence` is too long: {huge}",
        "data/figures.csv",
        2,
        "workers-pledged-shoigu",
        {"evidence": huge},
    )
    validation = many_findings(bundled, 0)
    validation = dataclasses.replace(validation, findings=[finding])
    write_reports(validation, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(page) < 400_000
    assert "more characters)" in page
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["findings"][0]["columns"]["evidence"] == huge


def test_ten_thousand_worst_case_findings_stay_under_the_limit(
    bundled: Validation, tmp_path: Path
) -> None:
    """Long messages and cells made of characters that grow when escaped: the page's budget
    counts escaped text, so it holds even here."""
    worst = '<"&>' * 500
    validation = many_findings(bundled, MANY, message_chars=len(worst), cell=worst)
    write_reports(validation, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_bytes()
    assert len(page) < MAX_HTML_BYTES, f"{len(page):,} bytes"
    assert page.count(b'<li class="finding finding-') >= 50
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["findings"]) == MANY
