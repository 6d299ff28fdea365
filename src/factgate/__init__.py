"""factgate: test-driven validation of datasets of figures reported in the news.

Content (schemas/ and checks/ of a dataset) imports what it needs from here. The names are
loaded on first use (PEP 562), so `factgate --help` and other paths that need no table do not
pay for importing pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factgate.checking import Failures, SkipCheck, Skipped, check
    from factgate.findings import Finding

__all__ = ["Failures", "Finding", "SkipCheck", "Skipped", "check"]
__version__ = "0.1.0"

#: Public names and the module each lives in.
_EXPORTS = {
    "Failures": "factgate.checking",
    "Skipped": "factgate.checking",
    "SkipCheck": "factgate.checking",
    "check": "factgate.checking",
    "Finding": "factgate.findings",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'factgate' has no attribute {name!r}")
