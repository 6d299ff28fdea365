"""Shared fixtures: a private copy of the bundled dataset, and running the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from factgate.cli import main

REPO = Path(__file__).resolve().parents[1]
#: The article's text, where the steering repository's shared/ sits beside this checkout.
ARTICLE = REPO.parent / "shared" / "sources" / "dw-2025-07-02-nordkorea-russland.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled project (data, schemas, checks) that a test may edit freely."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("data", "schemas", "checks"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


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
