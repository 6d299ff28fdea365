"""The project explains itself: generated docs are current, links resolve, and nothing points
to a document a user never gets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from factgate.docs import main, render
from factgate.project import load_project

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted((REPO / "docs").glob("*.md"))


def test_generated_pages_are_current() -> None:
    """`python -m factgate.docs` has been run since the rules or tables last changed."""
    for page, text in render(load_project(REPO)).items():
        assert (REPO / page).read_text(encoding="utf-8") == text, (
            f"{page} is out of date: run `python -m factgate.docs`"
        )


def test_check_mode_fails_on_a_stale_page(project: Path) -> None:
    (project / "docs").mkdir()
    assert main(["--root", str(project)]) == 0
    assert main(["--root", str(project), "--check"]) == 0
    page = project / "docs" / "checks.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    assert main(["--root", str(project), "--check"]) == 1


def test_every_check_is_in_the_catalogue_with_its_docstring() -> None:
    catalogue = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for spec in load_project(REPO).checks:
        assert f"### {spec.id}\n" in catalogue
        assert spec.summary in catalogue


@pytest.mark.parametrize("page", DOCS, ids=[p.name for p in DOCS])
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    # Code (fenced blocks and `inline` spans) may hold brackets that are not links, e.g. a regex.
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))
    for target in re.findall(r"\]\((?!https?://|#)([^)#]+)", prose):
        assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_nothing_refers_to_the_design_document() -> None:
    """Code, help text and docs point to docs/, never to a design document outside the repo."""
    listed = subprocess.run(
        ["git", "ls-files", "src", "schemas", "checks", "tests", "docs", "README.md",
         "benchmarks", "noxfile.py"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    pattern = re.compile(r"design (section|§|note) ?[0-9]|design\.md")
    offending = []
    for name in listed:
        path = REPO / name
        if path.suffix in {".py", ".md", ".j2", ".yml"} and path.name != "test_docs.py":
            text = path.read_text(encoding="utf-8", errors="replace")
            offending += [f"{name}:{text[: m.start()].count(chr(10)) + 1}"
                          for m in pattern.finditer(text)]  # fmt: skip
    assert offending == []


def test_the_module_runs_as_a_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "factgate.docs", "--root", str(REPO), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
