"""The MkDocs plugin's fast path for generated pages, checked on a real build of the fixture register.

Generated pages skip Python-Markdown (generator/mkdocs_plugin.py). That is only correct while
Markdown would copy their one HTML block through unchanged, and while the built pages and the
search index are what a plain build would give; these tests hold the plugin to both.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from material.plugins.search.plugin import Parser
from mkdocs.config import load_config
from mkdocs.utils import meta

from generator.page import SEARCH_HTML, SEARCH_SKIP_END, SEARCH_SKIP_START, search_view, without_skip_marks

REPO = Path(__file__).resolve().parent.parent
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
    # The theme's search plugin drops data-search-* attributes that have a value; so does the plugin.
    for source, body, _data in _generated_pages(fixture_site.project.generated):
        expected = re.sub(r'\s?data-search-\w+="[^"]+"', "", without_skip_marks(body).strip())
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


def test_search_indexes_each_agreement_by_its_declared_entry(fixture_site) -> None:  # type: ignore[no-untyped-def]
    docs = json.loads((fixture_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    records = fixture_site.generated.result.records
    for record in records:
        entries = [d for d in docs if d["location"].startswith(f"kerja-sama/{record.id}/")]
        assert len(entries) == 1, record.id
        assert entries[0]["location"] == f"kerja-sama/{record.id}/"
        assert entries[0]["text"].startswith("<p>Mitra: ") and "Nomor: " in entries[0]["text"], record.id
    declared = [data for _s, _b, data in _generated_pages(fixture_site.project.generated) if SEARCH_HTML in data]
    assert len(declared) == len(records)


def _sections(html: str) -> list[tuple[object, str, str]]:
    """What the theme's search parser keeps of a page: (id, title, text) of every section it indexes."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    # Stripped as the plugin does when it writes an entry (SearchIndex.create_entry_for_section).
    return [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data if not s.is_excluded()]


def test_search_reads_the_same_from_the_short_view(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """A page's declared search HTML, or its body without the skip regions, gives search exactly
    what the whole body gives it: the skipped parts are all left out of search anyway."""
    skipped = declared = 0
    for source, body, data in _generated_pages(fixture_site.project.generated):
        full = _sections(without_skip_marks(body))
        if SEARCH_HTML in data:
            declared += 1
            assert _sections(str(data[SEARCH_HTML])) == full, source
        else:
            skipped += body.count(SEARCH_SKIP_START)
            assert body.count(SEARCH_SKIP_START) == body.count(SEARCH_SKIP_END), source
            assert _sections(search_view(body)) == full, source
    assert declared == len(fixture_site.generated.result.records)
    assert skipped >= 10  # catalogue, radar, evaluation (3), SOP, mapping by partner, count tables ...


def test_search_view_cuts_every_region() -> None:
    body = f"<p>a</p>{SEARCH_SKIP_START}<h2 id='x' data-search-exclude>b</h2>{SEARCH_SKIP_END}<p>c</p>" \
           f"{SEARCH_SKIP_START}<div>d</div>{SEARCH_SKIP_END}"
    assert search_view(body) == "<p>a</p><p>c</p>"
    assert without_skip_marks(body) == "<p>a</p><h2 id='x' data-search-exclude>b</h2><p>c</p><div>d</div>"
    nested = f"<p>a</p>{SEARCH_SKIP_START}<h2>b</h2>{SEARCH_SKIP_START}<div>c</div>{SEARCH_SKIP_END}<p>d</p>" \
             f"{SEARCH_SKIP_END}<p>e</p>"
    assert search_view(nested) == "<p>a</p><p>e</p>"
    with pytest.raises(ValueError, match="without"):
        search_view(f"<p>a</p>{SEARCH_SKIP_START}<p>b</p>")
    with pytest.raises(ValueError, match="without"):
        search_view(f"<p>a</p>{SEARCH_SKIP_END}<p>b</p>")


def test_pages_left_out_of_search_have_no_entry(fixture_site) -> None:  # type: ignore[no-untyped-def]
    docs = json.loads((fixture_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    excluded = [source for source, _b, data in _generated_pages(fixture_site.project.generated)
                if isinstance(data.get("search"), dict) and data["search"].get("exclude")]
    assert any(source.startswith("mitra/") for source in excluded)
    for source in excluded:
        url = source[: -len(".md")] + "/"
        assert url.replace("/index/", "/") not in locations, source
    # Pages that search indexes whole still give their explanatory text.
    assert "katalog/" in locations and "masa-berlaku/" in locations


def test_mkdocs_loads_the_plugin_from_its_entry_point_after_search() -> None:
    """mkdocs.yml names no code file: the plugin comes with the installed package, and its search
    events wrap the search plugin's, so it must be registered after it."""
    config = load_config(str(REPO / "mkdocs.yml"))
    names = list(config.plugins)
    assert names.index("material/search") < names.index("kerjasama"), names
    assert type(config.plugins["kerjasama"]).__module__ == "generator.mkdocs_plugin"
    assert not config.hooks


def test_generated_pages_get_a_table_of_contents(fixture_site) -> None:  # type: ignore[no-untyped-def]
    """Issue 12: long generated pages had no table of contents (Markdown, which builds it, never
    sees them); the plugin builds it from their h2/h3 headings."""
    from generator.mkdocs_plugin import toc_tokens  # noqa: PLC0415

    assert toc_tokens('<h2 id="a">A <em>x</em></h2><h3 id="b">B</h3><h2 id="c" class="k">C</h2><h4 id="d">D</h4>') == [
        {"level": 2, "id": "a", "name": "A x", "children": [{"level": 3, "id": "b", "name": "B", "children": []}]},
        {"level": 2, "id": "c", "name": "C", "children": []},
    ]
    page = next((fixture_site.site / "kerja-sama").glob("*/index.html")).read_text(encoding="utf-8")
    toc = page[page.index('md-sidebar--secondary'):]
    toc = toc[:toc.index('class="md-content"')]  # up to the article: nested lists close their own <nav>
    assert re.findall(r'href="#([^"]+)"', toc)[:3] == ["ringkasan", "isi", "ruang-lingkup"]
    assert 'href="#para-pihak"' in toc and 'href="#riwayat-perubahan-judul"' in toc
