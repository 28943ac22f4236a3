"""/evaluasi/: the ``simbolis`` evidence rule and its results, indicators and monev, and what each
unit has not recorded yet; /evaluasi/kelengkapan/: the completeness task list by unit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.derive.control import AgreementControl, gap_texts, monev_window_start
from generator.site.page import Page, SiteContext, markdown_page
from generator.site.pages.listing import linker

PATH = "evaluasi/index.md"
URL = "evaluasi/"
COMPLETENESS_PATH = "evaluasi/kelengkapan.md"
COMPLETENESS_URL = "evaluasi/kelengkapan/"


@dataclass(frozen=True)
class UnitSummary:
    """Per initiating unit: running agreements, how many show results, and what is not recorded."""

    unit: str
    running: int
    with_indicators: int
    recent_monev: int
    symbolic: int
    incomplete: int
    """Signed agreements of the unit that lack at least one fact (see control.Completeness)."""


@dataclass(frozen=True)
class UnitTasks:
    """The completeness tasks of one unit: each agreement with the facts it lacks."""

    unit: str
    items: tuple[AgreementControl, ...]


def _unit(ctx: SiteContext, item: AgreementControl) -> str:
    return ctx.model.index.label("perangkat_daerah", item.record.get("perangkat_daerah"))


def unit_summaries(ctx: SiteContext, items: list[AgreementControl]) -> list[UnitSummary]:
    groups: dict[str, list[AgreementControl]] = {}
    for item in items:
        if item.status.phase.open or item.completeness.missing:
            groups.setdefault(_unit(ctx, item), []).append(item)
    monev_missing = f"monev dalam {ctx.model.control.settings.monev_months} bulan terakhir"
    out = []
    for unit, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold()):
        running = [r for r in rows if r.status.phase.open]
        out.append(UnitSummary(unit, len(running), sum(1 for r in running if r.indicators),
                               sum(1 for r in running if monev_missing not in r.completeness.missing),
                               sum(1 for r in running if r.symbolic.symbolic),
                               sum(1 for r in rows if r.completeness.missing)))
    return out


def unit_tasks(ctx: SiteContext, items: list[AgreementControl]) -> list[UnitTasks]:
    groups: dict[str, list[AgreementControl]] = {}
    for item in items:
        if item.completeness.missing:
            groups.setdefault(_unit(ctx, item), []).append(item)
    return [UnitTasks(unit, tuple(rows)) for unit, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold())]


def pages(ctx: SiteContext) -> Iterator[Page]:
    control = ctx.model.control
    items = sorted(control.agreements.values(), key=lambda a: a.record.id)
    incomplete = [i for i in items if i.completeness.missing]
    # The body is passed on, not kept here while the page is written (issue 16: 87 MB at 50,000 agreements).
    yield markdown_page(PATH, "Evaluasi", ctx.render_parts(
        "evaluation.html", items=items, symbolic=[i for i in items if i.symbolic.symbolic],
        running=[i for i in items if i.status.phase.open], incomplete=incomplete,
        running_terms=[ctx.model.index.words.phase(p) for p in ctx.model.index.words.phases if p.open],
        with_results=[i for i in items if i.indicators or i.monev], units=unit_summaries(ctx, items),
        as_of=ctx.as_of, settings=control.settings, rel=linker(URL),
        monev_since=monev_window_start(ctx.as_of, control.settings),
    ))
    # Passed on as well: the task list names every incomplete agreement.
    yield markdown_page(COMPLETENESS_PATH, "Kelengkapan data", ctx.render_parts(
        "evaluation_completeness.html", tasks=unit_tasks(ctx, items), incomplete=incomplete, as_of=ctx.as_of,
        settings=control.settings, rel=linker(COMPLETENESS_URL), sought=tuple(gap_texts(control.settings).values()),
    ), description="Data yang belum dicatat untuk setiap naskah, per perangkat daerah.")
