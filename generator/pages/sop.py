"""/sop/: the procedure as a guide for staff, and where every agreement stands in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.control import AgreementControl, Step
from generator.page import Page, SiteContext, markdown_page
from generator.pages.listing import linker
from generator.sop import SopPath, Stage

PATH = "sop/index.md"
URL = "sop/"


@dataclass(frozen=True)
class PathView:
    path: SopPath
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Overdue:
    item: AgreementControl
    step: Step


def pages(ctx: SiteContext) -> Iterator[Page]:
    control = ctx.control
    sop = control.sop
    items = sorted(control.agreements.values(), key=lambda a: a.record.id)
    by_unit: dict[str, list[Overdue]] = {}
    for item in items:
        for step in item.progress.overdue:
            unit = ctx.index.label("perangkat_daerah", item.record.get("perangkat_daerah"))
            by_unit.setdefault(unit, []).append(Overdue(item, step))
    overdue = sorted(((unit, sorted(rows, key=lambda o: (o.step.due or ctx.as_of, o.item.record.id)))
                      for unit, rows in by_unit.items()), key=lambda pair: pair[0].casefold())
    body = ctx.render(
        "sop.html", sop=sop, paths=[PathView(p, sop.stages_on(p)) for p in sop.paths], items=items,
        overdue=overdue, times=control.stage_times(), as_of=ctx.as_of, settings=control.settings, rel=linker(URL),
    )
    yield markdown_page(PATH, "SOP kerja sama daerah", body)
