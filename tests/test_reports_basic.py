"""The report files of a failing run: report.json's field contract, junit.xml, index.html.

Each test builds the same broken copy of the project: errors in three tables, a warning, and
an ID that is an HTML injection attempt (the report shows dataset text; it must escape it).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from junitparser import Failure, JUnitXml, Skipped

RunCli = Callable[..., tuple[int, str, str]]
SCRIPT = "<script>alert(1)</script>"
FINDING_KEYS = {"rule", "severity", "message", "file", "line", "row_id", "columns"}


def set_cells(path: Path, key: str, changes: dict[str, str]) -> int:
    """Change cells of the row whose first cell is `key`; return the line where it starts."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(key)},", text, flags=re.MULTILINE)
    assert match is not None, f"no row {key!r} in {path}"
    line = text.count("\n", 0, match.start()) + 1
    rows = list(csv.reader(io.StringIO(text, newline="")))
    [row] = [row for row in rows[1:] if row and row[0] == key]
    for column, value in changes.items():
        row[rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return line


class Broken:
    """The broken copy, its reports, and the lines of the rows that were broken."""

    def __init__(self, root: Path, out: Path, status: int, lines: dict[str, int]) -> None:
        self.root = root
        self.out = out
        self.status = status
        self.lines = lines
        self.report: dict[str, Any] = json.loads((out / "report.json").read_text("utf-8"))
        self.html = (out / "index.html").read_text(encoding="utf-8")


def validate(run_cli: RunCli, root: Path, out: Path) -> int:
    status, _, stderr = run_cli("validate", "--root", str(root), "--out", str(out))
    assert "Traceback" not in stderr
    return status


@pytest.fixture
def broken(project: Path, run_cli: RunCli, tmp_path: Path) -> Broken:
    data = project / "data"
    lines = {
        "script-id": set_cells(
            data / "figures.csv", "munitions-delivered-nis", {"figure_id": SCRIPT}
        ),
        "negative": set_cells(
            data / "figures.csv", "troops-deployed-western-intel", {"value_best": "-5"}
        ),
        "hedge": set_cells(
            data / "figures.csv", "casualties-kwc-western-intel", {"hedge": "roughly"}
        ),
        "date": set_cells(data / "events.csv", "dw-publishes-article", {"date_start": "2.7.2025"}),
        "kind": set_cells(data / "actors.csv", "dw", {"kind": "broadcaster"}),
    }
    with (data / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("unused-analyst,Jane Doe,person,GBR,an analyst nobody quotes\n")
    out = tmp_path / "out"
    status = validate(run_cli, project, out)
    return Broken(project, out, status, lines)


# --- report.json -----------------------------------------------------------------------------


def test_report_top_level(broken: Broken) -> None:
    report = broken.report
    assert broken.status == 1
    assert report["verdict"] == "fail"
    assert isinstance(report["summary"], dict)
    assert isinstance(report["findings"], list)
    assert report["findings"]
    summary = report["summary"]
    severities = [f["severity"] for f in report["findings"]]
    assert summary["errors"] == severities.count("error")
    assert summary["warnings"] == severities.count("warning")
    assert summary["warnings"] >= 1


def test_every_finding_has_the_contract_fields(broken: Broken) -> None:
    for finding in broken.report["findings"]:
        assert set(finding) >= FINDING_KEYS, finding
        assert isinstance(finding["rule"], str)
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", finding["rule"]), finding["rule"]
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["message"], str)
        assert finding["message"].strip()
        assert isinstance(finding["file"], str)
        assert re.fullmatch(r"data/[a-z_]+\.(csv|json)", finding["file"]), finding["file"]
        assert type(finding["line"]) is int
        assert finding["line"] >= 0
        assert finding["row_id"] is None or isinstance(finding["row_id"], str)
        assert isinstance(finding["columns"], dict)
        for name, value in finding["columns"].items():
            assert isinstance(name, str)
            assert value is None or isinstance(value, (str, int, float, bool))
        if "certainty" in finding:
            assert finding["certainty"] in ("certain", "point", "possible")


def test_findings_are_sorted_by_file_and_line(broken: Broken) -> None:
    keys = [(f["file"], f["line"]) for f in broken.report["findings"]]
    assert keys == sorted(keys)


def test_findings_point_at_the_broken_rows(broken: Broken) -> None:
    found = {(f["rule"], f["file"], f["line"]) for f in broken.report["findings"]}
    assert ("value-pattern", "data/figures.csv", broken.lines["script-id"]) in found
    assert ("value-range", "data/figures.csv", broken.lines["negative"]) in found
    assert ("value-vocabulary", "data/figures.csv", broken.lines["hedge"]) in found
    assert ("cell-type", "data/events.csv", broken.lines["date"]) in found
    assert ("value-vocabulary", "data/actors.csv", broken.lines["kind"]) in found
    [script] = [
        f
        for f in broken.report["findings"]
        if f["rule"] == "value-pattern" and f["line"] == broken.lines["script-id"]
    ]
    assert script["row_id"] == SCRIPT
    assert script["columns"] == {"figure_id": SCRIPT}


def test_rules_catalogue_agrees_with_findings(broken: Broken) -> None:
    rules = {rule["id"]: rule for rule in broken.report["rules"]}
    assert len(rules) == len(broken.report["rules"])
    for finding in broken.report["findings"]:
        assert finding["rule"] in rules
    for rule_id, rule in rules.items():
        errors = sum(
            f["rule"] == rule_id and f["severity"] == "error" for f in broken.report["findings"]
        )
        warnings = sum(
            f["rule"] == rule_id and f["severity"] == "warning" for f in broken.report["findings"]
        )
        assert (rule["errors"], rule["warnings"]) == (errors, warnings), rule_id
        if errors or warnings:
            assert rule["status"] == "fail", rule_id
        else:
            assert rule["status"] in ("pass", "skipped"), rule_id


# --- junit.xml -------------------------------------------------------------------------------


def test_junit_has_one_testcase_per_rule(broken: Broken) -> None:
    xml = JUnitXml.fromfile(str(broken.out / "junit.xml"))
    cases = [case for suite in xml for case in suite]
    names = [case.name for case in cases]
    assert sorted(names) == sorted(rule["id"] for rule in broken.report["rules"])
    assert len(names) == len(set(names))


def test_junit_failures_are_the_rules_with_errors(broken: Broken) -> None:
    xml = JUnitXml.fromfile(str(broken.out / "junit.xml"))
    cases = {case.name: case for suite in xml for case in suite}
    for rule in broken.report["rules"]:
        results = cases[rule["id"]].result
        failures = [r for r in results if isinstance(r, Failure)]
        if rule["errors"]:
            assert failures, f"{rule['id']} has errors but no <failure>"
            lines = [f["line"] for f in broken.report["findings"] if f["rule"] == rule["id"]]
            assert f":{lines[0]}" in (failures[0].message or "")
        else:
            assert not failures, f"{rule['id']} has no errors but a <failure>"
        if rule["status"] == "skipped" and not rule["errors"]:
            assert any(isinstance(r, Skipped) for r in results)
        if rule["status"] == "pass":
            assert cases[rule["id"]].is_passed
    # the broken copy has both kinds: a failing rule and a rule with warnings only
    assert not cases["value-range"].is_passed
    orphan = cases["orphan-row"]
    assert broken.report["summary"]["warnings"] >= 1
    assert not any(isinstance(r, Failure) for r in orphan.result)


# --- index.html ------------------------------------------------------------------------------


def test_html_exists_and_shows_the_verdict(broken: Broken) -> None:
    page = broken.html
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert re.search(r"\bFAIL\b", page)
    assert not re.search(r"\bPASS\b", page)
    for rule in broken.report["rules"]:
        if rule["status"] == "fail":
            assert rule["id"] in page


def test_html_escapes_dataset_text(broken: Broken) -> None:
    page = broken.html
    assert SCRIPT not in page
    assert "<script" not in page.lower()
    assert html.escape(SCRIPT, quote=False) in page  # &lt;script&gt;alert(1)&lt;/script&gt;


def test_html_is_self_contained(broken: Broken) -> None:
    page = broken.html
    assert not re.search(r"""<(link|script|img|iframe)\b[^>]*\b(href|src)\s*=""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)


def test_passing_html_says_pass(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert validate(run_cli, project, out) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\bPASS\b", page)
    assert not re.search(r"\bFAIL\b", page)
