"""What CI reads: junit.xml, GitHub's workflow commands and step summary, and the log summary."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from factgate.findings import Finding, Label, Severity
from factgate.report.github import (
    ERRORS_SHOWN_PER_STEP,
    WARNINGS_SHOWN_PER_STEP,
    annotation,
    annotation_lines,
    beyond_limits,
    escape_property,
    markdown_text,
    run_address,
    step_summary,
)
from factgate.report.junit import render_junit, xml_text
from factgate.terminal import one_line, print_summary, summary_lines
from factgate.testing import copy_project
from factgate.validate import RuleResult, Status, Validation, validate

REPO = Path(__file__).resolve().parents[1]

#: A message with each character the workflow-command rules care about.
TRICKY = "`value_best` is 100% of 6,000:\nsee line 2\r"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    root = tmp_path_factory.mktemp("bundled")
    copy_project(REPO, root, REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data")
    return validate(root)


def with_findings(
    validation: Validation, findings: list[Finding], skipped: dict[str, str] | None = None
) -> Validation:
    """`validation` with these findings, tallied into its rules, and some rules skipped."""
    rules = []
    for rule in validation.rules:
        mine = [f for f in findings if f.rule == rule.id]
        errors = sum(f.severity == "error" for f in mine)
        reason = (skipped or {}).get(rule.id)
        status: Status = "fail" if mine else ("skipped" if reason else "pass")
        rules.append(
            dataclasses.replace(
                rule,
                errors=errors,
                warnings=len(mine) - errors,
                status=status,
                skipped_reason=reason,
            )
        )
    return dataclasses.replace(validation, findings=findings, rules=rules)


ERROR = Finding(
    "value-range",
    "error",
    TRICKY,
    "data/figures.csv",
    6,
    "troops-deployed-western-intel",
    {"value_best": "-5"},
)
WARNING = Finding(
    "alternative-claims-agree", "warning", "differ: quantity", "data/relations.csv", 4, "a|b|c"
)
WHOLE_FILE = Finding("csv-missing-file", "error", "no such file", "data/events.csv", 0)


# --- GitHub workflow commands --------------------------------------------------------------------


def test_annotation_lines_exactly() -> None:
    assert annotation(ERROR) == (
        "::error file=data/figures.csv,line=6,title=value-range::"
        "troops-deployed-western-intel: `value_best` is 100%25 of 6,000:%0Asee line 2%0D"
    )
    assert annotation(WARNING) == (
        "::warning file=data/relations.csv,line=4,title=alternative-claims-agree::"
        "a|b|c: differ: quantity"
    )
    # a finding about a whole file has no line to point at
    assert annotation(WHOLE_FILE) == (
        "::error file=data/events.csv,title=csv-missing-file::no such file"
    )
    assert annotation_lines([ERROR, WARNING]) == [annotation(ERROR), annotation(WARNING)]


def test_properties_escape_their_delimiters() -> None:
    assert escape_property("data/a,b:c%.csv\n") == "data/a%2Cb%3Ac%25.csv%0A"
    odd = dataclasses.replace(ERROR, file="data/a,b.csv", rule="x:y")
    assert annotation(odd).startswith("::error file=data/a%2Cb.csv,line=6,title=x%3Ay::")


def test_step_summary_tables_and_escapes(bundled: Validation) -> None:
    injected = dataclasses.replace(WARNING, message="see ![x](https://evil.example/p.png) | <b>")
    validation = with_findings(bundled, [ERROR, injected], {"evidence-verbatim": "no texts"})
    summary = step_summary(validation)
    lines = summary.splitlines()
    assert lines[0] == "## ❌ factgate: fail"
    assert "| `value-range` | fail | 1 | 0 |" in lines
    assert "| `evidence-verbatim` | skipped: no texts | 0 | 0 |" in lines
    assert (
        "| `data/figures.csv:6` | `value-range` | troops\\-deployed\\-western\\-intel | "
        "`value_best` is 100% of 6,000: see line 2  |"
    ) in lines
    [row] = [line for line in lines if "alternative-claims-agree` |" in line and "data/" in line]
    assert "\\!\\[x\\]\\(https://evil\\.example/p\\.png\\) \\| \\<b\\>" in row
    assert row.count(" | ") == 3


def test_step_summary_is_bounded(bundled: Validation) -> None:
    many = [dataclasses.replace(ERROR, line=i, message="x" * 5000) for i in range(2, 500)]
    summary = step_summary(with_findings(bundled, many))
    assert len(summary.encode()) < 100_000
    assert "… and 448 more in `report.json`" in summary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a|b", "a\\|b"),
        ("x\ny", "x y"),
        ("`code_name` and *stars*", "`code_name` and \\*stars\\*"),
        ("`a|b` c", "`a\\|b` c"),
        ("[link](javascript:x)", "\\[link\\]\\(javascript:x\\)"),
    ],
)
def test_markdown_text(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


# --- junit.xml ------------------------------------------------------------------------------------


def test_junit_reads_as_junit(bundled: Validation, tmp_path: Path) -> None:
    validation = with_findings(bundled, [ERROR, WARNING], {"evidence-verbatim": "no texts"})
    path = tmp_path / "junit.xml"
    path.write_text(render_junit(validation), encoding="utf-8")

    xml = JUnitXml.fromfile(str(path))
    [suite] = list(xml)
    cases = {case.name: case for case in suite}
    assert len(cases) == len(validation.rules)
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (
        len(validation.rules),
        1,
        0,
        1,
    )
    [failure] = cases["value-range"].result
    assert isinstance(failure, Failure)
    assert failure.message.startswith("1 error(s), first: data/figures.csv:6 ")
    assert TRICKY.replace("\r", "\n") in (failure.text or "")
    [skipped] = cases["evidence-verbatim"].result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "no texts"
    warning_case = cases["alternative-claims-agree"]
    assert warning_case.is_passed
    assert "differ: quantity" in (warning_case.system_out or "")
    assert all(case.classname.startswith("factgate.") for case in cases.values())


def test_junit_has_the_common_shape(bundled: Validation) -> None:
    """testsuites > testsuite > testcase, with the attributes Jenkins' and GitLab's readers
    expect, counts agreeing on both levels."""
    validation = with_findings(bundled, [ERROR, WARNING])
    root = ET.fromstring(render_junit(validation))
    assert root.tag == "testsuites"
    [suite] = list(root)
    assert suite.tag == "testsuite"
    for attribute in ("name", "tests", "failures", "errors", "skipped", "time"):
        assert root.get(attribute) == suite.get(attribute) or attribute == "name"
        assert suite.get(attribute) is not None
    for case in suite:
        assert case.tag == "testcase"
        assert set(case.attrib) == {"classname", "name", "time"}
        for child in case:
            assert child.tag in ("failure", "skipped", "system-out")
    assert int(suite.get("tests") or 0) == len(list(suite))


def test_junit_survives_characters_xml_forbids(bundled: Validation) -> None:
    control = dataclasses.replace(ERROR, message="bell \x07 and nul \x00 in `notes`")
    text = render_junit(with_findings(bundled, [control]))
    root = ET.fromstring(text)  # well-formed
    assert "bell \\x07 and nul \\x00" in text
    assert root is not None
    assert xml_text("ok\ttab\nline") == "ok\ttab\nline"


# --- the log --------------------------------------------------------------------------------------


def test_summary_lines_in_a_ci_log(bundled: Validation) -> None:
    findings = [WARNING, ERROR] + [
        dataclasses.replace(ERROR, line=100 + i, row_id=f"r{i}") for i in range(12)
    ]
    validation = with_findings(bundled, findings, {"evidence-verbatim": "no texts given"})
    lines = summary_lines(validation, Path("/x/reports"))
    rules = len(validation.rules)
    assert lines[0] == (
        f"factgate: FAIL: 13 errors, 1 warning ({rules} rules: 2 with findings, 1 skipped)"
    )
    assert lines[1].split() == ["rule", "errors", "warnings"]
    assert lines[2].split() == ["value-range", "13", "0"]
    assert lines[3].split() == ["alternative-claims-agree", "0", "1"]
    assert lines[4] == "  skipped evidence-verbatim: no texts given"
    # errors first, one line each, the message's line breaks shown, not made
    assert lines[5] == (
        "  data/figures.csv:6: error [value-range] troops-deployed-western-intel: "
        "`value_best` is 100% of 6,000:\\nsee line 2\\r"
    )
    assert all(" error " in line for line in lines[5:15])
    assert lines[15] == ("  ... 4 more in /x/reports/report.json and /x/reports/findings.csv")
    assert lines[-1] == "report: /x/reports/index.html"
    assert not any("\x1b" in line for line in lines)  # no colour codes in a CI log


def test_summary_of_a_clean_run(bundled: Validation) -> None:
    stream = io.StringIO()
    print_summary(with_findings(bundled, []), Path("/r"), stream)
    assert stream.getvalue().splitlines() == [
        f"factgate: PASS: 0 errors, 0 warnings ({len(bundled.rules)} rules: 0 with findings, "
        "0 skipped)",
        "report: /r/index.html",
    ]


def test_summary_of_a_gate_run(bundled: Validation) -> None:
    from factgate.diff import CellChange, DatasetDiff, RowChange, TableDiff

    diff = DatasetDiff(
        "origin/main",
        "abc",
        {
            "figures": TableDiff(
                "figures",
                "data/figures.csv",
                changed=[
                    RowChange("x", 3, 3, (CellChange("value_best", "1", "2"),)),
                ],
            )
        },
        touched=frozenset({("data/relations.csv", "a|b|c")}),
    )
    introduced = dataclasses.replace(WARNING, label="introduced")
    validation = dataclasses.replace(
        with_findings(bundled, [introduced]),
        diff=diff,
        blocking=[introduced],
        fixed=[dataclasses.replace(ERROR, label="fixed")],
    )
    lines = summary_lines(validation, Path("/r"))
    assert lines[0].startswith("factgate: FAIL: 0 errors, 1 warning")
    assert lines[1] == (
        "gate: against origin/main (0 added, 1 changed, 0 removed rows) this change introduces "
        "0 errors and, on rows it adds or edits, 1 warning; it fixes 1 finding"
    )
    assert lines[2] == "  blocked by 1 finding"
    assert any("warning (introduced; blocks) [alternative-claims-agree]" in line for line in lines)


def test_one_line() -> None:
    assert one_line("a\nb\r\tc\x07") == "a\\nb\\r\\tc\\u0007"
    assert one_line("x" * 300, 10) == "x" * 9 + "…"


def test_rule_results_are_plain(bundled: Validation) -> None:
    """The helpers above build rules the way the engine does (guards against drift)."""
    assert all(isinstance(rule, RuleResult) for rule in bundled.rules)
    assert {"value-range", "alternative-claims-agree", "evidence-verbatim"} <= {
        rule.id for rule in bundled.rules
    }


# --- a closed pipe --------------------------------------------------------------------------------


def _run_with_closed_stdout(
    root: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`factgate validate` whose stdout is a pipe nobody reads: the reader is gone before
    the first write, as after `| head -1` has its line (deterministic, unlike racing head)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "factgate", "validate", "--root", str(root)],
            stdout=write_end, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
            check=False, timeout=300,
        )  # fmt: skip
    finally:
        os.close(write_end)


def test_closed_pipe_ends_quietly_with_the_usual_status(project: Path) -> None:
    done = _run_with_closed_stdout(project)
    assert done.stderr.decode() == ""
    assert done.returncode == 0
    assert (project / "reports" / "report.json").is_file()  # the work was done


def test_closed_pipe_keeps_the_failing_status(project: Path) -> None:
    """Many lines (one annotation per finding) and a verdict of fail: status 1, silence."""
    figures = project / "data" / "figures.csv"
    text = figures.read_text("utf-8")
    figures.write_text(text.replace(",6000,6000,6000,exact,", ",6000,-6000,6000,exact,"), "utf-8")
    done = _run_with_closed_stdout(project, {"GITHUB_ACTIONS": "true"})
    assert done.stderr.decode() == ""
    assert done.returncode == 1


def test_head_reads_the_first_line(project: Path) -> None:
    """The pipe as a user writes it: head gets the verdict line, factgate its usual status."""
    command = (
        f"{shlex.quote(sys.executable)} -m factgate validate --root {shlex.quote(str(project))}"
        ' | head -1; echo "status=${PIPESTATUS[0]}"'
    )
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, check=False, timeout=300
    )
    first, status = done.stdout.splitlines()
    assert first.startswith("factgate: PASS: 0 errors")
    assert status == "status=0"
    assert done.stderr == ""


# --- annotations within GitHub's limits -----------------------------------------------------------


def _many(severity: Severity, rule: str, count: int, start: int) -> list[Finding]:
    labels: tuple[Label, Label] = ("pre-existing", "introduced")
    return [
        Finding(
            rule, severity, "m", "data/figures.csv", start + i, f"{rule}-{i}", label=labels[i % 2]
        )
        for i in range(count)
    ]


def test_annotations_come_in_priority_order() -> None:
    """Rows the change touched first, errors before warnings, blocking before not, by rule."""
    touched = frozenset({("data/figures.csv", "t1"), ("data/figures.csv", "t2")})
    findings = [
        Finding("b-rule", "warning", "m", "data/figures.csv", 2, "old", label="pre-existing"),
        Finding("z-rule", "error", "m", "data/figures.csv", 3, "old", label="pre-existing"),
        Finding("b-rule", "warning", "m", "data/figures.csv", 4, "t1", label="pre-existing"),
        Finding("c-rule", "warning", "m", "data/figures.csv", 5, "t2", label="introduced"),
        Finding("y-rule", "error", "m", "data/figures.csv", 6, "t2", label="introduced"),
        Finding("a-rule", "error", "m", "data/figures.csv", 7, "old", label="pre-existing"),
    ]
    lines = annotation_lines(findings, touched)
    order = [int(re.search(r",line=(\d+),", line).group(1)) for line in lines]  # type: ignore[union-attr]
    # touched: the error, the blocking warning, the pre-existing warning; then the rest
    assert order == [6, 5, 4, 7, 3, 2]
    # outside the gate (nothing touched): errors first, then by rule
    assert annotation_lines(findings[:3]) == [
        annotation(findings[1]), annotation(findings[0]), annotation(findings[2]),
    ]  # fmt: skip


def test_beyond_limits_counts_what_github_will_not_show() -> None:
    findings = (
        _many("error", "value-range", 7, 100)
        + _many("error", "required-cell", 8, 200)
        + _many("warning", "orphan-row", 12, 300)
    )
    hidden = beyond_limits(findings, frozenset())
    # errors by rule: required-cell's 8 come first, then 2 of value-range's 7 are shown
    assert hidden == {"value-range": 5, "orphan-row": 2}
    assert sum(hidden.values()) == len(findings) - ERRORS_SHOWN_PER_STEP - WARNINGS_SHOWN_PER_STEP


def test_step_summary_says_what_lies_beyond_and_where_the_report_is(bundled: Validation) -> None:
    findings = _many("error", "value-range", 13, 100) + _many("warning", "orphan-row", 3, 300)
    url = run_address(
        {
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "desk/figures",
            "GITHUB_RUN_ID": "123",
        }
    )
    assert url == "https://github.com/desk/figures/actions/runs/123"
    lines = step_summary(with_findings(bundled, findings), run_url=url).splitlines()
    assert any(line.endswith("3 more are not shown inline:") for line in lines)
    assert "| `value-range` | 3 |" in lines
    assert not any(line.startswith("| `orphan-row` |") and line.endswith("| 0 |") for line in lines)
    assert lines[-1] == (
        "Every finding is in the full report: the artifact `factgate-report` of "
        "[this run](https://github.com/desk/figures/actions/runs/123) "
        "(the `reports/` folder: `index.html`, `report.json`, `findings.csv`)."
    )
    few = step_summary(with_findings(bundled, findings[:3]))
    assert "not shown inline" not in few
    assert "artifact `factgate-report` of this run " in few


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "a/b"},
        {"GITHUB_SERVER_URL": "javascript:x", "GITHUB_REPOSITORY": "a/b", "GITHUB_RUN_ID": "1"},
        {"GITHUB_SERVER_URL": "https://x", "GITHUB_REPOSITORY": "a/b)", "GITHUB_RUN_ID": "1"},
    ],
)
def test_no_run_address_unless_github_sets_one(environ: dict[str, str]) -> None:
    assert run_address(environ) is None


def test_step_summary_stays_within_one_mebibyte(bundled: Validation) -> None:
    from factgate.diff import DatasetDiff

    huge = dataclasses.replace(ERROR, row_id="r" * 3_000_000, message="m" * 3_000_000)
    validation = dataclasses.replace(
        with_findings(bundled, [huge] * 3), diff=DatasetDiff("b" * 2_000_000, None)
    )
    summary = step_summary(validation)
    assert len(summary.encode("utf-8")) <= 1024 * 1024
    assert summary.rstrip().endswith("see the full report)")
    small = step_summary(with_findings(bundled, [huge]))
    assert "r" * 120 + "…" in small
    assert "r" * 121 not in small


def test_annotation_path_carries_the_project_folder() -> None:
    assert annotation(WARNING, prefix="datasets/dw/").startswith(
        "::warning file=datasets/dw/data/relations.csv,line=4,"
    )
