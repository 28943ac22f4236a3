"""/glosarium/: the terms and abbreviations the site uses, explained for the public.

The entries come from ``data/istilah.yaml``; each carries its basis and certainty label.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.page import Page, SiteContext, markdown_page
from generator.pages.listing import linker

PATH = "glosarium/index.md"
URL = "glosarium/"


def anchor(term: str) -> str:
    """A stable fragment for a term: ``Kesepakatan Bersama (KB)`` -> ``kesepakatan-bersama-kb``."""
    return "-".join("".join(c if c.isalnum() else " " for c in term.lower()).split())


def pages(ctx: SiteContext) -> Iterator[Page]:
    data = ctx.data.get("istilah")
    terms = sorted(data["istilah"], key=lambda t: t["istilah"].casefold()) if data else []
    body = ctx.render("glossary.html", glossary=data, terms=terms, anchor=anchor, rel=linker(URL))
    yield markdown_page(PATH, "Glosarium", body,
                        description="Arti istilah dan singkatan kerja sama daerah yang dipakai di situs ini.")
