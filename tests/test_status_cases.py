"""Issue 18: the real cases the status engine must hold - a Letter of Intent, an exploration
visit with no document, an unknown term and a renewal - and DPRD approval by SOP path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.check.sop import Sop, dprd_stage_reached
from generator.derive.index import build_index
from generator.derive.status import Phase, compute, renewal_start
from generator.read.codelists import load_codelists, preliminary_kinds
from generator.read.record import Record

REPO = Path(__file__).resolve().parent.parent
CODELISTS = load_codelists(REPO / "schema" / "kode")
SOP = Sop.from_codelists(CODELISTS)
AS_OF = dt.date(2026, 12, 4)


def record(**data: Any) -> Record:
    base: dict[str, Any] = {"id": "x", "judul": "X", "status": "ditandatangani", "para_pihak": []}
    base.update({k: v for k, v in data.items() if v is not None})
    return Record.create(f"agreements/{base['id']}.yaml", base, {})


def test_preliminary_kinds_are_the_code_list_flags() -> None:
    flagged = {item.code for item in CODELISTS["jenis_naskah"] if item.get("pendahuluan") is True}
    assert flagged == preliminary_kinds()


def test_a_signed_letter_of_intent_is_never_in_force() -> None:
    loi = record(jenis_naskah="letter_of_intent", kategori="ksdll", tanggal_tanda_tangan="2026-01-22",
                 masa_berlaku_tidak_diketahui=True)
    assert compute(loi, AS_OF).phase is Phase.DALAM_PROSES
    assert not compute(loi, AS_OF).phase.open


def test_unknown_term_is_its_own_state_not_running() -> None:
    kb = record(jenis_naskah="kesepakatan_bersama", tanggal_tanda_tangan="2023-05-01", masa_berlaku_tidak_diketahui=True)
    phase = compute(kb, AS_OF).phase
    assert phase is Phase.TIDAK_DIKETAHUI
    assert not phase.running and phase.open


def test_a_renewed_document_ends_the_day_before_its_renewal_starts() -> None:
    old = record(id="lama", jenis_naskah="kesepakatan_bersama", tanggal_tanda_tangan="2019-12-20",
                 masa_berlaku_tidak_diketahui=True)
    new = record(id="baru", jenis_naskah="kesepakatan_bersama", memperpanjang="lama", status="berlaku",
                 tanggal_tanda_tangan="2024-04-01", tanggal_berakhir="2029-03-31")
    assert renewal_start([new]) == dt.date(2024, 4, 1)
    assert compute(old, dt.date(2024, 3, 31), renewal_start=dt.date(2024, 4, 1)).phase is Phase.SEGERA_BERAKHIR
    assert compute(old, AS_OF, renewal_start=dt.date(2024, 4, 1)).phase is Phase.BERAKHIR
    # A recorded end after the renewal starts is cut too.
    late = record(id="lama", jenis_naskah="kesepakatan_bersama", tanggal_tanda_tangan="2019-12-20",
                  tanggal_berakhir="2030-01-01")
    assert compute(late, AS_OF, renewal_start=dt.date(2024, 4, 1)).phase is Phase.BERAKHIR
    index = build_index([old, new], CODELISTS, AS_OF)
    assert index.status["lama"].phase is Phase.BERAKHIR


def test_a_renewal_only_proposed_does_not_end_the_old_document() -> None:
    draft = record(id="baru", jenis_naskah="kesepakatan_bersama", memperpanjang="lama", status="usulan")
    assert renewal_start([draft]) is None


@pytest.mark.parametrize(("data", "reached"), [
    ({"jenis_naskah": "letter_of_intent", "kategori": "ksdll"}, False),
    ({"kategori": "ksdll", "status": "penjajakan"}, False),
    ({"jenis_naskah": "memorandum_of_understanding_ln", "kategori": "ksdpl", "status": "penyusunan_naskah"}, False),
    ({"jenis_naskah": "memorandum_of_understanding_ln", "kategori": "ksdpl"}, True),
    ({"jenis_naskah": "kesepakatan_bersama", "kategori": "ksdd"}, True),
    ({"jenis_naskah": "kesepakatan_bersama", "kategori": "ksdd", "status": "menunggu_persetujuan_dprd"}, True),
    ({"jenis_naskah": "nota_kesepakatan", "kategori": "sinergi"}, False),
    ({"jenis_naskah": "kesepakatan_bersama", "kategori": "ksdd", "status": "dibatalkan"}, False),
])
def test_dprd_approval_is_due_where_the_path_puts_it(data: dict[str, Any], reached: bool) -> None:
    assert dprd_stage_reached(SOP, record(**data)) is reached


def test_foreign_path_puts_loi_before_dprd_and_mou_after_central_approval() -> None:
    path = next(p for p in SOP.paths if p.code == "luar_negeri")
    codes = [s.code for s in SOP.stages_on(path)]
    assert codes.index("penandatanganan_loi") < codes.index("persetujuan_dprd") < codes.index("persetujuan_pusat") \
        < codes.index("penandatanganan_mou") < codes.index("pelaksanaan")
    assert "penandatanganan_kb" not in codes


def test_year_of_a_record_without_a_document_comes_from_its_first_dated_activity() -> None:
    visit = record(status="penjajakan", kegiatan=[{"jenis": "rapat", "tanggal": "2026-02-01", "uraian": "b"},
                                                  {"jenis": "kunjungan", "tanggal": "2025-12-12", "uraian": "a"}])
    assert visit.signed_year is None
    assert visit.year == 2025
    assert record(status="penjajakan").year is None


def test_sop_position_of_an_loi_follows_the_foreign_path() -> None:
    from generator.derive.control import State, progress  # noqa: PLC0415 - only this test needs the control tool

    loi = record(jenis_naskah="letter_of_intent", kategori="ksdll", tanggal_tanda_tangan="2026-01-22",
                 masa_berlaku_tidak_diketahui=True)
    steps = progress(loi, compute(loi, AS_OF), SOP, None)
    states = {s.stage.code: s.state for s in steps.steps}
    assert steps.reached is not None and steps.reached.stage.code == "penandatanganan_loi"
    assert states["penandatanganan_loi"] is State.SELESAI
    assert states["penandatanganan_mou"] is State.BELUM  # the MoU is still to come, not signed by the LoI
    assert states["pelaksanaan"] is State.BELUM  # never "being carried out"
    assert steps.next_stage is not None and steps.next_stage.code == "persetujuan_dprd"


def test_recorded_approvals_complete_their_sop_stages() -> None:
    """A foreign MoU with DPRD and central approval recorded has passed 6 and 6a, not 'tidak tercatat'."""
    from generator.derive.control import State, progress  # noqa: PLC0415 - only this test needs the control tool

    mou = record(jenis_naskah="memorandum_of_understanding_ln", kategori="ksdll", status="berlaku",
                 tanggal_tanda_tangan="2026-06-01", tanggal_berakhir="2031-05-31",
                 persetujuan_dprd={"diperlukan": True, "tanggal": "2026-03-02"},
                 persetujuan_pusat={"instansi": "Kementerian Dalam Negeri", "nomor": "100/123"})
    steps = progress(mou, compute(mou, AS_OF), SOP, None)
    states = {s.stage.code: s for s in steps.steps}
    assert states["persetujuan_dprd"].state is State.SELESAI
    assert states["persetujuan_dprd"].finished == dt.date(2026, 3, 2)
    assert states["persetujuan_pusat"].state is State.SELESAI and states["persetujuan_pusat"].finished is None
    assert states["penandatanganan_mou"].state is State.SELESAI
    without = record(jenis_naskah="memorandum_of_understanding_ln", kategori="ksdll", status="berlaku",
                     tanggal_tanda_tangan="2026-06-01", tanggal_berakhir="2031-05-31")
    plain = {s.stage.code: s.state for s in progress(without, compute(without, AS_OF), SOP, None).steps}
    assert plain["persetujuan_pusat"] is State.TIDAK_TERCATAT


def test_sop_position_of_an_exploration_without_a_document() -> None:
    from generator.derive.control import State, progress  # noqa: PLC0415 - only this test needs the control tool

    visit = record(kategori="ksdd", status="penjajakan",
                   kegiatan=[{"jenis": "kunjungan", "tanggal": "2025-12-12", "uraian": "Kunjungan"}])
    steps = progress(visit, compute(visit, AS_OF), SOP, None)
    assert steps.reached is not None and steps.reached.stage.code == "persiapan"
    assert steps.reached.state is State.BERJALAN
    assert "penandatanganan_pks" not in {s.stage.code for s in steps.steps}


def test_a_document_of_unclear_form_is_not_placed_at_the_kb_signing() -> None:
    """Issue 18: a 'naskah kerja sama pembangunan' (jenis_naskah lainnya) is not a KB."""
    from generator.derive.control import progress  # noqa: PLC0415 - only this test needs the control tool

    other = record(jenis_naskah="lainnya", kategori="ksdd", tanggal_tanda_tangan="2023-11-16",
                   masa_berlaku_tidak_diketahui=True)
    steps = progress(other, compute(other, AS_OF), SOP, None)
    codes = {s.stage.code for s in steps.steps}
    assert "penandatanganan_kb" not in codes and "penyusunan_kb" not in codes
    assert steps.reached is not None and steps.reached.stage.code == "pelaksanaan"
