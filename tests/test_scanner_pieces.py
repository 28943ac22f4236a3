"""Large pages scanned piece by piece (issue 16): the verdict is the one-go scan's, cold, warm and
after an edit, and an edit parses only the pieces it changed."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import BuiltSite, make_site_project
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import cachedir
from generator.diagnostics import Diagnostic
from generator.verify import postbuild, scancache, sitescan
from generator.verify.postbuild import check_inventory, scan_site
from generator.verify.sitescan import BOILERPLATE, Scanner, cut_pieces

NAV, CONTENT = BOILERPLATE[0]
FOOTER, _ = BOILERPLATE[1]
COLLECT = frozenset({("tr", "ks-row"), ("article", "ks-agreement")})

# Rows and the hostile pieces a row could carry, and markup that must not be cut (a row start
# inside a comment, a script, a style, an attribute value or a half-written tag).
FRAGMENTS = [
    "<table>", "</table>", "<tr>", '<tr class="ks-row" data-id="a">', '<tr class="ks-row" data-id="b">', "</tr>",
    "<td>", "</td>", "<tr/>", "<track>", "<li>", '<li class="ks-item" data-id="c">', "</li>", "<link>", "<g>",
    '<g class="ks-row" data-id="d">', "</g>", "<glyph>", "<svg>", "</svg>", "<ul>", "</ul>", NAV + ">", CONTENT + ">", FOOTER + ">", "teks", "\n", " ", "&amp;", "&",
    "<", "<!--", "-->", "<script>", "</script>", "<style>", "</style>", "<title>", "</title>", "<textarea>",
    "<p title='", "'>", '"', "=", "</", "<img src=x onerror=alert(1)>", '<a href="javascript:x">',
    '<img src="https://x.example/t.gif">', "<style>a{background:url(https://x.example/y)}</style>",
    '<script src="../aset.js"></script>', "<iframe>", "0812 5123 4567", "NIK", "6271011203850001",
    "nama", "@", "contoh.net", '<span title="HP 081251234567">x</span>', "<p>", "</p>",
]


def _full(problems: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.code, p.message, p.hint, p.json_path, p.record_id, p.severity)
            for p in problems]


def _scan(site: Path, text: str, cache: scancache.ScanCache | None, *, pieces: bool = True) -> Scanner:
    """The page scanned piece by piece (with or without kept pieces), or in one go."""
    path = site / "daftar" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    scanner = Scanner(site, site / "docs", "localhost:8000", collect=COLLECT, cache=cache)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitescan, "PIECE_MIN_BYTES", 0 if pieces else 10**12)
        scanner.scan_markup(path, "daftar/index.html")
    return scanner


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60), st.lists(st.sampled_from(FRAGMENTS), max_size=4),
       st.integers(min_value=0, max_value=60))
def test_piece_by_piece_is_the_one_go_scan(fragments: list[str], insert: list[str], at: int) -> None:
    """Cold, warm and after an edit anywhere, with the kept pieces of the page before the edit."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        cache = scancache.ScanCache(site / "cache", "0" * 64)
        edited = [*fragments[:at], *insert, *fragments[at:]]
        for text in ("".join(fragments), "".join(fragments), "".join(edited), "".join(edited)):
            one_go = _scan(site, text, None, pieces=False)
            for pieces in (_scan(site, text, cache), _scan(site, text, None)):
                assert _full(pieces.problems) == _full(one_go.problems)
                assert pieces.collected == one_go.collected


def _rows(count: int) -> str:
    rows = "".join(f'<tr class="ks-row" data-id="n{i}"><td><a href="../n{i}/">Naskah {i}</a></td><td>2026</td></tr>\n'
                   for i in range(count))
    return f"<html><body>{NAV}><nav>menu</nav></div>{CONTENT}><table>\n{rows}</table></div>{FOOTER}>kaki</footer></body></html>"


def test_an_edited_row_is_the_only_piece_parsed(tmp_path: Path) -> None:
    cache = scancache.ScanCache(tmp_path / "cache", "0" * 64)
    page = _rows(500)
    assert len(list(cut_pieces(page))) > 500
    assert "".join(piece for piece, _ in cut_pieces(page)) == page
    assert _scan(tmp_path, page, cache).problems == []
    assert _scan(tmp_path, page, cache).pieces_parsed == 0
    hostile = page.replace("Naskah 250<", 'Naskah 250 <img src="https://x.example/t.gif"><', 1)
    warm = _scan(tmp_path, hostile, cache)
    assert warm.pieces_parsed == 1
    assert _full(warm.problems) == _full(_scan(tmp_path, hostile, None, pieces=False).problems)
    assert [p.line for p in warm.problems] == [hostile[:hostile.index("x.example")].count("\n") + 1]
    # Personal data in a kept page: the one-go scan reports it (with its place), nothing is kept.
    leak = page.replace("Naskah 250<", "Naskah 250 HP 0812 5123 4567<", 1)
    assert [p.code for p in _scan(tmp_path, leak, cache).problems] == ["situs-data-pribadi"]
    assert [p.code for p in _scan(tmp_path, leak, cache).problems] == ["situs-data-pribadi"]


def test_a_wrong_kept_piece_file_is_ignored(tmp_path: Path) -> None:
    cache = scancache.ScanCache(tmp_path / "cache", "0" * 64)
    page = _rows(20).replace("Naskah 3<", '<img src="https://x.example/t.gif"><', 1)
    cold = _scan(tmp_path, page, cache)
    [kept] = sorted((tmp_path / "cache").rglob("*.json"))
    for damage in (b"", b"{", kept.read_bytes().replace(b"x.example", b"y.example")[:-9], b'{"format": 1}'):
        kept.write_bytes(damage)
        again = _scan(tmp_path, page, cache)
        assert _full(again.problems) == _full(cold.problems)
    # Another rules digest never reads these pieces.
    other = scancache.ScanCache(tmp_path / "cache", "1" * 64)
    assert other.load_pieces("daftar/index.html") == {}


def test_the_real_site_scans_the_same_piece_by_piece(real_site: BuiltSite, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Through scan_site and the inventory: the register-wide pages of the real register go piece by
    piece; the verdict is the uncached scan's, and a hostile row is caught where the uncached scan
    catches it."""
    project = make_site_project(tmp_path / "repo")
    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    monkeypatch.setattr(postbuild, "PARALLEL_MIN_FILES", 10**9)
    pieces: list[int] = []
    real_verdict = Scanner._piece_verdict

    def spy(self: Scanner, *args, **kwargs):  # type: ignore[no-untyped-def]
        pieces.append(1)
        return real_verdict(self, *args, **kwargs)

    monkeypatch.setattr(Scanner, "_piece_verdict", spy)

    def scan(cache: bool) -> list[Diagnostic]:
        """With the cache, piece by piece; without, every page in one go."""
        monkeypatch.setenv(cachedir.ENVIRONMENT, str(tmp_path / "cache"))
        monkeypatch.setenv("KERJASAMA_CACHE", "1" if cache else "0")
        monkeypatch.setattr(sitescan, "PIECE_MIN_BYTES", 20_000 if cache else 10**12)
        pieces.clear()
        return scan_site(project, site, real_site.generated)

    assert scan(cache=True) == [] and len(pieces) > 100
    assert check_inventory(project, site, real_site.generated) == []
    catalogue = site / postbuild.CATALOGUE_PAGE
    text = catalogue.read_text(encoding="utf-8")
    assert len(text) >= 20_000, "the catalogue is no longer large enough to be scanned piece by piece"
    row = text.index('<tr class="ks-row"', len(text) // 2)
    row_end = text.index("</tr>", row)
    catalogue.write_text(text[:row_end] + '<td><img src="https://x.example/t.gif"></td>' + text[row_end:],
                         encoding="utf-8")
    warm = scan(cache=True)
    assert 1 <= len(pieces) <= 2, "more than the edited row was parsed"
    uncached = scan(cache=False)
    assert uncached and _full(warm) == _full(uncached)
    assert check_inventory(project, site, real_site.generated) == []
