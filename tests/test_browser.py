"""The HTML report in a real browser: headless Chromium opens `index.html` from disk with the
network off, and we look at what a reader would get.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands on
fd 3, events on fd 4, NUL-separated JSON), which needs nothing but the standard library and
Debian's `chromium` package; Playwright would add a Node driver for the same four calls. Every
request the page makes, every console message, log entry and uncaught exception is recorded,
so a test sees a remote font, a broken `<img>` or an injected script as surely as a reader's
browser would run it.

Without Chromium these tests skip with the reason, except when `CI` is set: there `.ci/run`
installs Chromium, so its absence is a failure, not a skip.
"""

from __future__ import annotations

import base64
import csv
import fcntl
import io
import json
import os
import select
import shutil
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

RunCli = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parents[1]
ARTICLE_TEXTS = REPO.parent / "shared" / "sources"

#: Runs if the report ever let markup through: it would set `window.__pwned` or fetch `x`.
PAYLOAD = (
    '<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">'
    "{{ 7*7*7*7*7*7 }}</title></svg>"
)
TEMPLATE_RESULT = str(7**6)  # what `{{ 7*7*7*7*7*7 }}` would become if it were evaluated


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _high_fd(fd: int) -> int:
    """A duplicate of `fd` numbered 10 or more (the original is closed)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


@dataclass
class PageRecord:
    """What happened while a page loaded and was looked at."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    log: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    exceptions: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return (
            [text for level, text in self.console if level in ("error", "assert")]
            + [text for level, text in self.log if level == "error"]
            + self.exceptions
        )


class Chromium:
    """One headless Chromium, driven over the DevTools pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="factgate-chromium-")
        to_child, self._out = os.pipe()  # we write commands, Chromium reads them on fd 3
        self._in, from_child = os.pipe()  # Chromium writes on fd 4, we read
        # Move the child's ends above 9, so putting them on 3 and 4 cannot clobber one another.
        to_child, from_child = (_high_fd(fd) for fd in (to_child, from_child))
        args = [
            executable,
            "--headless",
            # Root in a container has no sandbox to offer; the page is our own file, offline.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--proxy-server=127.0.0.1:9",  # a request that escapes the offline switch fails
            f"--user-data-dir={self.profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        # The pipe must sit on fds 3 and 4 in the child; bash moves it there (dash, Debian's
        # sh, knows only one-digit descriptors).
        script = f'exec "$0" "$@" 3<&{to_child} 4>&{from_child} {to_child}<&- {from_child}>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", script, *args],
            pass_fds=(to_child, from_child),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []

    # --- protocol ----------------------------------------------------------------------------

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == self._id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    result: dict[str, Any] = reply.get("result", {})
                    return result
                self._events.append(reply)

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer within 60 s")
            ready, _, _ = select.select([self._in], [], [], left)
            if ready:
                chunk = os.read(self._in, 1 << 20)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        return [json.loads(raw) for raw in complete]

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + 60
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.extend(self._read(deadline))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (OSError, EOFError, TimeoutError, RuntimeError):
            self.process.kill()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        os.close(self._out)
        os.close(self._in)
        shutil.rmtree(self.profile, ignore_errors=True)

    # --- pages -------------------------------------------------------------------------------

    def open(self, url: str, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        """Load `url` in a fresh tab with the network off; return the tab once it has loaded."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            session=session,
        )
        page = Page(self, target, session, width)
        page.resize(width, height, mobile)
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        page.settle()
        return page


class Page:
    """One tab: evaluate script, take screenshots, read what it recorded."""

    def __init__(self, browser: Chromium, target: str, session: str, width: int) -> None:
        self.browser = browser
        self.target = target
        self.session = session
        self.width = width
        self.record = PageRecord()

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        result = self.browser.call(method, params, self.session)
        self._collect()
        return result

    def _collect(self) -> None:
        """Move this tab's network, console, log and exception events into `record`."""
        keep = []
        for event in self.browser._events:
            method, params = event.get("method"), event.get("params", {})
            if event.get("sessionId") != self.session:
                keep.append(event)
            elif method == "Network.requestWillBeSent":
                self.record.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                args = params.get("args", [])
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in args)
                self.record.console.append((params["type"], text))
            elif method == "Log.entryAdded":
                entry = params["entry"]
                self.record.log.append((entry["level"], entry["text"]))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                description = details.get("exception", {}).get("description", "")
                self.record.exceptions.append(f"{details.get('text', '')} {description}")
            else:
                keep.append(event)
        self.browser._events = keep

    def settle(self) -> None:
        """Give late work (an image's onerror, a timer) a moment, then collect its events."""
        self.evaluate("new Promise(r => setTimeout(r, 150))", wait=True)

    def evaluate(self, expression: str, wait: bool = False) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def resize(self, width: int, height: int, mobile: bool = False) -> None:
        self.width = width
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def media(self, media: str) -> None:
        self.call("Emulation.setEmulatedMedia", {"media": media})

    def screenshot(self, path: Path) -> tuple[int, int]:
        """The whole page as PNG; returns its (width, height)."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.resize(self.width, min(max(height, 200), 16000))
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        png = base64.b64decode(data)
        path.write_bytes(png)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, tall = struct.unpack(">II", png[16:24])
        return int(width), int(tall)

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is missing: .ci/run installs Debian's `chromium`")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    chromium = Chromium(executable)
    try:
        yield chromium
    finally:
        chromium.close()


def shots_dir(tmp_path: Path) -> Path:
    """Where screenshots go: `$FACTGATE_SCREENSHOTS` when set (to keep them), else tmp."""
    wanted = os.environ.get("FACTGATE_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_of(run_cli: RunCli, root: Path, out: Path, *extra: str) -> Path:
    status, _, stderr = run_cli("validate", "--root", str(root), "--out", str(out), *extra)
    assert status in (0, 1), stderr
    assert "Traceback" not in stderr
    return out / "index.html"


def only_the_file(page: Page, report: Path) -> None:
    """The page fetched itself and nothing else: no font, image, script or style elsewhere."""
    assert page.record.requests, "no request recorded: the network log is not working"
    assert set(page.record.requests) == {report.as_uri()}, page.record.requests


# --- the bundled dataset ----------------------------------------------------------------------


def test_report_opens_offline_with_verdict_and_charts(
    browser: Chromium, project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    texts = ("--texts", str(ARTICLE_TEXTS)) if ARTICLE_TEXTS.is_dir() else ()
    report = report_of(run_cli, project, tmp_path / "out", *texts)
    page = browser.open(report.as_uri())
    try:
        verdict = page.evaluate("document.querySelector('#verdict h1').innerText")
        assert "PASS" in verdict
        assert "0 errors" in verdict
        charts = page.evaluate(
            """[...document.querySelectorAll('#pictures figure.chart svg[role=img]')].map(s => {
                 const r = s.getBoundingClientRect();
                 return {w: r.width, h: r.height, marks: s.querySelectorAll('path, use').length,
                         title: s.querySelector('title').textContent};
               })"""
        )
        assert [c["title"] for c in charts] == [
            "Every figure: interval and point estimate, log scale",
            "Events and figure dates against publication",
        ]
        for chart in charts:
            assert chart["w"] > 600
            assert chart["h"] > 150
            assert chart["marks"] > 20
        # the evidence words of the figures are in the chart as text, not paths
        figure_text = page.evaluate("document.querySelector('#chart-figures svg').textContent")
        assert "rund 11.000" in figure_text
        assert "etwa 6.000" in figure_text
        active = page.evaluate(
            "document.querySelectorAll('script, img, iframe, object, embed, link').length"
        )
        assert active == 0
        assert page.record.errors == []
        only_the_file(page, report)
        width, height = page.screenshot(shots_dir(tmp_path) / "report-desktop.png")
        assert (width, height > 1500) == (1280, True)
    finally:
        page.close()


def test_report_reads_on_a_phone(
    browser: Chromium, project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    report = report_of(run_cli, project, tmp_path / "out")
    page = browser.open(report.as_uri(), width=390, height=844, mobile=True)
    try:
        # Nothing makes the page itself wider than the phone: wide tables and charts scroll
        # inside their own boxes.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert "PASS" in page.evaluate("document.querySelector('#verdict').innerText")
        scrollers = page.evaluate(
            "[...document.querySelectorAll('.chart-scroll')]"
            ".map(e => e.scrollWidth > e.clientWidth)"
        )
        assert scrollers == [True, True]  # charts keep a readable size and scroll sideways
        assert page.record.errors == []
        page.screenshot(shots_dir(tmp_path) / "report-phone.png")
    finally:
        page.close()


def test_print_shows_what_the_screen_folds_away(
    browser: Chromium, project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    report = report_of(run_cli, project, tmp_path / "out")
    page = browser.open(report.as_uri())
    try:
        shown = "document.querySelector('{}').checkVisibility()".format
        folded = ("#findings .rule-block .doc", "details.passed table", "#pictures details table")
        assert [page.evaluate(shown(selector)) for selector in folded] == [False] * 3  # screen
        page.media("print")
        # on paper: the rule's description beside its findings, the rules that passed, the data
        assert [page.evaluate(shown(selector)) for selector in folded] == [True] * 3
        assert page.evaluate(shown("#rules .rules-table .doc")) is False  # said once is enough
        assert page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == (
            "none"
        )
        page.screenshot(shots_dir(tmp_path) / "report-print.png")
    finally:
        page.close()


# --- a failing dataset whose every text cell is an injection attempt --------------------------


def inject_everywhere(root: Path) -> None:
    """Put PAYLOAD into every text cell of every table (beside the value, or alone)."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        text = {f["name"] for f in resource["schema"]["fields"] if f.get("type") == "string"}
        path = root / "data" / resource["path"]
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        for row in rows:
            for name in text:
                row[name] = f"{row[name]} {PAYLOAD}" if row[name] else PAYLOAD
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")


def test_injected_markup_is_shown_and_never_run(
    browser: Chromium, project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    inject_everywhere(project)
    report = report_of(run_cli, project, tmp_path / "out")
    page = browser.open(report.as_uri())
    try:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
        assert "FAIL" in page.evaluate("document.querySelector('#verdict h1').innerText")
        text = page.evaluate("document.body.innerText")
        assert text.count(PAYLOAD) >= 10  # shown, as the characters it is made of
        assert "{{ 7*7*7*7*7*7 }}" in text
        assert TEMPLATE_RESULT not in text
        # claimant names carry the payload into the chart: there too it is text
        chart_text = page.evaluate("document.querySelector('#chart-figures svg').textContent")
        assert "<script>window.__pwned=1</script>" in chart_text
        assert page.evaluate("document.querySelectorAll('svg').length") == 2
        assert page.record.errors == []
        only_the_file(page, report)
        page.screenshot(shots_dir(tmp_path) / "report-injected.png")
    finally:
        page.close()


# --- the harness itself can fail ---------------------------------------------------------------


def test_the_harness_sees_requests_errors_and_scripts(browser: Chromium, tmp_path: Path) -> None:
    """A page that does what the report must not: the checks above would catch each thing."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><title>bad</title>"
        '<link rel="stylesheet" href="https://fonts.example.invalid/css">'
        '<img src="pixel.png">'
        "<script>window.__pwned = 1; console.error('boom'); missing();</script>",
        encoding="utf-8",
    )
    page = browser.open(bad.as_uri())
    try:
        assert page.evaluate("window.__pwned") == 1
        requests = set(page.record.requests)
        assert "https://fonts.example.invalid/css" in requests
        assert (tmp_path / "pixel.png").as_uri() in requests
        assert any("boom" in e for e in page.record.errors)
        assert any("missing" in e for e in page.record.exceptions)
        with pytest.raises(AssertionError):
            only_the_file(page, bad)
    finally:
        page.close()
