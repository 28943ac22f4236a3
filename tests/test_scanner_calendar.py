"""Calendars are scanned event by event, each event's lines once per scanner (issue 16: every
calendar is rebuilt every day and an event stands in several calendars); the verdict is the
line-by-line reading's, leaks in events met before included."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.verify.sitescan import Scanner

LINES = ["BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VEVENT ", " END:VEVENT",
         "SUMMARY:Berakhir: Naskah A", "DESCRIPTION:HP 0812 5123 4567", "DESCRIPTION:budi88@yahoo.co.id",
         "DESCRIPTION:budi88", " @yahoo.co.id", "X-NIK:6271011203850001", "DESCRIPTION:NIK", " 6271011203850001",
         "DTSTAMP:20261127T000000Z", "UID:a-berakhir@kerjasama.example", "X:a\u2028END:VEVENT", "X:surel [at] contoh.net",
         "DESCRIPTION:Status per 2026-11-27: berlaku.", ""]


def _problems(scanner: Scanner) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.code, p.message) for p in scanner.problems]


def _line_by_line(site: Path, rel: str) -> list[Diagnostic]:
    """The reading every other text file gets (Scanner.scan_data): each physical line's lines."""
    scanner = Scanner(site, site / "docs", "localhost:8000")
    with (site / rel).open(encoding="utf-8-sig", errors="replace") as handle:
        scanner.check_text(rel, (line for physical in handle for line in physical.splitlines()))
    return scanner.problems


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINES), max_size=14), min_size=1, max_size=4), st.sampled_from(["\r\n", "\n"]))
def test_event_by_event_is_the_line_by_line_reading(files: list[list[str]], newline: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "kalender").mkdir()
        scanner = Scanner(site, site / "docs", "localhost:8000")  # one scanner: events met before are known
        expected: list[Diagnostic] = []
        for number, lines in enumerate([*files, *files]):  # each calendar twice: the second from kept verdicts
            rel = f"kalender/{number}.ics"
            (site / rel).write_bytes("".join(line + newline for line in lines).encode("utf-8"))
            scanner.scan_data(site / rel, rel)
            expected.extend(_line_by_line(site, rel))
        assert _problems(scanner) == [(p.file, p.line, p.code, p.message) for p in expected]


def test_a_leak_in_an_event_met_before_is_reported_again(tmp_path: Path) -> None:
    event = "BEGIN:VEVENT\r\nDESCRIPTION:HP 0812 5123 4567\r\nEND:VEVENT\r\n"
    scanner = Scanner(tmp_path, tmp_path / "docs", "localhost:8000")
    for name in ("semua.ics", "mitra.ics"):
        (tmp_path / name).write_text(f"BEGIN:VCALENDAR\r\n{event}END:VCALENDAR\r\n", encoding="utf-8", newline="")
        scanner.scan_data(tmp_path / name, name)
    assert [(p.file, p.code) for p in scanner.problems] == [("semua.ics", "situs-data-pribadi"),
                                                             ("mitra.ics", "situs-data-pribadi")]
    assert len(scanner.known_events) == 1
