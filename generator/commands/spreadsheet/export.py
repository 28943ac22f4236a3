"""``kerjasama tabel ekspor``: the register (or one unit's part) as an XLSX workbook.

Every value is written as what it is (text as text cells, never a formula), dates as
``TTTT-BB-HH`` text, coded columns with a drop-down whose list lives on the hidden
``daftar_kode`` sheet. The file is byte-identical for the same register: fixed workbook
properties and fixed times inside the ZIP archive.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.commands.spreadsheet.flatten import sheet_rows
from generator.commands.spreadsheet.layout import CODES_SHEET, GUIDE_SHEET, ID_COLUMN, Column, Kind, Layout, Sheet
from generator.read.codelists import CodeLists

FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
VALIDATED_ROWS = 5_000
"""Rows below the header that carry drop-downs and text formatting."""
APOSTROPHE = "'"
TEXT_FORMAT = "@"
AUTHOR = "kerjasama"
CORE_PROPERTIES = "docProps/core.xml"
BOOLEAN_LIST = "logika"  # not a schema code list: the drop-down of true/false columns, on the same hidden sheet
BOOLEAN_CHOICES = ("TRUE", "FALSE")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

GUIDE = (
    "Petunjuk pengisian tabel register kerja sama daerah Kota Palangka Raya",
    "",
    "1. Satu baris di lembar naskah = satu naskah kerja sama; kolom id adalah kuncinya (huruf kecil, angka, "
    "tanda hubung; misalnya 2025-bpjs-kesehatan-uhc).",
    "2. Daftar di dalam naskah (para pihak, sumber, urusan, tahapan SOP, ...) diisi di lembarnya sendiri: satu baris "
    "per isian, dengan id naskah dan nomor urutan (1, 2, 3, ...).",
    "3. Arahkan tetikus ke judul kolom untuk membaca penjelasannya. Kolom berkode memakai daftar pilihan (drop-down); "
    "pilih salah satu kode, jangan mengetik label.",
    "4. Tanggal ditulis sebagai teks TTTT-BB-HH, misalnya 2024-05-22. Bila aplikasi mengubahnya menjadi tanggal, "
    "awali dengan tanda petik satu: '2024-05-22.",
    "5. Nilai logika ditulis TRUE atau FALSE. Angka ditulis tanpa pemisah ribuan.",
    "6. Jangan memakai rumus, sel gabung, makro atau lembar tambahan; jangan mengganti nama lembar atau judul kolom.",
    "7. Mengosongkan sel atau menghapus baris tidak menghapus data register: perubahan seperti itu ditolak. "
    "Penghapusan diajukan kepada Sekretariat TKKSD.",
    "8. Simpan sebagai .xlsx lalu serahkan kepada Sekretariat TKKSD; berkas diperiksa dengan kerjasama tabel impor "
    "dan setiap masalah disebut dengan lembar dan selnya, misalnya naskah!C12.",
)


def _text(value: Any) -> Any:
    """The cell value of one register value; text that starts with an apostrophe keeps it."""
    if isinstance(value, str) and value.startswith(APOSTROPHE):
        return APOSTROPHE + value
    return value


def _put(ws: Worksheet, row: int, column: int, value: Any, kind: Kind) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        # openpyxl marks a str that starts with '=' as a formula; the explicit type writes it as text.
        cell.value = _text(value)
        cell.data_type = TYPE_STRING
    else:
        cell.value = value
    if kind in (Kind.TEXT, Kind.DATE, Kind.CODE):
        cell.number_format = TEXT_FORMAT


def _header(ws: Worksheet, columns: Sequence[Column], names: Sequence[str]) -> None:
    bold = Font(bold=True)
    for index, (name, column) in enumerate(zip(names, columns, strict=True), start=1):
        cell = ws.cell(row=1, column=index, value=name)
        cell.font = bold
        text = ": ".join(t for t in (column.title, column.description) if t)
        if column.kind is Kind.CODE:
            text += f" Pilih dari daftar (lembar {CODES_SHEET})."
        elif column.kind is Kind.DATE:
            text += " Tulis TTTT-BB-HH."
        if text:
            cell.comment = Comment(text, AUTHOR, width=320, height=160)
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(name) + 4))
    ws.freeze_panes = "B2"


def _code_ranges(wb: Workbook, layout: Layout, labels: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The hidden code-list sheet: per list a code column and a label column; returns each list's range."""
    ws = wb.create_sheet(CODES_SHEET)
    ranges: dict[str, str] = {}
    lists = {**layout.codelists, BOOLEAN_LIST: BOOLEAN_CHOICES}
    for index, (name, codes) in enumerate(sorted(lists.items())):
        code_col, label_col = 2 * index + 1, 2 * index + 2
        ws.cell(row=1, column=code_col, value=name)
        ws.cell(row=1, column=label_col, value=f"{name} (label)")
        for row, code in enumerate(codes, start=2):
            _put(ws, row, code_col, code, Kind.TEXT)
            _put(ws, row, label_col, labels.get(name, {}).get(code, ""), Kind.TEXT)
        letter = get_column_letter(code_col)
        ranges[name] = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(codes) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _validations(ws: Worksheet, columns: Sequence[Column], ranges: Mapping[str, str]) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        listed = ranges.get(column.codelist or "")
        if column.kind is Kind.CODE and listed is not None:
            rule = DataValidation(type="list", formula1=listed, allow_blank=True,
                                  showErrorMessage=True, errorTitle="Kode tidak dikenal",
                                  error=f"Pilih salah satu kode dari daftar {column.codelist}.")
        elif column.kind is Kind.BOOLEAN:
            rule = DataValidation(type="list", formula1=ranges[BOOLEAN_LIST], allow_blank=True, showErrorMessage=True,
                                  errorTitle="Nilai logika", error="Tulis TRUE atau FALSE.")
        else:
            if column.kind in (Kind.TEXT, Kind.DATE):
                ws.column_dimensions[letter].number_format = TEXT_FORMAT
            continue
        rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        ws.add_data_validation(rule)


def _all_columns(sheet: Sheet) -> tuple[Column, ...]:
    id_column = Column(ID_COLUMN, (), Kind.TEXT, "ID naskah", "Kunci naskah: sama dengan nama berkasnya.")
    return (id_column, *sheet.keys, *sheet.columns)


def _guide(wb: Workbook, scope: str) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 120
    for row, line in enumerate((*GUIDE, "", f"Cakupan: {scope}"), start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)


def workbook(layout: Layout, records: Sequence[Mapping[str, Any]], codelists: CodeLists, scope: str) -> Workbook:
    """The workbook for these records (none for the empty template), sorted by id."""
    wb = Workbook()
    _guide(wb, scope)
    ordered = sorted(records, key=lambda r: str(r.get("id", "")))
    sheets = []
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.name)
        columns = _all_columns(sheet)
        _header(ws, columns, sheet.headers)
        sheets.append((sheet, ws, columns))
        row = 2
        for record in ordered:
            for key, cells in sheet_rows(sheet, record).items():
                _put(ws, row, 1, record.get("id", ""), Kind.TEXT)
                for offset, value in enumerate(key, start=2):
                    _put(ws, row, offset, value, Kind.TEXT if isinstance(value, str) else Kind.INTEGER)
                for offset, column in enumerate(sheet.columns, start=2 + len(key)):
                    if column.header in cells:
                        _put(ws, row, offset, cells[column.header], column.kind)
                row += 1
    labels = {name: {c.code: c.label for c in codelists[name]} for name in layout.codelists if name in codelists.lists}
    ranges = _code_ranges(wb, layout, labels)
    for _sheet, ws, columns in sheets:
        _validations(ws, columns, ranges)
    wb.active = 1  # open on the naskah sheet
    props = wb.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.created = props.modified = FIXED_TIME
    props.title = "Register Kerja Sama Daerah Kota Palangka Raya"
    return wb


def to_bytes(wb: Workbook) -> bytes:
    """The XLSX bytes with fixed times inside the archive, so one register gives one file."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = source.read(info.filename)
            if info.filename == CORE_PROPERTIES:  # openpyxl stamps the time of saving here
                data = _MODIFIED.sub(rb"\g<1>" + FIXED_TIME.isoformat().encode() + rb"Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()
