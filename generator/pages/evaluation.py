"""/evaluasi/: indicators (target vs realised), monev history, the ``simbolis`` signal, units."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.control import AgreementControl, monev_window_start
from generator.page import Page, SiteContext, markdown_page
from generator.pages.listing import linker

PATH = "evaluasi/index.md"
URL = "evaluasi/"


@dataclass(frozen=True)
class UnitSummary:
    """Per initiating unit: running agreements and how many show results."""

    unit: str
    running: int
    with_indicators: int
    recent_monev: int
    symbolic: int


def unit_summaries(ctx: SiteContext, items: list[AgreementControl]) -> list[UnitSummary]:
    groups: dict[str, list[AgreementControl]] = {}
    for item in items:
        if item.status.phase.running:
            groups.setdefault(ctx.index.label("perangkat_daerah", item.record.get("perangkat_daerah")), []).append(item)
    return [UnitSummary(unit, len(rows), sum(1 for r in rows if r.indicators),
                        sum(1 for r in rows if not r.symbolic.no_recent_monev), sum(1 for r in rows if r.symbolic.symbolic))
            for unit, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold())]


def pages(ctx: SiteContext) -> Iterator[Page]:
    control = ctx.control
    items = sorted(control.agreements.values(), key=lambda a: a.record.id)
    body = ctx.render(
        "evaluation.html", items=items, symbolic=[i for i in items if i.symbolic.symbolic],
        running=[i for i in items if i.status.phase.running],
        running_terms=[ctx.index.words.phase(p) for p in ctx.index.words.phases if p.running],
        with_results=[i for i in items if i.indicators or i.monev], units=unit_summaries(ctx, items),
        as_of=ctx.as_of, settings=control.settings, rel=linker(URL),
        monev_since=monev_window_start(ctx.as_of, control.settings),
    )
    yield markdown_page(PATH, "Evaluasi", body)
