"""What every report writer shares: the validation and where the dataset stands in git."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from factgate.validate import Validation


@dataclass(frozen=True)
class ReportContext:
    """A validation plus its provenance stamp (commit, not clock: two reports diff cleanly)."""

    validation: Validation
    commit: str | None

    @classmethod
    def of(cls, validation: Validation) -> ReportContext:
        return cls(validation, git_commit(validation.root))


def git_commit(root: Path) -> str | None:
    """The commit the dataset is at, with `+dirty` when data/ has uncommitted edits."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "data"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None
