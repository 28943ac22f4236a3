"""The status engine: exact labels, threshold windows, the end date as last day, WIB, monotony."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from constants import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clock import today_wib
from generator.derive.status import Bucket, Phase, Vocabulary, compute
from generator.read.codelists import CodeListError, load_codelist, load_codelists
from generator.read.record import Record

WORDS = Vocabulary.from_codelists(load_codelists(REPO / "schema" / "kode"))

LABELS = {
    Phase.DALAM_PROSES: "dalam proses",
    Phase.BELUM_BERLAKU: "belum berlaku",
    Phase.BERLAKU: "berlaku",
    Phase.SEGERA_BERAKHIR: "segera berakhir",
    Phase.BERAKHIR: "berakhir",
    Phase.BERAKHIR_TANPA_KEPUTUSAN: "berakhir tanpa keputusan perpanjangan",
    Phase.DIAKHIRI_LEBIH_AWAL: "diakhiri lebih awal",
    Phase.TIDAK_DIKETAHUI: "masa berlaku tidak diketahui",
    Phase.DIBATALKAN: "dibatalkan",
}


def record(**data: Any) -> Record:
    base: dict[str, Any] = {"id": "x", "judul": "X", "status": "ditandatangani", "para_pihak": []}
    base.update({k: v for k, v in data.items() if v is not None})
    return Record.create("agreements/x.yaml", base, {})


def test_labels_come_from_the_status_code_list() -> None:
    assert {p: WORDS.phase(p).label for p in Phase} == LABELS
    rec = record(tanggal_tanda_tangan="2025-01-01", tanggal_berakhir="2026-12-31")
    assert compute(rec, dt.date(2026, 10, 2), words=WORDS).label == "segera berakhir (≤ 90 hari)"
    assert compute(rec, dt.date(2026, 1, 2), words=WORDS).label == "berlaku"


def test_every_status_has_a_meaning_a_colour_and_one_group() -> None:
    for phase in Phase:
        term = WORDS.phase(phase)
        assert term.meaning.endswith(".") and term.meaning[0].isupper(), phase
        assert WORDS.hex(term.colour).startswith("#")
        assert WORDS.group_of[phase] in Bucket
    assert list(WORDS.groups) == list(Bucket)
    for group in Bucket:
        assert WORDS.group(group).meaning and WORDS.members(group)
    # "signed, end unknown" is its own group, never counted as "berlaku"
    assert WORDS.members(Bucket.TIDAK_DIKETAHUI) == (WORDS.phase(Phase.TIDAK_DIKETAHUI),)
    assert WORDS.group_of[Phase.TIDAK_DIKETAHUI] is not WORDS.group_of[Phase.BERLAKU]


def test_a_status_without_its_code_list_cannot_name_itself() -> None:
    bare = compute(record(status="penyusunan_naskah"), dt.date(2026, 1, 1))
    assert bare.phase is Phase.DALAM_PROSES
    with pytest.raises(LookupError):
        _ = bare.label


def test_a_code_list_missing_a_phase_is_refused(tmp_path: Path) -> None:
    text = (REPO / "schema" / "kode" / "status-terhitung.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "status-terhitung.yaml"
    broken.write_text(text.replace("  - kode: dibatalkan\n", "  - kode: dibatalkan-x\n"), encoding="utf-8")
    with pytest.raises(CodeListError):
        Vocabulary.from_codelist(load_codelist(broken))


def test_end_date_is_the_last_day_in_force_and_windows_follow_thresholds() -> None:
    rec = record(tanggal_tanda_tangan="2025-01-01", tanggal_berakhir="2026-12-31")
    last_day = compute(rec, dt.date(2026, 12, 31))
    assert (last_day.phase, last_day.days_left, last_day.window) == (Phase.SEGERA_BERAKHIR, 0, 30)
    assert compute(rec, dt.date(2027, 1, 1)).phase is Phase.BERAKHIR_TANPA_KEPUTUSAN
    assert compute(rec, dt.date(2026, 10, 1)).window == 180  # 91 days left
    assert compute(rec, dt.date(2026, 10, 2)).window == 90
    assert compute(rec, dt.date(2026, 7, 4)).window == 180
    assert compute(rec, dt.date(2026, 7, 3)).phase is Phase.BERLAKU
    assert compute(rec, dt.date(2026, 10, 1), thresholds=(60,)).phase is Phase.BERLAKU
    assert compute(rec, dt.date(2024, 12, 31)).phase is Phase.BELUM_BERLAKU


def test_renewal_decision_or_renewing_record_makes_it_plainly_ended() -> None:
    rec = record(tanggal_tanda_tangan="2020-01-01", tanggal_berakhir="2024-12-31",
                 keputusan_perpanjangan={"keputusan": "tidak_diperpanjang"})
    assert compute(rec, dt.date(2025, 1, 1)).phase is Phase.BERAKHIR
    open_question = record(tanggal_tanda_tangan="2020-01-01", tanggal_berakhir="2024-12-31",
                           keputusan_perpanjangan={"keputusan": "dalam_kajian"})
    assert compute(open_question, dt.date(2025, 1, 1)).phase is Phase.BERAKHIR_TANPA_KEPUTUSAN
    assert compute(open_question, dt.date(2025, 1, 1), renewed=True).phase is Phase.BERAKHIR


def test_unknown_end_process_and_early_termination() -> None:
    assert compute(record(tanggal_tanda_tangan="2020-01-01", masa_berlaku_tidak_diketahui=True),
                   dt.date(2026, 1, 1)).phase is Phase.TIDAK_DIKETAHUI
    assert compute(record(status="penyusunan_naskah"), dt.date(2026, 1, 1)).phase is Phase.DALAM_PROSES
    ended = record(status="diakhiri_lebih_awal", tanggal_tanda_tangan="2020-01-01", tanggal_berakhir="2030-01-01",
                   pengakhiran={"tanggal": "2025-06-01", "alasan": "wanprestasi"})
    assert compute(ended, dt.date(2025, 5, 31)).phase is Phase.BERLAKU
    assert compute(ended, dt.date(2025, 6, 1)).phase is Phase.DIAKHIRI_LEBIH_AWAL


def test_the_day_is_taken_in_jakarta() -> None:
    # 18:00 UTC on 30 Dec is already 31 Dec in WIB (UTC+7): the agreement's last day, not its day before.
    moment = dt.datetime(2026, 12, 30, 18, 0, tzinfo=dt.UTC)
    assert today_wib(moment) == dt.date(2026, 12, 31)
    rec = record(tanggal_tanda_tangan="2025-01-01", tanggal_berakhir="2026-12-30")
    assert compute(rec, today_wib(moment)).phase is Phase.BERAKHIR_TANPA_KEPUTUSAN


DAY0 = dt.date(2018, 1, 1)
days = st.integers(min_value=0, max_value=4000)


@st.composite
def records(draw: st.DrawFn) -> Record:
    status = draw(st.sampled_from(["usulan", "ditandatangani", "berlaku", "berakhir", "diakhiri_lebih_awal", "dibatalkan"]))
    signed = DAY0 + dt.timedelta(days=draw(days))
    start = signed + dt.timedelta(days=draw(st.integers(0, 200))) if draw(st.booleans()) else None
    end = (start or signed) + dt.timedelta(days=draw(st.integers(0, 2500))) if draw(st.booleans()) else None
    stop = (start or signed) + dt.timedelta(days=draw(st.integers(0, 3000))) if status == "diakhiri_lebih_awal" else None
    decision = draw(st.sampled_from([None, "diperpanjang", "tidak_diperpanjang", "dalam_kajian"]))
    return record(
        status=status, tanggal_tanda_tangan=signed.isoformat(), tanggal_mulai=start and start.isoformat(),
        tanggal_berakhir=end and end.isoformat(), masa_berlaku_tidak_diketahui=True if end is None else None,
        pengakhiran={"tanggal": stop.isoformat(), "alasan": "lainnya"} if stop else None,
        keputusan_perpanjangan={"keputusan": decision} if decision else None,
    )


@settings(max_examples=300, deadline=None)
@given(records(), days, st.integers(min_value=0, max_value=3000), st.booleans(),
       st.sampled_from([(180, 90, 30), (60,), (365, 30)]))
def test_moving_the_as_of_date_forward_never_moves_back(rec: Record, first: int, step: int, renewed: bool,
                                                         thresholds: tuple[int, ...]) -> None:
    early = compute(rec, DAY0 + dt.timedelta(days=first), thresholds=thresholds, renewed=renewed)
    late = compute(rec, DAY0 + dt.timedelta(days=first + step), thresholds=thresholds, renewed=renewed)
    assert early.phase.rank <= late.phase.rank, (early, late)


def test_signed_with_unknown_signing_year_is_never_running_on_invented_dates() -> None:
    """Issue 14: ``tahun_tanda_tangan_tidak_diketahui``: no start is made up, no year, no deadline."""
    from generator.derive.control import Settings, no_followup  # noqa: PLC0415
    from generator.site.pages.agreement import timeline  # noqa: PLC0415

    unknown = record(tahun_tanda_tangan_tidak_diketahui=True, masa_berlaku_tidak_diketahui=True,
                     kegiatan=[{"jenis": "rapat", "tanggal": "2025-06-13", "uraian": "Surat penarikan"}])
    as_of = dt.date(2026, 12, 4)
    status = compute(unknown, as_of, words=WORDS)
    assert status.phase is Phase.TIDAK_DIKETAHUI and not status.phase.running and status.days_left is None
    assert unknown.start is None and unknown.signed_year is None
    assert unknown.year is None  # a later dated activity is not its year: grouped under "tahun tidak diketahui"
    assert not no_followup(unknown, status, Settings(), framework=True, implemented_by=())
    signed = [e for e in timeline(unknown, as_of) if e.kind == "tanda-tangan"]
    assert [(e.date, e.text, e.state) for e in signed] == [(None, "tahun penandatanganan tidak diketahui",
                                                                   "lampau")]
    ending = record(tahun_tanda_tangan_tidak_diketahui=True, tanggal_berakhir="2027-12-31")
    assert compute(ending, as_of).phase is Phase.BERLAKU  # the recorded end is a fact; no start is invented
    assert compute(ending, dt.date(2028, 1, 1)).phase is Phase.BERAKHIR_TANPA_KEPUTUSAN


# --- issue 14: only the end year is known (tahun_berakhir) ---------------------------------------
def _year_only(**data: Any) -> Record:
    return record(tanggal_tanda_tangan="2022-03-01", tahun_berakhir=2027, **data)


def test_end_year_before_the_year_is_in_force_with_no_days_left() -> None:
    status = compute(_year_only(), dt.date(2026, 6, 30), words=WORDS)
    assert status.phase is Phase.BERLAKU and status.label == "berlaku"
    assert status.days_left is None and status.window is None  # no end date is made up


def test_end_year_in_the_window_of_its_first_day_is_ending_soon() -> None:
    """1 January 2027 is 28 days after 4 December 2026: the 30-day window, as a dated end would be."""
    status = compute(_year_only(), dt.date(2026, 12, 4), words=WORDS)
    dated = compute(record(tanggal_tanda_tangan="2022-03-01", tanggal_berakhir="2027-01-01"), dt.date(2026, 12, 4))
    assert (status.phase, status.window) == (dated.phase, dated.window) == (Phase.SEGERA_BERAKHIR, 30)
    assert status.days_left is None and status.phase.running
    assert compute(_year_only(), dt.date(2026, 7, 4)).phase is Phase.BERLAKU  # 181 days before: no window yet


def test_end_year_within_the_year_is_unknown_never_ended() -> None:
    for day in (dt.date(2027, 1, 1), dt.date(2027, 7, 1), dt.date(2027, 12, 31)):
        status = compute(_year_only(), day, words=WORDS)
        assert status.phase is Phase.TIDAK_DIKETAHUI and status.label == "masa berlaku tidak diketahui"
        assert status.days_left is None and not status.phase.ended


def test_end_year_after_the_year_has_ended() -> None:
    ended = compute(_year_only(), dt.date(2028, 1, 1), words=WORDS)
    assert ended.phase.ended and ended.bucket is Bucket.BERAKHIR and ended.days_left is None
    assert ended.phase is Phase.BERAKHIR_TANPA_KEPUTUSAN  # like a dated end without a renewal decision
    decided = _year_only(keputusan_perpanjangan={"keputusan": "tidak_diperpanjang"})
    assert compute(decided, dt.date(2028, 1, 1), words=WORDS).label == "berakhir"


def test_end_year_is_shown_as_a_year_and_dated_nowhere() -> None:
    from generator.site.pages.agreement import status_sentence, timeline  # noqa: PLC0415

    rec, as_of = _year_only(), dt.date(2026, 12, 4)
    assert rec.end is None and rec.end_year == 2027
    ends = [e for e in timeline(rec, as_of) if e.kind == "berakhir"]
    assert [(e.date, e.text) for e in ends] == [(None, "tahun 2027 (tanggal tidak diketahui)")]
    assert status_sentence(compute(rec, as_of), rec.end, rec.end_year) == "berakhir tahun 2027 (tanggal tidak diketahui)"
    assert record(tanggal_berakhir="2027-03-01", tahun_berakhir=2027).end_year is None  # the date wins
