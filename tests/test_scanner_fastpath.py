"""The scanner's shortcuts (issue 8) see what the full scan sees: boilerplate parsed once, short
texts checked once, the inventory reading the scan's marks. A hostile byte on the fast path is
still caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import located
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.verify import postbuild
from generator.verify.postbuild import check_inventory, count_views, scan_site
from generator.verify.sitescan import BOILERPLATE, ParsedPage, Scanner, parse_html

NAV, CONTENT = BOILERPLATE[0]
FOOTER, _ = BOILERPLATE[1]

# Pieces of markup around the landmarks, hostile ones included: a landmark inside a comment, a
# script, an attribute value or a half-written tag must not cut the page there.
FRAGMENTS = [
    NAV + ">", CONTENT + ">", FOOTER + ">", "<p>", "</p>", "teks", "\n", "  ", "&amp;", "&", "&#x6a;", "<",
    "<!--", "-->", "<script>", "</script>", "<style>", "</style>", "<script/>", "<title>", "</title>",
    '<a href="javascript:x">', "<img src=x onerror=alert(1)>", "<p title='", "'>", '"', "0812 5123 4567",
    "<!DOCTYPE html>", "<![CDATA[", "]]>", "<?x", "</div>", "<textarea>", "</", "=", "<svg><a xlink:href=y>",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=40), min_size=1, max_size=4))
def test_piecewise_parse_is_the_one_go_parse(pages: list[list[str]]) -> None:
    memo: dict[str, ParsedPage] = {}
    for fragments in pages:  # one memo over several pages, as in a scan
        text = "".join(fragments)
        assert parse_html(text, memo) == parse_html(text)
        assert parse_html(text, memo) == parse_html(text)  # again, now from the memo


def _real_page(real_site) -> str:  # type: ignore[no-untyped-def]
    html = (real_site.site / "panduan" / "kode-diagnostik" / "index.html").read_text(encoding="utf-8")
    assert all(html.count(mark) == 1 for mark in (NAV, CONTENT, FOOTER))
    return html


def _scan_pages(real_site, tmp_path: Path, texts: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Scan ``texts`` with one scanner, as pages at the depth of the page they were made from."""
    scanner = Scanner(real_site.site, real_site.project.docs, "localhost:8000")
    for number, text in enumerate(texts):
        path = tmp_path / f"{number}.html"
        path.write_text(text, encoding="utf-8")
        scanner.scan_markup(path, f"panduan/p{number}/index.html")
    assert scanner.memo, "the boilerplate was not reused"
    return located(scanner.problems)


@pytest.mark.parametrize(("where", "payload", "expected"), [
    (NAV, '<img src="x" onerror="alert(1)">', "onerror="),
    (CONTENT, '<a href="javascript:alert(1)">x</a>', "URL javascript:"),
    (FOOTER, "<script>window.__pwned=1</script>", "skrip sebaris"),
    (FOOTER, '<span title="HP 081251234567">x</span>', "seluler"),
])
def test_hostile_boilerplate_after_a_clean_one_is_caught(real_site, tmp_path: Path, where: str, payload: str,  # type: ignore[no-untyped-def]
                                                         expected: str) -> None:
    """The clean page fills the memo; the tampered navigation or footer is another text and is parsed."""
    clean = _real_page(real_site)
    at = clean.index(where) + clean[clean.index(where):].index(">") + 1  # inside the landmark element
    tampered = clean[:at] + payload + clean[at:]
    problems = _scan_pages(real_site, tmp_path, [clean, clean, tampered])
    assert problems and all(p.startswith("panduan/p2/index.html:") for p in problems), problems
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("trap", [
    f'<!--{NAV}--><img src="x" onerror="alert(1)">',
    f'<script>{NAV}</script><img src="x" onerror="alert(1)">',
    f"<p title='{NAV}'><img src=\"x\" onerror=\"alert(1)\">",
    f'<style>{NAV}</style><img src="x" onerror="alert(1)">',
    '<img src="x" onerror="alert(1)" title="',  # a tag left open across the landmark
    '<img src="x" onerror="alert(1)" ',
], ids=["comment", "script", "attribute", "style", "open-attribute", "open-tag"])
def test_landmark_hidden_in_markup_does_not_cut_the_page(real_site, tmp_path: Path, trap: str) -> None:  # type: ignore[no-untyped-def]
    """Markup still open at a landmark: the page is parsed on from there as in one go."""
    clean = _real_page(real_site)
    at = clean.index(NAV)
    problems = _scan_pages(real_site, tmp_path, [clean, clean[:at] + trap + clean[at:]])
    assert any("onerror=" in p and p.startswith("panduan/p1/") for p in problems), problems


def test_line_numbers_after_reused_boilerplate(real_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clean = _real_page(real_site)
    at = clean.index("</article>")
    tampered = clean[:at] + '<a href="javascript:alert(1)">x</a>' + clean[at:]
    line = tampered[:at].count("\n") + 1
    problems = _scan_pages(real_site, tmp_path, [clean, tampered])
    assert problems == [f"panduan/p1/index.html:{line}: URL javascript: pada <a href>: 'javascript:alert(1)'"]


def test_recurring_personal_text_is_reported_on_every_page(real_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A short text is checked once per scanner; its finding still counts for each page."""
    clean = _real_page(real_site)
    at = clean.index("</article>")
    leaky = clean[:at] + '<span title="NIK 6271011203850001">x</span>' + clean[at:]
    problems = _scan_pages(real_site, tmp_path, [leaky, clean, leaky])
    assert [p.split(":")[0] for p in problems] == ["panduan/p0/index.html", "panduan/p2/index.html"]
    assert all("NIK" in p for p in problems)


def test_inventory_reads_the_scan_and_sees_later_damage(real_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After scan_site the inventory takes each page's marks by digest; a page changed since is parsed."""
    project, site, generated = real_site.project, real_site.site, real_site.generated
    assert scan_site(project, site, generated) == []
    assert postbuild._SCANNED_MARKS  # the fast path is taken
    assert check_inventory(project, site, generated) == []
    copy = tmp_path / "site"
    victim = generated.result.records[0].id
    for name in ("kerja-sama", "katalog"):
        for path in (site / name).rglob("index.html"):
            target = copy / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8")
            target.write_text(text.replace(f'data-id="{victim}"', 'data-id="lain"'), encoding="utf-8")
    views = count_views(copy)
    assert victim not in (views["halaman naskah (kerja-sama/<id>/)"] or [])
    assert victim not in (views["baris katalog (katalog/)"] or [])
    assert f"{victim}!" in (views["halaman naskah (kerja-sama/<id>/)"] or [])
