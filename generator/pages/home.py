"""The home page (``/``): headline figures, charts with their tables, the latest agreements.

Every status on the page is computed for one as-of date, shown as "Status per <date>".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from generator import charts, history
from generator.page import Page, SiteContext, markdown_page
from generator.pages.agreement import field_titles
from generator.pages.listing import Bucket, Row, categories, linker, rows, split
from generator.status import Phase

PATH = "index.md"
URL = ""
LATEST = 8


@dataclass(frozen=True)
class Figure:
    key: str
    value: int
    label: str


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the table that says the same: one row per category, one column per series."""

    slug: str
    title: str
    description: str
    heading: str
    categories: tuple[str, ...]
    series: tuple[charts.Series, ...]

    @property
    def url(self) -> str:
        return f"grafik/{self.slug}.svg"

    def cell(self, series: int, category: int) -> int:
        return self.series[series].values[category]

    def total(self, category: int) -> int:
        return sum(s.values[category] for s in self.series)


def figures(items: Sequence[Row], window: int) -> tuple[Figure, ...]:
    phases = [r.status.phase for r in items]
    ending = sum(1 for r in items if r.status.phase is Phase.SEGERA_BERAKHIR and (r.status.days_left or 0) <= window)
    return (
        Figure("total", len(items), "naskah tercatat"),
        Figure("berjalan", sum(1 for p in phases if p in {Phase.BERLAKU, Phase.SEGERA_BERAKHIR}), "berjalan"),
        Figure("segera-berakhir", ending, f"berakhir dalam {window} hari"),
        Figure("berakhir", sum(1 for p in phases if p.ended), "sudah berakhir"),
        Figure("dalam-proses", phases.count(Phase.DALAM_PROSES), "dalam persiapan"),
        Figure("tidak-diketahui", phases.count(Phase.TIDAK_DIKETAHUI), "masa berlaku tidak diketahui"),
    )


def _bucket_series(groups: Sequence[Sequence[Row]]) -> tuple[charts.Series, ...]:
    return tuple(
        charts.Series(b.short, charts.COLOURS[b.value], tuple(split(g).count(b) for g in groups))
        for b in Bucket
    )


def _chart(slug: str, title: str, heading: str, labelled: Sequence[tuple[str, Sequence[Row]]],
           describe: Callable[[str, int], str]) -> Chart:
    names = tuple(name for name, _ in labelled)
    series = _bucket_series([group for _, group in labelled])
    parts = [describe(name, len(group)) for name, group in labelled]
    return Chart(slug, title, "; ".join(parts) + ".", heading, names, series)


def chart_list(ctx: SiteContext, items: Sequence[Row]) -> tuple[Chart, ...]:
    by_category = [(c.short, [r for r in items if r.category.key == c.key]) for c in categories(ctx.index)]
    by_category = [(name, group) for name, group in by_category if group]
    years = sorted({r.year for r in items if r.year is not None}, reverse=True)
    by_year: list[tuple[str, Sequence[Row]]] = [(str(y), [r for r in items if r.year == y]) for y in years]
    unknown = [r for r in items if r.year is None]
    if unknown:
        by_year.append(("tanpa tahun", unknown))
    return (
        _chart("kategori", "Naskah menurut kategori dan status", "Kategori", by_category,
               lambda name, n: f"{name} {n} naskah"),
        _chart("tahun", "Naskah menurut tahun penandatanganan dan status", "Tahun", by_year,
               lambda name, n: f"{name}: {n} naskah"),
    )


def chart_pages(chart_items: Sequence[Chart]) -> Iterator[Page]:
    for chart in chart_items:
        yield Page(chart.url, charts.stacked_bars(chart.categories, chart.series, title=chart.title))


def pages(ctx: SiteContext) -> Iterator[Page]:
    items = rows(ctx.index)
    window = max(ctx.config.thresholds, default=180)
    chart_items = chart_list(ctx, items)
    latest = [r for r in items if r.year is not None][:LATEST]
    others = {p: sum(1 for r in items if r.status.phase is p) for p in (Phase.BELUM_BERLAKU, Phase.DIBATALKAN)}
    body = ctx.render("home.html", figures=figures(items, window), charts=chart_items, latest=latest,
                      others=others, buckets=tuple(Bucket), as_of=ctx.as_of, rel=linker(URL), ctx=ctx,
                      change_text=partial(history.describe, title=field_titles(ctx.schema)))
    yield markdown_page(PATH, "Beranda", body,
                        description="Register kerja sama daerah Pemerintah Kota Palangka Raya: peta, status dan "
                                    "masa berlaku setiap naskah.")
    yield from chart_pages(chart_items)
