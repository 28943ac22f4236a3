"""/glosarium/: the terms and abbreviations the site uses, explained for the public.

The entries come from ``data/istilah.yaml``; each carries its basis and certainty label.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.site.page import Page, SiteContext, Text, markdown_page
from generator.site.pages.listing import linker

PATH = "glosarium/index.md"
URL = "glosarium/"


def anchor(term: str) -> str:
    """A stable fragment for a term: ``Kesepakatan Bersama (KB)`` -> ``kesepakatan-bersama-kb``."""
    return "-".join("".join(c if c.isalnum() else " " for c in term.lower()).split())


def pages(ctx: SiteContext) -> Iterator[Page]:
    data = ctx.model.data.glossary
    terms = sorted(data["istilah"], key=lambda t: t["istilah"].casefold()) if data else []
    body = ctx.render("glossary.html", glossary=data, terms=terms, anchor=anchor, rel=linker(URL))
    yield markdown_page(PATH, "Glosarium", body,
                        description="Arti istilah dan singkatan kerja sama daerah yang dipakai di situs ini.")


_NAMED = re.compile(r"(.+?) \(([A-Za-z]{2,8})\)\Z")  # "Kesepakatan Bersama (KB)"
_ABBREVIATION = re.compile(r"[A-Za-z]{2,8}\Z")
# Text inside these elements is left alone: links and code are the writer's, headings feed the
# table of contents, an abbr is one already.
_SKIPPED = ("a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "title")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def abbreviations(data: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs from the glossary: "KSDD" with its kepanjangan, and "KB"
    from "Kesepakatan Bersama (KB)"."""
    found: dict[str, str] = {}
    for term in (data or {}).get("istilah", ()):
        name = str(term["istilah"])
        named = _NAMED.match(name)
        if named:
            found.setdefault(named.group(2), named.group(1))
        elif _ABBREVIATION.match(name) and term.get("kepanjangan") and name.upper() == name:
            found.setdefault(name, str(term["kepanjangan"]))
    return tuple(sorted(found.items()))


def mark_first_use(body: str, pairs: Sequence[tuple[str, str]]) -> str:
    """Wrap the first use of each abbreviation in a page's running text in ``<abbr title>``.

    Only text between tags is touched, never attributes, links, code or headings; the text is the
    templates' output, already escaped, and the expansion is escaped here.
    """
    marked = _marked_text((body,), 0, pairs)
    return body if marked is None else "".join(marked)


def _marked_text(parts: Sequence[str], start: int, pairs: Sequence[tuple[str, str]]) -> list[str] | None:
    """The text given in parts, each cut at a tag's edge (generator.site.page.Text), with
    :func:`mark_first_use` applied from ``start`` in part 0 (what comes before is kept as it is): the
    same result as over the joined text, in parts to be joined once or written one by one; None when
    there is nothing to mark. Parts after the last marked abbreviation are kept as they are, not copied
    (a list page is tens of megabytes at 50,000 agreements: issue 16)."""
    if not pairs or not parts:
        return None
    pending = {short: long for short, long in pairs
               if any(part.find(short, start if i == 0 else 0) >= 0 for i, part in enumerate(parts))}
    if not pending:
        return None
    pattern = _pattern(tuple(sorted(pending, key=lambda short: (-len(short), short))))
    out: list[str] = [parts[0][:start]]
    depth = 0  # open skipped elements, carried from part to part
    for i, part in enumerate(parts):
        if not pending:  # every abbreviation marked: the rest is kept as it is (a list page is mostly rest)
            out.extend(parts[i:])
            break
        marked, depth = _mark_from(part, start if i == 0 else 0, pattern, pending, depth)
        out.extend(marked)
    return out


def _mark_from(text: str, start: int, pattern: re.Pattern[str], pending: dict[str, str],
               depth: int) -> tuple[list[str], int]:
    """``text[start:]`` with its first uses marked, in parts; and the depth of skipped elements after it."""
    out: list[str] = []
    position = start
    for tag in _TAG.finditer(text, start):
        if not pending:  # every abbreviation marked: the rest is copied as it is
            break
        out.append(_mark(text[position:tag.start()], pattern, pending) if depth == 0 else text[position:tag.start()])
        out.append(tag.group(0))
        if tag.group(2).lower() in _SKIPPED and not tag.group(0).endswith("/>"):
            depth += -1 if tag.group(1) else 1
            depth = max(depth, 0)
        position = tag.end()
    out.append(_mark(text[position:], pattern, pending) if depth == 0 else text[position:])
    return out, depth


@functools.lru_cache(maxsize=64)
def _pattern(shorts: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for these abbreviations, longest first; pages mostly share the same few sets,
    so each set is compiled once per process (this runs for every generated page)."""
    return re.compile(r"(?<![A-Za-z0-9_/.-])(" + "|".join(map(re.escape, shorts)) + r")(?![A-Za-z0-9_/-])")


def _mark(text: str, pattern: re.Pattern[str], pending: dict[str, str]) -> str:
    if not pending or not text.strip():
        return text

    def first(found: re.Match[str]) -> str:
        short = found.group(1)
        long = pending.pop(short, None)
        return found.group(0) if long is None else f'<abbr title="{html.escape(long)}">{short}</abbr>'

    return pattern.sub(first, text)


UNEXPLAINED = ("panduan/", "glosarium/")
_BODY = "\n---\n\n"  # the end of the front matter (generator.site.page.markdown_page)


def explained(page: Page, pairs: Sequence[tuple[str, str]]) -> Page:
    """A public Markdown page whose first use of each glossary abbreviation is an ``<abbr>`` (the
    body only: front matter is data). The staff guide and reference pages keep the catalogue's
    exact wording, and the glossary explains every term already."""
    if page.explained or not pairs or not page.path.endswith(".md") or not isinstance(page.content, (str, Text)) \
            or page.path.startswith(UNEXPLAINED):
        return page
    # A page kept in parts has its front matter as the first part (page.markdown_page).
    parts = page.content.parts if isinstance(page.content, Text) else (page.content,)
    marker = parts[0].find(_BODY) if parts else -1
    if marker < 0:
        return page
    marked = _marked_text(parts, marker + len(_BODY), pairs)
    if marked is None:
        return Page(page.path, page.content, explained=True)
    return Page(page.path, Text(tuple(marked)) if isinstance(page.content, Text) else "".join(marked), explained=True)
