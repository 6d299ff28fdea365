"""Read a dataset as it stands at a git revision, without touching the working tree.

`git archive` streams the revision's `data/` folder; it is unpacked into a temporary folder
next to a copy of the working tree's `schemas/` and `checks/`, so the base is judged by the
same rules as the head and a finding's label (introduced, pre-existing, fixed) reflects the
data, not a change of rules.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from factgate.project import DATAPACKAGE, UsageError


def git(root: Path, *args: str) -> str:
    """Run git in `root`; its stdout, or `UsageError` with git's own words."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"cannot run git: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout.decode("utf-8", "replace")


def upstream_branch(root: Path) -> str | None:
    """The upstream of the checked-out branch (`@{upstream}`, e.g. "origin/main"), if any."""
    try:
        name = git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    except UsageError:  # no upstream, a detached head, or not a git repository
        return None
    return name.strip() or None


def resolve_base(root: Path, base: str | None) -> tuple[str, str]:
    """(name, commit) of the revision to compare with.

    Default: `origin/$GITHUB_BASE_REF` in a pull request, else `origin/main`, else `main`.
    """
    candidates = [base] if base else []
    if not base:
        ref = os.environ.get("GITHUB_BASE_REF")
        if ref:
            candidates.append(f"origin/{ref}")
        candidates += ["origin/main", "main"]
    for candidate in candidates:
        try:
            commit = git(root, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        except UsageError:
            continue
        return candidate, commit.strip()
    tried = ", ".join(candidates)
    raise UsageError(
        f"no base revision to compare with (tried {tried}); name one, e.g. `factgate gate main`, "
        "or fetch it: `git fetch origin main`"
    )


def checkout_data(root: Path, commit: str, target: Path) -> bool:
    """Put the dataset at `commit` under `target` (data/ from git, schemas/ and checks/ from
    the working tree). False when the revision has no dataset yet."""
    top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    data = "data" if prefix == "." else f"{prefix}/data"
    # From the top: `ls-tree` and `archive` read paths relative to the working directory, so
    # run in a subfolder project they would look for `datasets/dw/datasets/dw/data`.
    listed = git(top, "ls-tree", "--name-only", commit, f"{data}/")
    if not listed.strip():
        return False
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, data],
        cwd=top, capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target / "_archive", filter="data")
    shutil.move(str(target / "_archive" / data), target / "data")
    shutil.rmtree(target / "_archive", ignore_errors=True)
    for folder in ("schemas", "checks"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, target / folder,
                            ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    return (target / DATAPACKAGE).is_file()
