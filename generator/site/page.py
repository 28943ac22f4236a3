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

    @property
    def as_of(self) -> dt.date:
        return self.model.as_of


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


_CARD_TABLE = re.compile(r'(<table class="[^"]*\bks-cards\b[^"]*"[^>]*>)(.*?)(</table>)', re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def _label_rows(table: re.Match[str]) -> str:
    head = _HEAD.search(table.group(2))
    if head is None:
        return table.group(0)
    labels = [" ".join(_TAG.sub("", cell).split()) for cell in _HEAD_CELL.findall(head.group(1))]

    def row(match: re.Match[str]) -> str:
        column = iter(range(len(labels) + 1_000))

        def cell(found: re.Match[str]) -> str:
            index = next(column)
            if found.group(1) != "td" or index == 0 or index >= len(labels) or "data-label=" in found.group(2):
                return found.group(0)
            return f'<td{found.group(2)} data-label="{labels[index]}">'

        return match.group(1) + _CELL.sub(cell, match.group(2)) + match.group(3)

    body = table.group(2)
    cut = head.end()
    return table.group(1) + body[:cut] + _ROW.sub(row, body[cut:]) + table.group(3)


def card_labels(body_html: str) -> str:
    """Each data cell of a ``ks-cards`` table gets its column's heading as ``data-label``: on a phone
    such a table becomes one card per row, each value under its heading (the first column is the
    card's title). Headings are the templates' escaped text, so the attribute stays escaped."""
    if "ks-cards" not in body_html:
        return body_html
    return "".join(_card_label_parts(body_html, 0, len(body_html)))


def _card_label_parts(text: str, start: int, end: int) -> Iterator[str]:
    """``text[start:end]`` with :func:`card_labels` applied, in parts (unchanged stretches and labelled tables)."""
    position = start
    for table in _CARD_TABLE.finditer(text, start, end):
        yield text[position:table.start()]
        yield _label_rows(table)
        position = table.end()
    yield text[position:end]


# Front matter of list pages: Material hides both sidebars, so a table of every agreement gets the
# full desktop width instead of a 688 px column between navigation and table of contents.
WIDE = ("navigation", "toc")


def markdown_page(path: str, title: str, body_html: str, **meta: Any) -> Page:
    """A Markdown page whose whole body is one HTML block (inert under every extension).

    Front matter values are JSON strings, which YAML reads as plain double-quoted scalars.
    ``search={"exclude": True}`` leaves the page out of search (generator/commands/mkdocs_plugin.py).
    """
    lines = ["---", f"title: {json.dumps(page_title(title), ensure_ascii=True)}"]
    for key, value in sorted(meta.items()):
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=True, sort_keys=True)}")
    lines.append("---")
    # The body stripped and with its card labels, joined once: a list page is tens of megabytes
    # at 50,000 agreements, and every intermediate copy adds to the peak (issue 16).
    start, end = 0, len(body_html)  # body_html.strip()'s bounds
    while start < end and body_html[start].isspace():
        start += 1
    while end > start and body_html[end - 1].isspace():
        end -= 1
    if not body_html.startswith("<", start, end):
        raise ValueError(f"{path}: body must start with an HTML element")
    body = _card_label_parts(body_html, start, end) if "ks-cards" in body_html else (body_html[start:end],)
    if end - start >= TEXT_PARTS_MIN:  # the front matter with the blank line after it is one part (glossary.explained)
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
