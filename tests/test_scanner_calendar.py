"""Calendars are scanned event by event, each event once per scanner (issue 16: every calendar is
rebuilt every day and an event stands in several calendars); the verdict is that of reading every
line and every folded content line unfolded, in order, leaks in events met before included; a
value the 75-octet folding split is found, as a calendar reader joins it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.verify import sitescan
from generator.verify.sitescan import Scanner, calendar_strings

LINES = ["BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VEVENT ", " END:VEVENT",
         "SUMMARY:Berakhir: Naskah A", "DESCRIPTION:HP 0812 5123 4567", "DESCRIPTION:budi88@yahoo.co.id",
         "DESCRIPTION:budi88", " @yahoo.co.id", "X-NIK:6271011203850001", "DESCRIPTION:NIK", " 6271011203850001",
         "DTSTAMP:20261127T000000Z", "UID:a-berakhir@kerjasama.example", "X:a\u2028END:VEVENT", "X:surel [at] contoh.net",
         "DESCRIPTION:Status per 2026-11-27: berlaku.", ""]


def _problems(scanner: Scanner) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.code, p.message) for p in scanner.problems]


def _without_memo(site: Path, rel: str) -> list[Diagnostic]:
    """The same reading by a fresh scanner that keeps no event, and the plain fact it must agree with:
    a leak is reported exactly when some line or unfolded line of the file holds one."""
    scanner = Scanner(site, site / "docs", "localhost:8000")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitescan, "KNOWN_EVENTS_LIMIT", 0)
        scanner.scan_data(site / rel, rel)
    assert not scanner.known_events
    with (site / rel).open(encoding="utf-8-sig", errors="replace") as handle:
        whole = Scanner(site, site / "docs", "localhost:8000").first_leak(rel, calendar_strings(list(handle)))
    assert bool(scanner.problems) == (whole is not None)
    return scanner.problems


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINES), max_size=14), min_size=1, max_size=4), st.sampled_from(["\r\n", "\n"]))
def test_events_kept_between_calendars_give_the_same_verdict(files: list[list[str]], newline: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "kalender").mkdir()
        scanner = Scanner(site, site / "docs", "localhost:8000")  # one scanner: events met before are known
        expected: list[Diagnostic] = []
        for number, lines in enumerate([*files, *files]):  # each calendar twice: the second from kept verdicts
            rel = f"kalender/{number}.ics"
            (site / rel).write_bytes("".join(line + newline for line in lines).encode("utf-8"))
            scanner.scan_data(site / rel, rel)
            expected.extend(_without_memo(site, rel))
        assert _problems(scanner) == [(p.file, p.line, p.code, p.message) for p in expected]


def test_a_value_split_by_folding_is_found(tmp_path: Path) -> None:
    """icalendar folds at 75 octets, anywhere in a value: read line by line, a number or address cut in
    two is two harmless pieces; unfolded, it is what a calendar shows."""
    scanner = Scanner(tmp_path, tmp_path / "docs", "localhost:8000")
    for name, text in (("nomor.ics", "DESCRIPTION:Narahubung HP 0812 51\r\n 23 4567\r\n"),
                       ("surel.ics", "DESCRIPTION:Narahubung budi88@yah\r\n\too.co.id\r\n"),
                       ("bersih.ics", "DESCRIPTION:Kantor (0536) 32\r\n 21 123\r\n")):
        (tmp_path / name).write_text(f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{text}END:VEVENT\r\nEND:VCALENDAR\r\n",
                                     encoding="utf-8", newline="")
        scanner.scan_data(tmp_path / name, name)
    assert [(p.file, p.message) for p in scanner.problems] == [
        ("nomor.ics", "data pribadi: nomor telepon seluler"),
        ("surel.ics", "data pribadi: alamat surel yang bukan surel dinas")]


def test_a_leak_in_an_event_met_before_is_reported_again(tmp_path: Path) -> None:
    event = "BEGIN:VEVENT\r\nDESCRIPTION:HP 0812 5123 4567\r\nEND:VEVENT\r\n"
    scanner = Scanner(tmp_path, tmp_path / "docs", "localhost:8000")
    for name in ("semua.ics", "mitra.ics"):
        (tmp_path / name).write_text(f"BEGIN:VCALENDAR\r\n{event}END:VCALENDAR\r\n", encoding="utf-8", newline="")
        scanner.scan_data(tmp_path / name, name)
    assert [(p.file, p.code) for p in scanner.problems] == [("semua.ics", "situs-data-pribadi"),
                                                             ("mitra.ics", "situs-data-pribadi")]
    assert len(scanner.known_events) == 1
