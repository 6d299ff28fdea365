"""Shared fixtures: a private copy of a realistic project, and running the CLI in-process.

The project is the DW article of 2 July 2025 as the tests' own fixture
(tests/fixtures/projects/dw-article/data), with this repository's schemas and checks: a
desk's own rows in data/ never change what a test of the engine sees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factgate.cli import main
from factgate.testing import copy_project

REPO = Path(__file__).resolve().parents[1]
#: The data of the tests' own project (a frozen copy of the DW article's rows).
FIXTURE_DATA = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"
#: The article's text, where the steering repository's shared/ sits beside this checkout.
ARTICLE = REPO.parent / "shared" / "sources" / "dw-2025-07-02-nordkorea-russland.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project (the fixture's data, the repository's schemas and checks) to edit freely."""
    return copy_project(REPO, tmp_path / "project", FIXTURE_DATA)


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run `factgate ARGS...` in-process; return (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse exits on bad arguments
            status = int(exc.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return run
