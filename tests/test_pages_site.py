"""End to end: the real register and the fixture register built with mkdocs build --strict.

Every agreement has its page, one catalogue row and search entries (counts equal to the
records); the public pages exist at their contract URLs; no page loads a resource from
another host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from constants import REPO

FIXTURE = REPO / "tests" / "fixtures" / "site"

# Attributes whose URL the browser fetches by itself (not links a person follows).
FETCHED = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
           ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("object", "data"),
           ("embed", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
           ("input", "src"), ("track", "src")}
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "preconnect",
                     "dns-prefetch", "modulepreload", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        for name, value in values.items():
            if (tag, name) in FETCHED:
                self.fetched.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
            if name == "style":
                self.fetched.extend(_css_urls(value))
        if tag == "link" and FETCHED_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.fetched.append(values.get("href", ""))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.fetched.extend(_css_urls(data))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _css_urls(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        yield match.group(1) or match.group(2)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def foreign(url: str) -> bool:
    """True for a URL on another host (absolute http(s), or scheme-relative ``//host``)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return parts.hostname not in {"localhost", "127.0.0.1"}
    return False


def agreement_ids(site: Path) -> list[str]:
    found = []
    for page in sorted((site / "kerja-sama").glob("*/index.html")):
        articles = [a for t, a in parse(page).tags if t == "article" and "ks-agreement" in a.get("class", "").split()]
        assert len(articles) == 1, page
        assert articles[0]["data-id"] == page.parent.name
        found.append(page.parent.name)
    return found


def catalogue_ids(site: Path) -> list[str]:
    tags = parse(site / "katalog" / "index.html").tags
    return [a["data-id"] for t, a in tags if t == "tr" and "ks-row" in a.get("class", "").split()]


def searched_ids(site: Path) -> dict[str, int]:
    """Agreement pages whose article Pagefind indexes (the index holds at least that many pages)."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {page.parent.name: 1 for page in (site / "kerja-sama").glob("*/index.html")
              if "data-pagefind-body" in page.read_text(encoding="utf-8")}
    assert entry["languages"]["id"]["page_count"] >= len(counts)
    return counts


def assert_every_agreement_everywhere(site: Path, ids: list[str]) -> None:
    assert sorted(agreement_ids(site)) == sorted(ids)
    rows = catalogue_ids(site)
    assert len(rows) == len(ids)
    assert sorted(rows) == sorted(ids)
    searched = searched_ids(site)
    assert sorted(searched) == sorted(ids)
    assert all(searched[i] >= 1 for i in ids)


def assert_no_foreign_resources(site: Path) -> None:
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".svg"}:
            urls = parse(path).fetched
        elif path.suffix == ".css":
            urls = list(_css_urls(path.read_text(encoding="utf-8")))
        else:
            continue
        problems += [f"{path.relative_to(site)}: {url}" for url in urls if foreign(url)]
    assert problems == []


@pytest.fixture(scope="module")
def fixture_site(site_builder: Callable[..., object]):  # type: ignore[no-untyped-def]
    return site_builder(agreements=FIXTURE, name="pages-fixture")


@pytest.mark.slow
def test_real_register_everywhere(real_site) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in real_site.generated.result.records]
    assert len(ids) == len(list((real_site.project.agreements).glob("*.yaml")))
    assert_every_agreement_everywhere(real_site.site, ids)


@pytest.mark.slow
def test_fixture_register_everywhere(fixture_site) -> None:  # type: ignore[no-untyped-def]
    ids = sorted(p.stem for p in FIXTURE.glob("*.yaml"))
    assert [r.id for r in fixture_site.generated.result.records] == ids
    assert_every_agreement_everywhere(fixture_site.site, ids)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["real_site", "fixture_site"])
def test_no_page_loads_from_another_host(which: str, request: pytest.FixtureRequest) -> None:
    assert_no_foreign_resources(request.getfixturevalue(which).site)


@pytest.mark.slow
def test_public_pages_at_their_urls(fixture_site) -> None:  # type: ignore[no-untyped-def]
    site = fixture_site.site
    for url in ("", "katalog/", "pemetaan/", "pemetaan/kategori/", "pemetaan/urusan/", "pemetaan/perangkat-daerah/",
                "pemetaan/tahun/", "mitra/pemerintah-kabupaten-katingan/", "mitra/jeonju-city-government/"):
        assert (site / url / "index.html").is_file(), url
    for asset in ("grafik/kategori.svg", "grafik/tahun.svg", "assets/kerjasama.js",
                  "assets/vendor/tablesort/tablesort.min.js", "assets/vendor/tablesort/LICENSE"):
        assert (site / asset).is_file(), asset
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Status per <time datetime=\"2026-11-27\">27 November 2026</time>" in home
    scripts = [a["src"] for t, a in parse(site / "katalog" / "index.html").tags if t == "script" and "src" in a]
    assert any(s.endswith("assets/vendor/tablesort/tablesort.min.js") for s in scripts)
    assert any(s.endswith("assets/kerjasama.js") for s in scripts)


@pytest.mark.slow
def test_nav_tabs_and_pages_out_of_nav(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """Beranda, Cari, Katalog and Pemetaan are tabs; agreement and partner pages stay out of the navigation."""
    page = (fixture_site.site / "katalog" / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', page)
    assert tabs[:4] == ["Beranda", "Cari", "Katalog", "Pemetaan"]
    assert "kerja-sama/2022-katingan-kb-sampah/" not in page.split('class="md-main"')[0]
    assert "mitra/" not in page.split('class="md-main"')[0]


@pytest.mark.slow
def test_markup_in_data_stays_text(fixture_site) -> None:  # type: ignore[no-untyped-def]
    page = (fixture_site.site / "kerja-sama" / "2021-swasta-parkir" / "index.html").read_text(encoding="utf-8")
    assert "Parkir &amp; Retribusi &lt;Tepi Jalan&gt; *Uji*</h1>" in page
    assert "&lt;b&gt;markup&lt;/b&gt;" in page
    assert 'href="javascript:' not in page and "<b>markup</b>" not in page


@pytest.mark.slow
def test_every_page_names_the_office_and_the_data_date(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """The official face (issue 12): the office from mkdocs.yml and the data's date in every page's footer
    (an agreement's page: the day its data last changed), and a 404 page in Indonesian."""
    pages = sorted(fixture_site.site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        footer = path.read_text(encoding="utf-8").split('class="md-copyright"', 1)[1]
        assert "<strong>Bagian Pemerintahan Sekretariat Daerah Kota Palangka Raya</strong>" in footer, path
        if "kerja-sama" in path.relative_to(fixture_site.site).parts[:1]:  # the day its data last changed (issue 16)
            assert re.search(r"Data naskah ini terakhir diubah \d{1,2} [A-Z][a-z]+ \d{4}\.|Tanggal perubahan terakhir "
                             r"data naskah ini tidak diketahui\.", footer), path
            assert "Data per" not in footer, path
        else:
            assert "Data per 27 November 2026." in footer, path
        assert "Made with" not in footer
    missing = (fixture_site.site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Halaman tidak ditemukan</h1>" in missing
    assert "Not found" not in missing
    glossary = (fixture_site.site / "glosarium" / "index.html").read_text(encoding="utf-8")
    assert 'id="ksdd"' in glossary and 'id="tkksd"' in glossary
