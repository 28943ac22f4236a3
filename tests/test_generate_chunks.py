"""Pages made in parts (generator.site.page.Chunks) are written without being held whole, with the
same result as a page held whole: the file ends up with exactly the page's bytes, and a file that
has them already is not touched (issue 16)."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import weakref
from collections.abc import Iterator
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
    assert isinstance(next(p for p in iter_pages(ctx) if p.path.endswith(".md")).content, Text)
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
