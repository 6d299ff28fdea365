"""What every report writer shares: the validation and where the dataset stands in git.

Besides the commit stamp, a report needs two facts about the repository that holds the
project: the project's folder inside it (a desk may keep its dataset in `datasets/nk/` of a
larger repository; code scanning and links want paths from the repository's root), and, when
it is known, the repository's web address, so the HTML report can link each finding to its line
at the commit that was checked.

The web address comes from GitHub Actions' own variables (`GITHUB_SERVER_URL`,
`GITHUB_REPOSITORY`, `GITHUB_SHA`) in CI and from the `origin` remote elsewhere. A remote URL
is configuration anyone can set, so it is parsed strictly: only an https address or the
`git@host:owner/repo` form becomes a link, credentials in it are dropped, and anything else
(a `javascript:` URL, a local path) gives no link at all.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from factgate.validate import Validation

_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?")
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1, or SHA-256 object format
_SCP_LIKE = re.compile(r"(?:[A-Za-z0-9_.-]+@)?(?P<host>[^:/\s]+):(?P<path>[^\s]+)")


@dataclass(frozen=True)
class WebAddress:
    """A repository on a forge, at one commit: enough to link a file's line."""

    base: str  # https://host/owner/repo
    commit: str  # the full commit hash the links point at

    def line_url(self, path: str, line: int) -> str:
        """`https://host/owner/repo/blob/SHA/path#L12` (the whole file for line 0)."""
        url = f"{self.base}/blob/{self.commit}/{quote(path, safe='/')}"
        return f"{url}#L{line}" if line > 0 else url


@dataclass(frozen=True)
class ReportContext:
    """A validation plus its provenance stamp (commit, not clock: two reports diff cleanly).

    `repo_prefix` is the project's folder inside its git repository ("" at the top, e.g.
    "datasets/nk/" below it; None outside git). `web` is the repository's web address when
    known.
    """

    validation: Validation
    commit: str | None
    repo_prefix: str | None = None
    web: WebAddress | None = None

    @classmethod
    def of(cls, validation: Validation, environ: Mapping[str, str] | None = None) -> ReportContext:
        root = validation.root
        return cls(
            validation,
            git_commit(root),
            repo_prefix(root),
            web_address(root, os.environ if environ is None else environ),
        )

    def repo_path(self, file: str) -> str:
        """A report path (relative to the project) as a path from the repository's root."""
        return f"{self.repo_prefix or ''}{file}"

    def line_url(self, file: str, line: int) -> str | None:
        """The web address of `file` at `line` at the checked commit, when it is known."""
        if self.web is None or not file or file.startswith(("/", "../")):
            return None
        return self.web.line_url(self.repo_path(file), line)


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def git_commit(root: Path) -> str | None:
    """The commit the dataset is at, with `+dirty` when data/ has uncommitted edits."""
    head = _git(root, "rev-parse", "--short=12", "HEAD")
    if head is None:
        return None
    dirty = _git(root, "status", "--porcelain", "--", "data")
    if dirty is None:
        return None
    return f"{head}+dirty" if dirty else head or None


def repo_prefix(root: Path) -> str | None:
    """The project's folder relative to the repository's root, "" or ending in "/"; None when
    the project is not in a git work tree."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    return prefix if prefix.endswith("/") or not prefix else f"{prefix}/"


def web_address(root: Path, environ: Mapping[str, str]) -> WebAddress | None:
    """Where the repository is on the web, and the commit to link: from GitHub Actions'
    variables when they are all set, else from the `origin` remote and HEAD."""
    server = environ.get("GITHUB_SERVER_URL", "")
    repository = environ.get("GITHUB_REPOSITORY", "")
    sha = environ.get("GITHUB_SHA", "").lower()
    if server and repository and sha:
        base = https_base(f"{server.rstrip('/')}/{repository}")
        if base is not None and _SHA.fullmatch(sha):
            return WebAddress(base, sha)
    remote = _git(root, "remote", "get-url", "origin")
    head = _git(root, "rev-parse", "HEAD")
    if not remote or not head or not _SHA.fullmatch(head):
        return None
    base = remote_base(remote)
    return WebAddress(base, head) if base is not None else None


def remote_base(remote: str) -> str | None:
    """`https://host/owner/repo` for a remote URL in https, ssh:// or `git@host:owner/repo`
    form; None for anything else (a local path, file://, another scheme)."""
    remote = remote.strip()
    if "://" in remote:
        parts = urlsplit(remote)
        if parts.scheme == "ssh":
            # ssh's port is not the web server's: dropped
            return https_base(f"https://{parts.hostname or ''}{parts.path}")
        return https_base(remote)
    match = _SCP_LIKE.fullmatch(remote)
    if match is None or "/" in match.group("host"):
        return None
    return https_base(f"https://{match.group('host')}/{match.group('path')}")


def https_base(url: str) -> str | None:
    """`https://host/owner/repo` from an https URL of a repository (credentials, a trailing
    `.git` and slashes dropped); None unless it has exactly that shape."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or parts.query or parts.fragment:
        return None
    host = (parts.hostname or "") + (f":{port}" if port else "")
    path = parts.path.strip("/")
    path = path[:-4] if path.endswith(".git") else path
    segments = path.split("/")
    if not _HOST.fullmatch(host) or len(segments) < 2:
        return None
    if not all(_NAME.fullmatch(s) and s not in (".", "..") for s in segments):
        return None
    return f"https://{host.lower()}/{'/'.join(segments)}"
