"""Hostile workbooks: every one gives located errors, no traceback, and writes nothing.

Each case builds its workbook from the exported register (or by hand, for what openpyxl would
not write), then checks (location, code) pairs, not prose.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from generator.commands.spreadsheet import reader
from generator.project import Project
from tests.spreadsheet.conftest import export, run_import, snapshot

RECORD = "2025-bpjs-kesehatan-uhc"


def _where(ws: Worksheet, record_id: str, header: str) -> tuple[str, int, int]:
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == record_id:
            return ws.title, row[0].row, headers.index(header) + 1
    raise AssertionError(record_id)


def _edit(book: Path, change: Callable[[openpyxl.Workbook], str]) -> str:
    wb = openpyxl.load_workbook(book)
    expected = change(wb)
    wb.save(book)
    return expected


def _set(wb: openpyxl.Workbook, sheet: str, header: str, value: object, record_id: str = RECORD) -> str:
    title, row, column = _where(wb[sheet], record_id, header)
    wb[sheet].cell(row=row, column=column).value = value
    return f"{title}!{openpyxl.utils.get_column_letter(column)}{row}"


def _import_fails(register: Project, book: Path, capsys: pytest.CaptureFixture[str], expected: list[str]) -> str:
    before = snapshot(register)
    code, out = run_import(register, book, capsys)
    assert code == 1, out
    assert "Traceback" not in out
    assert snapshot(register) == before
    for line in expected:
        assert f"{book.name}:{line}" in out, out
    return out


@pytest.fixture
def book(register: Project, tmp_path: Path) -> Path:
    return export(register, tmp_path / "tabel.xlsx")


def _formula(wb: openpyxl.Workbook) -> str:
    where = _set(wb, "naskah", "judul", '=HYPERLINK("https://contoh.invalid/","klik")')
    return f"{where}: galat [tabel-rumus]"


def _true_in_text(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'naskah', 'objek', True)}: galat [tabel-jenis-sel]"


def _number_in_text(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'naskah', 'maksud_tujuan', 1e3)}: galat [tabel-jenis-sel]"


def _exponent_in_integer(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'naskah', 'pendanaan.nilai_rupiah', '1e3')}: galat [skema-tipe]"


def _excel_date(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'tahapan_sop', 'tanggal_mulai', dt.datetime(2024, 12, 10))}: galat [tabel-tanggal-excel]"


def _date_serial(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'tahapan_sop', 'tanggal_mulai', 45636)}: galat [tabel-tanggal-excel]"


def _bad_code(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'naskah', 'status', 'hampir_selesai')}: galat [skema-nilai-tidak-dikenal]"


def _bad_date_text(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'tahapan_sop', 'tanggal_mulai', '2024-02-30')}: galat [skema-tanggal]"


def _emptied(wb: openpyxl.Workbook) -> str:
    return f"{_set(wb, 'naskah', 'objek', None)}: galat [tabel-hapus-isian]"


def _emptied_record(wb: openpyxl.Workbook) -> str:
    ws = wb["naskah"]
    _title, row, _column = _where(ws, RECORD, "judul")
    for cell in ws[row][1:]:
        cell.value = None
    return f"naskah!A{row}: galat [tabel-hapus-naskah]"


def _deleted_list_row(wb: openpyxl.Workbook) -> str:
    ws = wb["ruang_lingkup"]
    _title, row, _column = _where(ws, RECORD, "nilai")
    ws.delete_rows(row + 1)  # the record's second scope item
    return f"naskah!A{_where(wb['naskah'], RECORD, 'judul')[1]}: galat [tabel-hapus-isian]"


def _unknown_sheet(wb: openpyxl.Workbook) -> str:
    wb.create_sheet("catatan_saya")["A1"] = "x"
    return "catatan_saya: galat [tabel-lembar-tidak-dikenal]"


def _hidden_sheet(wb: openpyxl.Workbook) -> str:
    wb.create_sheet("rahasia").sheet_state = "hidden"
    return "rahasia: galat [tabel-lembar-tersembunyi]"


def _unknown_column(wb: openpyxl.Workbook) -> str:
    ws = wb["naskah"]
    ws.cell(row=1, column=ws.max_column + 1, value="kolom_baru")
    return f"naskah!{openpyxl.utils.get_column_letter(ws.max_column)}1: galat [tabel-kolom-tidak-dikenal]"


def _merged(wb: openpyxl.Workbook) -> str:
    ws = wb["naskah"]
    ws.merge_cells("B2:C3")
    return "naskah!B2: galat [tabel-sel-gabung]"


def _list_row_without_record(wb: openpyxl.Workbook) -> str:
    ws = wb["urusan"]
    ws.append(["2030-tidak-ada", 1, "kesehatan"])
    return f"urusan!A{ws.max_row}: galat [tabel-id-tidak-ada]"


def _gap_in_positions(wb: openpyxl.Workbook) -> str:
    ws = wb["urusan"]
    ws.append([RECORD, 5, "pendidikan"])
    return f"urusan!A{ws.max_row}: galat [tabel-urutan]"


def _long_cell(wb: openpyxl.Workbook) -> str:
    ws = wb["naskah"]
    _title, row, column = _where(ws, RECORD, "catatan")
    cell = ws.cell(row=row, column=column)
    cell._value = "x" * (10 * 1024 * 1024)  # 10 MB, written raw as Excel would not
    cell.data_type = "s"
    return f"naskah!{cell.coordinate}: galat [tabel-sel-terlalu-panjang]"


CASES = [_formula, _true_in_text, _number_in_text, _exponent_in_integer, _excel_date, _date_serial, _bad_code,
         _bad_date_text, _emptied, _emptied_record, _deleted_list_row, _unknown_sheet, _hidden_sheet, _unknown_column,
         _merged, _list_row_without_record, _gap_in_positions, _long_cell]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__.strip("_") for c in CASES])
def test_hostile_cell_is_located(register: Project, book: Path, capsys: pytest.CaptureFixture[str],
                                 case: Callable[[openpyxl.Workbook], str]) -> None:
    _import_fails(register, book, capsys, [_edit(book, case)])


def test_every_problem_is_reported_at_once(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = [_edit(book, c) for c in (_formula, _excel_date, _unknown_column, _bad_code)]
    _import_fails(register, book, capsys, expected)


def test_leading_apostrophe_is_a_text_marker(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(book, lambda wb: _set(wb, "tahapan_sop", "tanggal_mulai", "'2024-12-10"))
    before = snapshot(register)
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    assert snapshot(register) == before


def test_text_starting_with_apostrophe_survives_the_round_trip(register: Project, book: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _edit(book, lambda wb: _set(wb, "naskah", "objek", "''Objek' dengan petik"))
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    assert "objek: \"'Objek' dengan petik\"" in (register.agreements / f"{RECORD}.yaml").read_text()
    again = export(register, book.with_name("lagi.xlsx"))
    code, out = run_import(register, again, capsys)
    assert code == 0 and "1 berkas ditulis" not in out


def test_boolean_text_and_cell_are_read(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(book, lambda wb: _set(wb, "para_pihak", "pihak_kota", "TRUE"))
    code, out = run_import(register, book, capsys)
    assert code == 0 and "0 berkas ditulis" in out, out


def test_formula_injection_is_exported_as_text(register: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = register.agreements / f"{RECORD}.yaml"
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("objek:"))
    path.write_text(text.replace(line, 'objek: "=HYPERLINK(\\"http://x\\",\\"klik\\")"'))
    book = export(register, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(book)["naskah"]
    _title, row, column = _where(ws, RECORD, "objek")
    assert ws.cell(row=row, column=column).data_type == "s"
    with zipfile.ZipFile(book) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    code, out = run_import(register, book, capsys)
    assert code == 0, out


def test_fifty_thousand_rows_are_refused_at_the_limit(register: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 2_000)  # the same path as the real limit, ten times sooner
    book = tmp_path / "besar.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    wb.create_sheet("naskah").append(["id", "judul"])
    ws = wb.create_sheet("urusan")
    ws.append(["id", "urutan", "nilai"])
    for number in range(50_000):
        ws.append([f"id-{number}", 1, "kesehatan"])
    wb.save(book)
    out = _import_fails(register, book, capsys, [f"urusan!A{reader.MAX_ROWS + 2}: galat [tabel-terlalu-besar]"])
    assert out.count("\n") < 2 * reader.MAX_PROBLEMS + 10


def _zip_bomb(path: Path) -> None:
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            block = b" " * (1 << 20)
            for _ in range(reader.MAX_UNCOMPRESSED // len(block) + 8):
                stream.write(block)
    path.write_bytes(source.getvalue())


def test_zip_bomb_is_refused_before_parsing(register: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bom.xlsx"
    _zip_bomb(bomb)
    assert bomb.stat().st_size < 1024 * 1024
    out = _import_fails(register, bomb, capsys, [" galat [tabel-terlalu-besar]"])
    assert "bom.xlsx: galat [tabel-terlalu-besar]" in out


@pytest.mark.parametrize(("name", "content", "code"), [
    ("rusak.xlsx", b"bukan zip", "tabel-tidak-terbaca"),
    ("makro.xlsm", b"PK", "tabel-makro"),
])
def test_broken_or_macro_files(register: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    _import_fails(register, path, capsys, [f" galat [{code}]"])


def test_macro_part_inside_xlsx_is_refused(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with zipfile.ZipFile(book, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 64)
    _import_fails(register, book, capsys, [" galat [tabel-makro]"])


def test_missing_sheet_is_reported(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def drop(wb: openpyxl.Workbook) -> str:
        del wb["monev"]
        return " galat [tabel-lembar-hilang]"
    _import_fails(register, book, capsys, [_edit(book, drop)])


def test_partial_import_writes_only_valid_records(register: Project, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def three(wb: openpyxl.Workbook) -> str:
        _set(wb, "naskah", "objek", "Objek baru yang sah", "2018-bpjs-kesehatan-uhc")
        _set(wb, "naskah", "objek", "Objek lain", "2023-kapuas-kerja-sama-pembangunan")
        _set(wb, "naskah", "catatan", True, "2023-kapuas-kerja-sama-pembangunan")  # a refused cell
        return _set(wb, "naskah", "status", "hampir_selesai")
    _edit(book, three)
    before = snapshot(register)
    code, out = run_import(register, book, capsys, "--sebagian")
    assert code == 1
    after = snapshot(register)
    assert [n for n in before if before[n] != after[n]] == ["2018-bpjs-kesehatan-uhc.yaml"]
    assert f"ditolak: 2023-kapuas-kerja-sama-pembangunan, {RECORD}" in out


def test_partial_import_writes_nothing_when_a_problem_has_no_record(register: Project, book: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def two(wb: openpyxl.Workbook) -> str:
        _set(wb, "naskah", "objek", "Objek baru yang sah", "2018-bpjs-kesehatan-uhc")
        return _unknown_column(wb)
    _edit(book, two)
    before = snapshot(register)
    code, _out = run_import(register, book, capsys, "--sebagian")
    assert code == 1 and snapshot(register) == before


def test_broken_sheet_xml_is_located_not_a_traceback(register: Project, book: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    broken = book.with_name("rusak.xlsx")
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # cut in the middle of an element
            target.writestr(info, data)
    _import_fails(register, broken, capsys, [" galat [tabel-tidak-terbaca]"])
