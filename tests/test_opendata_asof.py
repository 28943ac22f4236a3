"""Open data outputs are joined from a part kept between runs and a part that changes with the
as-of date (issue 16: a daily rebuild made every agreement's JSON, CSV row and calendar events
again), and each joined output is byte for byte what serialising it whole gives.

- an agreement's JSON file and its entry in the list: the record's text (kept) and the computed
  view, which holds the days left (made anew), joined as members of one object;
- its CSV row: the cells of the record's own columns (kept) and the ``terhitung.*`` cells;
- its calendar events: the events without their DTSTAMP and description (kept), which
  ``icalendar`` writes again for each day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from conftest import make_site_project
from hypothesis import given, settings
from hypothesis import strategies as st
from test_opendata_list import json_values

from benchmarks.synth import AS_OF, write_register
from generator import cachedir
from generator.cachedir import ENVIRONMENT
from generator.check.validate import Environment
from generator.commands.build import Generated, generate
from generator.project import Project
from generator.read import siteconfig
from generator.read.record import thaw
from generator.site.opendata import api, table, urls
from generator.site.opendata import calendar as ical
from generator.site.opendata.computed import computed

SIZE = 40
SEED = 21
KEPT = ("api-naskah", "csv-naskah", "calendar-events")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5))
def test_an_object_joined_from_member_texts_is_the_whole_object(document: dict[str, Any]) -> None:
    members = {key: api.value_text(value) for key, value in document.items()}
    assert api.object_text(members) == api.value_text(document)
    # as an item of a top-level list, indented the way the list places it
    assert api.object_text(members).replace("\n", "\n    ").encode() == api.item_text(document)


# Text an agreement's title or a description may hold: line breaks, the characters iCalendar
# escapes, wide characters (folding counts octets), the placeholders' own lines and the line
# that ends an event (a title may say anything).
_ICAL_TEXT = st.lists(st.sampled_from([*"ab #:;,\\\n\r\t\"é漢😀-", "\u2028", "END:VEVENT", "\r\nEND:VEVENT\r\n",
                                       "DTSTAMP:19700101T000000Z", "\nDESCRIPTION:#\n", "BEGIN:VEVENT"]),
                      max_size=40).map("".join)


@st.composite
def _events(draw: st.DrawFn) -> ical.EventSpec:
    day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))
    stamp = draw(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1)))
    return ical.EventSpec(
        uid=draw(st.from_regex(r"\A[a-z0-9-]{1,60}@[a-z.]{1,20}\Z")), day=day, summary=draw(_ICAL_TEXT),
        description=draw(_ICAL_TEXT), url="https://example.org/kerja-sama/" + draw(st.from_regex(r"\A[a-z0-9-]{0,90}\Z")),
        stamp=stamp.replace(tzinfo=dt.UTC), alarms=draw(st.sampled_from([ical.END_ALARMS, ical.DEADLINE_ALARMS, ()])),
        categories=(draw(st.sampled_from(["Berakhir", "Tenggat perpanjangan"])),))


def _whole(events: list[ical.EventSpec]) -> bytes:
    return b"".join(bytes(ical.to_event(spec).to_ical()) for spec in events)


@settings(max_examples=200, deadline=None)
@given(st.lists(_events(), max_size=3))
def test_calendar_events_completed_from_kept_text_are_the_whole_events(events: list[ical.EventSpec]) -> None:
    kept = ical.kept_text(ical.kept(events))
    assert ical.completed(kept, events) == _whole(events) == ical.serialise(events)


def test_kept_calendar_text_that_lost_a_placeholder_is_refused() -> None:
    spec = ical.EventSpec("a@b", dt.date(2027, 1, 1), "Berakhir: A", "Status per 2026-11-27", "https://x/",
                          dt.datetime(2026, 11, 27, tzinfo=dt.UTC), ical.END_ALARMS, ("Berakhir",))
    kept = ical.kept_text(ical.kept([spec]))
    with pytest.raises(ValueError, match="placeholders"):
        ical.completed(kept.replace(b"DTSTAMP:19700101T000000Z", b"DTSTAMP:19700101T000001Z"), [spec])
    with pytest.raises(ValueError, match="one event per event"):
        ical.completed(kept, [spec, spec])


# --- the generated files against whole serialisations, on two days, warm -----------------------

@pytest.fixture
def project(tmp_path: Path) -> Project:
    write_register(tmp_path / "register", SIZE, SEED)
    return make_site_project(tmp_path / "project", agreements=tmp_path / "register")


def _generate(project: Project, day: dt.date, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Generated:
    monkeypatch.setenv(ENVIRONMENT, str(cache))
    monkeypatch.delenv(cachedir.SWITCH, raising=False)
    return generate(project, day, siteconfig.load(project.root))


def _csv_reference(generated: Generated, project: Project) -> bytes:
    """The CSV as it was made before its cells were split: every cell from the record and its computed view."""
    config, model = siteconfig.load(project.root), generated.model
    cols = table.columns(Environment.load(project).schema)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for record in model.index.records:
        source = {**record.data, "terhitung": computed(model, config, record)}
        writer.writerow([table.cell(c, source) for c in cols])
    return (table.BOM + out.getvalue()).encode("utf-8")


def test_open_data_equals_whole_serialisations_on_the_next_day_too(project: Project, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    config, schema = siteconfig.load(project.root), Environment.load(project).schema
    with_end = 0
    for days in (0, 1, 40):
        generated = _generate(project, AS_OF + dt.timedelta(days=days), cache, monkeypatch)
        model, index = generated.model, generated.model.index
        assert generated.cache is not None
        if days:  # the kept parts come from the cache: nothing of them is made again
            assert not set(generated.cache.counts.by_kind) & set(KEPT), generated.cache.counts.by_kind
        entries = []
        for record in index.records:
            entry = {"id": record.id, "naskah": thaw(record.data), "terhitung": computed(model, config, record)}
            entries.append(entry)
            whole = api.dumps(api.envelope(index, schema, **entry))
            assert (project.generated / urls.api_record(record.id)).read_text(encoding="utf-8") == whole
        document = api.envelope(index, schema, jumlah=len(entries), kerja_sama=[])
        assert (project.generated / urls.API_LIST).read_bytes() == api.dumps_with_list(document, "kerja_sama", entries)
        assert (project.generated / urls.CSV).read_bytes() == _csv_reference(generated, project)
        events = [ical.events(model, config, r) for r in sorted(index.records, key=lambda r: r.id)]
        with_end = sum(1 for e in events if e)
        expected = ical.calendar("Kerja sama daerah Kota Palangka Raya: semua tenggat", [_whole(e) for e in events])
        assert (project.generated / urls.CALENDAR_ALL).read_bytes() == expected
    assert with_end > SIZE // 2
