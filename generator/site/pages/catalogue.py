"""The catalogue at ``/katalog/``: every agreement in one table, filterable and sortable.

Without JavaScript the page is a complete plain table. ``docs/assets/kerjasama.js`` reads the
``data-*`` attributes of each ``<tr class="ks-row">`` to filter, and tablesort sorts the columns
by each cell's ``data-sort`` key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.derive.status import Phase
from generator.site.page import WIDE, Page, SiteContext, markdown_page
from generator.site.pages.listing import Row, categories, linker, rows

PATH = "katalog/index.md"
URL = "katalog/"
UNKNOWN_YEAR = "tidak-diketahui"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Filter:
    """One ``<select>``: ``key`` names the row's ``data-<key>`` attribute."""

    key: str
    label: str
    options: tuple[Option, ...]


def year_value(item: Row) -> str:
    return str(item.year) if item.year else UNKNOWN_YEAR


def _options(pairs: Iterable[tuple[str, str]], order: list[str] | None = None) -> tuple[Option, ...]:
    """Options for the values present, each with its row count; code-list order when given, else by label."""
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for value, label in pairs:
        counts[value] += 1
        labels[value] = label
    if order is not None:
        keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    else:
        keys = sorted(counts, key=lambda k: (labels[k].casefold(), k))
    return tuple(Option(k, labels[k], counts[k]) for k in keys)


def filters(ctx: SiteContext, items: list[Row]) -> tuple[Filter, ...]:
    index = ctx.model.index
    years = sorted({year_value(r) for r in items}, key=lambda y: (y == UNKNOWN_YEAR, -int(y) if y.isdigit() else 0))
    return (
        Filter("kategori", "Kategori", _options(((r.category.key, r.category.short) for r in items),
                                                 [c.key for c in categories(ctx.model)])),
        Filter("mitra", "Mitra", _options((p.key, p.name) for r in items for p in r.partners)),
        Filter("urusan", "Urusan", _options(((s.key, s.name) for r in items for s in r.sectors),
                                            index.codelists["urusan"].values)),
        Filter("perangkat", "Perangkat daerah", _options((r.unit.key, r.unit.name) for r in items)),
        Filter("status", "Status", _options(((r.status.phase.value, r.status.term.label) for r in items),
                                            [p.value for p in sorted(Phase, key=lambda p: p.rank)])),
        Filter("tahun", "Tahun", _options(((year_value(r), year_value(r).replace("-", " ")) for r in items), years)),
    )


def pages(ctx: SiteContext) -> Iterator[Page]:
    items = rows(ctx.model)
    order = {c.key: n for n, c in enumerate(categories(ctx.model))}
    # The body is passed on, not kept here while the page is written (issue 16: 62 MB at 50,000 agreements).
    yield markdown_page(PATH, "Katalog kerja sama", ctx.render_parts(
        "catalogue.html", rows=items, filters=filters(ctx, items), category_order=order, year_value=year_value,
        as_of=ctx.as_of, rel=linker(URL), ctx=ctx),
                        description="Semua naskah kerja sama daerah Kota Palangka Raya dalam satu tabel.", hide=WIDE)
