"""/panduan/cakupan/: the coverage report for staff, per unit and per year, from generator/site/coverage.py.

The same :func:`generator.site.coverage.report` value that ``kerjasama cakupan`` prints, so a unit's
to-do list on the page and from the command line always agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.site import coverage
from generator.site.page import Page, SiteContext, markdown_page
from generator.site.pages.listing import linker

PATH = "panduan/cakupan.md"
URL = "panduan/cakupan/"


def pages(ctx: SiteContext) -> Iterator[Page]:
    found = coverage.report(ctx.model.control, ctx.model.index)
    # The body is passed on, not kept here while the page is written (a row per unit and year: issue 16).
    yield markdown_page(PATH, "Cakupan data per perangkat daerah",
                        ctx.render_parts("coverage.html", report=found, rel=linker(URL), as_of=ctx.as_of),
                        description="Naskah setiap perangkat daerah per tahun dan data yang belum dicatat.")
