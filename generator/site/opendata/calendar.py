"""iCalendar feeds: end dates and renewal deadlines, with alarms, built with ``icalendar``.

Every event has a stable UID (``<id>-berakhir@<host>``, ``<id>-evaluasi@<host>``,
``<id>-keputusan@<host>``) so a subscribed calendar updates events in place, and a DTSTAMP
taken from the as-of date so two builds of the same commit are byte-identical. Alarms before an
end date fire 6, 3 and 1 months, 1 week and 0 days before, at 09:00 WIB; they are absolute
(RFC 5545 durations have no months).

Events are values (:class:`EventSpec`) until :func:`serialise`. ``icalendar`` folds lines one
character at a time (about 1 ms per event with its alarms), and only two lines of an event change
with the as-of date (DTSTAMP, and the description giving the status on that date); so an event is
serialised without them (:func:`kept`, :func:`kept_text`: kept for the life of the process, a
rebuild under ``mkdocs serve`` meets the same events again, and in generation's cache, which the
next day's build finds) and the two lines are put back by :func:`completed`, each written by
``icalendar`` too. The text is a function of the value alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from icalendar import Alarm, Calendar, Event, vText

from generator.clock import WIB
from generator.derive.model import SiteModel
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site.opendata import urls
from generator.site.opendata.computed import pending_renewal
from generator.site.outputcache import OutputCache, cached

PRODID = "-//Pemerintah Kota Palangka Raya//Register Kerja Sama Daerah//ID"
ALARM_TIME = dt.time(9, 0)
Alarms = tuple[tuple[relativedelta, str], ...]
END_ALARMS: Alarms = (
    (relativedelta(months=6), "6 bulan lagi"),
    (relativedelta(months=3), "3 bulan lagi"),
    (relativedelta(months=1), "1 bulan lagi"),
    (relativedelta(weeks=1), "1 minggu lagi"),
    (relativedelta(), "hari ini"),
)
DEADLINE_ALARMS: Alarms = END_ALARMS[2:]


# Kept event texts: every event of about 5,000 agreements (a larger register keeps the latest).
_KEEP_EVENTS = 1 << 14


@dataclass(frozen=True)
class EventSpec:
    """What one calendar event says; :func:`to_event` makes the ``icalendar`` component."""

    uid: str
    day: dt.date
    summary: str
    description: str
    url: str
    stamp: dt.datetime
    alarms: Alarms
    categories: tuple[str, ...]


def _alarm(day: dt.date, before: relativedelta, when: str, what: str) -> Alarm:
    alarm = Alarm()
    moment = dt.datetime.combine(day - before, ALARM_TIME, tzinfo=WIB).astimezone(dt.UTC)
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{what}: {when}")
    alarm.add("trigger", moment, parameters={"VALUE": "DATE-TIME"})  # RFC 5545: required for an absolute trigger
    return alarm


def to_event(spec: EventSpec) -> Event:
    """The event as an ``icalendar`` component, alarms included."""
    event = Event()
    event.add("uid", spec.uid)
    event.add("dtstamp", spec.stamp)
    event.add("dtstart", spec.day)
    event.add("dtend", spec.day + dt.timedelta(days=1))
    event.add("summary", spec.summary)
    event.add("description", spec.description)
    event.add("url", spec.url)
    event.add("categories", list(spec.categories))
    event.add("transp", "TRANSPARENT")
    for before, when in spec.alarms:
        # The alarm names the kind of date only; the title is the event's own SUMMARY.
        event.add_component(_alarm(spec.day, before, when, spec.categories[0]))
    return event


@lru_cache(maxsize=_KEEP_EVENTS)
def _event_text(spec: EventSpec) -> bytes:
    return bytes(to_event(spec).to_ical())


# What an event says that changes with the as-of date (its DTSTAMP and its description, which
# gives the status on that date) is held by these values in the event's kept text, and filled in
# by :func:`completed`. Lines are found whole, from the line break before them: a value holds no
# raw line break (iCalendar escapes it) and a folded line goes on after a space, so a line
# ``DTSTAMP:19700101T000000Z``, ``DESCRIPTION:#`` or ``END:VEVENT`` is that property or that end,
# whatever a title says, and an alarm's description always holds ": ".
_STAMP_HOLDER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_TEXT_HOLDER = "#"
_STAMP_LINE = b"\r\nDTSTAMP:19700101T000000Z\r\n"
_TEXT_LINE = b"\r\nDESCRIPTION:#\r\n"
_EVENT_END = b"END:VEVENT\r\n"
_EVENT_END_LINE = b"\r\n" + _EVENT_END


def events(model: SiteModel, config: SiteConfig, record: Record) -> list[EventSpec]:
    """The end-date event and, while a renewal decision is pending, the two deadline events."""
    end = record.end
    if end is None:
        return []
    host = urls.host(config.site_url)
    stamp = dt.datetime.combine(model.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    page = urls.absolute(config.site_url, urls.agreement(record.id))
    status = model.status(record)
    about = f"{record.title}\nStatus per {model.as_of.isoformat()}: {status.label}.\n{page}"
    out = [EventSpec(f"{record.id}-berakhir@{host}", end, f"Berakhir: {record.title}",
                     f"Hari terakhir berlakunya naskah.\n{about}", page, stamp, END_ALARMS, ("Berakhir",))]
    deadlines = pending_renewal(model, record)
    if deadlines is not None:
        out.append(EventSpec(f"{record.id}-evaluasi@{host}", deadlines.evaluation_start,
                             f"Mulai evaluasi perpanjangan: {record.title}",
                             f"Mulai monitoring dan evaluasi akhir sebelum tanggal berakhir {end.isoformat()}.\n{about}",
                             page, stamp, DEADLINE_ALARMS, ("Tenggat perpanjangan",)))
        out.append(EventSpec(f"{record.id}-keputusan@{host}", deadlines.decision_due,
                             f"Batas keputusan perpanjangan: {record.title}",
                             f"Keputusan TKKSD diperpanjang atau tidak, paling lambat hari ini.\n{about}",
                             page, stamp, DEADLINE_ALARMS, ("Tenggat perpanjangan",)))
    return out


def serialise(events: Iterable[EventSpec], cache: OutputCache | None = None) -> bytes:
    """The iCalendar text of some events, to be placed in one or more calendars; with a cache, the
    part that does not change with the as-of date is kept there (kind ``calendar-events``)."""
    specs = list(events)
    return completed(cached(cache, "calendar-events", kept(specs), kept_text), specs)


def kept(events: Iterable[EventSpec]) -> list[EventSpec]:
    """The events without what changes with the as-of date: what :func:`kept_text` serialises and
    generation's cache keeps (a daily rebuild finds it there, issue 16)."""
    return [replace(spec, stamp=_STAMP_HOLDER, description=_TEXT_HOLDER) for spec in events]


def kept_text(events: Iterable[EventSpec]) -> bytes:
    """The text of events made by :func:`kept`, one after the other."""
    return b"".join(_event_text(spec) for spec in events)


def completed(text: bytes, events: Sequence[EventSpec]) -> bytes:
    """:func:`kept_text` of ``kept(events)`` with each event's DTSTAMP and description lines put
    back: byte for byte ``b"".join(to_event(e).to_ical() for e in events)``, each line folded by
    ``icalendar`` as in the whole event."""
    parts = text.split(_EVENT_END_LINE)
    if len(parts) != len(events) + 1 or parts[-1]:
        raise ValueError("kept calendar text does not hold one event per event")
    out = []
    for part, spec in zip(parts, events, strict=False):
        stamp, description = _live_lines(spec.stamp, spec.description)
        if part.count(_STAMP_LINE) != 1 or part.count(_TEXT_LINE) != 1:
            raise ValueError(f"kept calendar event {spec.uid!r} does not hold its placeholders once")
        out.append(part.replace(_STAMP_LINE, stamp).replace(_TEXT_LINE, description) + _EVENT_END_LINE)
    return b"".join(out)


@lru_cache(maxsize=_KEEP_EVENTS)  # a rebuild under ``mkdocs serve`` meets the same lines again
def _live_lines(stamp: dt.datetime, description: str) -> tuple[bytes, bytes]:
    """The DTSTAMP and DESCRIPTION content lines as ``icalendar`` writes them in an event, each
    between its line breaks (see :data:`_STAMP_LINE`)."""
    event = Event()
    event.add("dtstamp", stamp)
    event.add("description", description)
    lines = bytes(event.to_ical())
    head, stamp_line, rest = lines.partition(b"\r\nDTSTAMP:")
    body, text_line, tail = rest.partition(b"\r\nDESCRIPTION:")
    if head != b"BEGIN:VEVENT" or not stamp_line or not text_line or not tail.endswith(b"\r\n" + _EVENT_END):
        raise ValueError("icalendar wrote an event of two properties in an unexpected layout")
    return stamp_line + body + b"\r\n", text_line + tail[: -len(_EVENT_END)]


_END = b"END:VCALENDAR\r\n"


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    """One calendar around already serialised events (see :func:`calendar_parts`)."""
    return b"".join(calendar_parts(name, events))


def calendar_parts(name: str, events: Iterable[bytes]) -> Iterator[bytes]:
    """One calendar around already serialised events (valid and empty when there are none), in
    parts: the calendar's head, each event, its end (the calendar of every agreement is
    written without being held whole, generator.site.page.Chunks).

    A record's events appear in several calendars (all, its partners, sectors and unit), so
    each is serialised once by :func:`serialise` and placed inside each calendar's
    ``BEGIN:VCALENDAR`` ... ``END:VCALENDAR``, which is where ``Calendar.to_ical`` puts them.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))  # an X- property is not escaped as text unless told
    cal.add("x-wr-timezone", "Asia/Jakarta")
    text = bytes(cal.to_ical())
    if not text.endswith(_END):
        raise ValueError("icalendar did not end the calendar with END:VCALENDAR")
    yield text[: -len(_END)]
    yield from events
    yield _END
