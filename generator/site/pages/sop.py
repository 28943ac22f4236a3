"""/sop/: what is overdue, by unit, then where every agreement stands in the procedure;
/sop/tahapan/: the procedure itself as a guide for staff (stages and paths)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.sop import SopPath, Stage
from generator.derive.control import AgreementControl, Step
from generator.site.page import WIDE, Page, SiteContext, markdown_page
from generator.site.pages.listing import linker

PATH = "sop/index.md"
URL = "sop/"
GUIDE_PATH = "sop/tahapan.md"
GUIDE_URL = "sop/tahapan/"


@dataclass(frozen=True)
class PathView:
    path: SopPath
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Overdue:
    """One overdue step: how late it is on the as-of date and what to do next."""

    item: AgreementControl
    step: Step
    days: int
    """Days since the due date (1 the day after it)."""

    @property
    def action(self) -> str:
        if self.step.stage.recurring:
            return "Lakukan monev dan catat tanggal serta hasilnya."
        if self.step.inferred:
            return "Ambil keputusan perpanjangan dan catat keputusannya."
        label = self.step.stage.label
        label = label[:1].lower() + label[1:] if label[1:2].islower() else label  # "Penyusunan PKS" keeps PKS
        return f"Selesaikan tahap {label} dan catat tanggal selesainya."


def pages(ctx: SiteContext) -> Iterator[Page]:
    control = ctx.model.control
    sop = control.sop
    items = sorted(control.agreements.values(), key=lambda a: a.record.id)
    by_unit: dict[str, list[Overdue]] = {}
    unrecorded: dict[str, list[AgreementControl]] = {}
    for item in items:
        unit = ctx.model.index.label("perangkat_daerah", item.record.get("perangkat_daerah"))
        for step in item.progress.overdue:
            late = (ctx.as_of - step.due).days if step.due is not None else 0
            by_unit.setdefault(unit, []).append(Overdue(item, step, late))
        if item.progress.unrecorded:
            unrecorded.setdefault(unit, []).append(item)
    overdue = sorted(((unit, sorted(rows, key=lambda o: (o.step.due or ctx.as_of, o.item.record.id)))
                      for unit, rows in by_unit.items()), key=lambda pair: pair[0].casefold())
    paths = [PathView(p, sop.stages_on(p)) for p in sop.paths]
    # The body is passed on, not kept here while the page is written (issue 16: 54 MB at 50,000 agreements).
    yield markdown_page(PATH, "SOP kerja sama daerah", ctx.render_parts(
        "sop.html", sop=sop, paths=paths, items=items, overdue=overdue,
        overdue_count=sum(len(rows) for _, rows in overdue),
        unrecorded=sorted(unrecorded.items(), key=lambda pair: pair[0].casefold()),
        unrecorded_count=sum(len(item.progress.unrecorded) for rows in unrecorded.values() for item in rows),
        times=[t for t in control.stage_times() if t.count], as_of=ctx.as_of, settings=control.settings,
        rel=linker(URL),
    ), hide=WIDE)
    guide = ctx.render("sop_guide.html", sop=sop, paths=paths, as_of=ctx.as_of, settings=control.settings,
                       rel=linker(GUIDE_URL))
    yield markdown_page(GUIDE_PATH, "Tahapan SOP", guide,
                        description="Tahapan kerja sama daerah: penanggung jawab, masukan, keluaran, target dan dasarnya.")
