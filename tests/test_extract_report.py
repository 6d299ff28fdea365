"""The HTML report shows each source's coverage: entered, ignored and missing number phrases,
and the missing ones marked in an excerpt of the text (escaped like everything else)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from factgate.report import write_reports
from factgate.testing import build_project, run_project

REPO = Path(__file__).resolve().parents[1]
DEFAULTS: dict[str, Any] = yaml.safe_load(
    (REPO / "tests" / "check_cases" / "_defaults.yml").read_text("utf-8")
)


def _page(tmp_path: Path, text: str) -> str:
    tables: dict[str, list[dict[str, Any]]] = {
        "figures": [{"figure_id": "deployed", "evidence": "rund 11.000 Soldaten"}],
        "ignored_numbers": [
            {"source_id": "src", "phrase": "Seit 2022", "sentence": 1, "reason": "a year"}
        ],
    }
    root = build_project(REPO, tmp_path / "p", tables, DEFAULTS, {"src": text})
    write_reports(run_project(root), tmp_path / "out")
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_the_report_counts_and_marks_the_missing_numbers(tmp_path: Path) -> None:
    page = _page(tmp_path, "Seit 2022 kämpfen rund 11.000 Soldaten. Es gebe 600 Tote.")
    assert "numbers: 1 entered, 1 ignored, 1 missing" in page
    assert '<mark title="no row quotes it">600</mark>' in page


def test_the_excerpt_is_escaped(tmp_path: Path) -> None:
    page = _page(tmp_path, "Seit 2022 kämpfen rund 11.000 Soldaten. <script>x</script> 600 Tote.")
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
