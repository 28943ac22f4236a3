"""A split search index in Chromium (issue 16): the Cari page merges the agreement bundles into ``pagefind/``.

The small register of tests/fixtures/site (9 agreements) is built with the bundle size lowered to 5
(``KERJASAMA_SEARCH_BUNDLE``): two agreement bundles beside ``pagefind/``. One query per bundle finds
a page that only that bundle holds; one query finds agreements of both bundles at once. Every
request stays on the site (open_page fails the test otherwise, and on any 404 or console error).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import AS_OF, REPO, build_site, make_site_project

from browser.conftest import Served, serve
from browser.test_site import _search
from generator.site import search

SIZE = 5
# A query and the page it must find, with the bundle that holds that page.
QUERIES = [("Pemadam Kebakaran", "kerja-sama/2024-bumn-hibah-alat/", f"{search.BUNDLE_PREFIX}0"),
           ("Magang Mahasiswa", "kerja-sama/2026-kampus-usulan-magang/", f"{search.BUNDLE_PREFIX}1"),
           ("Pagefind", "panduan/kinerja/", search.FOLDER)]


@pytest.fixture(scope="module")
def served_split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("split-search")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(search.BUNDLE_ENV, str(SIZE))
        built = build_site(make_site_project(root / "repo", REPO / "tests" / "fixtures" / "site"), AS_OF, root / "site")
    yield from serve(built.site)


def test_search_finds_a_page_of_each_bundle(served_split: Served, open_page: Any) -> None:
    site = served_split.root
    bundles = sorted(p.name for p in site.iterdir() if search.is_bundle(p.name))
    assert bundles == [search.FOLDER, f"{search.BUNDLE_PREFIX}0", f"{search.BUNDLE_PREFIX}1"]
    for _, path, bundle in QUERIES:  # each page is in its bundle's glob and in no other
        holders = [b.folder for b in search.plan(site, SIZE) if site / path / "index.html" in b.pages]
        assert holders == [bundle], path
    page, _ = open_page(served_split.page_url("cari/"))
    for query, path, _ in QUERIES:
        assert f"/{path}" in _search(page, query), query
    # One query, results from both agreement bundles.
    hrefs = _search(page, "Pengangkutan Sampah Kawasan Perbatasan")
    found = {href.strip("/").split("/")[1] for href in hrefs if href.startswith("/kerja-sama/")}
    both = {"2022-katingan-pks-sampah", "2022-katingan-kb-sampah"}
    assert both <= found, hrefs
    assert {search.bucket(agreement_id, 1) for agreement_id in both} == {"0", "1"}
