"""One page per agreement at ``/kerja-sama/<id>/``: what it is, who, when, its documents and sources."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlencode

from generator.check import provenance
from generator.check.checker import Schema
from generator.check.partners import country_name
from generator.derive.control import AgreementControl, ControlValues
from generator.derive.status import Shown, Status
from generator.read import history
from generator.read.codelists import is_preliminary, is_signed
from generator.read.history import AgreementHistory
from generator.read.record import Record, parse_date
from generator.settings import SiteConfig
from generator.site.page import Page, SiteContext, markdown_page, page_title
from generator.site.pages import glossary
from generator.site.pages.listing import Row, agreement_path, agreement_url, linker, row, rows
from generator.site.render import tanggal

# Order of events that share a day: the as-of marker sits after what happened that day and
# before an end date on the same day (the end date is the last day in force).
_SAME_DAY_ORDER = {"kegiatan": 0, "tanda-tangan": 1, "mulai": 2, "diakhiri": 3, "per": 4, "berakhir": 5}


@dataclass(frozen=True)
class Party:
    name: str
    type_label: str
    region_code: str | None
    region_label: str | None
    country: str | None
    country_label: str | None
    signatory_name: str | None
    signatory_title: str | None
    is_city: bool


@dataclass(frozen=True)
class Event:
    """A point on the agreement's timeline; ``date`` None with ``text`` for a year only or an unknown date."""

    kind: str
    label: str
    date: dt.date | None
    text: str = ""
    sort_date: dt.date = dt.date.max
    state: str = ""
    """``lampau``, ``mendatang``, ``tidak-diketahui`` or ``per`` (the marker of the status on the
    as-of date), set by :func:`timeline`: the page holds the state, never the as-of date."""

    def state_on(self, as_of: dt.date) -> str:
        if self.kind == "per":
            return "per"
        if self.date is not None:
            return "lampau" if self.date <= as_of else "mendatang"
        if self.sort_date == dt.date.max:
            return "tidak-diketahui"
        # A year only (sorted at its first day): past or coming by the year; within it, unknown.
        year = self.sort_date.year
        return "lampau" if year < as_of.year else "mendatang" if year > as_of.year else "tidak-diketahui"


@dataclass(frozen=True, kw_only=True)
class ShownControl(ControlValues):
    """An agreement's control values as its page reads them: the status as :class:`Shown`, so that
    the page (and its cache key) holds no as-of date."""

    status: Shown

    @classmethod
    def of(cls, value: AgreementControl) -> ShownControl:
        return cls(status=value.status.shown, **value.values())


@dataclass(frozen=True)
class OneControl:
    """The control values of the page's agreement, as ``ctx.model.control`` answers the template."""

    record_id: str
    value: ShownControl | None

    def get(self, record_id: str) -> ShownControl | None:
        if record_id != self.record_id:
            raise KeyError(f"halaman {self.record_id} membaca kendali naskah lain: {record_id}")
        return self.value


@dataclass(frozen=True)
class OneHistory:
    """The history of the page's agreement, as ``ctx.model.history`` answers the template."""

    available: bool
    complete: bool
    reason: str
    entry: AgreementHistory

    @classmethod
    def for_record(cls, found: history.History, record_id: str) -> OneHistory:
        return cls(found.available, found.complete, found.reason, found.of(record_id))

    def of(self, record_id: str) -> AgreementHistory:
        if record_id != self.entry.id:
            raise KeyError(f"halaman {self.entry.id} membaca riwayat naskah lain: {record_id}")
        return self.entry


@dataclass(frozen=True)
class PageModel:
    control: OneControl
    history: OneHistory


@dataclass(frozen=True)
class PageContext:
    """All the agreement page's template may read as ``ctx``: this agreement's control values and
    history, and the settings. Everything the template reads is then a value the cache's key
    holds (a template that reaches further fails with Jinja's strict undefined)."""

    model: PageModel
    config: SiteConfig


@dataclass(frozen=True)
class Relation:
    label: str
    rows: tuple[Row, ...]


def field_titles(schema: Schema) -> Callable[..., str]:
    """``field('persetujuan_dprd', 'diperlukan')`` -> the schema's title for that field.

    Each title is looked up once (an agreement page asks for about 20, the same on every page).
    """
    found: dict[tuple[str, ...], str] = {}

    def title(*path: str) -> str:
        text = found.get(path)
        if text is None:
            node = schema.node_at(path)
            if not node or not node.get("title"):
                raise KeyError(f"schema has no title for {'.'.join(path)}")
            text = found[path] = str(node["title"])
        return text

    return title


def parties(ctx: SiteContext, record: Record) -> tuple[Party, ...]:
    codelists = ctx.model.index.codelists
    out = []
    for party in record.get("para_pihak", ()):
        code = party.get("kode_wilayah")
        signatory = party.get("penandatangan") or {}
        out.append(Party(
            name=str(party["nama"]), type_label=codelists.label("jenis_pihak", party["jenis_pihak"]),
            region_code=code, region_label=codelists.label("wilayah", code) if code else None,
            country=party.get("negara"),
            country_label=country_name(party["negara"]) if party.get("negara") else None,
            signatory_name=signatory.get("nama"), signatory_title=signatory.get("jabatan"),
            is_city=bool(party.get("pihak_kota")),
        ))
    return tuple(out)


def timeline(record: Record, as_of: dt.date) -> tuple[Event, ...]:
    events: list[Event] = []
    signed = record.date("tanggal_tanda_tangan")
    if signed is not None:
        events.append(Event("tanda-tangan", "Ditandatangani", signed, sort_date=signed))
    elif record.signed_year is not None:
        year = record.signed_year
        events.append(Event("tanda-tangan", "Ditandatangani", None, f"tahun {year} (tanggal tidak diketahui)",
                            dt.date(year, 1, 1)))
    elif record.signing_year_unknown and is_signed(record):  # signed before anything else it records
        events.append(Event("tanda-tangan", "Ditandatangani", None, "tahun penandatanganan tidak diketahui",
                            dt.date.min))
    start = record.date("tanggal_mulai")
    if start is not None:
        events.append(Event("mulai", "Mulai berlaku", start, sort_date=start))
    termination = record.get("pengakhiran")
    ended = parse_date(termination.get("tanggal")) if termination else None
    if ended is not None:
        events.append(Event("diakhiri", "Diakhiri lebih awal", ended, sort_date=ended))
    for activity in record.get("kegiatan", ()):  # dated activities: visits, meetings, studies (issue 18)
        when = parse_date(activity.get("tanggal"))
        if when is not None:
            events.append(Event("kegiatan", str(activity["uraian"]), when, sort_date=when))
    end = record.end
    if end is not None:
        events.append(Event("berakhir", "Berakhir (hari terakhir berlaku)", end, sort_date=end))
    elif record.end_year is not None:  # only the year is known: shown as a year, sorted at its first day
        events.append(Event("berakhir", "Berakhir", None, end_year_text(record.end_year),
                            dt.date(record.end_year, 1, 1)))
    elif (signed is not None or record.signed_year is not None or record.signing_year_unknown) \
            and not is_preliminary(record):
        events.append(Event("berakhir", "Berakhir", None, "tidak diketahui"))  # an LoI has no term to end
    ordered = sorted(events, key=_order)
    # The status marker stands where the as-of date falls among the events, but carries no date: the
    # page changes when an event passes, not every day (issue 16).
    ordered.insert(bisect.bisect_right(ordered, (as_of, _SAME_DAY_ORDER["per"]), key=_order),
                   Event("per", "Status saat ini", None))
    return tuple(replace(e, state=e.state_on(as_of)) for e in ordered)


def _order(event: Event) -> tuple[dt.date, int]:
    return event.sort_date, _SAME_DAY_ORDER[event.kind]


def last_data_change(entry: AgreementHistory) -> dt.date | None:
    """The day of the newest commit that changed the agreement's data (not one that only tidied the
    file); None without history."""
    for change in entry.changes:
        if change.created or change.fields or not change.readable:
            return change.day
    return None


def shown_row(item: Row) -> Row:
    """An agreement's row as a page shows it: its status without the as-of date (see :class:`Shown`)."""
    return replace(item, status=item.status.shown)


def related(ctx: SiteContext, record: Record, title: Callable[..., str]) -> tuple[Relation, ...]:
    index = ctx.model.index

    def by_id(key: str) -> tuple[Row, ...]:
        target = record.get(key)
        return (shown_row(row(ctx.model, index.by_id[target])),) if target in index.by_id else ()

    def shown_rows(records: Iterable[Record]) -> tuple[Row, ...]:
        return tuple(map(shown_row, rows(ctx.model, records)))

    children = index.children.get(record.id, ())
    addenda = [c for c in children if c.get("jenis_naskah") == "adendum"]
    others = [c for c in children if c.get("jenis_naskah") != "adendum"]
    parent_label = "Naskah yang diubah" if record.get("jenis_naskah") == "adendum" else title("naskah_induk")
    relations = (
        Relation(parent_label, by_id("naskah_induk")),
        Relation("Naskah pelaksana (PKS dan naskah turunan)", shown_rows(others)),
        Relation("Adendum", shown_rows(addenda)),
        Relation(title("memperpanjang"), by_id("memperpanjang")),
        Relation("Diperpanjang oleh", shown_rows(index.renewed_by.get(record.id, ()))),
        Relation(title("menggantikan"), by_id("menggantikan")),
        Relation("Digantikan oleh", shown_rows(index.superseded_by.get(record.id, ()))),
    )
    return tuple(r for r in relations if r.rows)


def report_url(config: SiteConfig, record: Record) -> str | None:
    """The issue form for a citizen's report ("Laporkan kesalahan"), with the page's address filled in.

    GitHub issue forms take a field's value from the query string by the field's ``id``
    (``.github/ISSUE_TEMPLATE/data-salah.yml``: ``alamat``).
    """
    if not config.repo_url:
        return None
    query = urlencode({"template": "data-salah.yml", "title": f"[Data salah] {record.id}",
                       "alamat": config.site_url.rstrip("/") + "/" + agreement_url(record.id)})
    return f"{config.repo_url}/issues/new?{query}"


def edit_url(config: SiteConfig, record: Record) -> str | None:
    """The repository host's web editor for the agreement file ("Usulkan perbaikan")."""
    if not config.repo_url:
        return None
    return f"{config.repo_url}/edit/{config.edit_branch}/agreements/{record.id}.yaml"


def term_text(record: Record) -> str:
    """``{tahun: 1, bulan: 6}`` -> ``1 tahun 6 bulan``."""
    term = record.get("jangka_waktu") or {}
    parts = [f"{term[key]} {unit}" for key, unit in (("tahun", "tahun"), ("bulan", "bulan")) if term.get(key)]
    return " ".join(parts) or "0 bulan"


def end_year_text(year: int) -> str:
    """The end of an agreement whose source states only the year: never a made-up date."""
    return f"tahun {year} (tanggal tidak diketahui)"


def status_sentence(status: Status, end: dt.date | None, end_year: int | None = None) -> str:
    """The end of the term beside the status, by its date: ``berlaku sampai 28 Februari 2027`` or
    ``berakhir 3 Maret 2024``. A day count ("dalam 98 hari") would change the page every day; a
    date stays true, and a reader who sees it passed knows the status is older than the page (the
    lists of /masa-berlaku/ count the days)."""
    if end is None and end_year is not None:
        return f"berakhir {end_year_text(end_year)}"
    if status.days_left is None or end is None:
        return ""
    return f"{'berlaku sampai' if status.days_left >= 0 else 'berakhir'} {tanggal(end)}"


def meta_text(text: str) -> str:
    """Text for a theme attribute (``<meta content="...">``): the theme does not escape it, so no quotes or markup."""
    return " ".join(page_title(text).replace('"', " ").replace("'", " ").split())


def render(ctx: SiteContext, record: Record, title: Callable[..., str] | None = None,
           pairs: Sequence[tuple[str, str]] | None = None) -> Page:
    """The agreement's page; ``title`` is :func:`field_titles` of the schema, shared by every page.

    With a cache (generator.site.outputcache), the page is kept finished (glossary abbreviations
    marked with ``pairs``) under a digest of every value the template reads for this agreement.
    """
    title = title or field_titles(ctx.schema)
    status = ctx.model.status(record)
    item = row(ctx.model, record)
    # What the page shows of the clock is a status and dates, never the as-of date itself (statuses
    # as Shown): its cached output then lasts until the status or an event changes (issue 16).
    values = {
        "record": record, "view": ctx.model.view(record), "row": shown_row(item), "status": status.shown,
        "status_sentence": status_sentence(status, record.end, record.end_year), "parties": parties(ctx, record),
        "timeline": timeline(record, ctx.as_of), "term": term_text(record), "related": related(ctx, record, title),
        "edit_url": edit_url(ctx.config, record), "report_url": report_url(ctx.config, record),
        "provenance": provenance.of(record, ctx.model.index.codelists),
    }
    path = agreement_path(record.id)
    control = ctx.model.control.get(record.id)
    reads = PageContext(PageModel(OneControl(record.id, None if control is None else ShownControl.of(control)),
                                  OneHistory.for_record(ctx.model.history, record.id)), ctx.config)

    def render_page() -> Page:
        body = ctx.render("agreement.html", **values, ctx=reads, field=title, rel=linker(agreement_url(record.id)),
                          change_text=partial(history.describe, title=title))
        summary = f"{item.category.short}, {status.label}: {record.get('objek')}"
        changed = last_data_change(reads.model.history.of(record.id))
        # The footer's date on this page (generator/site/theme/partials/copyright.html): when its data
        # last changed, not the as-of date, which would change the page every day (issue 16).
        return markdown_page(path, record.title, body, description=meta_text(summary),
                             diubah=tanggal(changed) if changed else "")

    if ctx.cache is None:
        return render_page()
    pairs = glossary.abbreviations(ctx.model.data.glossary) if pairs is None else pairs
    # Every value the template sees, but the functions: ``field`` and ``change_text`` (the schema's
    # titles) and ``rel`` (this page's address) are the same for the same record id and schema.
    content = ctx.cache.get("agreement-page", (values, reads, tuple(pairs)),
                            lambda: str(glossary.explained(render_page(), pairs).content))
    return Page(path, content, explained=True)


def pages(ctx: SiteContext) -> Iterator[Page]:
    title = field_titles(ctx.schema)
    pairs = glossary.abbreviations(ctx.model.data.glossary)
    for record in ctx.model.index.records:
        yield render(ctx, record, title, pairs)
