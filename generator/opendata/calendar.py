"""iCalendar feeds: end dates and renewal deadlines, with alarms, built with ``icalendar``.

Every event has a stable UID (``<id>-berakhir@<host>``, ``<id>-evaluasi@<host>``,
``<id>-keputusan@<host>``) so a subscribed calendar updates events in place, and a DTSTAMP
taken from the as-of date so two builds of the same commit are byte-identical. Alarms before an
end date fire 6, 3 and 1 months, 1 week and 0 days before, at 09:00 WIB; they are absolute
(RFC 5545 durations have no months).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dateutil.relativedelta import relativedelta
from icalendar import Alarm, Calendar, Event, vText

from generator.clock import WIB
from generator.index import RegisterIndex
from generator.opendata import urls
from generator.opendata.computed import pending_renewal
from generator.page import SiteConfig
from generator.record import Record

PRODID = "-//Pemerintah Kota Palangka Raya//Register Kerja Sama Daerah//ID"
ALARM_TIME = dt.time(9, 0)
END_ALARMS: tuple[tuple[relativedelta, str], ...] = (
    (relativedelta(months=6), "6 bulan lagi"),
    (relativedelta(months=3), "3 bulan lagi"),
    (relativedelta(months=1), "1 bulan lagi"),
    (relativedelta(weeks=1), "1 minggu lagi"),
    (relativedelta(), "hari ini"),
)
DEADLINE_ALARMS: tuple[tuple[relativedelta, str], ...] = END_ALARMS[2:]


def _alarm(day: dt.date, before: relativedelta, when: str, what: str) -> Alarm:
    alarm = Alarm()
    moment = dt.datetime.combine(day - before, ALARM_TIME, tzinfo=WIB).astimezone(dt.UTC)
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{what}: {when}")
    alarm.add("trigger", moment, parameters={"VALUE": "DATE-TIME"})  # RFC 5545: required for an absolute trigger
    return alarm


def _event(uid: str, day: dt.date, *, summary: str, description: str, url: str, stamp: dt.datetime,
           alarms: Sequence[tuple[relativedelta, str]], categories: Sequence[str]) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("categories", list(categories))
    event.add("transp", "TRANSPARENT")
    for before, when in alarms:
        # The alarm names the kind of date only; the title is the event's own SUMMARY.
        event.add_component(_alarm(day, before, when, categories[0]))
    return event


def events(index: RegisterIndex, config: SiteConfig, record: Record) -> list[Event]:
    """The end-date event and, while a renewal decision is pending, the two deadline events."""
    end = record.end
    if end is None:
        return []
    host = urls.host(config.site_url)
    stamp = dt.datetime.combine(index.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    page = urls.absolute(config.site_url, urls.agreement(record.id))
    status = index.get_status(record)
    about = f"{record.title}\nStatus per {index.as_of.isoformat()}: {status.label}.\n{page}"
    out = [_event(f"{record.id}-berakhir@{host}", end, summary=f"Berakhir: {record.title}",
                  description=f"Hari terakhir berlakunya naskah.\n{about}", url=page, stamp=stamp,
                  alarms=END_ALARMS, categories=["Berakhir"])]
    deadlines = pending_renewal(index, config, record)
    if deadlines is not None:
        out.append(_event(f"{record.id}-evaluasi@{host}", deadlines.evaluation_start,
                          summary=f"Mulai evaluasi perpanjangan: {record.title}",
                          description=f"Mulai monitoring dan evaluasi akhir sebelum tanggal berakhir {end.isoformat()}.\n{about}",
                          url=page, stamp=stamp, alarms=DEADLINE_ALARMS, categories=["Tenggat perpanjangan"]))
        out.append(_event(f"{record.id}-keputusan@{host}", deadlines.decision_due,
                          summary=f"Batas keputusan perpanjangan: {record.title}",
                          description=f"Keputusan TKKSD diperpanjang atau tidak, paling lambat hari ini.\n{about}",
                          url=page, stamp=stamp, alarms=DEADLINE_ALARMS, categories=["Tenggat perpanjangan"]))
    return out


def serialise(events: Iterable[Event]) -> bytes:
    """The iCalendar text of some events, to be placed in one or more calendars."""
    return b"".join(bytes(event.to_ical()) for event in events)


_END = b"END:VCALENDAR\r\n"


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    """One calendar around already serialised events (valid and empty when there are none).

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
    return text[: -len(_END)] + b"".join(events) + _END
