"""The pre-commit hook: before a commit, the gate against the branch's upstream.

The hook's command runs as pre-commit runs it (a subprocess in a git repository), once on a
branch with an upstream (the edit policies apply) and once on a branch without (the dataset
is validated). Where the `pre-commit` tool itself is installed, it runs the hook too.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from factgate.testing import copy_project

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "projects" / "dw-article" / "data"
#: The removal the edit policies catch and validation alone cannot: a figure and its relation
#: gone without a retraction.
REMOVED = "coffins-shown-prk-media"


def _hooks(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    return {hook["id"]: hook for hook in hooks}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def _factgate(root: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run a hook's `entry` in `root`, with this interpreter's factgate."""
    words = shlex.split(command)
    assert words[0] == "factgate"
    return subprocess.run(
        [sys.executable, "-m", "factgate", *words[1:]],
        cwd=root, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def _remove_figure(root: Path) -> None:
    for table in ("figures", "relations"):
        path = root / "data" / f"{table}.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(x for x in lines if not x.startswith(REMOVED)), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone whose branch `edit` tracks `origin/main`, as after `git switch -c edit -t`."""
    origin = tmp_path / "origin"
    copy_project(REPO, origin, FIXTURE)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "base")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    _git(clone, "switch", "-q", "-c", "edit", "--track", "origin/main")
    return clone


def test_both_hook_files_run_the_gate_against_the_upstream() -> None:
    published = _hooks(REPO / ".pre-commit-hooks.yaml")
    own = _hooks(REPO / ".pre-commit-config.yaml")
    assert published["factgate-gate"]["entry"] == own["factgate-gate"]["entry"]
    assert own["factgate-gate"]["entry"] == "factgate gate --upstream"
    for hook in (published["factgate-gate"], own["factgate-gate"]):
        assert hook["pass_filenames"] is False  # the gate reads the whole dataset itself
        assert re.search(hook["files"], "data/figures.csv")
        assert re.search(hook["files"], "checks/totals.py")
        assert not re.search(hook["files"], "src/factgate/cli.py")
    # another repository may keep its project in a subfolder
    assert re.search(published["factgate-gate"]["files"], "datasets/dw/data/figures.csv")


def test_hook_blocks_an_edit_the_upstream_policies_forbid(repo: Path) -> None:
    _remove_figure(repo)
    done = _factgate(repo, _hooks(REPO / ".pre-commit-config.yaml")["factgate-gate"]["entry"])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gate: against origin/main (0 added, 0 changed, 2 removed rows)" in done.stdout
    assert "[removed-figure-needs-retraction]" in done.stdout


def test_hook_passes_an_unchanged_branch(repo: Path) -> None:
    done = _factgate(repo, "factgate gate --upstream")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gate: against origin/main (0 added, 0 changed, 0 removed rows)" in done.stdout


def test_hook_validates_a_branch_without_upstream(repo: Path) -> None:
    _git(repo, "switch", "-q", "-c", "lonely", "--no-track")
    _remove_figure(repo)  # no base to hold it against: validation alone finds nothing wrong
    done = _factgate(repo, "factgate gate --upstream")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "gate: the branch has no upstream; validating without edit policies"
    )
    assert "removed-figure-needs-retraction" not in done.stdout


def test_upstream_and_base_together_are_a_usage_error(repo: Path) -> None:
    done = _factgate(repo, "factgate gate --upstream main")
    assert done.returncode == 2
    assert "either BASE or --upstream" in done.stderr


def test_pre_commit_runs_the_hook_on_a_commit(repo: Path, tmp_path: Path) -> None:
    """The real tool, with the hook as this repository declares it, except that it uses the
    factgate already installed here (`language: system`): no package index needed."""
    pytest.importorskip("pre_commit")
    hook = {**_hooks(REPO / ".pre-commit-config.yaml")["factgate-gate"], "language": "system"}
    hook.pop("additional_dependencies", None)
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml")
    _remove_figure(repo)
    _git(repo, "add", "-A")
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    command = [sys.executable, "-m", "pre_commit", "run", "--hook-stage", "pre-commit"]
    assert shutil.which("factgate", path=env["PATH"])
    blocked = subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "factgate gate (against the upstream branch)" in blocked.stdout
    assert "removed-figure-needs-retraction" in blocked.stdout
    # Record the retraction, as the finding asks: the same commit passes.
    with (repo / "data" / "retractions.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{REMOVED},2025-07-10,the footage was staged\n")
    _git(repo, "add", "-A")
    passed = subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
