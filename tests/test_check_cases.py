"""Every consistency check against its named fixture cases (sqlfluff-style).

Each `tests/check_cases/<check-id>.yml` (and any `<check-id>.<topic>.yml`, for a further set of
one check's cases) holds cases named by behaviour; a case gives the rows
that matter (other cells come from `_defaults.yml`) and what must happen: `pass` (the check
finds nothing) or a list of expected findings by table, row number (1-based, as in the case)
and severity. `pytest -k casualties-within-deployed` runs one check's cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factgate.project import load_project
from factgate.testing import build_project, run_project

REPO = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).parent / "check_cases"
DEFAULTS: dict[str, Any] = yaml.safe_load((CASES_DIR / "_defaults.yml").read_text("utf-8"))
#: Rules about the file itself; a fixture that trips them is a broken fixture, not a finding.
_FIXTURE_SANITY = {"csv-header", "csv-ragged-row", "csv-structure", "cell-type", "csv-encoding"}


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("[!_]*.yml")):
        spec = yaml.safe_load(path.read_text("utf-8"))
        rule = path.name.split(".", 1)[0]  # "<rule>.<topic>.yml" adds cases to a rule
        for name, case in spec["cases"].items():
            params.append(pytest.param(rule, name, case, id=f"{path.stem}::{name}"))
    return params


CASES = _load_cases()


@pytest.mark.parametrize(("rule", "name", "case"), CASES)
def test_check_case(rule: str, name: str, case: dict[str, Any], tmp_path: Path) -> None:
    tables = {key: value for key, value in case.items() if key not in ("expect", "texts")}
    root = build_project(REPO, tmp_path / "p", tables, DEFAULTS, case.get("texts"))
    validation = run_project(root)
    broken = [f for f in validation.findings if f.rule in _FIXTURE_SANITY]
    assert not broken, f"fixture {name} is malformed: {broken}"
    found = sorted(
        (f.file.removeprefix("data/").removesuffix(".csv"), f.line - 1, f.severity)
        for f in validation.findings
        if f.rule == rule
    )
    expect = case["expect"]
    if expect == "pass":
        assert found == [], f"{rule} fired on a passing case: {validation.findings}"
        status = {r.id: r.status for r in validation.rules}[rule]
        assert status == "pass", f"{rule} did not run: {status}"
    else:
        wanted = sorted((e["table"], e["row"], e.get("severity", "error")) for e in expect)
        assert found == wanted, [f.message for f in validation.findings if f.rule == rule]


def test_every_check_has_passing_and_failing_cases() -> None:
    """The registry: each check has a case file with both kinds of case."""
    checks = {spec.id for spec in load_project(REPO).checks}
    kinds: dict[str, set[str]] = {check_id: set() for check_id in checks}
    for param in CASES:
        rule, _, case = param.values
        kinds.setdefault(rule, set()).add("pass" if case["expect"] == "pass" else "fail")
    unknown = set(kinds) - checks
    assert not unknown, f"case files for checks that do not exist: {sorted(unknown)}"
    incomplete = {rule: sorted(k) for rule, k in kinds.items() if k != {"pass", "fail"}}
    assert not incomplete, f"checks without both a passing and a failing case: {incomplete}"


def test_every_check_has_a_complete_docstring() -> None:
    """The report shows each docstring: it must say what, why, a failing and a passing example."""
    for spec in load_project(REPO).checks:
        assert spec.summary, f"{spec.id} has no docstring"
        for section in ("Why:", "Fails", "Passes:"):
            assert section in spec.doc, f"{spec.id}: docstring lacks {section!r}"
