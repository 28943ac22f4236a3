"""Open data read back with real parsers: JSON Schema, OpenAPI, CSV, iCalendar, Atom, SVG.

Two registers: the real one (counts must equal the register's) and tests/fixtures/opendata/,
whose records cover every case the outputs treat differently (ending within 90 days, ended
without a decision, renewal decided, end unknown, in process, formula and markup characters).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest
from conftest import REPO, BuiltSite
from icalendar import Calendar
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource

from generator.commands.build import generate
from generator.derive import control
from generator.read.siteconfig import load as load_config
from generator.site.opendata import calendar as ical
from generator.site.opendata import urls
from generator.site.opendata.table import BOM, columns, origin_cell
from generator.site.pages.opendata import calendar_groups

FIXTURE = REPO / "tests" / "fixtures" / "opendata"
SOON = "2022-katingan-kb-air-minum"  # ends 2027-01-10, 44 days after the as-of date
ENDED = "2021-kejari-sinergi-datun"  # ended 2026-10-28, no renewal decision
DECIDED = "2023-swasta-ksdpk-reklame"  # ends 2028, renewal decided; formula and markup text
UNKNOWN = "2020-bank-kas-daerah"
DRAFT = "2026-bpjs-pks-dalam-proses"
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def od_site(site_builder: Callable[..., BuiltSite]) -> BuiltSite:
    return site_builder(agreements=FIXTURE, name="opendata")


def _json(site: Path, path: str) -> Any:
    return json.loads((site / path).read_text(encoding="utf-8"))


def _ids(built: BuiltSite) -> list[str]:
    return sorted(r.id for r in built.generated.index.records)


def _csv(site: Path) -> tuple[bytes, list[dict[str, str]], list[str]]:
    raw = (site / urls.CSV).read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return raw, rows, list(reader.fieldnames or [])


def _calendar(site: Path, path: str) -> Calendar:
    return Calendar.from_ical((site / path).read_bytes())


def _events(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# --- the real register: every agreement once everywhere ------------------------------------------
def test_real_register_counts(real_site: BuiltSite) -> None:
    site, ids = real_site.site, _ids(real_site)
    assert len(ids) == len(list((REPO / "agreements").glob("*.yaml")))
    listed = _json(site, urls.API_LIST)
    assert [item["id"] for item in listed["kerja_sama"]] == ids
    assert listed["jumlah"] == len(ids)
    _, rows, _ = _csv(site)
    assert [row["id"] for row in rows] == ids
    for rid in ids:
        assert _json(site, urls.api_record(rid))["id"] == rid
        assert (site / urls.badge(rid)).is_file()
    with_end = {r.id for r in real_site.generated.index.records if r.end is not None}
    ends = {uid.removesuffix("-berakhir@localhost") for uid in _events(_calendar(site, urls.CALENDAR_ALL))
            if uid.endswith("-berakhir@localhost")}
    assert ends == with_end
    stats = _json(site, urls.API_STATS)
    assert stats["jumlah_naskah"] == len(ids)
    assert sum(item["jumlah"] for item in stats["per_status"]) == len(ids)
    assert sum(item["jumlah"] for item in stats["per_kategori"]) == len(ids)
    assert sum(item["jumlah"] for item in stats["per_tahun_tanda_tangan"]) == len(ids)


def test_every_api_file_carries_version_and_date(real_site: BuiltSite) -> None:
    version = json.loads((REPO / "schema" / "kerja-sama.schema.json").read_text(encoding="utf-8"))["x-versi-skema"]
    api_files = sorted((real_site.site / urls.API).rglob("*.json"))
    assert len(api_files) == len(real_site.generated.index.records) + 5
    for path in api_files:
        if path.name in {"openapi.json", "kerja-sama.schema.json"}:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["versi_skema"] == version, path
        assert document["per_tanggal"] == "2026-11-27", path


# --- JSON API and OpenAPI -------------------------------------------------------------------------
def test_records_valid_against_published_schema(od_site: BuiltSite) -> None:
    schema = _json(od_site.site, urls.API_SCHEMA)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    listed = _json(od_site.site, urls.API_LIST)["kerja_sama"]
    assert [item["id"] for item in listed] == _ids(od_site)
    for item in listed:
        assert list(validator.iter_errors(item["naskah"])) == [], item["id"]
        single = _json(od_site.site, urls.api_record(item["id"]))
        assert single["naskah"] == item["naskah"] and single["terhitung"] == item["terhitung"]
        source = (FIXTURE / f"{item['id']}.yaml").read_text(encoding="utf-8")
        assert f"id: {item['id']}" in source  # the record is the file, not a re-shaped copy
        assert set(item["naskah"]) == {line.split(":", 1)[0] for line in source.splitlines()
                                       if re.match(r"^[a-z_]+:", line)}


def test_openapi_document_is_valid_and_describes_every_file(od_site: BuiltSite) -> None:
    site = od_site.site
    spec_path = site / urls.API_OPENAPI
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    validate_openapi(spec, base_uri=spec_path.as_uri())
    assert spec["openapi"].startswith("3.1")
    # Validate each API file against the schema its path declares, resolving the published schema.
    base = "https://contoh.invalid/api/v1/"
    registry = Registry().with_resources([
        (base + "openapi.json", Resource.from_contents(spec, default_specification=_draft())),
        (base + "kerja-sama.schema.json", Resource.from_contents(_json(site, urls.API_SCHEMA))),
    ])
    checked = 0
    for path, item in spec["paths"].items():
        content = item["get"]["responses"]["200"]["content"]
        if "application/json" not in content:
            continue
        ref = content["application/json"]["schema"]["$ref"]
        validator = Draft202012Validator({"$ref": base + "openapi.json" + ref}, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        targets = ([urls.api_record(rid) for rid in _ids(od_site)] if "{id}" in path
                   else [urls.API + path.lstrip("/")])
        for target in targets:
            errors = [e.message for e in validator.iter_errors(_json(site, target))]
            assert errors == [], (target, errors[:3])
            checked += 1
    assert checked == len(_ids(od_site)) + 3


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    return DRAFT202012


def test_computed_block(od_site: BuiltSite) -> None:
    site = od_site.site
    soon = _json(site, urls.api_record(SOON))["terhitung"]
    assert soon["status"] == {"fase": "segera-berakhir", "label": "segera berakhir (≤ 90 hari)", "jendela_hari": 90}
    assert soon["sisa_hari"] == 44
    assert [m["nama"] for m in soon["mitra"]] == ["Pemerintah Kabupaten Katingan"]
    assert soon["url"]["halaman"] == "http://localhost:8000/kerja-sama/2022-katingan-kb-air-minum/"
    assert soon["tenggat_perpanjangan"]["mulai_evaluasi"] == "2026-07-10"
    assert soon["tenggat_perpanjangan"]["batas_keputusan"] == "2026-10-12"
    assert soon["tenggat_perpanjangan"]["status_keputusan"] == control.State.TERLAMBAT.value
    assert soon["terakhir_diperbarui"] is None  # the throw-away copy has no git history
    ended = _json(site, urls.api_record(ENDED))["terhitung"]
    assert ended["status"]["fase"] == "berakhir-tanpa-keputusan" and ended["sisa_hari"] == -30
    assert _json(site, urls.api_record(UNKNOWN))["terhitung"]["tenggat_perpanjangan"] is None


def test_radar_groups(od_site: BuiltSite) -> None:
    radar = _json(od_site.site, urls.API_RADAR)
    ids = {key: [item["id"] for item in radar[key]["kerja_sama"]] for key in (
        "segera_berakhir", "baru_berakhir", "berakhir_tanpa_keputusan", "masa_berlaku_tidak_diketahui")}
    assert ids == {"segera_berakhir": [SOON], "baru_berakhir": [ENDED], "berakhir_tanpa_keputusan": [ENDED],
                   "masa_berlaku_tidak_diketahui": [UNKNOWN]}
    assert radar["ambang_hari"] == [30, 90, 180]
    assert [item["id"] for item in radar["segera_berakhir_per_ambang"]["90"]["kerja_sama"]] == [SOON]
    assert radar["segera_berakhir_per_ambang"]["30"]["jumlah"] == 0


# --- CSV --------------------------------------------------------------------------------------------
def test_csv_reads_back(od_site: BuiltSite) -> None:
    raw, rows, header = _csv(od_site.site)
    assert raw.startswith(BOM.encode("utf-8"))
    assert b"\r\n" in raw
    assert header == [c.name for c in columns(_schema(od_site))]
    assert [row["id"] for row in rows] == _ids(od_site)
    by_id = {row["id"]: row for row in rows}
    soon = by_id[SOON]
    assert soon["urusan"] == "pekerjaan_umum_penataan_ruang; perumahan_kawasan_permukiman"
    assert soon["para_pihak[].nama"] == "Pemerintah Kota Palangka Raya; Pemerintah Kabupaten Katingan"
    assert soon["para_pihak[].pihak_kota"] == "ya; tidak"
    assert soon["para_pihak[].negara"] == "; "  # aligned: one (empty) value per party
    assert soon["jangka_waktu.tahun"] == "5"
    assert soon["pendanaan.teranggarkan_apbd"] == "ya"
    assert soon["terhitung.fase"] == "segera-berakhir"
    assert soon["terhitung.sisa_hari"] == "44"
    assert soon["terhitung.batas_keputusan_perpanjangan"] == "2026-10-12"
    assert by_id[ENDED]["terhitung.sisa_hari"] == "-30"  # a number column is never prefixed
    assert by_id[DRAFT]["tanggal_berakhir"] == ""
    # Provenance per part (issue 14): source numbers with their kinds; empty when the part is not filled.
    assert header[-6:] == [f"terhitung.asal_data.{g}" for g in
                           ("para_pihak", "waktu", "naskah", "isi", "pendanaan", "pelaksanaan")]
    unknown = by_id[UNKNOWN]
    assert unknown["terhitung.asal_data.para_pihak"] == "1 (media); 2 (laman_resmi)"
    assert unknown["terhitung.asal_data.isi"] == "1 (media)"
    assert unknown["terhitung.asal_data.pendanaan"] == ""  # sumber: [tidak_diketahui] states nothing
    assert soon["terhitung.asal_data.waktu"] == "1 (naskah)"


def test_csv_origin_cell_marks_scans_and_unsupported_parts() -> None:
    origin = {"sumber": [{"nomor": 1, "url": "https://example.org/a", "jenis": "media"}],
              "bagian": [{"kode": "isi", "sumber": [1], "pindaian_naskah": True},
                         {"kode": "waktu", "sumber": [], "pindaian_naskah": False}]}
    assert origin_cell(origin, "isi") == "1 (media); pindaian naskah"
    assert origin_cell(origin, "waktu") == "tanpa sumber"
    assert origin_cell(origin, "pendanaan") == ""


def _schema(built: BuiltSite) -> Any:
    from generator.check.validate import Environment  # noqa: PLC0415

    return Environment.load(built.project).schema


def test_csv_neutralises_formulas(od_site: BuiltSite) -> None:
    _, rows, _ = _csv(od_site.site)
    row = next(r for r in rows if r["id"] == DECIDED)
    assert row["judul"] == "'=HYPERLINK(\"http://contoh.invalid\") Kerja Sama Reklame <Papan & \"Videotron\">"
    assert row["maksud_tujuan"].startswith("'-1+1 ")
    assert row["ruang_lingkup"] == "'=SUM(A1:A9); Pemeliharaan papan reklame"
    assert row["terhitung.mitra"] == "'@PT Contoh <Reklame> & Rekan; +CV Papan Iklan"
    assert row["pendanaan.nilai_rupiah"] == "1500000000"
    for line in rows:
        for name, value in line.items():
            assert not value.startswith(("=", "+", "@")), (line["id"], name)
            if value.startswith("-"):
                assert name == "terhitung.sisa_hari", (line["id"], name)


def test_data_dictionary_lists_every_column(od_site: BuiltSite) -> None:
    html = (od_site.site / "data-terbuka" / "kamus-data" / "index.html").read_text(encoding="utf-8")
    _, _, header = _csv(od_site.site)
    listed = re.findall(r'<tr id="kolom-[^"]+">\s*<td>\d+</td>\s*<td[^>]*><code>([^<]+)</code>', html)
    assert listed == header
    assert "Pendanaan › Nilai (Rp)" in html
    assert 'id="kode-urusan"' in html and "<code>pekerjaan_umum_penataan_ruang</code>" in html


# --- iCalendar --------------------------------------------------------------------------------------
def _trigger_days(event: Any) -> list[dt.datetime]:
    return sorted(a["TRIGGER"].dt for a in event.walk("VALARM"))


def test_combined_calendar(od_site: BuiltSite) -> None:
    raw = (od_site.site / urls.CALENDAR_ALL).read_bytes()
    assert raw.count(b"\r\nTRIGGER;VALUE=DATE-TIME:") == raw.count(b"BEGIN:VALARM") > 0  # absolute triggers say so
    events = _events(_calendar(od_site.site, urls.CALENDAR_ALL))
    with_end = sorted(r.id for r in od_site.generated.index.records if r.end is not None)
    assert sorted(uid.split("-berakhir@")[0] for uid in events if "-berakhir@" in uid) == with_end
    end = events[f"{SOON}-berakhir@localhost"]
    assert end["DTSTART"].dt == dt.date(2027, 1, 10)
    assert end["DTSTAMP"].dt == dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    assert [t.astimezone(WIB) for t in _trigger_days(end)] == [
        dt.datetime(y, m, d, 9, 0, tzinfo=WIB) for y, m, d in
        ((2026, 7, 10), (2026, 10, 10), (2026, 12, 10), (2027, 1, 3), (2027, 1, 10))]
    # Pending renewal: evaluation start and decision due, dated as the control tool dates them.
    assert events[f"{SOON}-evaluasi@localhost"]["DTSTART"].dt == dt.date(2026, 7, 10)
    assert events[f"{SOON}-keputusan@localhost"]["DTSTART"].dt == dt.date(2026, 10, 12)
    assert len(_trigger_days(events[f"{SOON}-keputusan@localhost"])) == 3
    assert f"{DECIDED}-keputusan@localhost" not in events  # renewal decided: no deadline events
    assert str(events[f"{DECIDED}-berakhir@localhost"]["SUMMARY"]).startswith("Berakhir: =HYPERLINK")
    assert not any(UNKNOWN in uid or DRAFT in uid for uid in events)


def test_group_calendars(od_site: BuiltSite) -> None:
    index = od_site.generated.index
    groups = calendar_groups(index)
    assert len(groups["mitra"]) == len(index.partners)
    for folder, items in groups.items():
        for key, _, records in items:
            events = _events(_calendar(od_site.site, urls.calendar(folder, key)))
            expected = {r.id for r in records if r.end is not None}
            assert {uid.split("-berakhir@")[0] for uid in events if "-berakhir@" in uid} == expected, (folder, key)
    katingan = _events(_calendar(od_site.site, urls.calendar("mitra", "pemerintah-kabupaten-katingan")))
    assert sorted(katingan) == sorted(f"{SOON}-{kind}@localhost" for kind in ("berakhir", "evaluasi", "keputusan"))


# --- Atom --------------------------------------------------------------------------------------------
def test_feed(od_site: BuiltSite) -> None:
    feed = feedparser.parse((od_site.site / urls.FEED).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:localhost,2025:") for i in ids)
    assert f"tag:localhost,2025:kerja-sama/{SOON}/tenggat/90/2027-01-10" in ids
    assert f"tag:localhost,2025:kerja-sama/{ENDED}/tanpa-keputusan/2026-10-28" in ids
    signed = sorted(r.id for r in od_site.generated.index.records if r.get("tanggal_tanda_tangan"))
    assert sorted(i.split("/")[1] for i in ids if i.endswith("/baru")) == signed
    deadline = next(e for e in feed.entries if e.id.endswith("/tenggat/90/2027-01-10"))
    assert deadline.updated == "2026-10-12T00:00:00+07:00"  # the day the 90-day window was entered
    reklame = next(e for e in feed.entries if e.id.endswith(f"{DECIDED}/baru"))
    assert reklame.title == "Naskah baru: =HYPERLINK(\"http://contoh.invalid\") Kerja Sama Reklame <Papan & \"Videotron\">"
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)


# --- badges -----------------------------------------------------------------------------------------
def test_badges(od_site: BuiltSite) -> None:
    index = od_site.generated.index
    for record in index.records:
        root = ET.fromstring((od_site.site / urls.badge(record.id)).read_bytes())
        ns = {"s": "http://www.w3.org/2000/svg"}
        title = root.find("s:title", ns)
        assert title is not None and title.text == f"kerja sama: {index.get_status(record).label} ({record.title})"
        assert root.get("role") == "img" and root.get("aria-label") == title.text
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert texts == ["kerja sama", index.get_status(record).label]
    soon = ET.fromstring((od_site.site / urls.badge(SOON)).read_bytes())
    assert soon.findall("{http://www.w3.org/2000/svg}rect")[1].get("fill") == "#a15c00"


# --- pages --------------------------------------------------------------------------------------------
def test_open_data_page_links_resolve(od_site: BuiltSite) -> None:
    page = od_site.site / "data-terbuka" / "index.html"
    html = page.read_text(encoding="utf-8")
    hrefs = set(re.findall(r'href="(\.\./[^"#]+)"', html))
    targets = {(page.parent / href).resolve() for href in hrefs}
    for path in (urls.API_LIST, urls.API_RADAR, urls.API_STATS, urls.API_OPENAPI, urls.API_SCHEMA, urls.CSV,
                 urls.CALENDAR_ALL, urls.FEED, urls.calendar("mitra", "pemerintah-kabupaten-katingan")):
        assert (od_site.site / path).resolve() in targets, path
    for target in targets:
        assert target.exists() or (target / "index.html").exists(), target
    assert "CC BY 4.0" in html and "curl -s http://localhost:8000/api/v1/segera-berakhir.json" in html
    assert "situs ini dibangun di luar repositori git" in html


def test_agreement_page_says_history_unavailable(od_site: BuiltSite) -> None:
    html = (od_site.site / "kerja-sama" / SOON / "index.html").read_text(encoding="utf-8")
    assert 'id="riwayat-perubahan"' in html
    assert "Riwayat perubahan tidak tersedia" in html
    assert f'href="../../api/v1/kerja-sama/{SOON}.json"' in html


def test_outputs_are_deterministic(od_site: BuiltSite) -> None:
    again = generate(od_site.project, dt.date(2026, 11, 27), load_config(od_site.project.root))
    first = {p.path: p.sha256 for p in od_site.generated.pages}  # digests taken as each page was written
    second = {p.path: p.sha256 for p in again.pages}
    assert first == second
    assert again.written == 0


def test_calendar_text_is_escaped() -> None:
    raw = ical.calendar("Kerja sama: PT A\nB; C, D", [])
    assert b"\r\nX-WR-CALNAME:Kerja sama: PT A\\nB\\; C\\, D\r\n" in raw  # one content line, escaped
    assert Calendar.from_ical(raw).walk("VEVENT") == []
