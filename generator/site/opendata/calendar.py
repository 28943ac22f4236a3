"""iCalendar feeds: end dates and renewal deadlines, with alarms, built with ``icalendar``.

Every event has a stable UID (``<id>-berakhir@<host>``, ``<id>-evaluasi@<host>``,
``<id>-keputusan@<host>``) so a subscribed calendar updates events in place, and a DTSTAMP
taken from the as-of date so two builds of the same commit are byte-identical. Alarms before an
end date fire 6, 3 and 1 months, 1 week and 0 days before, at 09:00 WIB; they are absolute
(RFC 5545 durations have no months).

Events are values (:class:`EventSpec`) until :func:`serialise`, which keeps each event's text
for the life of the process: ``icalendar`` folds lines one character at a time (about 1 ms per
event with its alarms) and a rebuild under ``mkdocs serve`` meets the same events again. The
text is a function of the value alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from icalendar import Alarm, Calendar, Event, vText

from generator.clock import WIB
from generator.derive.model import SiteModel
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site.opendata import urls
from generator.site.opendata.computed import pending_renewal

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


def serialise(events: Iterable[EventSpec]) -> bytes:
    """The iCalendar text of some events, to be placed in one or more calendars."""
    return b"".join(_event_text(spec) for spec in events)


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
