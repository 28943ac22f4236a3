"""Provenance (issue 14): which source supports which part of a record, and how certain it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.check import provenance
from generator.check.validate import Environment, validate_all
from generator.project import Project
from generator.read.codelists import CodeLists
from generator.read.record import Record, thaw

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "tests" / "fixtures" / "site"
AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def site_records(env: Environment) -> dict[str, Record]:
    result = validate_all(Environment(Project(REPO, register=SITE), env.schema, env.codelists), AS_OF)
    return {r.id: r for r in result.records}


def _with(record: Record, **changes: Any) -> Record:
    return Record.create(record.file, {**thaw(record.data), **changes}, {})


def test_every_part_names_top_level_fields_of_the_schema(env: Environment) -> None:
    fields = set(env.schema.document["properties"])
    for group in env.codelists[provenance.GROUPS]:
        assert group.get("kolom"), group.code
        assert set(group.get("kolom")) <= fields, group.code
    kinds = env.codelists[provenance.KINDS]
    assert provenance.DEFAULT_KIND in kinds and provenance.SCAN_KIND in kinds
    assert {k.get("tingkat_kepastian") for k in kinds} == set(env.codelists["tingkat_kepastian"].values)


def test_sources_without_parts_support_every_part(site_records: dict[str, Record], env: Environment) -> None:
    item = provenance.of(site_records["2021-swasta-parkir"], env.codelists)
    assert item.uniform
    assert [s.kind.code for s in item.sources] == ["media"]  # no jenis: counted as media, never more
    assert all(p.sources == item.sources and not p.scanned for p in item.parts)
    assert not item.unsupported


def test_listed_parts_and_a_published_scan(site_records: dict[str, Record], env: Environment) -> None:
    item = provenance.of(site_records["2022-katingan-kb-sampah"], env.codelists)
    assert not item.uniform
    support = {p.group.code: ([s.number for s in p.sources], p.scanned) for p in item.parts}
    assert support == {
        "para_pihak": ([1, 2], True), "waktu": ([1, 2], True), "naskah": ([2], True), "isi": ([2], True),
        "pendanaan": ([2], True), "pelaksanaan": ([2], False)}  # a scan does not show later monev
    parties = item.parts[0]
    assert [k.code for k, _ in parties.by_kind()] == ["laman_resmi", "media"]  # most certain first


def test_unknown_alone_is_not_a_fact(site_records: dict[str, Record], env: Environment) -> None:
    record = _with(site_records["2021-swasta-parkir"], pendanaan={"sumber": ["tidak_diketahui"]})
    assert "pendanaan" not in {g.code for g in provenance.present(record, env.codelists)}
    assert provenance.known({"sumber": ["tidak_diketahui", "apbd_kota"]})


def test_part_without_source_and_certainty_claims(site_records: dict[str, Record], env: Environment) -> None:
    codelists: CodeLists = env.codelists
    base = site_records["2021-swasta-parkir"]
    source = thaw(base.data)["sumber"][0]
    only_parties = _with(base, sumber=[{**source, "mendukung": ["para_pihak"]}])
    missing = {p.group.code for p in provenance.of(only_parties, codelists).unsupported}
    assert missing == {g.code for g in provenance.present(only_parties, codelists)} - {"para_pihak"}
    claimed = _with(base, tingkat_kepastian="naskah_asli")
    assert provenance.claimed_rank(claimed, codelists) == 0
    assert provenance.evidence_rank(claimed, codelists) == 2
    official = _with(base, sumber=[{**source, "jenis": "laman_resmi"}], tingkat_kepastian="dokumen_resmi_pemko")
    assert provenance.evidence_rank(official, codelists) == provenance.claimed_rank(official, codelists) == 1


def test_coverage_is_computed_from_the_records(site_records: dict[str, Record], env: Environment) -> None:
    records = list(site_records.values())
    found = provenance.coverage(records, env.codelists)
    assert found.records == len(records) == 9
    assert found.sources == sum(len(r.get("sumber")) for r in records)
    assert sum(k.records for k in found.kinds) == found.records
    assert sum(k.sources for k in found.kinds) == found.sources
    by_kind = {k.kind.code: k.records for k in found.kinds}
    # One record rests on a published scan, five on an official page, three on news reports only.
    assert by_kind == {"naskah": 1, "laman_resmi": 5, "media": 3}
    years = sorted(y for y in (r.signed_year for r in records) if y is not None)
    assert (found.first_signed, found.last_signed) == (years[0], years[-1])
    assert found.undated == len(records) - len(years)
    assert found.with_parts == 1


def test_open_data_page_states_the_coverage(env: Environment) -> None:
    from generator.commands.build import context_for  # noqa: PLC0415 - the site builder, only for this test
    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.pages import opendata  # noqa: PLC0415

    fixture_env = Environment(Project(REPO, register=SITE), env.schema, env.codelists)
    result = validate_all(fixture_env, AS_OF)
    ctx = context_for(fixture_env, result, AS_OF, SiteConfig(repo_url="https://example.org/register"))
    page = next(p for p in opendata.pages(ctx) if p.path == opendata.PAGE_PATH)
    text = str(page.content)
    found = provenance.coverage(ctx.model.index.records, ctx.model.index.codelists)
    section = text[text.index('id="cakupan"'):text.index('id="lisensi"')]
    assert f"<strong>{found.records} naskah</strong>" in section
    assert f"tahun {found.first_signed}, yang terbaru tahun {found.last_signed}" in section
    for item in found.kinds:
        assert f"{item.kind.label}: <strong>{item.records}</strong> naskah" in section
    assert "3 dari 9 naskah hanya bersumber dari pemberitaan" in section
    assert 'href="../panduan/"' in section
    assert "issues/new?template=kerja-sama-baru.yml" in section and "issues/new?template=data-salah.yml" in section


def test_open_data_carries_the_support_of_each_part(env: Environment) -> None:
    """The API's `terhitung.asal_data` is the agreement page's "Asal data": a source that lists the
    parts it supports appears under those parts only; every source keeps its number and kind."""
    from generator.commands.build import context_for  # noqa: PLC0415 - the site builder, only for this test
    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.opendata.computed import data_origin  # noqa: PLC0415

    fixture_env = Environment(Project(REPO, register=SITE), env.schema, env.codelists)
    result = validate_all(fixture_env, AS_OF)
    ctx = context_for(fixture_env, result, AS_OF, SiteConfig())
    base = next(r for r in ctx.model.index.records if r.get("sumber"))
    source = dict(thaw(base.data)["sumber"][0])
    source.pop("mendukung", None)
    listed = _with(base, sumber=[{**source, "mendukung": ["para_pihak"]}, {**source, "jenis": "laman_resmi"}])
    origin = data_origin(listed, ctx.model)
    assert [(s["nomor"], s["jenis"]) for s in origin["sumber"]] == [(1, "media"), (2, "laman_resmi")]
    parts = {p["kode"]: p["sumber"] for p in origin["bagian"]}
    assert parts["para_pihak"] == [1, 2]
    assert all(numbers == [2] for code, numbers in parts.items() if code != "para_pihak")
    page = provenance.of(listed, ctx.model.index.codelists)
    assert [p.group.code for p in page.parts] == [p["kode"] for p in origin["bagian"]]
