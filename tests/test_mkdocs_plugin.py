"""The MkDocs plugin's fast path for generated pages, checked on a real build of the fixture register.

Generated pages skip Python-Markdown (generator/commands/mkdocs_plugin.py). That is only correct while
Markdown would copy their one HTML block through unchanged, and while the built pages and the
search index are what a plain build would give; these tests hold the plugin to both.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import make_site_project
from constants import REPO
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.utils import meta

from generator.commands.build import generate, run_mkdocs
from generator.commands.mkdocs_plugin import ARTICLE, check_logo
from generator.read import siteconfig
from generator.site import search
from generator.site.page import SEARCH_IGNORE_OPEN, SEARCH_SKIP_END, SEARCH_SKIP_START, search_marked

FIXTURE = REPO / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def fixture_site(site_builder):  # type: ignore[no-untyped-def]
    return site_builder(agreements=FIXTURE, name="hooks-fixture")


def _generated_pages(generated: Path) -> list[tuple[str, str, dict[str, object]]]:
    pages = []
    for path in sorted(generated.rglob("*.md")):
        body, data = meta.get_data(path.read_text(encoding="utf-8"))
        pages.append((path.relative_to(generated).as_posix(), body, data))
    return pages


def _built(site: Path, source: str) -> str:
    stem = source[: -len(".md")]
    folder = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return (site / folder / "index.html").read_text(encoding="utf-8")


def test_markdown_would_copy_every_generated_body_unchanged(fixture_site) -> None:  # type: ignore[no-untyped-def]
    config = load_config(str(fixture_site.project.root / "mkdocs.yml"))
    pages = _generated_pages(fixture_site.project.generated)
    assert len(pages) > 20
    for source, body, _data in pages:
        converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        assert converter.convert(body) == body.strip(), source


def test_built_pages_hold_the_generated_bodies(fixture_site) -> None:  # type: ignore[no-untyped-def]
    for source, body, _data in _generated_pages(fixture_site.project.generated):
        expected = search_marked(body).strip()
        built = _built(fixture_site.site, source)
        assert expected in built, source
        assert "ks:search-skip" not in built, source


def test_links_to_anchors_in_generated_pages_resolve(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """MkDocs checks links to anchors (a guide page links to a schema reference anchor); the
    anchors of generated pages come from the plugin, since Markdown never sees those pages."""
    env = dict(os.environ, KERJASAMA_PAGES_READY="1", KERJASAMA_AS_OF="2026-11-27", NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(fixture_site.project.root / "mkdocs.yml"), "-d", str(fixture_site.site.parent / "again")],
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "referensi-skema.md#kolom-" in (REPO / "docs" / "panduan" / "mengubah.md").read_text(encoding="utf-8")
    assert "does not contain an anchor" not in done.stderr + done.stdout


class _IndexedText(HTMLParser):
    """The text Pagefind indexes on a page: inside the element marked data-pagefind-body, outside
    every data-pagefind-ignore element."""

    VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []  # (inside the body, ignored) per open element
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside, ignored = self.stack[-1] if self.stack else (False, False)
        names = {name for name, _ in attrs}
        if tag not in self.VOID:
            self.stack.append((inside or "data-pagefind-body" in names, ignored or "data-pagefind-ignore" in names))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == (True, False):
            self.text.append(data)


def indexed_text(html: str) -> str:
    parser = _IndexedText()
    parser.feed(html)
    # Pieces are joined with spaces; an inline element (an <abbr>) then leaves "KB ." where the
    # page reads "KB.": close that gap, as Pagefind reads the flowing text.
    return re.sub(r" ([.,;:])", r"\1", " ".join(" ".join(parser.text).split()))


def _words(text: object) -> str:
    return " ".join(str(text).split())


def test_pagefind_indexes_every_field_of_each_agreement(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """Title, purpose, object, scope, partners, sectors and unit are all in what Pagefind reads."""
    index = fixture_site.generated.index
    codelists = index.codelists
    for record in fixture_site.generated.result.records:
        text = indexed_text(_built(fixture_site.site, f"kerja-sama/{record.id}.md"))
        d = record.data
        wanted = [record.title, d.get("maksud_tujuan"), d.get("objek"), *d.get("ruang_lingkup", ()),
                  *(party["nama"] for party in d.get("para_pihak", ()) if not party.get("pihak_kota")),
                  *(codelists.label("urusan", code) for code in d.get("urusan", ())),
                  codelists.label("perangkat_daerah", d["perangkat_daerah"])]
        for value in wanted:
            if value:
                assert _words(value) in text, (record.id, value)


def test_pagefind_index_holds_every_marked_page(fixture_site) -> None:  # type: ignore[no-untyped-def]
    entry = json.loads((fixture_site.site / search.FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == search.VERSION
    marked = [p for p in fixture_site.site.rglob("*.html") if search.BODY in p.read_text(encoding="utf-8")]
    assert entry["languages"][search.LANGUAGE]["page_count"] == len(marked)
    assert len(marked) > len(fixture_site.generated.result.records)  # agreements and the explanatory pages


def test_lists_of_every_agreement_stay_out_of_search(fixture_site) -> None:  # type: ignore[no-untyped-def]
    skipped = 0
    for source, body, _data in _generated_pages(fixture_site.project.generated):
        assert body.count(SEARCH_SKIP_START) == body.count(SEARCH_SKIP_END), source
        skipped += body.count(SEARCH_SKIP_START)
    assert skipped >= 10  # catalogue, radar, evaluation (3), SOP, mapping by partner, count tables ...
    catalogue = _built(fixture_site.site, "katalog/index.md")
    assert SEARCH_IGNORE_OPEN in catalogue
    text = indexed_text(catalogue)
    assert text  # the explanatory text is indexed
    assert not any(record.title in text for record in fixture_site.generated.result.records)


def test_search_marked_wraps_every_outermost_region() -> None:
    body = f"<p>a</p>{SEARCH_SKIP_START}<h2 id='x'>b</h2>{SEARCH_SKIP_END}<p>c</p>" \
           f"{SEARCH_SKIP_START}<div>d</div>{SEARCH_SKIP_END}"
    assert search_marked(body) == f"<p>a</p>{SEARCH_IGNORE_OPEN}<h2 id='x'>b</h2></div><p>c</p>" \
                                  f"{SEARCH_IGNORE_OPEN}<div>d</div></div>"
    nested = f"<p>a</p>{SEARCH_SKIP_START}<h2>b</h2>{SEARCH_SKIP_START}<div>c</div>{SEARCH_SKIP_END}<p>d</p>" \
             f"{SEARCH_SKIP_END}<p>e</p>"
    assert search_marked(nested) == f"<p>a</p>{SEARCH_IGNORE_OPEN}<h2>b</h2><div>c</div><p>d</p></div><p>e</p>"
    with pytest.raises(ValueError, match="without"):
        search_marked(f"<p>a</p>{SEARCH_SKIP_START}<p>b</p>")
    with pytest.raises(ValueError, match="without"):
        search_marked(f"<p>a</p>{SEARCH_SKIP_END}<p>b</p>")


def test_pages_left_out_of_search_are_not_marked(fixture_site) -> None:  # type: ignore[no-untyped-def]
    excluded = [source for source, _b, data in _generated_pages(fixture_site.project.generated)
                if isinstance(data.get("search"), dict) and data["search"].get("exclude")]
    assert any(source.startswith("mitra/") for source in excluded)
    for source in excluded:
        assert search.BODY not in _built(fixture_site.site, source), source
    assert search.BODY not in _built(fixture_site.site, "cari.md")  # the search page itself
    for source in ("katalog/index.md", "masa-berlaku/index.md", "panduan/index.md"):
        assert ARTICLE[:-1] + f" {search.BODY}>" in _built(fixture_site.site, source), source


def test_mkdocs_loads_the_plugin_from_its_entry_point_without_material_search() -> None:
    """mkdocs.yml names no code file: the plugin comes with the installed package. Search is
    Pagefind's; Material's plugin would write a second index of every page."""
    config = load_config(str(REPO / "mkdocs.yml"))
    names = list(config.plugins)
    assert "kerjasama" in names and "material/search" not in names, names
    assert type(config.plugins["kerjasama"]).__module__ == "generator.commands.mkdocs_plugin"
    assert not config.hooks


def test_generated_pages_get_a_table_of_contents(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: long generated pages had no table of contents (Markdown, which builds it, never
    sees them); the plugin builds it from their h2/h3 headings."""
    from generator.commands.mkdocs_plugin import toc_tokens  # noqa: PLC0415

    assert toc_tokens('<h2 id="a">A <em>x</em></h2><h3 id="b">B</h3><h2 id="c" class="k">C</h2><h4 id="d">D</h4>') == [
        {"level": 2, "id": "a", "name": "A x", "children": [{"level": 3, "id": "b", "name": "B", "children": []}]},
        {"level": 2, "id": "c", "name": "C", "children": []},
    ]
    page = next((fixture_site.site / "kerja-sama").glob("*/index.html")).read_text(encoding="utf-8")
    toc = page[page.index('md-sidebar--secondary'):]
    toc = toc[:toc.index('class="md-content"')]  # up to the article: nested lists close their own <nav>
    assert re.findall(r'href="#([^"]+)"', toc)[:3] == ["ringkasan", "isi", "ruang-lingkup"]
    assert 'href="#para-pihak"' in toc and 'href="#riwayat-perubahan-judul"' in toc


def test_logo_from_configuration_in_header_and_footer(tmp_path: Path) -> None:
    """Issue 12.6: extra.kerjasama.logo, a file under docs/, is the header's logo and stands beside the
    office in every page's footer; no logo configured keeps the theme's icon."""
    project = make_site_project(tmp_path / "repo", REPO / "tests" / "fixtures" / "control")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '    logo: ""\n' in text
    config.write_text(text.replace('    logo: ""\n', "    logo: assets/logo-uji.svg\n"), encoding="utf-8")
    (project.root / "docs" / "assets" / "logo-uji.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n',
        encoding="utf-8")
    as_of = dt.date(2026, 11, 27)
    generate(project, as_of, siteconfig.load(project.root))
    assert run_mkdocs(project, tmp_path / "site", as_of) == 0
    for page, prefix in (("index.html", ""), ("katalog/index.html", "../")):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        header, footer = html.split("</header>", 1)[0], html.split('class="md-copyright"', 1)[1]
        assert f'<img src="{prefix}assets/logo-uji.svg" alt="">' in header, page
        assert f'<img class="ks-office__logo" src="{prefix}assets/logo-uji.svg" alt="">' in footer, page
    assert (tmp_path / "site" / "assets" / "logo-uji.svg").is_file()


def test_fixture_site_without_logo_keeps_the_theme_icon(fixture_site) -> None:  # type: ignore[no-untyped-def]
    html = (fixture_site.site / "index.html").read_text(encoding="utf-8")
    assert "ks-office__logo" not in html
    assert "<svg" in html.split('data-md-component="logo"', 1)[1].split("</a>", 1)[0]


@pytest.mark.parametrize("logo", ["https://contoh.go.id/logo.png", "//cdn.contoh.id/logo.svg", "/etc/passwd",
                                  "../mkdocs.yml", "data:image/svg+xml,<svg/>", "assets/tidak-ada.svg"])
def test_logo_must_be_a_file_under_docs(tmp_path: Path, logo: str) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    check_logo("assets/logo.svg", tmp_path)
    check_logo("", tmp_path)
    with pytest.raises(PluginError, match=r"extra\.kerjasama\.logo"):
        check_logo(logo, tmp_path)


def test_every_page_has_the_header_search_form(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: a plain form in the header GETs /cari/?q=..., so search starts from any page, even
    without JavaScript."""
    for path, action in (("index.html", "cari/"), ("katalog/index.html", "../cari/"), ("404.html", "/cari/")):
        header = (fixture_site.site / path).read_text(encoding="utf-8").split("</header>", 1)[0]
        form = re.search(r'<form class="ks-header-search" action="([^"]+)" method="get" role="search"', header)
        assert form is not None and form.group(1) == action, path
        assert '<label class="ks-visually-hidden" for="ks-header-q">Cari kerja sama</label>' in header
        assert 'id="ks-header-q" type="search" name="q"' in header


def test_unchanged_files_are_linked_to_the_previous_site_and_never_written_through(tmp_path: Path) -> None:
    """Under ``kerjasama build``, MkDocs' writes of bytes the previous site holds at the same path
    become hard links to its files; nothing is ever written into a file of the previous site."""
    import mkdocs.utils  # noqa: PLC0415

    from generator.commands.mkdocs_plugin import PreviousSite  # noqa: PLC0415

    previous, site, docs = tmp_path / "site", tmp_path / "staged", tmp_path / "docs"
    (previous / "a").mkdir(parents=True)
    docs.mkdir()
    (previous / "a" / "index.html").write_bytes(b"<p>sama</p>")
    (previous / "gaya.css").write_bytes(b"p{}")
    (previous / "lain.css").write_bytes(b"p{color:red}")
    (previous / "tautan.html").symlink_to(previous / "a" / "index.html")
    (docs / "gaya.css").write_bytes(b"p{}")
    (docs / "lain.css").write_bytes(b"p{color:blue}")
    originals = (mkdocs.utils.write_file, mkdocs.utils.copy_file)
    linking = PreviousSite(previous, site)
    linking.install()
    try:
        mkdocs.utils.write_file(b"<p>sama</p>", str(site / "a" / "index.html"))
        mkdocs.utils.write_file(b"<p>baru</p>", str(site / "b" / "index.html"))
        mkdocs.utils.write_file(b"<p>sama</p>", str(site / "tautan.html"))  # a symbolic link is never followed
        mkdocs.utils.copy_file(str(docs / "gaya.css"), str(site / "gaya.css"))
        mkdocs.utils.copy_file(str(docs / "lain.css"), str(site))  # a folder receives the file by its name
        mkdocs.utils.write_file(b"<p>diubah</p>", str(site / "a" / "index.html"))  # a linked path written again
    finally:
        linking.uninstall()
    assert (mkdocs.utils.write_file, mkdocs.utils.copy_file) == originals
    assert linking.linked == 2
    assert (site / "gaya.css").stat().st_ino == (previous / "gaya.css").stat().st_ino
    assert (site / "lain.css").read_bytes() == b"p{color:blue}" and (site / "lain.css").stat().st_nlink == 1
    assert (site / "tautan.html").read_bytes() == b"<p>sama</p>" and not (site / "tautan.html").is_symlink()
    assert (site / "tautan.html").stat().st_nlink == 1
    assert (site / "a" / "index.html").read_bytes() == b"<p>diubah</p>"
    assert (previous / "a" / "index.html").read_bytes() == b"<p>sama</p>"  # the previous site is as it was
    assert (previous / "a" / "index.html").stat().st_nlink == 1
    assert (previous / "lain.css").read_bytes() == b"p{color:red}"
