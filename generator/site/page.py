"""What a page family produces and what it may look at."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the MkDocs adapter imports this module; it needs none of these at run time
    from generator.check.checker import Schema
    from generator.derive.model import SiteModel
    from generator.settings import SiteConfig
    from generator.site.outputcache import OutputCache

_UNSAFE_TITLE = re.compile(r"[<>&\x00-\x1f]")


@dataclass(frozen=True)
class Chunks:
    """A file's bytes, made part by part while it is written (generator.commands.build): a file
    about every agreement is never held whole. At 50,000 agreements the JSON list is 400 MB;
    joined, its parts and the whole took 800 MB at once, the peak of the generation (issue 16).
    """

    parts: Callable[[], Iterable[bytes]]
    """Makes the parts, afresh on each call."""

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.parts())

    def joined(self) -> bytes:
        """The whole file (tests, and callers that need it as one value)."""
        return b"".join(self.parts())


@dataclass(frozen=True)
class Text:
    """A page's text in parts, in order, never joined by generation: a list page is over 100 million
    characters at 50,000 agreements, and each whole copy of it (the body, the page, the page with
    its abbreviations marked) was one more at the peak (issue 16). ``str()`` joins it (tests)."""

    parts: tuple[str, ...]

    def __str__(self) -> str:
        return "".join(self.parts)


TEXT_PARTS_MIN = 1 << 20
"""Bodies from this many characters are kept as :class:`Text`; shorter ones are joined (one string
is cheaper to handle than a few parts)."""


@dataclass(frozen=True)
class Page:
    """One output file, by its path under the generated folder (which mirrors the site)."""

    path: str
    content: str | bytes | Chunks | Text
    explained: bool = False
    """True when the content has its glossary abbreviations marked already (a cached agreement
    page is stored finished, see generator.site.pages.glossary.explained)."""

    @property
    def url(self) -> str:
        """Site URL relative to the root, as MkDocs publishes it with directory URLs."""
        if not self.path.endswith(".md"):
            return self.path
        stem = self.path[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"


@dataclass(frozen=True)
class SiteContext:
    """Everything a page family may read. Families are pure: context in, pages out."""

    model: SiteModel
    """The register on the as-of date, computed once (generator.derive.model_builder)."""
    schema: Schema
    config: SiteConfig
    render: Callable[..., str]
    cache: OutputCache | None = None
    """Outputs kept between runs (generator.site.outputcache); None: make every output."""
    stream: Callable[..., Iterable[str]] | None = None
    """Like ``render``, but the text as the template makes it, fragment by fragment (Jinja's
    ``generate``); None: ``render_parts`` renders whole."""

    @property
    def as_of(self) -> dt.date:
        return self.model.as_of

    def render_parts(self, template: str, /, **context: Any) -> Iterable[str]:
        """A list page's body for :func:`markdown_page`, never joined whole (issue 16)."""
        if self.stream is None:
            return (self.render(template, **context),)
        return self.stream(template, **context)


def page_title(text: str) -> str:
    """A title safe for MkDocs' un-escaped theme templates: no markup characters at all."""
    return re.sub(r"\s+", " ", _UNSAFE_TITLE.sub(" ", text)).strip()


# Set by `kerjasama build` for the MkDocs run it starts: the pages are generated already, so the
# plugin (generator/commands/mkdocs_plugin.py) does not generate them again.
READY_ENV = "KERJASAMA_PAGES_READY"

# Templates put these around parts of a page that search leaves out, where those parts are big
# (lists of every agreement): Pagefind reads the built page, and each region reaches it as a
# ``data-pagefind-ignore`` element (see :func:`search_marked` and generator/site/search.py).
# Literal in the templates; tests/test_mkdocs_plugin.py checks both agree.
SEARCH_SKIP_START = "<!--ks:search-skip-->"
SEARCH_SKIP_END = "<!--/ks:search-skip-->"
SEARCH_IGNORE_OPEN = '<div class="ks-search-skip" data-pagefind-ignore="all">'


_SKIP_MARK = re.compile(re.escape(SEARCH_SKIP_START) + "|" + re.escape(SEARCH_SKIP_END))


def search_marked(body_html: str) -> str:
    """The page as published: each outermost search-skip region (they may nest) becomes one element
    that Pagefind leaves out with everything in it; the marks themselves are dropped."""
    parts: list[str] = []
    depth = position = 0
    for mark in _SKIP_MARK.finditer(body_html):
        parts.append(body_html[position:mark.start()])
        position = mark.end()
        if mark.group() == SEARCH_SKIP_START:
            if depth == 0:
                parts.append(SEARCH_IGNORE_OPEN)
            depth += 1
        elif depth == 0:
            raise ValueError(f"{SEARCH_SKIP_END} without {SEARCH_SKIP_START}")
        else:
            depth -= 1
            if depth == 0:
                parts.append("</div>")
    if depth:
        raise ValueError(f"{SEARCH_SKIP_START} without {SEARCH_SKIP_END}")
    parts.append(body_html[position:])
    return "".join(parts)


_CARD_OPEN = re.compile(r'<table class="[^"]*\bks-cards\b[^"]*"[^>]*>')
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")
_TABLE_END = "</table>"
_ROW_END = "</tr>"


def _row_labeller(head: re.Match[str]) -> Callable[[re.Match[str]], str]:
    """Labels a ``_ROW`` match's data cells with the headings of ``head`` (a ``_HEAD`` match)."""
    labels = [" ".join(_TAG.sub("", cell).split()) for cell in _HEAD_CELL.findall(head.group(1))]

    def row(match: re.Match[str]) -> str:
        column = iter(range(len(labels) + 1_000))

        def cell(found: re.Match[str]) -> str:
            index = next(column)
            if found.group(1) != "td" or index == 0 or index >= len(labels) or "data-label=" in found.group(2):
                return found.group(0)
            return f'<td{found.group(2)} data-label="{labels[index]}">'

        return match.group(1) + _CELL.sub(cell, match.group(2)) + match.group(3)

    return row


def _card_label_stream(chunks: Iterable[str]) -> Iterator[str]:
    """The text of ``chunks`` with :func:`card_labels` applied, made as the chunks come: a table of
    every agreement is labelled row by row and never held whole (issue 16). Only the unfinished end
    of a chunk is carried to the next: part of a tag, the table's opening up to its heading, or
    one row. A ``ks-cards`` table without ``</table>`` is a template error."""
    pending = ""
    row: Callable[[re.Match[str]], str] | None = None  # inside a card table, after its heading
    opened = False  # inside a card table, before its heading
    for chunk in chunks:
        text = pending + chunk if pending else chunk
        position = 0
        while True:
            if row is not None:
                end = text.find(_TABLE_END, position)
                if end < 0:  # the rows complete so far; the rest waits for the next chunk
                    last = text.rfind(_ROW_END, position)
                    if last >= 0:
                        yield _ROW.sub(row, text[position:last + len(_ROW_END)])
                        position = last + len(_ROW_END)
                    break
                yield _ROW.sub(row, text[position:end]) + _TABLE_END
                position, row = end + len(_TABLE_END), None
            elif opened:
                end = text.find(_TABLE_END, position)
                head = _HEAD.search(text, position, end) if end >= 0 else _HEAD.search(text, position)
                if head is not None:
                    yield text[position:head.end()]
                    position, row, opened = head.end(), _row_labeller(head), False
                elif end >= 0:  # no heading: the table stays as it is
                    yield text[position:end + len(_TABLE_END)]
                    position, opened = end + len(_TABLE_END), False
                else:
                    break
            else:
                table = _CARD_OPEN.search(text, position)
                if table is None:
                    tag = text.rfind("<", position)
                    cut = tag if tag >= 0 and text.find(">", tag) < 0 else len(text)  # a tag cut in two waits
                    yield text[position:cut]
                    position = cut
                    break
                yield text[position:table.start()]
                position, opened = table.start(), True
        pending = text[position:]
    if row is not None or opened:
        raise ValueError("a ks-cards table without </table>")
    yield pending


def card_labels(body_html: str) -> str:
    """Each data cell of a ``ks-cards`` table gets its column's heading as ``data-label``: on a phone
    such a table becomes one card per row, each value under its heading (the first column is the
    card's title). Headings are the templates' escaped text, so the attribute stays escaped."""
    if "ks-cards" not in body_html:
        return body_html
    return "".join(_card_label_stream((body_html,)))


_CHUNK_CHARS = 1 << 16
"""A template's fragments are joined into chunks of about this size before they are labelled."""
_PART_CHARS = 1 << 20
"""A body in parts (:class:`Text`) has parts of about this size."""


def _chunked(fragments: Iterable[str], size: int) -> Iterator[str]:
    """``fragments`` joined into strings of at least ``size`` characters (the last may be shorter)."""
    gathered: list[str] = []
    length = 0
    for fragment in fragments:
        gathered.append(fragment)
        length += len(fragment)
        if length >= size:
            yield "".join(gathered)
            gathered.clear()
            length = 0
    if gathered:
        yield "".join(gathered)


def _body_parts(body: str | Iterable[str]) -> list[str]:
    """The body stripped and card-labelled, in parts of about ``_PART_CHARS`` that each end at a
    tag's edge (the glossary marks a text in parts: generator.site.pages.glossary.explained). A list
    page made by :meth:`SiteContext.render_parts` is never joined whole (issue 16: the catalogue at
    50,000 agreements is 62 million characters; Jinja's ``render`` held a list of every fragment of
    it and then their join)."""
    chunks = (body,) if isinstance(body, str) else _chunked(body, _CHUNK_CHARS)
    labelled = _card_label_stream(chunks) if not isinstance(body, str) or "ks-cards" in body else chunks
    parts: list[str] = []
    gathered: list[str] = []
    length = 0
    for piece in labelled:
        text = piece.lstrip() if not parts and not gathered else piece  # the body starts at its first tag
        if not text:
            continue
        gathered.append(text)
        length += len(text)
        if length >= _PART_CHARS:
            text = "".join(gathered)
            cut = text.rfind(">") + 1
            if cut:
                parts.append(text[:cut])
                text = text[cut:]
            gathered, length = [text], len(text)
    last = "".join(gathered).rstrip()
    if last:
        parts.append(last)
    return parts


# Front matter of list pages: Material hides both sidebars, so a table of every agreement gets the
# full desktop width instead of a 688 px column between navigation and table of contents.
WIDE = ("navigation", "toc")


def markdown_page(path: str, title: str, body_html: str | Iterable[str], **meta: Any) -> Page:
    """A Markdown page whose whole body is one HTML block (inert under every extension).

    ``body_html`` is the body, or its fragments in order (:meth:`SiteContext.render_parts`).
    Front matter values are JSON strings, which YAML reads as plain double-quoted scalars.
    ``search={"exclude": True}`` leaves the page out of search (generator/commands/mkdocs_plugin.py).
    """
    lines = ["---", f"title: {json.dumps(page_title(title), ensure_ascii=True)}"]
    for key, value in sorted(meta.items()):
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=True, sort_keys=True)}")
    lines.append("---")
    body = _body_parts(body_html)
    if not body or not body[0].startswith("<"):
        raise ValueError(f"{path}: body must start with an HTML element")
    if sum(map(len, body)) >= TEXT_PARTS_MIN:  # the front matter with the blank line after it is one part (glossary.explained)
        return Page(path, Text(("\n".join(lines) + "\n\n", *body, "\n")))
    return Page(path, "".join(("\n".join(lines), "\n\n", *body, "\n")))


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs (``katalog/`` -> ``kerja-sama/x/`` = ``../kerja-sama/x/``)."""
    base = posixpath.dirname(from_url.rstrip("/") + "/x") if from_url.endswith("/") else posixpath.dirname(from_url)
    target = to_url.rstrip("/") or "."
    rel = posixpath.relpath(target, base or ".")
    if to_url.endswith("/") and rel != ".":
        rel += "/"
    elif rel == ".":
        rel = "./"
    return rel


PageFamily = Callable[[SiteContext], Iterable[Page]]
