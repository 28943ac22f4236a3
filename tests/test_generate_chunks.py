"""Pages made in parts (generator.site.page.Chunks) are written without being held whole, with the
same result as a page held whole: the file ends up with exactly the page's bytes, and a file that
has them already is not touched (issue 16)."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import AS_OF, file_tree

from generator.check.validate import Environment, validate
from generator.commands.build import _write, collect_pages, context_for, iter_pages, write_site
from generator.settings import SiteConfig
from generator.site import page as page_module
from generator.site.opendata import urls
from generator.site.page import Chunks, Page, Text
from generator.site.pages import glossary, opendata

PARTS = (b"BEGIN\n", b"first agreement\n", b"second agreement\n", b"END\n")
WHOLE = b"".join(PARTS)


def chunked(path: str = "data/list.txt", parts: tuple[bytes, ...] = PARTS) -> Page:
    return Page(path, Chunks(lambda: iter(parts)))


@pytest.mark.parametrize("before", [
    None,                                   # no file yet
    b"",                                    # empty
    b"BEGIN\nfirst agreement\n",            # shorter: the page goes on past its end
    b"BEGIN\nfirst agreemenX\nsecond agreement\nEND\n",  # one byte differs in the middle
    WHOLE + b"more\n",                      # equal up to the page's end, but longer
    b"x" * (len(WHOLE) * 3),                # longer and different from the first byte
])
def test_a_page_in_parts_leaves_exactly_its_bytes(tmp_path: Path, before: bytes | None) -> None:
    target = tmp_path / "data" / "list.txt"
    if before is not None:
        target.parent.mkdir()
        target.write_bytes(before)
    kept, written = _write(tmp_path, [chunked()])
    assert target.read_bytes() == WHOLE
    assert written == 1
    (page,) = kept
    assert page.path == "data/list.txt" and page.sha256 == hashlib.sha256(WHOLE).hexdigest()
    assert page.content == WHOLE


def test_a_file_with_the_pages_bytes_is_not_written_again(tmp_path: Path) -> None:
    target = tmp_path / "data" / "list.txt"
    target.parent.mkdir()
    target.write_bytes(WHOLE)
    os.utime(target, (1_000_000, 1_000_000))
    kept, written = _write(tmp_path, [chunked()])
    assert written == 0 and target.stat().st_mtime == 1_000_000
    assert kept[0].sha256 == hashlib.sha256(WHOLE).hexdigest()


def test_an_empty_page_in_parts_empties_its_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "list.txt").write_bytes(WHOLE)
    assert _write(tmp_path, [chunked(parts=())])[1] == 1
    assert (tmp_path / "data" / "list.txt").read_bytes() == b""


def test_the_largest_open_data_files_are_made_in_parts(env: Environment) -> None:
    """The JSON list, the CSV and the calendar of every agreement; the tests' pages hold them whole."""
    ctx = context_for(env, validate(env, AS_OF), AS_OF, SiteConfig())
    parts = {page.path for page in opendata.pages(ctx) if isinstance(page.content, Chunks)}
    assert parts == {urls.API_LIST, urls.CSV, urls.CALENDAR_ALL}
    whole = {page.path: page.content for page in collect_pages(ctx, (opendata.pages,))}
    assert all(isinstance(whole[path], bytes) and whole[path] for path in parts)


@pytest.mark.parametrize("content", ["a list page held whole\n", b"a file held whole\n", "in parts"])
def test_a_written_page_is_released_before_the_next_is_made(tmp_path: Path, content: str | bytes) -> None:
    """While a family makes its next page (a render of tens of megabytes at 50,000 agreements),
    generation holds no reference to the page it wrote last (issue 16: the 120 MB radar page and
    its bytes stayed alive under the evaluation page and made the peak)."""
    released: list[bool] = []

    def family() -> Iterator[Page]:
        first = Page("a/first.txt", Chunks(lambda: iter(PARTS)) if content == "in parts" else content)
        gone = weakref.ref(first)
        yield first
        del first
        released.append(gone() is None)  # the next page is being made now
        yield Page("a/second.txt", "second\n")

    pages, written = _write(tmp_path, family())
    assert released == [True]
    assert [p.path for p in pages] == ["a/first.txt", "a/second.txt"] and written == 2


def test_list_pages_kept_in_parts_write_the_same_bytes(env: Environment, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Markdown page kept as parts (page.Text: stripped, card-labelled and glossary-marked part by
    part, encoded part by part) leaves exactly the bytes of the page joined whole (issue 16)."""
    ctx = context_for(env, validate(env, AS_OF), AS_OF, SiteConfig())
    whole, _, _ = write_site(tmp_path / "whole", ctx)
    monkeypatch.setattr(page_module, "TEXT_PARTS_MIN", 0)
    # Small chunks and parts: templates' fragments are cut everywhere, parts end at many tag edges.
    monkeypatch.setattr(page_module, "_CHUNK_CHARS", 997)
    monkeypatch.setattr(page_module, "_PART_CHARS", 4099)
    assert isinstance(next(p for p in iter_pages(ctx) if p.path.endswith(".md")).content, Text)
    assert max(len(p.content.parts) for p in iter_pages(ctx) if isinstance(p.content, Text)) > 20
    parts, _, _ = write_site(tmp_path / "parts", ctx)
    assert file_tree(tmp_path / "parts") == file_tree(tmp_path / "whole")
    assert [(p.path, p.sha256, p.text) for p in parts] == [(p.path, p.sha256, p.text) for p in whole]


SAMPLE = ('<p>KB dan KSDD</p><table class="ks-cards"><thead><tr><th>A</th></tr></thead><tbody><tr><td>'
          '<a href="/kb/">KB</a> PKS</td></tr></tbody></table><h2>PKS</h2><p>PKS, KSDD dan <code>MoU</code> MoU</p>')
PAIRS = (("KB", "Kesepakatan Bersama"), ("KSDD", "Kerja Sama Daerah dengan Daerah Lain"),
         ("MoU", "Memorandum of Understanding"), ("PKS", "Perjanjian Kerja Sama"))


@pytest.mark.parametrize("cut", range(1, 12))
def test_abbreviations_are_marked_alike_across_parts(cut: int) -> None:
    """The glossary marks a text in parts cut at tag edges as it marks the text whole: first uses,
    skipped elements (links, headings, code) open across a cut, parts after the last mark untouched."""
    edges = sorted({m.start() for m in re.finditer("<", SAMPLE)} | {m.end() for m in re.finditer(">", SAMPLE)})
    cuts = edges[::cut] if cut > 1 else edges
    bounds = [0, *[c for c in cuts if 0 < c < len(SAMPLE)], len(SAMPLE)]
    parts = [SAMPLE[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    joined = glossary.mark_first_use(SAMPLE, PAIRS)
    assert joined != SAMPLE
    in_parts = glossary._marked_text(parts, 0, PAIRS)
    assert in_parts is not None and "".join(in_parts) == joined


CARDS = ('  <p>x &gt; y</p>\n<table class="ks-table ks-cards"><thead><tr><th>Naskah</th><th>Mitra <small>(pihak)'
         '</small></th><th>Status</th></tr></thead>\n<tbody><tr><td><a href="a/">A</a></td><td>Kab. X</td>'
         '<td data-label="tetap">Berlaku</td></tr>\n<tr class="z"><td>B</td><td>Kota Y</td><td>Berakhir</td></tr>'
         '</tbody></table><table class="ks-cards"><tr><td>tanpa judul</td><td>x</td></tr></table>'
         '<table class="biasa"><thead><tr><th>P</th><th>Q</th></tr></thead><tr><td>1</td><td>2</td></tr></table>\n ')


def _cut(text: str, cuts: Iterable[int]) -> list[str]:
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def test_card_labels_are_alike_across_any_cut() -> None:
    """A template's output reaches the card labeller in chunks cut anywhere (inside a tag, a heading,
    a row): the labelled text is the same as labelling the text whole (generator.site.page)."""
    whole = page_module.card_labels(CARDS)
    assert whole.count("data-label=") == 4  # three labelled cells, one kept as it was
    assert '<td data-label="Mitra (pihak)">Kab. X</td><td data-label="tetap">' in whole
    assert '<td data-label="Status">Berakhir</td>' in whole
    assert '<td>tanpa judul</td><td>x</td>' in whole and "<td>2</td>" in whole  # no heading / not cards
    for first in range(len(CARDS) + 1):
        assert "".join(page_module._card_label_stream(_cut(CARDS, [first]))) == whole, first
        for second in range(first, len(CARDS), 13):
            assert "".join(page_module._card_label_stream(_cut(CARDS, [first, second]))) == whole


def test_card_table_is_labelled_row_by_row() -> None:
    """A table of every agreement is never held whole: what the labeller carries is at most a row."""
    head = '<table class="ks-cards"><thead><tr><th>Naskah</th><th>Mitra</th></tr></thead><tbody>'
    rows = "".join(f"<tr><td>Naskah {n}</td><td>Mitra {n}</td></tr>\n" for n in range(2000))
    text = head + rows + "</tbody></table>"
    pieces = list(page_module._card_label_stream(_cut(text, range(0, len(text), 100))))
    assert "".join(pieces) == page_module.card_labels(text)
    assert max(map(len, pieces)) < 300


def test_card_table_without_its_end_is_a_template_error() -> None:
    with pytest.raises(ValueError, match="ks-cards"):
        list(page_module._card_label_stream(['<table class="ks-cards"><thead><tr><th>A</th></tr></thead>',
                                             "<tr><td>1</td></tr>"]))


def test_page_from_fragments_is_the_page_from_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A body given as fragments (SiteContext.render_parts) makes the page its joined text makes:
    stripped across fragments, labelled, and in parts that each end at a tag's edge."""
    text = "\n  " + CARDS * 40 + "  \n\n"
    fragments = _cut(text, range(0, len(text), 37))
    held = page_module.markdown_page("katalog/index.md", "Katalog", text, hide=["toc"])
    assert isinstance(held.content, str)
    monkeypatch.setattr(page_module, "_CHUNK_CHARS", 101)
    monkeypatch.setattr(page_module, "_PART_CHARS", 503)
    monkeypatch.setattr(page_module, "TEXT_PARTS_MIN", 0)
    made = page_module.markdown_page("katalog/index.md", "Katalog", iter(fragments), hide=["toc"])
    assert isinstance(made.content, Text) and str(made.content) == held.content
    body = made.content.parts[1:-1]
    assert len(body) > 10 and all(part.endswith(">") for part in body)
    assert body[0].startswith("<p>") and body[-1].endswith("</table>")
    with pytest.raises(ValueError, match="HTML element"):
        page_module.markdown_page("x.md", "X", iter([" \n", "  ", "teks"]))
