"""Property: whatever ``validate`` accepts, the site generator renders without a traceback (issue 19).

Records are drawn by mutating the complete base record (tests/hostile/dasar-lengkap.yaml):
dates at, inside and beyond the years 1945-2100 (impossible days too), extreme as-of dates,
integers and floats for the integer fields, blank and odd text in every free-text field,
booleans and text that looks like one, lists of every length. Each record is checked alone
at its as-of date; when it is valid, every page family and the open data (API, CSV,
calendars, feed, badges, charts) are rendered in memory from it.

A second test builds one real site (MkDocs and the post-build checks) from the extreme but
valid records: signed on 1 January 1945, in force until 31 December 2100, the largest rupiah
value. The example count is bounded (``SETTINGS``) so the module stays well under 30 s.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from constants import REPO
from hostile.corpus import text_paths
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from generator.check import datafiles
from generator.check.validate import Environment, check_loaded
from generator.clock import FIRST_YEAR, LAST_YEAR
from generator.commands.build import FAMILIES, collect_pages, context_for
from generator.read.loader import Loaded
from generator.read.yamlstrict import read_text
from generator.settings import SiteConfig

BASE_FILE = REPO / "tests" / "hostile" / "dasar-lengkap.yaml"
FILE = "agreements/uji-bentuk.yaml"
CI = os.environ.get("CI") == "true"
FIRST, LAST = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
MAX_RUPIAH = 10**15 - 1
SETTINGS = settings(max_examples=30, deadline=None, derandomize=CI, database=None,
                    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # shrinking a page build takes minutes
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])

# The edges and just beyond them, years Python cannot add a day to, impossible days, a bad shape.
EDGE_DATES = ("1945-01-01", "2100-12-31", "1944-12-31", "2101-01-01", "0001-01-01", "9999-12-31", "2100-02-29",
              "2025-02-30", "1945-1-1")
ODD_TEXT = (" ", "   ", "\u00a0", "\n", "\t", "\u3000", "\u2007", " x ", "x\n", "\u00a0x\u00a0", "0", "true", "True",
            "1e3", "2024-01-01", "- x", "#", "'", '"', "null", "~", "x" * 300)
prose = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")) | st.just("\n"),
                min_size=0, max_size=40)


def iso(date: dt.date) -> str:
    return date.isoformat()


def base_data() -> dict[str, Any]:
    parsed = read_text(BASE_FILE.read_bytes(), FILE)
    assert parsed.data is not None, parsed.diagnostics
    data: dict[str, Any] = copy.deepcopy(parsed.data)
    data["id"] = "uji-bentuk"
    return data


def date_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every value of the base record that is a date (the base spells them all YYYY-MM-DD)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from date_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from date_paths(child, (*path, index))
    elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
        yield path


def put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value


any_date = st.one_of(st.sampled_from(EDGE_DATES), st.dates(FIRST, LAST).map(iso),
                     st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(iso))
as_of_dates = st.one_of(st.sampled_from([FIRST, LAST, dt.date(2026, 11, 27)]), st.dates(FIRST, LAST))
integers = st.one_of(st.sampled_from([0, 1, MAX_RUPIAH, MAX_RUPIAH + 1, -1, 10**18, 1000.0, 1e3, 0.5]),
                     st.integers(0, MAX_RUPIAH), st.floats(allow_nan=False, allow_infinity=False))
odd_text = st.one_of(st.sampled_from(ODD_TEXT), prose)
booleans = st.sampled_from([True, False, "True", "TRUE", "true", "false", "yes", None])


def mutate(env: Environment, draw: st.DataObject) -> tuple[dict[str, Any], dt.date]:
    """The base record with a drawn timeline, drawn values in some fields, and the as-of date."""
    data = base_data()
    as_of = draw.draw(as_of_dates, label="as_of")
    # A timeline that is usually valid: signed on or before the as-of date, ending on or after the start.
    signed = draw.draw(st.one_of(st.just(FIRST), st.dates(FIRST, as_of)), label="signed")
    end = draw.draw(st.one_of(st.just(LAST), st.dates(signed, LAST)), label="end")
    data.update(tanggal_tanda_tangan=iso(signed), tanggal_mulai=iso(signed), tanggal_berakhir=iso(end))
    del data["jangka_waktu"]
    for kind in draw.draw(st.lists(st.sampled_from(MUTATIONS), max_size=3), label="mutations"):
        apply(kind, env, data, signed, draw)
    data["status"] = draw.draw(st.sampled_from(["berlaku", "berakhir", "ditandatangani", "berlaku"]), label="status")
    return data, as_of


MUTATIONS = ("date", "end", "end", "rupiah", "year", "term", "text", "bool", "list")


def apply(kind: str, env: Environment, data: dict[str, Any], signed: dt.date, draw: st.DataObject) -> None:
    """One drawn change of the given kind."""
    if kind == "date":
        paths = [p for p in date_paths(data) if p[0] not in {"tanggal_tanda_tangan", "tanggal_mulai"}]
        put(data, draw.draw(st.sampled_from(paths), label="date path"), draw.draw(any_date, label="date"))
    elif kind == "end":
        data["tanggal_berakhir"] = draw.draw(st.one_of(st.sampled_from(EDGE_DATES), any_date), label="end")
    elif kind == "rupiah":
        data["pendanaan"]["nilai_rupiah"] = draw.draw(integers, label="nilai_rupiah")
    elif kind == "year":
        data["tahun_tanda_tangan"] = draw.draw(st.one_of(st.just(signed.year), integers), label="tahun")
    elif kind == "term":
        data["jangka_waktu"] = {"tahun": draw.draw(st.one_of(st.integers(0, 99), integers), label="tahun")}
    elif kind == "text":
        path = draw.draw(st.sampled_from(list(text_paths(env.schema, data))), label="text path")
        put(data, path, draw.draw(odd_text, label="text"))
    elif kind == "bool":
        path = draw.draw(st.sampled_from(BOOLEAN_PATHS), label="bool path")
        put(data, path, draw.draw(booleans, label="bool"))
    else:
        data["ruang_lingkup"] = draw.draw(st.lists(odd_text, max_size=4), label="ruang_lingkup")
        data["hak_kewajiban"][0]["hak"] = draw.draw(st.lists(odd_text, max_size=3), label="hak")


BOOLEAN_PATHS = (("pendanaan", "teranggarkan_apbd"), ("pendanaan", "membebani_masyarakat_daerah"),
                 ("para_pihak", 1, "pihak_kota"), ("kelengkapan_materi", "identitas"))


_DATA_FILES: dict[int, Mapping[str, Any]] = {}


def data_files(env: Environment) -> Mapping[str, Any]:
    """The TKKSD data of the repository, read once per environment."""
    if id(env) not in _DATA_FILES:
        _DATA_FILES[id(env)] = datafiles.load(env.project, env.codelists).data
    return _DATA_FILES[id(env)]


def render(env: Environment, data: dict[str, Any], as_of: dt.date) -> dict[str, str | bytes] | None:
    """The pages of a one-record register, or None when validate refuses the record."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    parsed = read_text(text.encode("utf-8"), FILE)
    result = check_loaded(env, as_of, [Loaded(FILE, parsed.data, parsed.lines, parsed.diagnostics)])
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and "Traceback" not in diagnostic.message
    if result.errors:
        return None
    assert [r.file for r in result.records] == [FILE]
    ctx = context_for(env, result, as_of, SiteConfig(), data_files(env))
    return {page.path: page.content for page in collect_pages(ctx, FAMILIES)}


def check_published(data: dict[str, Any], pages: dict[str, str | bytes]) -> None:
    """The agreement has its page and its open data, with integers published exactly."""
    for path in ("kerja-sama/uji-bentuk.md", "api/v1/kerja-sama/uji-bentuk.json", "data/kerja-sama.csv",
                 "kalender/semua.ics", "lencana/uji-bentuk.svg", "feed/atom.xml", "masa-berlaku/index.md"):
        assert path in pages, path
    published = json.loads(pages["api/v1/kerja-sama/uji-bentuk.json"])["naskah"]
    csv = pages["data/kerja-sama.csv"]
    csv_text = csv.decode("utf-8-sig") if isinstance(csv, bytes) else csv
    rupiah = data["pendanaan"].get("nilai_rupiah")
    if rupiah is not None:
        assert json.dumps(published["pendanaan"]["nilai_rupiah"]) == str(rupiah)
        assert f",{rupiah}," in csv_text
    if "tahun_tanda_tangan" in data:
        assert json.dumps(published["tahun_tanda_tangan"]) == str(data["tahun_tanda_tangan"])


@SETTINGS
@given(draw=st.data())
def test_what_validate_accepts_generates(env: Environment, draw: st.DataObject) -> None:
    data, as_of = mutate(env, draw)
    pages = render(env, data, as_of)
    event("valid, rendered" if pages is not None else "refused")
    if pages is not None:
        check_published(data, pages)


EDGE_FIELDS = (("tanggal_berakhir",), ("tanggal_tanda_tangan",), ("sumber", 0, "tanggal"), ("monev", 0, "tanggal"),
               ("tahapan_sop", 0, "tenggat"))


@pytest.mark.parametrize("path", EDGE_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_every_edge_date_is_refused_or_renders(env: Environment, path: tuple[Any, ...]) -> None:
    """The same property without chance, for every edge date in the fields the hostile pass broke."""
    rendered = 0
    for value in EDGE_DATES:
        data = base_data()
        del data["jangka_waktu"]
        put(data, path, value)
        pages = render(env, data, dt.date(2026, 11, 27))
        if pages is not None:
            rendered += 1
            check_published(data, pages)
    assert rendered >= 1


# --- the extreme but valid register, built for real ---------------------------------------------------
def extreme_records() -> dict[str, dict[str, Any]]:
    """Three valid records at the edges: the longest agreement, the earliest one, the largest value."""
    longest = base_data()
    longest.update(id="ujung-2100", tanggal_berakhir="2100-12-31", status="berlaku")
    del longest["jangka_waktu"]
    longest["pendanaan"]["nilai_rupiah"] = MAX_RUPIAH
    earliest = base_data()
    earliest.update(id="ujung-1945", tanggal_tanda_tangan="1945-01-01", tanggal_mulai="1945-01-01",
                    tanggal_berakhir="1945-12-31", status="berakhir", tahun_tanda_tangan=1945)
    del earliest["jangka_waktu"]
    earliest["para_pihak"][1]["nama"] = "PT Contoh Lama"
    whole = base_data()
    whole.update(id="ujung-penuh", tanggal_tanda_tangan="1945-01-01", tanggal_mulai="1945-01-01",
                 tanggal_berakhir="2100-12-31", status="berlaku")
    del whole["jangka_waktu"]
    whole["pendanaan"]["nilai_rupiah"] = MAX_RUPIAH
    whole["para_pihak"][1]["nama"] = "PT Contoh Abadi"
    return {record["id"]: record for record in (longest, earliest, whole)}


def test_extreme_records_are_valid_and_render(env: Environment) -> None:
    for record in extreme_records().values():
        for as_of in (dt.date(2026, 11, 27), LAST):
            data = copy.deepcopy(record)
            data["id"] = "uji-bentuk"
            pages = render(env, data, as_of)
            assert pages is not None, (record["id"], as_of)
            check_published(data, pages)


def test_extreme_register_builds_a_real_site(tmp_path: Path) -> None:
    """One real build (about 10 s); the in-memory test above renders the same records at the last as-of date."""
    from conftest import make_site_project  # noqa: PLC0415 - tests/conftest.py, not tests/browser's

    register = tmp_path / "register"
    register.mkdir()
    for record_id, record in extreme_records().items():
        (register / f"{record_id}.yaml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    project = make_site_project(tmp_path / "repo", register)
    site = tmp_path / "site"
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "build", "--as-of", "2026-11-27",
                          "--site-dir", str(site)], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    csv = (site / "data" / "kerja-sama.csv").read_text(encoding="utf-8")
    assert f",{MAX_RUPIAH}," in csv
    assert "DTEND;VALUE=DATE:21010101" in (site / "kalender" / "semua.ics").read_text(encoding="utf-8")
    assert (site / "kerja-sama" / "ujung-penuh" / "index.html").is_file()
