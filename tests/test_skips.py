"""What did not run is said the same way everywhere: terminal, report.json, junit.xml,
index.html and factgate.sarif name the same rules, the same scope (the whole rule or a part of
it) and the same reasons, source by source.

`evidence-verbatim` and `numbers-accounted-for` are the rules that skip (they read the source
texts): wholly without a texts folder, in part for each source whose text the folder lacks.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., tuple[int, str, str]]
Skips = set[tuple[str, str, str]]  # (rule, "rule" | "part", reason)
SOURCE = "dw-2025-07-02-nordkorea-russland"
TEXT_RULES = {"evidence-verbatim", "numbers-accounted-for"}


def from_terminal(stdout: str) -> Skips:
    found = set()
    for line in stdout.splitlines():
        match = re.fullmatch(r"  skipped( in part)? ([a-z0-9-]+): (.*)", line)
        if match:
            found.add((match.group(2), "part" if match.group(1) else "rule", match.group(3)))
    return found


def from_json(out: Path) -> Skips:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {(s["rule"], s["scope"], s["reason"]) for s in report["skips"]}


def from_junit(out: Path) -> Skips:
    found = set()
    for case in ET.parse(out / "junit.xml").getroot().iter("testcase"):
        skipped = case.find("skipped")
        if skipped is not None:
            found.add((case.get("name", ""), "rule", skipped.get("message", "")))
        for prop in case.iter("property"):
            if prop.get("name") == "skipped-in-part":
                found.add((case.get("name", ""), "part", prop.get("value", "")))
    return found


def from_html(out: Path) -> Skips:
    page = (out / "index.html").read_text(encoding="utf-8")
    notes = re.findall(
        r'<p class="muted skip-note">(Skipped(?: in part)?): <code>([^<]+)</code> \((.*?)\)\.</p>',
        page,
    )
    return {
        (html.unescape(rule), "part" if kind.endswith("part") else "rule", html.unescape(reason))
        for kind, rule, reason in notes
    }


def from_sarif(out: Path) -> Skips:
    document = json.loads((out / "factgate.sarif").read_text(encoding="utf-8"))
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    found = set()
    for note in notes:
        rule, scope = note["associatedRule"]["id"], note["properties"]["scope"]
        reason = note["message"]["text"].split(": ", 1)[1]
        found.add((rule, scope, reason))
    return found


def from_step_summary(path: Path) -> Skips:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"- skipped( in part)? `([a-z0-9-]+)`: (.*)", line)
        if match:  # Markdown escapes (a backslash before a character) are undone
            reason = re.sub(r"\\(.)", r"\1", match.group(3))
            found.add((match.group(2), "part" if match.group(1) else "rule", reason))
    return found


@pytest.mark.parametrize("texts", ["none", "empty"])
def test_every_report_names_the_same_skips(
    texts: str,
    project: Path,
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = tmp_path / "out"
    args = ["validate", "--root", str(project), "--out", str(out)]
    if texts == "empty":
        (tmp_path / "texts").mkdir()
        args += ["--texts", str(tmp_path / "texts")]
    status, stdout, _ = run_cli(*args)
    assert status == 0

    terminal = from_terminal(stdout)
    assert {rule for rule, _, _ in terminal} == TEXT_RULES
    assert len(terminal) == len(TEXT_RULES)
    for _, scope, reason in terminal:
        if texts == "none":
            assert scope == "rule"
            assert "--texts" in reason
        else:
            assert scope == "part"
            assert reason == f"no text for {SOURCE}"  # the source is named
    assert from_json(out) == terminal
    assert from_junit(out) == terminal
    assert from_html(out) == terminal
    assert from_sarif(out) == terminal
    assert from_step_summary(summary) == terminal


def test_a_partial_skip_is_counted_not_hidden(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "texts").mkdir()
    out = tmp_path / "out"
    _, stdout, _ = run_cli(
        "validate", "--root", str(project), "--out", str(out), "--texts", str(tmp_path / "texts")
    )
    partly = {rule for rule, scope, _ in from_terminal(stdout) if scope == "part"}
    assert "evidence-verbatim" in partly
    first = stdout.splitlines()[0]
    assert f"0 skipped, {len(TEXT_RULES)} skipped in part)" in first
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["rules_skipped"] == 0
    assert report["summary"]["rules_skipped_in_part"] == len(TEXT_RULES)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"{len(TEXT_RULES)} rules skipped in part" in page
    case = next(
        c for c in ET.parse(out / "junit.xml").getroot().iter("testcase")
        if c.get("name") == "evidence-verbatim"
    )  # fmt: skip
    assert case.find("skipped") is None  # it ran on what it had: a pass, with the part named
    assert f"skipped in part: no text for {SOURCE}" in (case.findtext("system-out") or "")


def test_nothing_skipped_says_nothing(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    evidence = []
    for table in ("figures", "events"):
        import csv

        with (project / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            evidence += [row["evidence"] for row in csv.DictReader(handle)]
    (texts / f"{SOURCE}.txt").write_text(" … ".join(evidence), encoding="utf-8")
    out = tmp_path / "out"
    status, stdout, _ = run_cli(
        "validate", "--root", str(project), "--out", str(out), "--texts", str(texts)
    )
    assert status == 0, stdout
    assert from_terminal(stdout) == set()
    assert "skipped in part" not in stdout
    assert from_json(out) == from_junit(out) == from_html(out) == from_sarif(out) == set()
