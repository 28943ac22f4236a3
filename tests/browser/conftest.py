"""Browser fixtures: Debian's Chromium driven by Playwright, against built sites served on 127.0.0.1.

Without Chromium the browser tests skip locally but fail when CI=true (CI never skips them).
Every page opened through :func:`open_page` fails its test on a request to another host, a
console error, an uncaught exception or a dialog.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("KERJASAMA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1"}
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AXE = next(p for p in (REPO / "node_modules" / "axe-core" / "axe.min.js", HERE / "vendor" / "axe-core" / "axe.min.js")
           if p.is_file())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served over HTTP on the loopback interface."""

    root: Path
    url: str

    def page_url(self, path: str) -> str:
        return self.url + path.lstrip("/")


def serve(site: Path) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_real(real_site) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    yield from serve(real_site.site)


@pytest.fixture(scope="session")
def served_hostile(hostile_site) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    yield from serve(hostile_site.built.site)


@pytest.fixture(scope="module")  # not session: a running sync Playwright blocks any other in the process
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; browser tests never skip in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only browser sessions need Playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that a test must know about."""

    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.foreign] + [f"console: {m}" for m in self.console_errors]
                + [f"exception: {m}" for m in self.page_errors] + [f"dialog: {m}" for m in self.dialogs]
                + [f"failed request: {u}" for u in self.failed])


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., tuple[Any, Watch]]]:
    """``open_page(url, width=1280)`` -> (page, watch); the test fails on anything in ``watch``."""
    contexts: list[tuple[Any, Watch]] = []

    def _open(url: str, width: int = 1280, height: int = 900) -> tuple[Any, Watch]:
        watch = Watch()
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")

        def route(route: Any) -> None:
            target = urlsplit(route.request.url)
            if target.hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                watch.foreign.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        # A request cut short by the next navigation (net::ERR_ABORTED) is not a fault of the page;
        # a missing file is (HTTP 4xx/5xx).
        page.on("requestfailed", lambda r: watch.failed.append(f"{r.url} ({r.failure})")
                if r.url not in watch.foreign and "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: watch.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

        def dialog(d: Any) -> None:
            watch.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        contexts.append((context, watch))
        page.goto(url, wait_until="load")
        return page, watch

    yield _open
    problems = [p for _, watch in contexts for p in watch.problems()]
    for context, _ in contexts:
        context.close()
    assert problems == []


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the current page."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"] if v["impact"] in {"serious", "critical"}
    ]
