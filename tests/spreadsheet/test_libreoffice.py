"""The issue's "Done when", tried as a new staff member would, with workbooks saved by LibreOffice Calc.

Dinas Kesehatan's spreadsheet is exported, filled with one new agreement and one corrected date,
saved by LibreOffice, imported (located errors are reported and nothing is written), fixed,
imported again; exactly those two files change, the corrected one in exactly that line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from generator.check.validate import Environment, validate_all
from generator.project import Project
from tests.spreadsheet.conftest import AS_OF, export, resave, run_import, snapshot

UNIT = "dinas_kesehatan"
CORRECTED = "2025-bpjs-kesehatan-uhc"
NEW = "2026-dinkes-rs-swasta-rujukan"
NEW_ROWS = {
    "naskah": {"judul": "Perjanjian Kerja Sama Rujukan Pasien dengan RS Swasta", "jenis_naskah": "perjanjian_kerja_sama",
               "rezim_hukum": "ksd", "kategori": "ksdpk", "perangkat_daerah": UNIT,
               "maksud_tujuan": "Mempercepat rujukan pasien puskesmas.", "status": "penjajakan",
               "tingkat_kepastian": "dokumen_resmi_pemko"},
    "para_pihak": [{"urutan": 1, "nama": "Pemerintah Kota Palangka Raya", "jenis_pihak": "pemerintah_daerah_kabkota",
                    "pihak_kota": True, "kode_wilayah": "62.71"},
                   {"urutan": 2, "nama": "RS Swasta Contoh", "jenis_pihak": "badan_usaha_swasta", "pihak_kota": False}],
    "ruang_lingkup": [{"urutan": 1, "nilai": "Rujukan pasien"}],
    "urusan": [{"urutan": 1, "nilai": "kesehatan"}],
    "pendanaan.sumber": [{"urutan": 1, "nilai": "tidak_diketahui"}],
    "sumber": [{"urutan": 1, "url": "https://palangkaraya.go.id/berita/rujukan", "penerbit": "palangkaraya.go.id",
                "tanggal": dt.datetime(2026, 11, 2)}],  # typed as a date: the spreadsheet stored a date
}


def _put(ws: openpyxl.worksheet.worksheet.Worksheet, values: dict[str, object]) -> int:
    headers = [c.value for c in ws[1]]
    row = ws.max_row + 1
    ws.cell(row=row, column=1, value=NEW)
    for header, value in values.items():
        ws.cell(row=row, column=headers.index(header) + 1, value=value)
    return row


def _fill(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    for sheet, rows in NEW_ROWS.items():
        for values in rows if isinstance(rows, list) else [rows]:
            _put(wb[sheet], values)
    ws = wb["tahapan_sop"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == CORRECTED and row[headers.index("urutan")].value == 1:
            row[headers.index("tanggal_mulai")].value = "2024-12-09"
    wb.save(book)


def _fix(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    ws = wb["sumber"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == NEW:
            cell = row[headers.index("tanggal")]
            cell.value = "2026-11-02"
            cell.number_format = "@"
    ws = wb["naskah"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == NEW:
            row[headers.index("objek")].value = "Rujukan pasien puskesmas ke rumah sakit swasta"
    wb.save(book)


def test_dinas_kesehatan_reports_a_new_agreement_and_a_corrected_date(
        register: Project, tmp_path: Path, libreoffice: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(register)
    book = export(register, tmp_path / "dinkes.xlsx", "--perangkat-daerah", UNIT)
    _fill(book)
    saved = resave(libreoffice, book, tmp_path / "lo1")

    code, out = run_import(register, saved, capsys)
    assert code == 1
    assert snapshot(register) == before, "nothing is written while a row has an error"
    wb = openpyxl.load_workbook(saved)
    main_headers = [c.value for c in wb["naskah"][1]]
    new_row = next(r[0].row for r in wb["naskah"].iter_rows(min_row=2) if r[0].value == NEW)
    objek = openpyxl.utils.get_column_letter(main_headers.index("objek") + 1)
    source_headers = [c.value for c in wb["sumber"][1]]
    source_row = next(r[0].row for r in wb["sumber"].iter_rows(min_row=2) if r[0].value == NEW)
    tanggal = openpyxl.utils.get_column_letter(source_headers.index("tanggal") + 1)
    assert f"dinkes.xlsx:naskah!{objek}{new_row}: galat [skema-wajib]" in out
    assert f"dinkes.xlsx:sumber!{tanggal}{source_row}: galat [tabel-tanggal-excel]" in out
    assert "Traceback" not in out

    _fix(saved)
    fixed = resave(libreoffice, saved, tmp_path / "lo2")
    code, out = run_import(register, fixed, capsys)
    assert code == 0, out
    after = snapshot(register)
    assert sorted(n for n in after if before.get(n) != after[n]) == [f"{CORRECTED}.yaml", f"{NEW}.yaml"]
    old, new = before[f"{CORRECTED}.yaml"].decode().splitlines(), after[f"{CORRECTED}.yaml"].decode().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ('    tanggal_mulai: "2024-12-10"', '    tanggal_mulai: "2024-12-09"')]
    env = Environment.load(register)
    assert validate_all(env, dt.date.fromisoformat(AS_OF)).ok()


def test_libreoffice_resaved_export_imports_unchanged(register: Project, tmp_path: Path, libreoffice: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(register)
    saved = resave(libreoffice, export(register, tmp_path / "semua.xlsx"), tmp_path / "lo")
    code, out = run_import(register, saved, capsys)
    assert code == 0, out
    assert snapshot(register) == before
