"""Export -> import: unchanged files stay byte-identical; one edited cell changes one field of one file."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import openpyxl
import pytest

from generator.check.checker import Schema
from generator.check.validate import Environment
from generator.commands.spreadsheet.layout import MAIN_SHEET, build_layout
from generator.project import Project
from generator.read.yamlstrict import read_text
from generator.site.scaffold import render
from tests.spreadsheet.conftest import REPO, export, run_import, snapshot


def test_export_is_deterministic(register: Project, tmp_path: Path) -> None:
    first = export(register, tmp_path / "a.xlsx").read_bytes()
    second = export(register, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_export_import_without_edits_changes_nothing(register: Project, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(register)
    code, out = run_import(register, export(register, tmp_path / "r.xlsx"), capsys)
    assert code == 0, out
    assert snapshot(register) == before
    assert f"{len(before)} naskah tidak berubah" in out


def _cell(ws: openpyxl.worksheet.worksheet.Worksheet, record_id: str, header: str) -> openpyxl.cell.Cell:
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == record_id:
            return row[headers.index(header)]
    raise AssertionError(record_id)


def test_one_edited_cell_changes_exactly_that_field(register: Project, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(register)
    book = export(register, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(book)
    _cell(wb[MAIN_SHEET], "2025-bpjs-kesehatan-uhc", "objek").value = "Objek yang diperbaiki"
    wb.save(book)
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    after = snapshot(register)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["2025-bpjs-kesehatan-uhc.yaml"]
    old_lines = before[changed[0]].decode().splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    assert len(old_lines) == len(new_lines)
    diff = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert diff and all(a.startswith("objek:") and b == "objek: Objek yang diperbaiki" for a, b in diff)
    assert new_lines[0].startswith("# yaml-language-server:")


def test_unknown_signing_year_travels_through_the_spreadsheet(register: Project, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: the flag is a yes/no cell beside an empty signing date; turning it off without giving a
    date is refused by the validator (a signed document needs its date, year or the flag), and nothing
    is written."""
    record_id = "tanpa-tahun-pemprov-kalteng-pinjam-pakai-tanah"
    book = export(register, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(book)
    sheet = wb[MAIN_SHEET]
    flag = _cell(sheet, record_id, "tahun_tanda_tangan_tidak_diketahui")
    assert flag.value is True
    assert _cell(sheet, record_id, "tanggal_tanda_tangan").value in {None, ""}
    flag.value = False
    wb.save(book)
    before = snapshot(register)
    code, out = run_import(register, book, capsys)
    assert code != 0 and "galat [skema-wajib] Kolom wajib tanggal_tanda_tangan" in out, out  # at the row's cell
    assert snapshot(register) == before


def test_end_year_travels_through_the_spreadsheet(register: Project, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14: ``tahun_berakhir`` is a number cell beside an empty end date; an edited year changes only that
    line, and a date typed beside it is refused (the date holds the year), with nothing written."""
    record_id = "tanpa-tahun-pemprov-kalteng-pinjam-pakai-tanah"
    book = export(register, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(book)
    sheet = wb[MAIN_SHEET]
    assert _cell(sheet, record_id, "tahun_berakhir").value == 2027
    assert _cell(sheet, record_id, "tanggal_berakhir").value in {None, ""}
    _cell(sheet, record_id, "tanggal_berakhir").value = "2027-06-30"
    wb.save(book)
    before = snapshot(register)
    code, out = run_import(register, book, capsys)
    assert code != 0 and "galat [skema-syarat]" in out and "Hapus tahun_berakhir" in out, out
    assert snapshot(register) == before
    _cell(sheet, record_id, "tanggal_berakhir").value = None
    _cell(sheet, record_id, "tahun_berakhir").value = 2028
    wb.save(book)
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    after = snapshot(register)
    name = f"{record_id}.yaml"
    assert [n for n in before if before[n] != after[n]] == [name]
    diff = [(a, b) for a, b in zip(before[name].decode().splitlines(), after[name].decode().splitlines(), strict=True)
            if a != b]
    assert diff == [("tahun_berakhir: 2027", "tahun_berakhir: 2028")]


def test_layout_follows_the_schema() -> None:
    """Every array of the schema has a sheet; a key added to the schema gets a column by itself."""
    schema = Schema.load(REPO / "schema" / "kerja-sama.schema.json")
    layout = build_layout(schema)
    names = {s.name for s in layout.sheets}
    arrays = {k for k, v in schema.document["properties"].items() if schema.resolve(v).get("type") == "array"}
    assert arrays <= names
    document = dict(schema.document)
    document["properties"] = {**document["properties"], "kegiatan_baru": {"type": "array", "items": {
        "type": "object", "properties": {"uraian": {"$ref": "#/$defs/teks"}, "tanggal": {"$ref": "#/$defs/tanggal"}}}}}
    grown = build_layout(_schema_with(document))
    sheet = grown.sheet("kegiatan_baru")
    assert sheet is not None and [c.header for c in sheet.columns] == ["uraian", "tanggal"]


def _schema_with(document: dict[str, object]) -> Schema:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(document, handle)
    return Schema.load(Path(handle.name))


def test_new_record_is_written_as_kerjasama_baru_would(register: Project, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    book = export(register, tmp_path / "r.xlsx", "--perangkat-daerah", "dinas_kesehatan")
    wb = openpyxl.load_workbook(book)
    _copy_record(wb, "2025-bpjs-kesehatan-uhc", "2026-dinkes-contoh-baru")
    wb.save(book)
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    written = register.agreements / "2026-dinkes-contoh-baru.yaml"
    env = Environment.load(register)
    data = read_text(written.read_bytes(), "x").data
    assert data is not None
    assert written.read_text() == render(data, env.schema, env.codelists)


def _copy_record(wb: openpyxl.Workbook, source: str, target: str) -> None:
    """Append copies of every row of one record under a new id (a unit adding an agreement)."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.title == "petunjuk":
            continue
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value == source]
        for values in rows:
            ws.append([target, *values[1:]])


def test_new_field_and_list_item_go_where_the_schema_puts_them(register: Project, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    record = "2025-bpjs-kesehatan-uhc"
    book = export(register, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(book)
    _cell(wb[MAIN_SHEET], record, "nomor_naskah").value = "100/PKS/2025"
    wb["urusan"].append([record, 2, "sosial"])
    wb.save(book)
    before = (register.agreements / f"{record}.yaml").read_text().splitlines()
    code, out = run_import(register, book, capsys)
    assert code == 0, out
    after = (register.agreements / f"{record}.yaml").read_text().splitlines()
    added = [line for line in after if line not in before]
    assert added == ["nomor_naskah: 100/PKS/2025", "urusan: [kesehatan, sosial]"]
    assert after.index("nomor_naskah: 100/PKS/2025") == after.index("kategori: ksdpk") + 1
    assert len(after) == len(before) + 1
