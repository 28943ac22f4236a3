"""One status language (issue 12.1): every status the built site prints is a word of the status code list.

The code list ``schema/kode/status-terhitung.yaml`` is the only source of status words. These tests
build the real register and read what a visitor, a data user or a calendar sees: every marked status
(``data-status`` / ``data-kelompok``) must be a label of the list, no old synonym may appear in any
page, feed, calendar, badge or data file, and an agreement's page, badge and API record name one status.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, BuiltSite
from lxml import etree, html

from generator.derive.status import Bucket, Phase, Vocabulary
from generator.read.codelists import load_codelists
from generator.site.opendata import urls

WORDS = Vocabulary.from_codelists(load_codelists(REPO / "schema" / "kode"))
THRESHOLDS = (30, 60, 90, 120, 180, 365)
"""Windows a ``segera berakhir (≤ N hari)`` label may carry (a superset of any site setting)."""

# Words other pages once used for the same statuses ("one record carried five labels"). None is a
# label of the code list; each stays out of every built file so the old vocabulary cannot come back.
SYNONYMS = (
    r"sedang berjalan",
    r"\bakhir tidak diketahui",  # "Akhir tidak diketahui"; "berakhir tidak diketahui" is a date fact
    r"berlaku, tanggal berakhir tidak diketahui",
    r"berjalan, tanggal berakhir",
    r"dalam persiapan",
    r"belum/tidak berlaku",
    r"\b\d+ berjalan\b",  # the old headline figure "0 berjalan"
)
IS_STATUS = "contains(concat(' ', @class, ' '), ' ks-status ')"
"""A status mark; the catalogue's rows also carry ``data-status`` (its filter's value), without the class."""
TEXT_SUFFIXES = {".html", ".json", ".csv", ".ics", ".svg", ".xml", ".txt", ".md"}


def _allowed_phase(code: str) -> set[str]:
    return {label.casefold() for label in WORDS.labels(Phase(code), THRESHOLDS)}


def _allowed_group(code: str) -> set[str]:
    term = WORDS.group(Bucket(code))
    return {term.label.casefold()}


def _pages(site: Path) -> Iterator[tuple[Path, html.HtmlElement]]:
    for path in sorted(site.rglob("*.html")):
        yield path, html.fromstring(path.read_bytes())


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_every_marked_status_is_a_label_of_the_code_list(real_site: BuiltSite) -> None:
    seen_phases: set[str] = set()
    seen_groups: set[str] = set()
    wrong: list[str] = []
    for path, tree in _pages(real_site.site):
        where = path.relative_to(real_site.site).as_posix()
        for element in tree.xpath(f"//*[@data-status and {IS_STATUS}]"):
            code, text = element.get("data-status"), _text(element)
            seen_phases.add(code)
            if text.casefold() not in _allowed_phase(code):
                wrong.append(f"{where}: {code} -> {text!r}")
            if element.get("title") != WORDS.of(code).meaning:
                wrong.append(f"{where}: {code} without its meaning as tooltip")
        for element in tree.xpath("//*[@data-kelompok and contains(concat(' ', @class, ' '), ' ks-bucket ')]"):
            code, text = element.get("data-kelompok"), _text(element)
            seen_groups.add(code)
            if text.casefold() not in _allowed_group(code):
                wrong.append(f"{where}: group {code} -> {text!r}")
        # every status pill is marked, so no status escapes the check
        for element in tree.xpath(f"//*[{IS_STATUS} and not(@data-status)]"):
            wrong.append(f"{where}: unmarked status {_text(element)!r}")
    assert wrong == []
    assert seen_groups == {b.value for b in Bucket}
    assert {"masa-berlaku-tidak-diketahui", "berakhir-tanpa-keputusan", "dalam-proses"} <= seen_phases


def test_no_old_synonym_in_any_built_file(real_site: BuiltSite) -> None:
    pattern = re.compile("|".join(SYNONYMS), re.IGNORECASE)
    found = []
    for path in sorted(real_site.site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            for match in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.append(f"{path.relative_to(real_site.site).as_posix()}: {match.group(0)!r}")
    assert found == []


def test_open_data_names_statuses_with_the_code_list(real_site: BuiltSite) -> None:
    site = real_site.site
    listed = json.loads((site / urls.API_LIST).read_text(encoding="utf-8"))
    for item in listed["kerja_sama"]:
        status = item["status"] if "status" in item else item["terhitung"]["status"]
        code = status.get("fase") or status.get("kode")
        assert status["label"].casefold() in _allowed_phase(code), item["id"]
    stats = json.loads((site / urls.API_STATS).read_text(encoding="utf-8"))
    assert {s["kode"]: s["label"] for s in stats["per_status"]} == {p.value: WORDS.phase(p).label for p in Phase}
    with (site / urls.CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["terhitung.status"].casefold() in _allowed_phase(row["terhitung.fase"]), row["id"]
    # Unfold RFC 5545 lines (CRLF + space); bytes, so that universal newlines keep the CR.
    calendar = (site / urls.CALENDAR_ALL).read_bytes().decode("utf-8").replace("\r\n ", "")
    named = re.findall(r"Status per \d{4}-\d{2}-\d{2}: ([^.\\]+)\.", calendar)  # none when no end date is known
    assert all(any(n.casefold() in _allowed_phase(p.value) for p in Phase) for n in named)


def test_an_agreement_page_shows_one_status_everywhere(real_site: BuiltSite) -> None:
    """Badge line, SOP section, timeline, SVG badge and API record: one computation, one code."""
    index = real_site.generated.index
    site = real_site.site
    for record in index.records:
        code = index.get_status(record).phase.value
        tree = html.fromstring((site / urls.agreement(record.id) / "index.html").read_bytes())
        places = {
            "badge": tree.xpath(f"//p[contains(@class, 'ks-agreement__status')]//*[{IS_STATUS}]"),
            "sop": tree.xpath(f"(//section[@id='kendali']//dl)[1]//*[{IS_STATUS}]"),
            "timeline": tree.xpath(f"//ol[contains(@class, 'ks-timeline')]//*[{IS_STATUS}]"),
        }
        for place, marks in places.items():
            assert [m.get("data-status") for m in marks] == [code], (record.id, place)
        badge = etree.fromstring((site / urls.badge(record.id)).read_bytes())
        assert [t.get("data-status") for t in badge.iter("{*}text") if t.get("data-status")] == [code]
        api = json.loads((site / urls.api_record(record.id)).read_text(encoding="utf-8"))
        assert api["terhitung"]["status"]["fase"] == code


def test_no_step_state_contradicts_an_unknown_end(real_site: BuiltSite) -> None:
    """An agreement whose end is unknown never reads as running in its SOP section."""
    index = real_site.generated.index
    unknown = [r for r in index.records if index.get_status(r).phase is Phase.TIDAK_DIKETAHUI]
    assert unknown
    for record in unknown:
        tree = html.fromstring((real_site.site / urls.agreement(record.id) / "index.html").read_bytes())
        section = _text(tree.xpath("//section[@id='kendali']")[0]).casefold()
        assert "berjalan" not in section.replace("tidak berjalan", ""), record.id


@pytest.mark.parametrize("phase", list(Phase))
def test_css_colours_are_the_code_list_tokens(phase: Phase) -> None:
    css = (REPO / "docs" / "assets" / "kerjasama.css").read_text(encoding="utf-8")
    for token, value in WORDS.colours.items():
        assert re.search(rf"--ks-{token}:\s*{re.escape(value)};", css), token
    term = WORDS.phase(phase)
    rules = [body for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
             if re.search(rf"\.ks-status--{phase.value}\b", selector)]
    if term.colour == "netral":  # the default of .ks-status
        assert not rules or all("var(--ks-netral)" in body for body in rules)
    else:
        assert any(f"var(--ks-{term.colour})" in body for body in rules), phase
