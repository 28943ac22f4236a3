"""Control pages: the as-of date alone moves agreements between groups and statuses; goldens.

The fixture register (tests/fixtures/control) has ``2022-ending-soon`` ending on 2027-01-11,
45 days after 2026-11-27. Regenerate the golden files with ``UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, make_site_project
from constants import AS_OF

from generator.commands.build import Generated, generate
from generator.read import siteconfig

FIXTURES = REPO / "tests" / "fixtures" / "control"
GOLDEN = REPO / "tests" / "golden" / "control"
LATER = AS_OF + dt.timedelta(days=60)
CONTROL_PAGES = ("masa-berlaku/index.md", "sop/index.md", "evaluasi/index.md", "tkksd/index.md")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dt.date], Generated]:
    cache: dict[dt.date, Generated] = {}

    def _at(as_of: dt.date) -> Generated:
        if as_of not in cache:
            project = make_site_project(tmp_path_factory.mktemp(f"control-{as_of}") / "repo", FIXTURES)
            cache[as_of] = generate(project, as_of, siteconfig.load(project.root))
        return cache[as_of]

    return _at


def page(gen: Generated, path: str) -> str:
    found = [p for p in gen.pages if p.path == path]
    assert found, f"no page {path}"
    content = found[0].content
    assert isinstance(content, str)
    return content


def section(html: str, heading_id: str) -> str:
    """The HTML from the heading with this id up to the next <h2>."""
    start = html.index(f'<h2 id="{heading_id}"')
    end = html.find("<h2 ", start + 1)
    return html[start:end if end > 0 else None]


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="ks-radar-row" data-id="([^"]+)"', html)


def test_agreement_ending_in_45_days_is_ending_soon(generated: Callable[[dt.date], Generated]) -> None:
    gen = generated(AS_OF)
    radar = page(gen, "masa-berlaku/index.md")
    window = radar[radar.index('id="dalam-90-hari"'):radar.index('id="dalam-180-hari"')]
    assert rows(window) == ["2022-ending-soon"]
    assert "berakhir dalam 1 bulan dan 15 hari, <time datetime=\"2027-01-11\">11 Januari 2027</time>" in window
    assert 'data-status="segera-berakhir"' in window and '>segera berakhir (≤ 90 hari)</span>' in window
    assert rows(section(radar, "tanpa-keputusan")) == []
    assert "2022-ending-soon" in section(radar, "terlambat")  # renewal decision due 13 October 2026
    agreement = page(gen, "kerja-sama/2022-ending-soon.md")
    assert "ks-status--segera-berakhir" in agreement and "segera berakhir" in agreement


def test_sixty_days_later_it_has_ended(generated: Callable[[dt.date], Generated]) -> None:
    gen = generated(LATER)
    radar = page(gen, "masa-berlaku/index.md")
    for days in (30, 90, 180):
        start = radar.index(f'id="dalam-{days}-hari"')
        assert "2022-ending-soon" not in radar[start:radar.index("</h3>", start) + 300]
    assert rows(section(radar, "baru-berakhir")) == ["2021-renewed-ended", "2022-ending-soon"]
    assert rows(section(radar, "tanpa-keputusan")) == ["2022-ending-soon"]
    assert "berakhir 15 hari yang lalu" in section(radar, "baru-berakhir")
    agreement = page(gen, "kerja-sama/2022-ending-soon.md")
    assert "ks-status--berakhir-tanpa-keputusan" in agreement
    assert "berakhir tanpa keputusan perpanjangan" in agreement
    assert "ks-status--segera-berakhir" not in agreement


def test_groups_on_the_radar(generated: Callable[[dt.date], Generated]) -> None:
    radar = page(generated(AS_OF), "masa-berlaku/index.md")
    # ended early (last day 30 Sep) and ended 31 Oct with a renewal decision
    assert rows(section(radar, "baru-berakhir")) == ["2023-ended-early", "2021-renewed-ended"]
    assert rows(section(radar, "tidak-diketahui")) == ["2020-unknown-end"]
    # Two drawings of one layout (wide, and narrow at a phone's own size), each with every row.
    assert 'fill="url(#ks-hatch-wide)"' in radar and 'fill="url(#ks-hatch-narrow)"' in radar
    assert radar.count('class="ks-gantt-row"') == 10
    assert radar.count("<tr data-id=") >= 5  # the timeline's table alternative


def test_sop_page_shows_procedure_and_overdue_by_unit(generated: Callable[[dt.date], Generated]) -> None:
    sop = page(generated(AS_OF), "sop/index.md")
    # Answer first: the overdue count and the list by unit come before anything else (issue 12).
    # The unknown-term agreement has no overdue monev: its term is unknown, not in force (issue 18).
    assert "<strong>3</strong> tahapan melewati tenggat pada\n<strong>3</strong> perangkat daerah." in sop
    assert sop.index('id="terlambat"') < sop.index('id="posisi-naskah"') < sop.index('id="waktu-tahapan"')
    assert "terlambat 45 hari" in sop  # decision due 13 October and "Langkah berikutnya: Lakukan monev" in sop
    assert '<li id="tahap-' not in sop  # the stage guide has its own page
    guide = page(generated(AS_OF), "sop/tahapan.md")
    assert len(re.findall(r'<li id="tahap-', guide)) == 17  # with the LoI and foreign MoU stages (issue 18)
    assert "Kapan wajib:" in guide and "Persetujuan Kemendagri/Kemenlu" in guide
    assert re.findall(r'<tr class="ks-sop-row[^"]*" data-id="([^"]+)"', sop) == sorted(
        p.stem for p in FIXTURES.glob("*.yaml"))
    overdue = section(sop, "terlambat")
    assert re.findall(r"<h3>([^<]+)</h3>", overdue) == [
        "Dinas Kesehatan (1)", "Dinas Lingkungan Hidup (1)",
        "Dinas Perumahan dan Kawasan Permukiman (1)"]  # Dinas Tenaga Kerja's monev is recent


def test_evaluation_page_names_symbolic_agreements(generated: Callable[[dt.date], Generated]) -> None:
    evaluation = page(generated(AS_OF), "evaluasi/index.md")
    assert "sudah ditandatangani 12\nbulan atau lebih" in evaluation  # the rule with its threshold
    assert "usulan proyek register [D]" in evaluation  # and its basis
    assert re.findall(r'<tr class="ks-symbolic-row" data-id="([^"]+)"', evaluation) == [
        "2020-unknown-end", "2025-not-running"]
    tasks = page(generated(AS_OF), "evaluasi/kelengkapan.md")
    # Every signed agreement lacks something its signed document states (issue 14: number, signatories, scan).
    assert sorted(re.findall(r'<li data-id="([^"]+)"', tasks)) == [
        "2020-unknown-end", "2021-renewed-ended", "2022-ending-soon", "2023-ended-early", "2025-not-running"]
    assert ("Belum dicatat: indikator keberhasilan, monev dalam 12 bulan terakhir, tanggal berakhir, nomor naskah, "
            "penandatangan setiap pihak, pindaian naskah yang ditandatangani.") in tasks
    assert "ks-tag--simbolis" not in tasks


@pytest.mark.parametrize("path", CONTROL_PAGES)
def test_golden_pages(generated: Callable[[dt.date], Generated], path: str) -> None:
    check_golden(GOLDEN / path.replace("/index.md", ".md"), page(generated(AS_OF), path))


def test_golden_agreement_section(generated: Callable[[dt.date], Generated]) -> None:
    agreement = page(generated(AS_OF), "kerja-sama/2022-ending-soon.md")
    start = agreement.index('<section class="ks-control"')
    check_golden(GOLDEN / "agreement-control.html", agreement[start:agreement.index("</section>", start) + 10])


def check_golden(path: Path, actual: str) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


def test_real_site_has_control_pages(real_site) -> None:  # type: ignore[no-untyped-def]
    for url in ("masa-berlaku", "sop", "evaluasi", "tkksd"):
        assert (real_site.site / url / "index.html").is_file()
    radar = (real_site.site / "masa-berlaku" / "index.html").read_text(encoding="utf-8")
    assert "Sebagian besar tanggal berakhir belum diketahui" in radar  # honest, not empty
    tkksd = (real_site.site / "tkksd" / "index.html").read_text(encoding="utf-8")
    assert "Usulan proyek, bukan susunan resmi." in tkksd and "Sekretaris Daerah" in tkksd


def test_gantt_bars_stop_where_agreements_ended(generated: Callable[[dt.date], Generated]) -> None:
    """Issue 12: an agreement that ended early was drawn running into the following years."""
    from generator.derive import control  # noqa: PLC0415
    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.pages import expiry  # noqa: PLC0415

    index = generated(AS_OF).index
    ctl = control.for_site(index, SiteConfig())
    rows = [expiry.make_row(index, item) for item in ctl.agreements.values() if item.status.phase.value not in
            {"dalam-proses", "dibatalkan"}]
    for width, chars in ((expiry.WIDTH, expiry.LABEL_CHARS), (expiry.NARROW_WIDTH, expiry.NARROW_LABEL_CHARS)):
        laid = expiry.timeline(rows, AS_OF, width, chars)
        assert laid is not None and laid.width == width
        bars = {bar.row.record.id: bar for group in laid.groups for bar in group.bars}
        early = bars["2023-ended-early"]
        assert not early.open_end and early.x + early.width < laid.as_of_x  # ended 1 October 2026, not January 2027
        assert bars["2020-unknown-end"].open_end  # no end date recorded: open to the edge
        assert all(len(bar.label) <= chars for bar in bars.values())


def test_sop_page_reads_missing_news_data_as_unrecorded_not_late(tmp_path: Path) -> None:
    """Issues 12 and 18: on the real register, a record sourced only from news reports with no SOP
    step or monev recorded is never listed as late (its missing steps are 'belum tercatat', without
    days), and a record whose term is unknown has no deadline to be late against."""
    project = make_site_project(tmp_path / "repo")
    gen = generate(project, dt.date(2026, 12, 4), siteconfig.load(project.root))
    sop = page(gen, "sop/index.md")
    overdue = section(sop, "terlambat")
    assert sop.index('id="terlambat"') < sop.index('id="posisi-naskah"')
    records = {r.id: r for r in gen.result.records}
    late = re.findall(r'<li data-id="([^"]+)"', overdue)
    assert late, "the real register has a recorded step past its deadline"
    for record_id in late:
        record = records[record_id]
        assert record.get("tingkat_kepastian") != "media" or record.get("tahapan_sop") or record.get("monev"), record_id
    assert "2019-bank-kalteng-kas-daerah" not in late  # in force, term unknown: no deadline
    if 'id="belum-tercatat"' in sop:
        assert sop.index('id="terlambat"') < sop.index('id="belum-tercatat"') < sop.index('id="posisi-naskah"')
        assert "hari" not in section(sop, "belum-tercatat")
