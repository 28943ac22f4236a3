"""Atom feed of new agreements, changed agreements (from git history) and approaching deadlines.

Entry ids are ``tag:`` URIs that never change for the same event, so feed readers do not show an
entry twice: a new agreement (``.../baru``), one commit that changed it (``.../perubahan/<hash>``),
an end date entering a warning window (``.../tenggat/<window>/<end>``), an end passed without a
renewal decision (``.../tanpa-keputusan/<end>``). Deadline entries are dated the day the window
was entered, not the build day, so rebuilding does not make them look new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # feedgen ships no type hints

from generator.clock import WIB
from generator.derive.model import SiteModel
from generator.derive.status import Phase
from generator.read import history
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site.opendata import urls

FieldTitle = Callable[[str], str]

TAG_YEAR = "2025"
"""Year in the tag URIs (RFC 4151): when the register started; never change it."""
MAX_ENTRIES = 100
AUTHOR = "Register Kerja Sama Daerah Kota Palangka Raya"


@dataclass(frozen=True)
class Entry:
    """One feed entry before it is handed to feedgen."""

    id: str
    title: str
    updated: dt.datetime
    link: str
    summary: str
    category: str


def _tag(host: str, record_id: str, *parts: str) -> str:
    return f"tag:{host},{TAG_YEAR}:kerja-sama/{record_id}/" + "/".join(parts)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=WIB)


def _record_entries(model: SiteModel, config: SiteConfig, record: Record, title: FieldTitle) -> list[Entry]:
    host = urls.host(config.site_url)
    page = urls.absolute(config.site_url, urls.agreement(record.id))
    status = model.status(record)
    changes = model.history.of(record.id).changes
    out: list[Entry] = []
    first = changes[-1] if changes else None
    created_at = first.committed if first is not None and first.created else None
    signed = record.date("tanggal_tanda_tangan")
    if created_at is None and signed is not None:
        created_at = _midnight(signed)
    if created_at is not None:
        out.append(Entry(_tag(host, record.id, "baru"), f"Naskah baru: {record.title}", created_at, page,
                         f"{record.title} dicatat dalam register. Status per {model.as_of.isoformat()}: {status.label}.",
                         "baru"))
    for change in changes:
        if change.created:
            continue
        out.append(Entry(_tag(host, record.id, "perubahan", change.commit), f"Diperbarui: {record.title}",
                         change.committed, page, history.describe(change, title), "perubahan"))
    end = record.end
    if status.phase is Phase.SEGERA_BERAKHIR and end is not None and status.window is not None:
        out.append(Entry(_tag(host, record.id, "tenggat", str(status.window), end.isoformat()),
                         f"Berakhir dalam {status.window} hari atau kurang: {record.title}",
                         _midnight(end - dt.timedelta(days=status.window)), page,
                         f"Naskah ini berakhir pada {end.isoformat()}. Keputusan perpanjangan perlu diambil.",
                         "tenggat"))
    if status.phase is Phase.BERAKHIR_TANPA_KEPUTUSAN and end is not None:
        out.append(Entry(_tag(host, record.id, "tanpa-keputusan", end.isoformat()),
                         f"Berakhir tanpa keputusan perpanjangan: {record.title}",
                         _midnight(end + dt.timedelta(days=1)), page,
                         f"Naskah ini berakhir pada {end.isoformat()} dan belum ada keputusan perpanjangan yang tercatat.",
                         "tenggat"))
    return out


def entries(model: SiteModel, config: SiteConfig, title: FieldTitle) -> list[Entry]:
    """Newest first, ties by id; at most :data:`MAX_ENTRIES`."""
    found = [e for record in model.index.records for e in _record_entries(model, config, record, title)]
    found.sort(key=lambda e: (-e.updated.timestamp(), e.id))
    return found[:MAX_ENTRIES]


def render(model: SiteModel, config: SiteConfig, title: FieldTitle) -> bytes:
    """The Atom feed; ``title`` names a field as the schema does (change entries say what changed)."""
    items = entries(model, config, title)
    host = urls.host(config.site_url)
    feed = FeedGenerator()
    feed.id(f"tag:{host},{TAG_YEAR}:feed")
    feed.title("Perubahan dan tenggat kerja sama daerah Kota Palangka Raya")
    feed.subtitle("Naskah baru, naskah yang diperbarui dan naskah yang mendekati tanggal berakhir.")
    feed.author({"name": AUTHOR})
    feed.language("id")
    feed.link(href=urls.absolute(config.site_url, urls.FEED), rel="self", type="application/atom+xml")
    feed.link(href=config.site_url, rel="alternate", type="text/html")
    feed.rights("Data CC BY 4.0")
    feed.updated(items[0].updated if items else _midnight(model.as_of))
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.updated(item.updated)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.summary(item.summary)
        entry.category(term=item.category)
    return bytes(feed.atom_str(pretty=True))
