"""The catalogue's filters and sorting in a real Chromium (Playwright), on the fixture site.

Skipped when no Chromium is available. Without JavaScript the table is complete (checked in
test_pages_site); here the enhancement itself: filters hide rows by their data-* attributes,
the address keeps the filter, reset shows everything, headers sort, and no script errors.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site_builder: Callable[..., object]) -> Iterator[str]:
    built = site_builder(agreements=FIXTURE, name="pages-browser")
    handler = functools.partial(_Quiet, directory=str(built.site))  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        try:
            chromium = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except playwright.Error as exc:
            pytest.skip(f"Chromium tidak tersedia: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


def visible_ids(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return tab.eval_on_selector_all("tr.ks-row:not([hidden])", "rows => rows.map(r => r.dataset.id)")


def test_filters_sort_and_share(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "katalog/")
    assert len(visible_ids(page)) == 9
    assert page.is_visible("form.ks-filter")
    assert page.is_visible("[data-ks-js]")
    page.click(".ks-filter summary")
    page.select_option(".ks-filter select[name=kategori]", "ksdd_wajib")
    assert sorted(visible_ids(page)) == ["2022-katingan-kb-sampah", "2022-katingan-pks-sampah",
                                         "2023-katingan-adendum-pks-sampah"]
    assert page.text_content("[data-filter-count]") == "3 dari 9 naskah ditampilkan"
    assert page.url.endswith("katalog/?kategori=ksdd_wajib")
    page.select_option(".ks-filter select[name=mitra]", "pemerintah-kabupaten-katingan")
    page.fill(".ks-filter input[name=q]", "adendum")
    assert visible_ids(page) == ["2023-katingan-adendum-pks-sampah"]
    page.click(".ks-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('tr.ks-row:not([hidden])').length === 9")
    page.click("#katalog-tabel th:has-text('Judul')")
    titles = page.eval_on_selector_all("tr.ks-row td:first-child", "cells => cells.map(c => c.textContent.trim())")
    assert titles == sorted(titles, key=str.casefold)
    assert page.get_attribute("#katalog-tabel th:has-text('Judul')", "aria-sort") == "ascending"
    page.goto(served + "katalog/?urusan=lingkungan_hidup&status=segera-berakhir")
    assert sorted(visible_ids(page)) == ["2022-katingan-kb-sampah", "2022-katingan-pks-sampah",
                                         "2023-katingan-adendum-pks-sampah"]
    assert page.errors == []


def test_without_javascript_the_table_is_complete(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(served + "katalog/?kategori=ksdd_wajib")
    assert not tab.is_visible("form.ks-filter")
    assert not tab.is_visible("[data-ks-js]")
    assert tab.locator("tr.ks-row:visible").count() == 9
    assert tab.is_visible("tr.ks-row td[data-label=Status]")
    context.close()
