"""/tkksd/: the TKKSD from ``data/tkksd.yaml`` (positions only) and its work plan with statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.read.record import parse_date
from generator.site.page import Page, SiteContext, markdown_page
from generator.site.pages.listing import linker

PATH = "tkksd/index.md"
URL = "tkksd/"
CLOSED = frozenset({"selesai", "dibatalkan"})


@dataclass(frozen=True)
class PlanItem:
    """One work-plan item; late when its due date passed and it is neither done nor cancelled."""

    data: Mapping[str, Any]
    due: dt.date | None
    late: bool


def plan(data: Mapping[str, Any], as_of: dt.date) -> tuple[PlanItem, ...]:
    items = []
    for entry in data.get("rencana_kerja", ()):
        due = parse_date(entry.get("tenggat"))
        items.append(PlanItem(entry, due, due is not None and due < as_of and entry["status"] not in CLOSED))
    return tuple(items)


def pages(ctx: SiteContext) -> Iterator[Page]:
    data = ctx.model.data.tkksd
    items = plan(data, ctx.as_of) if data else ()
    body = ctx.render("tkksd.html", tkksd=data, plan=items, as_of=ctx.as_of, rel=linker(URL),
                      late=sum(1 for i in items if i.late))
    yield markdown_page(PATH, "TKKSD", body)
