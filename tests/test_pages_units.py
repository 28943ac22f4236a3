"""Unit tests of the public page families' pure parts (listing, timeline, filters, charts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_pages_golden import fixture_context
from test_pages_site import _Collector, foreign

from generator.derive.status import Bucket, Phase, compute
from generator.read.history import AgreementHistory, Change
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site import charts
from generator.site.pages import agreement, catalogue, home, mapping
from generator.site.pages.listing import categories, rows, split


def make(data: dict[str, object]) -> Record:
    return Record.create("agreements/x.yaml", {"id": "x", "judul": "X", **data}, {})


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    return fixture_context()


def test_every_phase_falls_in_one_bucket(ctx) -> None:  # type: ignore[no-untyped-def]
    assert dict(ctx.model.index.words.group_of) == {
        Phase.BERLAKU: Bucket.BERJALAN, Phase.SEGERA_BERAKHIR: Bucket.BERJALAN,
        Phase.TIDAK_DIKETAHUI: Bucket.TIDAK_DIKETAHUI,
        Phase.BERAKHIR: Bucket.BERAKHIR, Phase.BERAKHIR_TANPA_KEPUTUSAN: Bucket.BERAKHIR,
        Phase.DIAKHIRI_LEBIH_AWAL: Bucket.BERAKHIR,
        Phase.DALAM_PROSES: Bucket.PROSES, Phase.BELUM_BERLAKU: Bucket.PROSES, Phase.DIBATALKAN: Bucket.PROSES,
    }


def test_categories_follow_the_code_lists(ctx) -> None:  # type: ignore[no-untyped-def]
    assert [c.key for c in categories(ctx.model)] == [
        "ksdd_wajib", "ksdd_sukarela", "ksdpk", "ksdpl", "ksdll", "sinergi", "non_ksd"]
    assert [c.short for c in categories(ctx.model)][:3] == ["KSDD wajib", "KSDD sukarela", "KSDPK"]


def test_rows_newest_first_year_only_as_first_of_january(ctx) -> None:  # type: ignore[no-untyped-def]
    order = [r.id for r in rows(ctx.model)]
    assert order == [
        "2025-jeonju-kota-kembar", "2024-bpkp-nk-pengawasan", "2024-bumn-hibah-alat", "2023-katingan-adendum-pks-sampah",
        "2022-katingan-pks-sampah", "2022-katingan-kb-sampah", "2021-swasta-parkir", "2019-bpkp-nk-pengawasan",
        "2026-kampus-usulan-magang",
    ]


def test_split_counts_add_up(ctx) -> None:  # type: ignore[no-untyped-def]
    everything = split(rows(ctx.model))
    assert everything.total == 9
    assert {b: everything.count(b) for b in Bucket} == {
        Bucket.BERJALAN: 5, Bucket.TIDAK_DIKETAHUI: 1, Bucket.BERAKHIR: 2, Bucket.PROSES: 1}


def test_timeline_puts_the_as_of_marker_before_an_end_on_the_same_day() -> None:
    record = make({"status": "berlaku", "tanggal_tanda_tangan": "2025-01-01", "tanggal_berakhir": "2026-11-27"})
    events = agreement.timeline(record, dt.date(2026, 11, 27))
    assert [(e.kind, e.state) for e in events] == [("tanda-tangan", "lampau"), ("per", "per"), ("berakhir", "lampau")]
    assert [e.date for e in events if e.kind == "per"] == [None]  # the marker's place is the date, it shows none
    after = agreement.timeline(record, dt.date(2026, 11, 28))
    assert [(e.kind, e.state) for e in after] == [("tanda-tangan", "lampau"), ("berakhir", "lampau"), ("per", "per")]


def test_timeline_is_the_same_until_an_event_passes() -> None:
    """The as-of date places the status marker and makes events past, and is nowhere else in the
    timeline: from one event to the next the timeline is equal (the page is kept, issue 16)."""
    record = make({"status": "berlaku", "tanggal_tanda_tangan": "2025-01-01", "tanggal_mulai": "2025-02-01",
                   "tanggal_berakhir": "2027-01-31"})
    between = {agreement.timeline(record, dt.date(2025, 2, 1) + dt.timedelta(days=n)) for n in range(0, 729, 7)}
    assert len(between) == 1
    assert agreement.timeline(record, dt.date(2027, 1, 30)) in between
    assert agreement.timeline(record, dt.date(2027, 1, 31)) not in between  # the end date (last day in force) is reached


def test_year_only_events_are_past_or_coming_by_their_year() -> None:
    record = make({"status": "berlaku", "tahun_tanda_tangan": 2023, "tahun_berakhir": 2027})
    states = {n: [(e.kind, e.state) for e in agreement.timeline(record, dt.date(n, 6, 1))] for n in (2026, 2027, 2028)}
    assert states[2026] == [("tanda-tangan", "lampau"), ("per", "per"), ("berakhir", "mendatang")]
    assert states[2027] == [("tanda-tangan", "lampau"), ("berakhir", "tidak-diketahui"), ("per", "per")]
    assert states[2028] == [("tanda-tangan", "lampau"), ("berakhir", "lampau"), ("per", "per")]


def test_timeline_unknown_end_is_last_and_termination_is_dated() -> None:
    as_of = dt.date(2026, 11, 27)
    unknown = agreement.timeline(make({"status": "ditandatangani", "tahun_tanda_tangan": 2023,
                                       "masa_berlaku_tidak_diketahui": True}), as_of)
    assert [(e.kind, e.text) for e in unknown] == [
        ("tanda-tangan", "tahun 2023 (tanggal tidak diketahui)"), ("per", ""), ("berakhir", "tidak diketahui")]
    ended = agreement.timeline(make({"status": "diakhiri_lebih_awal", "tanggal_tanda_tangan": "2021-04-01",
                                     "tanggal_berakhir": "2026-03-31",
                                     "pengakhiran": {"tanggal": "2023-06-30", "alasan": "wanprestasi"}}), as_of)
    assert [e.kind for e in ended] == ["tanda-tangan", "diakhiri", "berakhir", "per"]
    not_signed = agreement.timeline(make({"status": "usulan"}), as_of)
    assert [e.kind for e in not_signed] == ["per"]


def test_edit_link_only_with_a_repository() -> None:
    record = make({})
    assert agreement.edit_url(SiteConfig(repo_url=""), record) is None
    assert agreement.edit_url(SiteConfig(repo_url="https://git.example/r", edit_branch="utama"), record) == \
        "https://git.example/r/edit/utama/agreements/x.yaml"


def test_term_and_status_sentence() -> None:
    assert agreement.term_text(make({"jangka_waktu": {"tahun": 1, "bulan": 6}})) == "1 tahun 6 bulan"
    assert agreement.term_text(make({"jangka_waktu": {"bulan": 7}})) == "7 bulan"
    end = dt.date(2027, 2, 28)
    record = make({"status": "berlaku", "tanggal_tanda_tangan": "2025-03-01", "tanggal_berakhir": end.isoformat()})

    def sentence(as_of: dt.date) -> str:
        return agreement.status_sentence(compute(record, as_of), record.end, record.end_year)

    # By the date, never by a day count: the same sentence every day until the term ends.
    assert sentence(dt.date(2026, 11, 27)) == sentence(end) == "berlaku sampai 28 Februari 2027"
    assert sentence(end + dt.timedelta(days=1)) == sentence(dt.date(2030, 1, 1)) == "berakhir 28 Februari 2027"
    assert agreement.status_sentence(compute(make({"status": "usulan"}), end), None) == ""


def test_meta_description_cannot_leave_its_attribute() -> None:
    assert agreement.meta_text('KSDPK: "x" onload=\'y\' <b>&') == "KSDPK: x onload= y b"


def test_related_documents_both_directions(ctx) -> None:  # type: ignore[no-untyped-def]
    title = agreement.field_titles(ctx.schema)
    index = ctx.model.index

    def related(record_id: str) -> dict[str, list[str]]:
        return {r.label: [row.id for row in r.rows] for r in agreement.related(ctx, index.by_id[record_id], title)}

    assert related("2022-katingan-kb-sampah") == {"Naskah pelaksana (PKS dan naskah turunan)": ["2022-katingan-pks-sampah"]}
    assert related("2022-katingan-pks-sampah") == {"Naskah induk": ["2022-katingan-kb-sampah"],
                                                   "Adendum": ["2023-katingan-adendum-pks-sampah"]}
    assert related("2023-katingan-adendum-pks-sampah") == {"Naskah yang diubah": ["2022-katingan-pks-sampah"]}
    assert related("2019-bpkp-nk-pengawasan") == {"Diperpanjang oleh": ["2024-bpkp-nk-pengawasan"]}
    assert related("2024-bpkp-nk-pengawasan") == {"Perpanjangan dari": ["2019-bpkp-nk-pengawasan"]}


def test_catalogue_filters_count_rows(ctx) -> None:  # type: ignore[no-untyped-def]
    items = rows(ctx.model)
    filters = {f.key: f for f in catalogue.filters(ctx, items)}
    assert list(filters) == ["kategori", "mitra", "urusan", "perangkat", "status", "tahun"]
    assert [(o.value, o.count) for o in filters["kategori"].options] == [
        ("ksdd_wajib", 3), ("ksdpk", 2), ("ksdpl", 1), ("sinergi", 2), ("non_ksd", 1)]
    assert sum(o.count for o in filters["status"].options) == len(items)
    assert [o.value for o in filters["tahun"].options] == ["2025", "2024", "2023", "2022", "2021", "2019", "tidak-diketahui"]


def test_mapping_matrix_and_views(ctx) -> None:  # type: ignore[no-untyped-def]
    model = ctx.model
    sectors = mapping.sector_view(model)
    cells = mapping.matrix(model, sectors).cells
    assert cells[("lingkungan_hidup", "ksdd_wajib")].total == 3
    assert cells[("lingkungan_hidup", "ksdpk")].total == 0
    assert [s.title for s in sectors.sections] == [
        "Wajib - pelayanan dasar", "Wajib - non-pelayanan dasar", "Penunjang (perluasan proyek)"]
    years = mapping.year_view(model)
    assert [g.key for g in years.groups] == ["2025", "2024", "2023", "2022", "2021", "2019", "tidak-diketahui"]
    kategori = {g.key: g.split.total for g in mapping.category_view(model).groups}
    assert kategori == {"ksdd_wajib": 3, "ksdd_sukarela": 0, "ksdpk": 2, "ksdpl": 1, "ksdll": 0, "sinergi": 2, "non_ksd": 1}


def test_home_figures(ctx) -> None:  # type: ignore[no-untyped-def]
    figures = {f.key: f.value for f in home.figures(rows(ctx.model), ctx.model.index.words)}
    # Side by side, in the code list's group order: an unknown end is never folded into "berlaku".
    assert list(figures) == ["berjalan", "tidak-diketahui", "berakhir", "proses"]
    assert figures == {"berjalan": 5, "tidak-diketahui": 1, "berakhir": 2, "proses": 1}
    details = {d.phase: d.value for d in home.details(rows(ctx.model), ctx.model.index.words)}
    assert details[Phase.SEGERA_BERAKHIR] == 3 and details[Phase.TIDAK_DIKETAHUI] == 1
    assert sum(details.values()) == 9


def test_home_lists_signed_agreements_not_known_to_have_ended(ctx) -> None:  # type: ignore[no-untyped-def]
    items = rows(ctx.model)
    current = home.signed_open(items)
    # Running (5) and unknown term (1); nothing ended, nothing still being prepared or not yet in force.
    assert len(current) == 6
    assert {r.status.phase for r in current} == {Phase.BERLAKU, Phase.SEGERA_BERAKHIR, Phase.TIDAK_DIKETAHUI}
    assert current == [r for r in items if r in current]  # newest first, as the rows are
    page = next(p for p in home.pages(ctx) if p.path == home.PATH)
    assert "6 naskah sudah ditandatangani dan belum tercatat berakhir; 5" in str(page.content)


def test_home_with_no_known_end_says_so_and_calls_nothing_running() -> None:
    # Twenty years on, every known end date has passed; only the agreement with an unknown term is still open.
    later = fixture_context(dt.date(2046, 1, 1))
    current = home.signed_open(rows(later.model))
    assert [r.status.phase for r in current] == [Phase.TIDAK_DIKETAHUI]
    text = str(next(p for p in home.pages(later) if p.path == home.PATH).content)
    assert "Belum ada naskah yang tercatat berlaku dengan tanggal atau tahun berakhir yang diketahui." in text
    assert 'id="kerja-sama-saat-ini"' in text and "masa berlaku tidak diketahui" in text


def test_chart_svg_is_deterministic_and_self_contained() -> None:
    series = [charts.Series("Berjalan", "#1b7f3b", (1, 2)), charts.Series("Berakhir", "#b3261e", (0, 3))]
    first = charts.stacked_bars(["A", "B"], series, title="Uji")
    assert first == charts.stacked_bars(["A", "B"], series, title="Uji")
    assert first.startswith("<?xml") and "<!DOCTYPE" not in first and "<script" not in first
    assert "<dc:date>" not in first and "Matplotlib" not in first
    collector = _Collector()
    collector.feed(first)
    assert [u for u in collector.fetched if foreign(u)] == []
    with pytest.raises(ValueError, match="one value per category"):
        charts.stacked_bars(["A"], series, title="Uji")


def test_foreign_resource_detector_can_fail(tmp_path: Path) -> None:
    collector = _Collector()
    collector.feed('<link rel="stylesheet" href="https://fonts.example/x.css"><script src="//cdn.example/a.js"></script>'
                   '<img src="../grafik/a.svg"><a href="https://example.org/">tautan biasa</a>'
                   '<div style="background: url(https://img.example/b.png)"></div>')
    assert [u for u in collector.fetched if foreign(u)] == [
        "https://fonts.example/x.css", "//cdn.example/a.js", "https://img.example/b.png"]


def test_a_citizen_reports_through_the_issue_form_with_the_page_filled_in() -> None:
    """Issue 12: "Laporkan kesalahan" opens the issue form (a citizen never lands in a YAML editor);
    the query names the form's own field id, so GitHub fills in the page's address."""
    from pathlib import Path  # noqa: PLC0415
    from types import SimpleNamespace  # noqa: PLC0415
    from urllib.parse import parse_qs, urlsplit  # noqa: PLC0415

    import yaml  # noqa: PLC0415

    from generator.settings import SiteConfig  # noqa: PLC0415
    from generator.site.pages.agreement import edit_url, report_url  # noqa: PLC0415

    config = SiteConfig(site_url="https://kerjasama.example/", repo_url="https://github.com/pemkot/register")
    record = SimpleNamespace(id="2024-kejari-datun-satpol-pp")
    url = urlsplit(report_url(config, record) or "")  # type: ignore[arg-type]
    assert url.path == "/pemkot/register/issues/new"
    query = parse_qs(url.query)
    form = yaml.safe_load((Path(__file__).parent.parent / ".github" / "ISSUE_TEMPLATE" / query["template"][0])
                          .read_text(encoding="utf-8"))
    assert "alamat" in {field.get("id") for field in form["body"]}
    assert query["alamat"] == ["https://kerjasama.example/kerja-sama/2024-kejari-datun-satpol-pp/"]
    assert "/edit/" in (edit_url(config, record) or "")  # type: ignore[arg-type]  # staff keep their editor
    assert report_url(SiteConfig(repo_url=""), record) is None  # type: ignore[arg-type]


def _valid_register_context(as_of: dt.date):  # type: ignore[no-untyped-def]
    from constants import REPO  # noqa: PLC0415
    from test_pages_golden import CONFIG  # noqa: PLC0415

    from generator.check.validate import Environment, validate  # noqa: PLC0415
    from generator.commands.build import context_for  # noqa: PLC0415
    from generator.project import Project  # noqa: PLC0415

    env = Environment.load(Project(REPO, register=REPO / "tests" / "fixtures" / "valid"))
    return context_for(env, validate(env, as_of), as_of, CONFIG)


def test_year_only_end_is_listed_as_a_year_and_dated_nowhere() -> None:
    """Issue 14: ``tahun_berakhir: 2030`` on 4 December 2029 (28 days before 1 January 2030): in the 30-day
    window of the radar with its year in words, not among unknown terms; no calendar event, no follow-up
    deadline, no renewal dates; the API gives the year and no date; the exact end date stays a fact to complete."""
    from generator.derive import followup  # noqa: PLC0415
    from generator.site.opendata import calendar, computed  # noqa: PLC0415
    from generator.site.pages import expiry  # noqa: PLC0415

    ctx = _valid_register_context(dt.date(2029, 12, 4))
    model, record_id = ctx.model, "2022-tahun-berakhir-saja"
    record = model.index.by_id[record_id]
    item = model.control.agreements[record_id]
    assert item.status.phase is Phase.SEGERA_BERAKHIR and item.status.days_left is None
    radar = expiry.radar(model.index, model.control)
    window = next(w for w in radar.windows if w.days == 30)
    assert record_id in [r.record.id for r in window.rows]
    assert record_id not in [r.record.id for r in radar.unknown]
    page = str(next(p for p in expiry.pages(ctx) if p.path == expiry.PATH).content)
    assert "berakhir tahun 2030 (tanggal tidak diketahui)" in page
    assert calendar.events(model, ctx.config, record) == []
    assert item.renewal is None
    found = [a for a in followup.actions(model.index, model.control) if a.record_id == record_id]
    ending = [a for a in found if a.reason == followup.Reason.ENDING]
    assert len(ending) == 1 and ending[0].deadline is None
    assert "berakhir tahun 2030 (tanggal tidak diketahui)" in ending[0].body
    assert all(a.deadline is None for a in found)
    api = computed.computed(model, ctx.config, record)
    assert (api["tahun_berakhir"], api["tanggal_berakhir"], api["sisa_hari"]) == (2030, None, None)
    assert "tanggal berakhir" in item.completeness.missing
    in_year = _valid_register_context(dt.date(2030, 6, 1)).model.control.agreements[record_id]
    assert in_year.status.phase is Phase.TIDAK_DIKETAHUI


def test_year_only_end_in_the_gantt_says_its_year() -> None:
    """Issue 14: the bar of a year-only end stays open (no end date is drawn) and its note names the year."""
    from generator.site.pages import expiry  # noqa: PLC0415

    ctx = _valid_register_context(dt.date(2029, 12, 4))
    page = str(next(p for p in expiry.pages(ctx) if p.path == expiry.PATH).content)
    row = page[page.index('<g class="ks-gantt-row" data-id="2022-tahun-berakhir-saja">'):]
    row = row[:row.index("</g>")]
    assert "ks-bar--open" in row and "berakhir tahun 2030, tanggal tidak diketahui" in row


def test_radar_counts_unknown_terms_by_status() -> None:
    """The expiry page says "N di antaranya berstatus masa berlaku tidak diketahui": N counts that status
    only. A record recorded as ended without an end date is ended (on the no-decision list), and a
    record in its year-only end year is unknown (found in the real register on 4 December 2026)."""
    from generator.site.pages import expiry  # noqa: PLC0415

    for as_of in (dt.date(2029, 12, 4), dt.date(2030, 6, 1)):
        model = _valid_register_context(as_of).model
        radar = expiry.radar(model.index, model.control)
        unknown = {r.record.id for r in radar.unknown}
        assert unknown == {i for i, a in model.control.agreements.items() if a.status.phase is Phase.TIDAK_DIKETAHUI}
        assert not unknown & {r.record.id for r in radar.no_decision}
    assert "2022-tahun-berakhir-saja" in unknown  # 1 June 2030: in its end year


def test_radar_leaves_records_ended_without_a_date_out_of_unknown_terms() -> None:
    """The real register holds a record recorded as ended whose end date is not known: the radar lists it
    as ended without a decision, never under "masa berlaku tidak diketahui" (the page once said 32
    where the status count was 31)."""
    from constants import REPO  # noqa: PLC0415
    from test_pages_golden import CONFIG  # noqa: PLC0415

    from generator.check.validate import Environment, validate_all  # noqa: PLC0415
    from generator.commands.build import context_for  # noqa: PLC0415
    from generator.project import Project  # noqa: PLC0415
    from generator.site.pages import expiry  # noqa: PLC0415

    as_of = dt.date(2026, 12, 4)
    env = Environment.load(Project(REPO))
    model = context_for(env, validate_all(env, as_of), as_of, CONFIG).model
    radar = expiry.radar(model.index, model.control)
    undated_ended = {i for i, a in model.control.agreements.items()
                     if a.status.phase.ended and model.index.by_id[i].end is None}
    assert undated_ended, "the register no longer has the case this test is about"
    assert not undated_ended & {r.record.id for r in radar.unknown}
    assert {r.record.id for r in radar.unknown} == {
        i for i, a in model.control.agreements.items() if a.status.phase is Phase.TIDAK_DIKETAHUI}


def test_an_agreement_page_dates_its_data_by_its_last_change() -> None:
    """The footer of an agreement's page gives the day its data last changed, from git history: a
    commit that only tidied the file is not a change of data; no history, no date."""
    def change(day: str, *, created: bool = False, fields: tuple[str, ...] = (), readable: bool = True) -> Change:
        when = dt.datetime.fromisoformat(f"{day}T20:00:00+00:00")  # 03:00 the next day in Palangka Raya (WIB)
        return Change("c" * 40, "c" * 7, when, "x", "agreements/x.yaml", created, fields, readable)

    tidied, edited, added = change("2026-05-02"), change("2026-03-01", fields=("judul",)), change("2025-01-01", created=True)
    assert agreement.last_data_change(AgreementHistory("x", (tidied, edited, added))) == dt.date(2026, 3, 2)
    assert agreement.last_data_change(AgreementHistory("x", (tidied, added))) == dt.date(2025, 1, 2)
    assert agreement.last_data_change(AgreementHistory("x", (change("2026-06-01", readable=False),))) == dt.date(2026, 6, 2)
    assert agreement.last_data_change(AgreementHistory("x")) is None
