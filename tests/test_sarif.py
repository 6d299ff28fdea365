"""reports/factgate.sarif: valid SARIF 2.1.0 that puts every finding on its cell.

The schema is the OASIS standard's own file (SARIF 2.1.0 with Errata 01, `$id`
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
copied unchanged from github.com/oasis-tcs/sarif-spec, `sarif-2.1/schema/sarif-schema-2.1.0.json`
at commit e0583813964ec43cea53b6b531b402866095ed1f (sha256 c3b4bb2d6093897483348925aaa73af0
3b3e3f4bd4ca38cef26dcb4212a2682e), into tests/fixtures/sarif/.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factgate.testing import copy_project

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"


def set_cells(root: Path, table: str, key: str, **cells: str) -> int:
    """Change cells of the row whose first cell is `key`; return the line the row starts on."""
    path = root / "data" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines, start = [], [], 1
    for row in reader:
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    [position] = [i for i, row in enumerate(rows) if i and row and row[0] == key]
    for column, value in cells.items():
        rows[position][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return lines[position]


def sarif_of(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "factgate.sarif").read_text(encoding="utf-8"))
    return document


def assert_valid(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(document)


def test_the_stored_schema_is_the_official_file() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture
def broken(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> tuple[Path, dict[str, Any], dict[str, int]]:
    """A copy with errors on named cells, one of them after a cell holding a line break."""
    lines = {
        "hedge": set_cells(
            project, "figures", "troops-deployed-western-intel",
            hedge="exact", value_low="11000", value_high="11000",
        ),
        "formula": set_cells(
            project, "figures", "casualties-kwc-western-intel",
            location="Kursk\nGebiet", notes="=HYPERLINK(1)",
        ),
    }  # fmt: skip
    texts = tmp_path / "texts"
    texts.mkdir()  # a texts folder without the article: evidence-verbatim skips that source
    out = tmp_path / "out"
    status, _, stderr = run_cli(
        "validate", "--root", str(project), "--out", str(out), "--texts", str(texts)
    )
    assert status == 1, stderr
    return out, sarif_of(out), lines


def test_a_failing_run_is_valid_sarif_with_every_finding(
    broken: tuple[Path, dict[str, Any], dict[str, int]],
) -> None:
    out, document, _ = broken
    assert_valid(document)
    assert document["version"] == "2.1.0"
    [run] = document["runs"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    results = [r for r in run["results"] if "suppressions" not in r]
    assert len(results) == len(report["findings"]) > 2
    for result, finding in zip(results, report["findings"], strict=True):
        assert result["ruleId"] == finding["rule"]
        assert result["level"] == finding["severity"]
        assert finding["message"] in result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == finding["file"]  # outside git: the project
        if finding["line"]:
            assert location["region"]["startLine"] >= finding["line"]
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == finding["rule"]


def test_rules_carry_their_docstrings(broken: tuple[Path, dict[str, Any], dict[str, int]]) -> None:
    out, document, _ = broken
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {rule["id"] for rule in report["rules"]}
    for catalogued in report["rules"]:
        rule = rules[catalogued["id"]]
        doc = catalogued["doc"].strip()
        if doc:
            assert rule["shortDescription"]["text"] == doc.splitlines()[0]
            assert rule["help"]["text"] == doc
        assert rule["name"].isalnum()
        assert rule["name"][0].isupper()
        expected = "error" if catalogued["severity"] == "error" else "warning"
        assert rule["defaultConfiguration"]["level"] == expected


def test_a_named_cell_gets_its_column(
    broken: tuple[Path, dict[str, Any], dict[str, int]], project: Path
) -> None:
    _, document, lines = broken
    physical = (project / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()
    results = document["runs"][0]["results"]
    [hedge] = [
        r for r in results
        if r["ruleId"] == "evidence-hedge-agrees"
        and r["properties"]["rowId"] == "troops-deployed-western-intel"
    ]  # fmt: skip
    region = hedge["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == lines["hedge"]
    first_column = next(iter(hedge["properties"]["cells"]))
    cell = physical[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
    assert next(csv.reader([cell])) == [hedge["properties"]["cells"][first_column]]

    # After a quoted cell holding a line break, the cell sits on the row's second line.
    [formula] = [
        r for r in results
        if r["ruleId"] == "no-formula-cell" and "notes" in r["properties"]["cells"]
    ]  # fmt: skip
    region = formula["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == lines["formula"] + 1
    cell = physical[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
    assert cell == "=HYPERLINK(1)"


def test_skips_are_notifications(broken: tuple[Path, dict[str, Any], dict[str, int]]) -> None:
    _, document, _ = broken
    [invocation] = document["runs"][0]["invocations"]
    notes = invocation["toolExecutionNotifications"]
    [verbatim] = [n for n in notes if n["associatedRule"]["id"] == "evidence-verbatim"]
    assert "dw-2025-07-02-nordkorea-russland" in verbatim["message"]["text"]
    assert verbatim["properties"]["scope"] == "part"


def test_silenced_findings_are_suppressed_results(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    set_cells(project, "actors", "zinberg", role=" Professor")  # a leading blank: clean-text
    status, _, _ = run_cli(
        "except", "clean-text", "zinberg", "--root", str(project),
        "--reason", "quoted as printed", "--by", "tester",
    )  # fmt: skip
    assert status == 0
    out = tmp_path / "out"
    status, _, _ = run_cli("validate", "--root", str(project), "--out", str(out))
    assert status == 0
    document = sarif_of(out)
    assert_valid(document)
    [result] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "clean-text"]
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "quoted as printed"}
    ]
    assert all("suppressions" not in r for r in document["runs"][0]["results"] if r is not result)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_paths_start_at_the_repository_root(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "repo"
    root = copy_project(REPO, repo / "datasets" / "nk", FIXTURE_DATA)
    set_cells(root, "figures", "troops-deployed-western-intel", value_best="-5")
    _git(repo, "init", "-q")
    _git(repo, "remote", "add", "origin", "git@github.com:desk/figures.git")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "data")
    out = tmp_path / "out"
    status, _, _ = run_cli("validate", "--root", str(root), "--out", str(out))
    assert status == 1
    document = sarif_of(out)
    assert_valid(document)
    [run] = document["runs"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "datasets/nk/data/figures.csv" in uris
    assert all(uri.startswith("datasets/nk/") for uri in uris)
    [provenance] = run["versionControlProvenance"]
    assert provenance["repositoryUri"] == "https://github.com/desk/figures"
    assert len(provenance["revisionId"]) == 40


def test_the_workflow_uploads_the_sarif_and_keeps_the_report() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text("utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["validate"]["steps"]
    [upload] = [
        s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload["with"]["sarif_file"] == "reports/factgate.sarif"
    assert upload["if"].startswith("always()")
    [artifact] = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert artifact["if"] == "always()"
    assert artifact["with"]["path"] == "reports/"
    assert steps.index(upload) > [s.get("run") for s in steps].index("nox")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gate_results_say_new_or_unchanged_and_whether_they_block(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    root = copy_project(REPO, tmp_path / "repo", FIXTURE_DATA)
    set_cells(root, "actors", "zinberg", role=" Professor")  # an error already on main
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    set_cells(root, "figures", "troops-deployed-western-intel", value_best="-5")  # the change
    out = tmp_path / "out"
    status, _, _ = run_cli("gate", "--root", str(root), "--out", str(out), "main")
    assert status == 1
    document = sarif_of(out)
    assert_valid(document)
    results = document["runs"][0]["results"]
    new = [r for r in results if r["properties"]["rowId"] == "troops-deployed-western-intel"]
    old = [r for r in results if r["properties"]["rowId"] == "zinberg"]
    assert new
    assert old
    assert {r["baselineState"] for r in new} == {"new"}
    assert {r["baselineState"] for r in old} == {"unchanged"}
    assert all(r["properties"]["blocks"] for r in new + old)  # errors block wherever they are
    assert {r["properties"]["standing"] for r in old} == {"pre-existing"}


def test_beyond_the_upload_limit_the_most_important_findings_stay(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from factgate.findings import Finding, sort_findings
    from factgate.report import sarif
    from factgate.report.context import ReportContext
    from factgate.validate import validate

    validation = validate(project)
    findings = sort_findings(
        Finding(
            "value-range",
            "warning" if i % 2 else "error",
            f"problem {i}",
            "data/figures.csv",
            i + 2,
        )
        for i in range(10)
    )
    validation = dataclasses.replace(validation, findings=findings)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 4)
    document = sarif.sarif_document(ReportContext(validation, None))
    assert_valid(document)
    [run] = document["runs"]
    assert [r["level"] for r in run["results"]] == ["error"] * 4
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == sorted(lines) == [2, 4, 6, 8]  # the first errors, in report order
    [note] = [
        n for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "warning"
    ]
    assert note["properties"]["omitted"] == 6
    assert "6 of 10 findings" in note["message"]["text"]


def test_file_names_are_uri_references(project: Path) -> None:
    import dataclasses

    from factgate.findings import Finding
    from factgate.report import sarif
    from factgate.report.context import ReportContext
    from factgate.validate import validate

    finding = Finding("csv-missing-file", "error", "missing", "data/Zahlen März.csv", 0)
    validation = dataclasses.replace(validate(project), findings=[finding])
    document = sarif.sarif_document(ReportContext(validation, None, "desk data/"))
    assert_valid(document)
    [result] = document["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "desk%20data/data/Zahlen%20M%C3%A4rz.csv"
    assert "region" not in location  # a finding about the whole file has no line
