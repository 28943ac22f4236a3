"""Open data files (JSON API, CSV, calendars, feed, badges) and the Data Terbuka pages.

Every agreement yields its JSON file and its badge, one row of the CSV and of the JSON list, and,
when its end date is known, events in the combined calendar; ``postbuild.check_opendata``
and ``postbuild.check_inventory`` count them in the built site so a missing one fails the build.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator.check import provenance
from generator.derive.index import RegisterIndex
from generator.read.record import Record
from generator.site.opendata import api, openapi, table, urls
from generator.site.opendata import calendar as ical
from generator.site.opendata import feed as atom
from generator.site.opendata.badge import badge
from generator.site.outputcache import cached
from generator.site.page import Chunks, Page, SiteContext, markdown_page, relative_url
from generator.site.pages.agreement import field_titles

DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"
PAGE_PATH = "data-terbuka/index.md"
DICTIONARY_PATH = "data-terbuka/kamus-data.md"


@dataclass(frozen=True)
class CalendarLink:
    """One per-group calendar as the Data Terbuka page lists it."""

    name: str
    path: str
    events: int


def _json(path: str, document: Any) -> Page:
    return Page(path, api.dumps(document))


def _api_pages(ctx: SiteContext) -> Iterator[Page]:
    model, index, schema, config = ctx.model, ctx.model.index, ctx.schema, ctx.config
    yield Page(urls.API_LIST, Chunks(partial(api.agreement_list_parts, model, schema, config, ctx.cache)))
    for path, text in api.agreement_files(model, schema, config, ctx.cache):
        yield Page(path, text)
    yield _json(urls.API_RADAR, api.radar(index, schema, config))
    yield _json(urls.API_STATS, api.statistics(model, schema))
    yield _json(urls.API_OPENAPI, openapi.document(schema, config))
    yield _json(urls.API_SCHEMA, dict(schema.document))


def calendar_groups(index: RegisterIndex) -> dict[str, list[tuple[str, str, Sequence[Record]]]]:
    """Per-group calendars: folder -> [(key, display name, records)], sorted by key."""
    groups: dict[str, list[tuple[str, str, Sequence[Record]]]] = {
        "mitra": [(slug, p.name, p.records) for slug, p in index.partners.items()],
        "urusan": [(str(k), index.label("urusan", str(k)), v) for k, v in index.by_sector.items() if k],
        "perangkat-daerah": [(str(k), index.label("perangkat_daerah", str(k)), v)
                             for k, v in index.by_unit.items() if k],
    }
    assert set(groups) == set(urls.CALENDAR_GROUPS)
    return {folder: sorted(items) for folder, items in groups.items()}


@dataclass(frozen=True)
class _Events:
    """Each record's calendar events, serialised once (records appear in several calendars)."""

    text: dict[str, bytes]
    count: dict[str, int]

    @classmethod
    def of(cls, ctx: SiteContext) -> _Events:
        text, count = {}, {}
        for record in ctx.model.index.records:
            events = ical.events(ctx.model, ctx.config, record)
            text[record.id] = ical.serialise(events, ctx.cache)
            count[record.id] = len(events)
        return cls(text, count)

    def join(self, records: Sequence[Record]) -> list[bytes]:
        return [self.text[r.id] for r in sorted(records, key=lambda r: r.id)]


def _calendar_pages(ctx: SiteContext, events: _Events) -> Iterator[Page]:
    yield Page(urls.CALENDAR_ALL, Chunks(partial(ical.calendar_parts, "Kerja sama daerah Kota Palangka Raya: semua tenggat",
                                                 events.join(ctx.model.index.records))))
    for folder, items in calendar_groups(ctx.model.index).items():
        for key, name, records in items:
            yield Page(urls.calendar(folder, key), ical.calendar(f"Kerja sama: {name}", events.join(records)))


def _badge_pages(ctx: SiteContext) -> Iterator[Page]:
    for record in ctx.model.index.records:
        found = badge(record.id, record.title, ctx.model.index.get_status(record))
        svg = cached(ctx.cache, "badge", found, lambda b: ctx.render("badge.svg", b=b))
        yield Page(urls.badge(record.id), svg)


def _site_page(ctx: SiteContext, events: _Events) -> Page:
    index, config = ctx.model.index, ctx.config
    here = urls.PAGE
    groups = {
        folder: [CalendarLink(name, urls.calendar(folder, key), sum(events.count[r.id] for r in records))
                 for key, name, records in items]
        for folder, items in calendar_groups(index).items()
    }
    example = index.records[0] if index.records else None
    body = ctx.render(
        "opendata.html", ctx=ctx, urls=urls, rel=lambda to: relative_url(here, to),
        absolute=lambda path: urls.absolute(config.site_url, path), groups=groups, example=example,
        licence=DATA_LICENCE, licence_url=DATA_LICENCE_URL, history=ctx.model.history,
        with_end=sum(1 for r in index.records if r.end is not None), csv_columns=len(table.columns(ctx.schema)),
        coverage=provenance.coverage(index.records, index.codelists),
    )
    return markdown_page(PAGE_PATH, "Data Terbuka", body)


def _dictionary_page(ctx: SiteContext) -> Page:
    lists = ctx.model.index.codelists
    cols = table.columns(ctx.schema)
    used = sorted({c.codelist for c in cols if c.codelist and c.codelist in lists.lists})
    body = ctx.render(
        "opendata_dictionary.html", columns=cols, rules=table.RULES,
        type_label=lambda c: table.type_label(c, lambda name: lists[name].title if name in lists.lists else name),
        codelists=[lists[name] for name in used], rel=lambda to: relative_url(urls.DICTIONARY, to), urls=urls,
    )
    return markdown_page(DICTIONARY_PATH, "Kamus data", body)


def pages(ctx: SiteContext) -> Iterator[Page]:
    yield from _api_pages(ctx)
    yield Page(urls.CSV, Chunks(partial(table.parts, ctx.model, ctx.schema, ctx.config, ctx.cache)))
    events = _Events.of(ctx)
    yield from _calendar_pages(ctx, events)
    yield Page(urls.FEED, atom.render(ctx.model, ctx.config, field_titles(ctx.schema)))
    yield from _badge_pages(ctx)
    yield _site_page(ctx, events)
    yield _dictionary_page(ctx)
