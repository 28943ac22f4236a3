"""/masa-berlaku/: the deadline radar and the timeline of every signed agreement.

Groups: ending within each threshold window (30/90/180 days by default), ended in the last 90
days, ended with no renewal decision, end date unknown; renewal evaluations and decisions that
are late; a Gantt timeline drawn at build time as SVG (unknown end dates are hatched open bars,
never a guessed date) with a table alternative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.derive.control import AgreementControl, Control, duration_text
from generator.derive.index import RegisterIndex
from generator.derive.status import Phase
from generator.read.record import Record, parse_date
from generator.site.page import WIDE, Page, SiteContext, markdown_page
from generator.site.pages.listing import agreement_url, linker

PATH = "masa-berlaku/index.md"
URL = "masa-berlaku/"
RECENT_DAYS = 90


@dataclass(frozen=True)
class Row:
    """One agreement on the radar."""

    item: AgreementControl
    partners: tuple[str, ...]
    unit: str
    end: dt.date | None
    words: str | None
    """Distance between the as-of date and the end date in words (``1 bulan dan 15 hari``)."""
    partner_slugs: tuple[str, ...]
    """The partners' page slugs, in the order of ``partners``: two partners may share a name."""

    @property
    def record(self) -> Record:
        return self.item.record

    @property
    def url(self) -> str:
        return agreement_url(self.record.id)


def ended_on(record: Record) -> dt.date | None:
    """The last day in force: the early termination date, else the end date."""
    termination = record.get("pengakhiran") or {}
    stop = parse_date(termination.get("tanggal"))
    if stop is not None:
        return stop - dt.timedelta(days=1)
    return record.end


def make_row(index: RegisterIndex, item: AgreementControl) -> Row:
    record = item.record
    slugs = index.partner_of.get(record.id, ())
    partners = tuple(index.partners[slug].name for slug in slugs)
    end = ended_on(record) if item.status.phase is Phase.DIAKHIRI_LEBIH_AWAL else record.end
    words = duration_text(index.as_of, end) if end is not None else None
    return Row(item, partners, index.label("perangkat_daerah", record.get("perangkat_daerah")), end, words, slugs)


def _by_end(rows: Sequence[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.end or dt.date.max, r.record.id))


@dataclass(frozen=True)
class Window:
    days: int
    low: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Radar:
    windows: tuple[Window, ...]
    recent: tuple[Row, ...]
    no_decision: tuple[Row, ...]
    unknown: tuple[Row, ...]
    late: tuple[Row, ...]
    in_process: tuple[Row, ...]
    signed: int


def radar(index: RegisterIndex, control: Control) -> Radar:
    rows = [make_row(index, item) for item in control.agreements.values()]
    thresholds = sorted(index.thresholds)
    windows = tuple(
        Window(days, (thresholds[i - 1] + 1) if i else 0,
               tuple(_by_end([r for r in rows if r.item.status.phase is Phase.SEGERA_BERAKHIR
                              and r.item.status.window == days])))
        for i, days in enumerate(thresholds)
    )
    recent_from = index.as_of - dt.timedelta(days=RECENT_DAYS)
    recent = [r for r in rows if r.item.status.phase.ended and r.end is not None and recent_from <= r.end < index.as_of]
    signed = [r for r in rows if r.item.status.phase not in {Phase.DALAM_PROSES, Phase.DIBATALKAN}]
    return Radar(
        windows=windows,
        recent=tuple(_by_end(recent)),
        no_decision=tuple(_by_end([r for r in rows if r.item.status.phase is Phase.BERAKHIR_TANPA_KEPUTUSAN])),
        # By status, as the page words it: a record recorded as ended without its end date is ended (it is
        # on the no-decision list), not "masa berlaku tidak diketahui"; one in its year-only end year is.
        unknown=tuple(sorted((r for r in signed if r.item.status.phase is Phase.TIDAK_DIKETAHUI),
                             key=lambda r: r.record.id)),
        late=tuple(_by_end([r for r in rows if r.item.renewal is not None and r.item.renewal.late])),
        in_process=tuple(sorted((r for r in rows if r.item.status.phase is Phase.DALAM_PROSES),
                                key=lambda r: r.record.id)),
        signed=len(signed),
    )


# --- timeline (Gantt) ----------------------------------------------------------------------
# Two drawings of the same layout: the wide one for tablets and desktops, the narrow one at a
# phone's own size (about 1 unit per CSS pixel, so its text stays legible); CSS shows one.
WIDTH, NARROW_WIDTH, LEFT, RIGHT = 1000, 360, 8, 8
LABEL_CHARS, NARROW_LABEL_CHARS = 90, 44
TOP, GROUP_H, ROW_H, BAR_H = 34, 26, 36, 12


@dataclass(frozen=True)
class Bar:
    row: Row
    y: float
    x: float
    width: float
    open_end: bool
    """Signed, no end date recorded, not known to have ended: drawn open to the right edge."""
    start_year_only: bool
    label: str
    ended_unknown: bool = False
    """Known to have ended, on a date not recorded: a short outlined stub at its start, never a bar
    running on past the as-of date."""


@dataclass(frozen=True)
class Group:
    name: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    groups: tuple[Group, ...]
    ticks: tuple[tuple[float, int], ...]
    as_of_x: float
    left: float
    right: float


def _start(record: Record) -> tuple[dt.date | None, bool]:
    """First day in force, or 1 January of the signing year when only the year is known."""
    if record.start is not None:
        return record.start, False
    year = record.signed_year
    return (dt.date(year, 1, 1), True) if year else (None, False)


def _last_day(row: Row) -> dt.date | None:
    """The last day in force: the end date, or the day before an early termination when that
    comes first (an agreement ended after 7 months is not drawn running to its planned end)."""
    termination = row.record.get("pengakhiran")
    ended = parse_date(termination.get("tanggal")) if termination else None
    last = ended - dt.timedelta(days=1) if ended is not None else None
    if row.end is None or last is None:
        return row.end if last is None else last
    return min(row.end, last)


def _label(title: str, chars: int) -> str:
    return title if len(title) <= chars else title[:chars - 1].rstrip() + "…"


def timeline(rows: Sequence[Row], as_of: dt.date, width: int = WIDTH,
             label_chars: int = LABEL_CHARS) -> Timeline | None:
    """Layout of the Gantt chart grouped by partner; None when nothing has a start."""
    drawn = [(row, *_start(row.record)) for row in rows]
    drawn = [(row, start, approx) for row, start, approx in drawn if start is not None]
    if not drawn:
        return None
    first = min(start for _, start, _ in drawn if start is not None)
    ends = [_last_day(row) for row, _, _ in drawn]
    last_year = max([as_of.year] + [end.year for end in ends if end is not None])
    d0, d1 = dt.date(first.year, 1, 1), dt.date(last_year + 2, 1, 1)
    span = (d1 - d0).days

    def x(day: dt.date) -> float:
        return round(LEFT + (day - d0).days / span * (width - LEFT - RIGHT), 1)

    # By partner identity (slug), shown by name: two partners that share a name stay two groups.
    groups: dict[tuple[str, str], list[tuple[Row, dt.date, bool]]] = {}
    for row, start, approx in drawn:
        assert start is not None
        key = (row.partners[0], row.partner_slugs[0]) if row.partners else ("Tanpa mitra tercatat", "")
        groups.setdefault(key, []).append((row, start, approx))
    y = float(TOP)
    laid: list[Group] = []
    for name, slug in sorted(groups, key=lambda k: (k[0].casefold(), k[1])):
        group_y = y
        y += GROUP_H
        bars = []
        for row, start, approx in sorted(groups[(name, slug)], key=lambda g: (g[1], g[0].record.id)):
            last = _last_day(row)
            ended_unknown = last is None and row.item.status.phase.ended
            end = last + dt.timedelta(days=1) if last is not None else d1
            left = x(start)
            bar_width = 6.0 if ended_unknown else max(round(x(end) - left, 1), 2.0)
            bars.append(Bar(row, y, left, bar_width, last is None and not ended_unknown, approx,
                            _label(row.record.title, label_chars), ended_unknown))
            y += ROW_H
        laid.append(Group(_label(name, label_chars - 4), group_y, tuple(bars)))
    ticks = tuple((x(dt.date(year, 1, 1)), year) for year in range(d0.year, d1.year))
    step = 1 if width >= WIDTH else max(1, round(len(ticks) / 5))  # a phone shows every few years
    return Timeline(width, y + 8, tuple(laid), ticks[::step], x(as_of), LEFT, width - RIGHT)


def pages(ctx: SiteContext) -> Iterator[Page]:
    control = ctx.model.control
    data = radar(ctx.model.index, control)
    signed_rows = [make_row(ctx.model.index, item) for item in control.agreements.values()
                   if item.status.phase not in {Phase.DALAM_PROSES, Phase.DIBATALKAN}]
    # The body is passed on, not kept here while the page is written (issue 16: it is 120 MB at 50,000 agreements).
    yield markdown_page(PATH, "Masa berlaku", ctx.render_parts(
        "expiry.html", radar=data, timeline=timeline(signed_rows, ctx.as_of),
        narrow_timeline=timeline(signed_rows, ctx.as_of, NARROW_WIDTH, NARROW_LABEL_CHARS), as_of=ctx.as_of,
        settings=control.settings, rel=linker(URL), recent_days=RECENT_DAYS, total=len(control.agreements),
    ), hide=WIDE)
