"""Old addresses of renamed agreements keep working (issue 15).

A record whose ``menggantikan`` names an id that is no longer in the register was renamed
(:mod:`generator.check.continuity` makes sure a vanished id is named so). Its old address
``/kerja-sama/<id lama>/`` gets a static page that sends the reader on with ``<meta refresh>``
and a plain link: no script, so it works everywhere and passes the post-build scan.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.check.rules import RENAME_FIELD
from generator.derive.index import RegisterIndex
from generator.read.record import Record
from generator.site.page import Page, SiteContext
from generator.site.pages.listing import agreement_url

MARK = "kerjasama-pengalihan"
"""``<meta name>`` of a redirect page; the post-build inventory does not count these as agreements."""


def redirect_path(old_id: str) -> str:
    return f"{agreement_url(old_id)}index.html"


def renamed(index: RegisterIndex) -> Mapping[str, Record]:
    """Old id -> the record that now stands for it (the first by id when two name the same old id)."""
    out: dict[str, Record] = {}
    for record in index.records:
        old = record.get(RENAME_FIELD)
        if isinstance(old, str) and old not in index.by_id:
            out.setdefault(old, record)
    return dict(sorted(out.items()))


def pages(ctx: SiteContext) -> Iterator[Page]:
    for old_id, record in renamed(ctx.model.index).items():
        target = f"../{record.id}/"  # from /kerja-sama/<old>/ to /kerja-sama/<new>/
        yield Page(redirect_path(old_id), ctx.render("redirect.html", old_id=old_id, record=record, target=target,
                                                     mark=MARK))
