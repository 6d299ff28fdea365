"""factgate: test-driven validation of datasets of figures reported in the news.

Content (schemas/ and checks/ of a dataset) imports what it needs from here; the heavy engine
modules are imported lazily by the command line, so `import factgate` stays cheap.
"""

from __future__ import annotations

from factgate.checking import Failures, SkipCheck, Skipped, check
from factgate.findings import Finding

__all__ = ["Failures", "Finding", "SkipCheck", "Skipped", "check"]
__version__ = "0.1.0"
