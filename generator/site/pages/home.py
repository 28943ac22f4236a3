"""The home page (``/``): headline figures, the signed agreements in force now, charts with their tables,
the latest agreements.

Every status on the page is computed for one as-of date, shown as "Status per <date>".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from generator.derive.status import Phase, Term, Vocabulary
from generator.read import history
from generator.site import charts
from generator.site.page import Page, SiteContext, markdown_page
from generator.site.pages.agreement import field_titles
from generator.site.pages.listing import Row, categories, linker, rows, split

PATH = "index.md"
URL = ""
LATEST = 8
CURRENT = 5


@dataclass(frozen=True)
class Figure:
    """A headline count of one status group (``kelompok`` of the status code list)."""

    key: str
    value: int
    term: Term


@dataclass(frozen=True)
class Detail:
    """How many agreements have one status, for the line under the headline figures."""

    phase: Phase
    value: int
    term: Term


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


def figures(items: Sequence[Row], words: Vocabulary) -> tuple[Figure, ...]:
    """One figure per status group, side by side: "masa berlaku tidak diketahui" is never folded into "berlaku"."""
    parts = split(items)
    return tuple(Figure(b.value, parts.count(b), term) for b, term in words.groups.items())


def signed_open(items: Sequence[Row]) -> list[Row]:
    """Signed and not known to have ended, newest first: running, or in force for an unknown term.

    This is what the city's cooperation "is" today as far as the register knows; the status badge says
    which of the two each one is, so an unknown term is never shown as running.
    """
    return [r for r in items if r.status.phase.open]


def details(items: Sequence[Row], words: Vocabulary) -> tuple[Detail, ...]:
    """Every status present, in code-list order, with its count."""
    counts = Counter(r.status.phase for r in items)
    return tuple(Detail(p, counts[p], term) for p, term in words.phases.items() if counts[p])


def _bucket_series(groups: Sequence[Sequence[Row]], words: Vocabulary) -> tuple[charts.Series, ...]:
    return tuple(
        charts.Series(term.title, words.hex(term.colour), tuple(split(g).count(b) for g in groups))
        for b, term in words.groups.items()
    )


def _chart(slug: str, title: str, heading: str, labelled: Sequence[tuple[str, Sequence[Row]]],  # noqa: PLR0913 - a chart names its file, title, axis, rows, words and text
           describe: Callable[[str, int], str], *, words: Vocabulary) -> Chart:
    names = tuple(name for name, _ in labelled)
    series = _bucket_series([group for _, group in labelled], words)
    parts = [describe(name, len(group)) for name, group in labelled]
    return Chart(slug, title, "; ".join(parts) + ".", heading, names, series)


def chart_list(ctx: SiteContext, items: Sequence[Row]) -> tuple[Chart, ...]:
    by_category = [(c.short, [r for r in items if r.category.key == c.key]) for c in categories(ctx.model)]
    by_category = [(name, group) for name, group in by_category if group]
    years = sorted({r.year for r in items if r.year is not None}, reverse=True)
    by_year: list[tuple[str, Sequence[Row]]] = [(str(y), [r for r in items if r.year == y]) for y in years]
    unknown = [r for r in items if r.year is None]
    if unknown:
        by_year.append(("tahun tidak diketahui", unknown))
    return (
        _chart("kategori", "Naskah menurut kategori dan status", "Kategori", by_category,
               lambda name, n: f"{name} {n} naskah", words=ctx.model.index.words),
        _chart("tahun", "Naskah menurut tahun penandatanganan dan status", "Tahun", by_year,
               lambda name, n: f"{name}: {n} naskah", words=ctx.model.index.words),
    )


def chart_pages(chart_items: Sequence[Chart]) -> Iterator[Page]:
    for chart in chart_items:
        yield Page(chart.url, charts.stacked_bars(chart.categories, chart.series, title=chart.title))


def pages(ctx: SiteContext) -> Iterator[Page]:
    items = rows(ctx.model)
    words = ctx.model.index.words
    chart_items = chart_list(ctx, items)
    latest = [r for r in items if r.year is not None][:LATEST]
    current = signed_open(items)
    running = sum(1 for r in current if r.status.phase.running)
    body = ctx.render("home.html", total=len(items), figures=figures(items, words), details=details(items, words),
                      current=current[:CURRENT], current_total=len(current), running=running,
                      charts=chart_items, latest=latest, as_of=ctx.as_of, rel=linker(URL), ctx=ctx,
                      change_text=partial(history.describe, title=field_titles(ctx.schema)))
    yield markdown_page(PATH, "Beranda", body,
                        description="Register kerja sama daerah Pemerintah Kota Palangka Raya: peta, status dan "
                                    "masa berlaku setiap naskah.")
    yield from chart_pages(chart_items)
