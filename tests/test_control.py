"""Control computations on the fixture register (tests/fixtures/control) and the data files."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from constants import AS_OF

from generator.check import datafiles
from generator.check.schemagen import codelist_def
from generator.check.validate import Environment, validate
from generator.derive import control
from generator.derive.control import State
from generator.derive.index import build_index
from generator.derive.status import Status
from generator.derive.status import compute as compute_status
from generator.project import Project
from generator.read.codelists import load_codelists
from generator.read.record import Record, thaw
from generator.settings import SiteConfig

FIXTURES = REPO / "tests" / "fixtures" / "control"


def control_at(as_of: dt.date, config: SiteConfig | None = None) -> control.Control:
    env = Environment.load(Project(REPO, register=FIXTURES))
    result = validate(env, as_of)
    assert result.errors == []
    return control.for_site(build_index(result.records, env.codelists, as_of), config or SiteConfig())


@pytest.fixture(scope="module")
def ctl() -> control.Control:
    return control_at(AS_OF)


def test_renewal_deadlines_are_dated_from_the_end(ctl: control.Control) -> None:
    soon = ctl.get("2022-ending-soon")
    assert soon is not None and soon.renewal is not None
    r = soon.renewal
    assert (r.end, r.evaluation_start, r.decision_due) == (dt.date(2027, 1, 11), dt.date(2026, 7, 11), dt.date(2026, 10, 13))
    assert (r.evaluation, r.evaluation_date) == (State.SELESAI, dt.date(2026, 8, 1))
    assert r.decided is State.TERLAMBAT and r.late
    renewed = ctl.get("2021-renewed-ended")
    assert renewed is not None and renewed.renewal is not None
    assert (renewed.renewal.decided, renewed.renewal.decision) == (State.SELESAI, "diperpanjang")
    assert ctl.get("2020-unknown-end").renewal is None  # type: ignore[union-attr]
    assert ctl.get("2023-ended-early").renewal is None  # type: ignore[union-attr]


def test_renewal_windows_are_configurable() -> None:
    other = control_at(AS_OF, SiteConfig(evaluation_months=3, decision_days=30)).get("2022-ending-soon")
    assert other is not None and other.renewal is not None
    assert (other.renewal.evaluation_start, other.renewal.decision_due) == (dt.date(2026, 10, 11), dt.date(2026, 12, 12))
    assert other.renewal.evaluation is State.TERLAMBAT  # the August monev is before the later window
    assert other.renewal.decided is State.BERJALAN


def test_sop_progress_of_an_agreement_in_process(ctl: control.Control) -> None:
    item = ctl.get("2026-kb-in-process")
    assert item is not None
    pr = item.progress
    states = {s.stage.code: s.state for s in pr.steps}
    assert states["persiapan"] is State.SELESAI
    assert states["pembahasan_tkksd"] is State.SELESAI_TERLAMBAT  # 40 days against a 20-day target
    assert states["penawaran"] is State.TERLAMBAT
    assert states["penyusunan_kb"] is State.BELUM
    assert "penyusunan_pks" not in states  # a KB does not go through the PKS stages
    assert "persetujuan_dprd" not in states  # condition not met and not recorded
    assert pr.reached is not None and pr.reached.stage.code == "penawaran"
    assert (pr.next_stage and pr.next_stage.code, pr.next_due) == ("penawaran", dt.date(2026, 6, 1))
    assert [(s.stage.code, s.due) for s in pr.overdue] == [("penawaran", dt.date(2026, 6, 1))]


def test_latest_entry_of_a_repeated_stage_counts_and_pks_path(ctl: control.Control) -> None:
    pr = ctl.get("2026-pks-in-process").progress  # type: ignore[union-attr]
    assert [s.stage.code for s in pr.steps][:2] == ["penyusunan_pks", "penandatanganan_pks"]
    assert [(s.stage.code, s.due) for s in pr.overdue] == [("penyusunan_pks", dt.date(2026, 7, 31))]


def test_running_agreement_progress_and_overdue_decision(ctl: control.Control) -> None:
    pr = ctl.get("2022-ending-soon").progress  # type: ignore[union-attr]
    states = {s.stage.code: s for s in pr.steps}
    assert states["penandatanganan_kb"].finished == dt.date(2022, 1, 12)
    assert states["pelaksanaan"].state is State.BERJALAN
    assert states["monitoring_evaluasi"].finished == dt.date(2026, 8, 1)
    assert pr.reached is not None and pr.reached.stage.code == "monitoring_evaluasi"
    assert (pr.next_stage and pr.next_stage.code, pr.next_due) == ("pengakhiran_perpanjangan", dt.date(2026, 10, 13))
    assert [(s.stage.code, s.due) for s in pr.overdue] == [("pengakhiran_perpanjangan", dt.date(2026, 10, 13))]


def test_unknown_end_agreement_has_no_deadline_from_a_guessed_term(ctl: control.Control) -> None:
    """Issue 18: an unknown term is not "in force", so no monev falls overdue from it; the next
    monev is still shown as the next step, and the missing end date is a completeness task."""
    item = ctl.get("2020-unknown-end")
    assert item is not None
    assert item.progress.overdue == ()
    assert (item.progress.next_stage and item.progress.next_stage.code) == "monitoring_evaluasi"
    assert item.progress.next_due is None  # no deadline dated from an unknown term
    assert "tanggal berakhir" in item.completeness.missing


def test_symbolic_rule_needs_evidence(ctl: control.Control) -> None:
    """Issue 12: 'simbolis' is evidence that nothing happened, never missing data."""
    symbolic = {k: v.symbolic.reasons for k, v in ctl.agreements.items() if v.symbolic.symbolic}
    assert symbolic == {
        # A KB from the city's own records, signed in 2020, with no PKS, work plan or monev since.
        "2020-unknown-end": ("tidak ada tindak lanjut (PKS, rencana kerja atau monev) 12 bulan setelah penandatanganan",),
        "2025-not-running": ("monev terakhir menilai tidak berjalan",
                             "monev tercatat, tetapi realisasi setiap indikator nol"),
    }
    # A year later the ending agreement has ended; the other signal still rests on recorded monev.
    later = control_at(dt.date(2027, 10, 1))
    assert not later.get("2022-ending-soon").symbolic.symbolic  # type: ignore[union-attr]
    assert later.get("2025-not-running").symbolic.symbolic  # type: ignore[union-attr]


def test_missing_data_is_a_completeness_task_not_a_verdict(ctl: control.Control) -> None:
    assert ctl.get("2020-unknown-end").completeness.missing == (  # type: ignore[union-attr]
        "indikator keberhasilan", "monev dalam 12 bulan terakhir", "tanggal berakhir", "nomor naskah",
        "penandatangan setiap pihak", "pindaian naskah yang ditandatangani")
    # Issue 14: running with indicators and a recent monev, so only what its signed document states is asked for.
    assert [g.code for g in ctl.get("2022-ending-soon").completeness.gaps] == [  # type: ignore[union-attr]
        "nomor_naskah", "penandatangan", "pindaian_naskah"]
    assert ctl.get("2026-kb-in-process").completeness.complete  # type: ignore[union-attr]  # not signed yet


def _variant(record_id: str, **changes: object) -> tuple[Record, control.Control]:
    ctl = control_at(AS_OF)
    record = ctl.get(record_id).record  # type: ignore[union-attr]
    data = {**thaw(record.data), **changes}
    return Record.create(record.file, data, {}), ctl


def test_a_news_report_cannot_prove_that_no_follow_up_exists() -> None:
    record, ctl = _variant("2020-unknown-end", tingkat_kepastian="media")
    status = ctl.get("2020-unknown-end").status  # type: ignore[union-attr]
    kb = {"framework": True, "implemented_by": ()}
    assert not control.symbolic(record, status, ctl.settings, **kb).symbolic  # type: ignore[arg-type]
    assert "tindak lanjut (PKS, rencana kerja atau monev)" in control.completeness(
        record, status, ctl.settings, **kb).missing  # type: ignore[arg-type]


def _progress(record: Record, ctl: control.Control, status: Status | None = None) -> control.Progress:
    status = status or ctl.get(record.id).status  # type: ignore[union-attr]
    return control.progress(record, status, ctl.sop, control.renewal(record, status, ctl.settings))


def _known_term(**changes: object) -> tuple[Record, control.Control, Status]:
    """2020-unknown-end with a stated ten-year term: in force, so its yearly monev falls due (a
    record of unknown term has no deadline to miss, issue 18)."""
    record, ctl = _variant("2020-unknown-end", jangka_waktu={"tahun": 10}, tanggal_berakhir="2030-03-01", **changes)
    data = thaw(record.data)
    data.pop("masa_berlaku_tidak_diketahui", None)
    record = Record.create(record.file, data, {})
    return record, ctl, compute_status(record, AS_OF)


def test_a_step_the_register_has_no_data_about_is_unrecorded_not_late() -> None:
    """Issue 12: a record built from news reports alone, with no SOP step or monev recorded, cannot
    show that its yearly monev or its renewal decision is late; those steps are unrecorded."""
    media, ctl, media_status = _known_term(tingkat_kepastian="media")
    pr = _progress(media, ctl, media_status)
    assert pr.overdue == ()
    assert [(s.stage.code, s.due) for s in pr.unrecorded] == [("monitoring_evaluasi", dt.date(2021, 3, 2))]
    assert pr.next_unrecorded
    decision, _ = _variant("2022-ending-soon", tingkat_kepastian="media")
    late = _progress(decision, ctl)
    assert [s.stage.code for s in late.unrecorded] == ["pengakhiran_perpanjangan"] and late.overdue == ()
    status = ctl.get("2022-ending-soon").status  # type: ignore[union-attr]
    assert "keputusan perpanjangan" in control.completeness(decision, status, ctl.settings,
                                                            unrecorded=late.unrecorded).missing


def test_recorded_data_keeps_a_late_step_late() -> None:
    """The city's own records, a recorded SOP step or a recorded monev make the same silence evidence."""
    own, ctl, own_status = _known_term()  # dokumen_resmi_pemko
    assert [s.stage.code for s in _progress(own, ctl, own_status).overdue] == ["monitoring_evaluasi"]
    with_steps, _, steps_status = _known_term(tingkat_kepastian="media", tahapan_sop=[
        {"tahap": "penandatanganan_kb", "tanggal_selesai": "2020-03-02"}])
    pr = _progress(with_steps, ctl, steps_status)
    assert [s.stage.code for s in pr.overdue] == ["monitoring_evaluasi"] and pr.unrecorded == ()
    monev, _, monev_status = _known_term(tingkat_kepastian="media", monev=[
        {"tanggal": "2022-05-01", "penilaian": "berjalan", "ringkasan": "Rapat koordinasi."}])
    assert [s.stage.code for s in _progress(monev, ctl, monev_status).overdue] == ["monitoring_evaluasi"]
    unknown, _ = _variant("2020-unknown-end")  # the same record with its term unknown: nothing falls due
    assert _progress(unknown, ctl).overdue == ()


def test_a_follow_up_or_a_young_framework_is_not_symbolic() -> None:
    record, ctl = _variant("2020-unknown-end")
    status = ctl.get("2020-unknown-end").status  # type: ignore[union-attr]
    assert control.symbolic(record, status, ctl.settings, framework=True, implemented_by=()).symbolic
    pks, _ = _variant("2022-ending-soon")
    assert not control.symbolic(record, status, ctl.settings, framework=True, implemented_by=(pks,)).symbolic
    assert not control.symbolic(record, status, ctl.settings, framework=False, implemented_by=()).symbolic  # a PKS
    planned, _ = _variant("2020-unknown-end", rencana_kerja=[{"kegiatan": "Rapat", "target": "satu kali"}])
    assert not control.symbolic(planned, status, ctl.settings, framework=True, implemented_by=()).symbolic
    young, _ = _variant("2020-unknown-end", tanggal_tanda_tangan="2026-06-01")
    assert not control.symbolic(young, status, ctl.settings, framework=True, implemented_by=()).symbolic


def test_indicator_achievement(ctl: control.Control) -> None:
    ind = ctl.get("2022-ending-soon").indicators[0]  # type: ignore[union-attr]
    assert (ind.target, ind.actual, ind.achievement) == (2000, 1500, 75.0)


def test_median_time_per_stage(ctl: control.Control) -> None:
    times = {t.stage.code: (t.count, t.median_days) for t in ctl.stage_times()}
    assert times["persiapan"] == (1, 19)
    assert times["pembahasan_tkksd"] == (1, 40)
    assert times["penyusunan_pks"] == (1, 40)
    assert times["penawaran"] == (0, None)
    assert "identifikasi_pemetaan" not in times  # a register-wide stage


@pytest.mark.parametrize(("start", "end", "words"), [
    (dt.date(2026, 11, 27), dt.date(2027, 1, 11), "1 bulan dan 15 hari"),
    (dt.date(2026, 11, 27), dt.date(2027, 2, 27), "3 bulan"),
    (dt.date(2026, 11, 27), dt.date(2026, 12, 10), "13 hari"),
    (dt.date(2027, 3, 12), dt.date(2026, 11, 27), "3 bulan dan 13 hari"),
    (dt.date(2026, 11, 27), dt.date(2029, 3, 12), "2 tahun dan 3 bulan"),
    (dt.date(2026, 11, 27), dt.date(2026, 11, 27), "0 hari"),
])
def test_duration_in_words(start: dt.date, end: dt.date, words: str) -> None:
    assert control.duration_text(start, end) == words


# --- data files ----------------------------------------------------------------------------
def copy_project(tmp_path: Path) -> Project:
    for name in ("schema", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    return Project(tmp_path)


def test_real_sop_and_tkksd_data_are_valid() -> None:
    project = Project(REPO)
    loaded = datafiles.load(project, load_codelists(project.codelist_dir))
    assert loaded.diagnostics == ()
    assert loaded.files == (datafiles.SOP_FILE, datafiles.TKKSD_FILE, datafiles.GLOSSARY_FILE)
    tkksd = loaded.data["tkksd"]
    assert tkksd["susunan"]["kepastian"] == "D"  # composition is the project's proposal (domain.md §6.3)
    assert tkksd["penetapan"]["diketahui"] is False


def test_tkksd_schema_copy_of_the_code_list_is_current() -> None:
    schema = json.loads((REPO / datafiles.TKKSD_SCHEMA).read_text(encoding="utf-8"))
    codelists = load_codelists(REPO / "schema" / "kode")
    assert schema["$defs"]["status_kegiatan"] == codelist_def(codelists["status_kegiatan"])


def test_broken_sop_data_gives_located_diagnostics(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = tmp_path / datafiles.SOP_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("    target_hari: 20\n", "    target_hari: dua puluh\n", 1)
    text = text.replace("    jalur: [umum, luar_negeri]\n", "    jalur: [umum, antariksa]\n", 1)
    path.write_text(text, encoding="utf-8")
    problems = datafiles.load(project, load_codelists(project.codelist_dir)).diagnostics
    found = {(d.code, d.json_path) for d in problems}
    assert ("skema-tipe", "$.nilai[2].target_hari") in found
    assert all(d.file == datafiles.SOP_FILE and d.line > 1 for d in problems)


def test_unknown_path_code_in_sop_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = tmp_path / datafiles.SOP_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("    jalur: [umum, luar_negeri]\n",
                                                            "    jalur: [umum, antariksa]\n", 1), encoding="utf-8")
    problems = datafiles.load(project, load_codelists(project.codelist_dir)).diagnostics
    assert [(d.code, d.json_path) for d in problems] == [("skema-nilai-tidak-dikenal", "$.nilai[3].jalur[1]")]
    assert problems[0].line == (REPO / datafiles.SOP_FILE).read_text(encoding="utf-8").split("\n").index(
        "    jalur: [umum, luar_negeri]") + 1


def test_broken_tkksd_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    path = tmp_path / datafiles.TKKSD_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("status: berjalan", "status: hampir", 1)
                    + "nama_ketua: Seseorang\n", encoding="utf-8")
    loaded = datafiles.load(project, load_codelists(project.codelist_dir))
    assert {(d.code, d.json_path) for d in loaded.diagnostics} == {
        ("skema-nilai-tidak-dikenal", "$.rencana_kerja[0].status"), ("skema-kolom-tidak-dikenal", "$.nama_ketua")}
    assert "tkksd" not in loaded.data


def test_missing_tkksd_file_is_not_an_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (tmp_path / datafiles.TKKSD_FILE).unlink()
    loaded = datafiles.load(project, load_codelists(project.codelist_dir))
    assert loaded.diagnostics == ()
    assert "tkksd" not in loaded.data and "istilah" in loaded.data
