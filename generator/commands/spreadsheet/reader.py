"""Reading a workbook that may be hostile: bounded, explicit about every cell type, never evaluating.

The ZIP archive is checked before openpyxl sees it (size, entries, total uncompressed size: a
small file that inflates to gigabytes is refused unopened; macros are refused). openpyxl then
streams the sheets read-only with formulas kept as formulas, and every cell becomes a typed
value of its column or a located problem. Nothing here writes or prints.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from generator.commands.spreadsheet.layout import CODES_SHEET, GUIDE_SHEET, ID_COLUMN, Column, Kind, Layout, Sheet
from generator.diagnostics import Diagnostic, make

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ENTRIES = 500
MAX_ROWS = 20_000
"""Data rows per sheet; a whole city's register is a few hundred."""
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_PROBLEMS = 500
MACRO_PARTS = re.compile(r"(?i)(vbaProject\.bin|\.bin$|macroEnabled)")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+[0-9]+)')
_INTEGER = re.compile(r"-?[0-9]+\Z")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
APOSTROPHE = "'"
LOGICAL_CONSTANTS = {"=TRUE()": True, "=FALSE()": False}
CHUNK = 1 << 20


@dataclass(frozen=True)
class Located:
    """One problem with its place in the workbook (sheet and cell; none for the whole file)."""

    diagnostic: Diagnostic
    sheet: str | None = None
    row: int = 0
    column: int = 0

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}" if self.row and self.column else ""

    @property
    def where(self) -> str:
        if self.sheet is None:
            return ""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass(frozen=True)
class Cell:
    """A typed value read from one cell."""

    value: Any
    row: int
    column: int


@dataclass
class SheetData:
    """One known sheet's rows: row number -> header -> typed cell (empty cells left out)."""

    sheet: Sheet
    columns: dict[str, int] = field(default_factory=dict)
    rows: dict[int, dict[str, Cell]] = field(default_factory=dict)


@dataclass
class WorkbookData:
    """What could be read, and every problem found on the way."""

    name: str
    sheets: dict[str, SheetData] = field(default_factory=dict)
    problems: list[Located] = field(default_factory=list)
    refused: set[tuple[str, int, int]] = field(default_factory=set)
    """Cells whose value was refused: they are not empty, so they delete nothing."""

    def problem(self, code: str, message: str, sheet: str | None = None, row: int = 0, column: int = 0,  # noqa: PLR0913, PLR0917 - a place is sheet, row and column
                hint: str | None = None) -> None:
        self.problems.append(Located(make(code, self.name, message, line=row or 1, column=column or 1, hint=hint),
                                     sheet, row, column))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


def check_archive(path: Path, book: WorkbookData) -> bool:  # noqa: PLR0911 - one return per refusal, read as a checklist
    """Refuse, before parsing, what is not a plain XLSX of bounded size."""
    if path.suffix.lower() in {".xlsm", ".xltm", ".xlsb"}:
        book.problem("tabel-makro", f"Berkas {path.suffix} dapat memuat makro dan tidak dibaca.")
        return False
    try:
        size = path.stat().st_size
    except OSError as exc:
        book.problem("tabel-tidak-terbaca", f"Berkas tidak dapat dibaca: {exc.strerror or exc}.")
        return False
    if size > MAX_FILE_BYTES:
        book.problem("tabel-terlalu-besar", f"Berkas {size:,} bita; batasnya {MAX_FILE_BYTES:,} bita.")
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        book.problem("tabel-tidak-terbaca", f"Berkas bukan XLSX (arsip ZIP) yang utuh: {exc}.")
        return False
    if len(entries) > MAX_ENTRIES:
        book.problem("tabel-terlalu-besar", f"Arsip memuat {len(entries):,} bagian; batasnya {MAX_ENTRIES}.")
        return False
    # The declared sizes bound what is read: Python's zipfile stops each part at its declared size
    # (and fails its CRC check), so an archive that lies about them cannot inflate past the limit.
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        book.problem("tabel-terlalu-besar", f"Isi arsip mengembang menjadi {total:,} bita (batas {MAX_UNCOMPRESSED:,}); "
                     "berkas tidak dibuka.")
        return False
    if any(MACRO_PARTS.search(e.filename) for e in entries):
        book.problem("tabel-makro", "Berkas memuat makro (vbaProject) dan tidak dibaca.")
        return False
    return True


def _merged(path: Path, part: str) -> Iterator[str]:
    """Top-left cells of merged ranges in one sheet part, read in bounded chunks."""
    with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            for match in _MERGE.finditer(text):
                yield match.group(1).decode("ascii")
            tail = text[-200:]  # a match cut by the chunk's end is found whole next time (callers dedupe)


class _Refusal:
    """Reports a refused cell of one sheet at its place."""

    def __init__(self, book: WorkbookData, sheet: str) -> None:
        self.book, self.sheet, self.row, self.column = book, sheet, 0, 0

    def refuse(self, code: str, message: str) -> None:
        self.book.problem(code, message, self.sheet, self.row, self.column)
        self.book.refused.add((self.sheet, self.row, self.column))


_REFUSED = object()


def convert(raw: Any, data_type: str, column: Column, out: _Refusal) -> Any:  # noqa: PLR0911 - one return per cell type
    """The register value of one cell, or ``_REFUSED`` after reporting why."""
    want = KIND_WORDS[column.kind]
    if data_type == "f" and column.kind is Kind.BOOLEAN and str(raw).upper() in LOGICAL_CONSTANTS:
        return LOGICAL_CONSTANTS[str(raw).upper()]  # how LibreOffice saves a typed TRUE: a constant, not evaluated
    if data_type == "f":
        out.refuse("tabel-rumus", f"Sel berisi rumus {str(raw)[:60]!r}; rumus tidak dihitung. "
                   f"Kolom {column.header} meminta {want}.")
        return _REFUSED
    if data_type == "e":
        out.refuse("tabel-jenis-sel", f"Sel berisi galat rumus {str(raw)[:20]}; kolom {column.header} meminta {want}.")
        return _REFUSED
    if isinstance(raw, str):
        if len(raw) > MAX_CELL_CHARS:
            out.refuse("tabel-sel-terlalu-panjang", f"Sel berisi {len(raw):,} karakter; batas satu sel {MAX_CELL_CHARS:,}.")
            return _REFUSED
        text = raw[1:] if raw.startswith(APOSTROPHE) else raw  # a typed text marker, not data
        return _from_text(text, column, out)
    if isinstance(raw, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        shown = f"{raw:%Y-%m-%d}" if isinstance(raw, dt.date) else str(raw)
        out.refuse("tabel-tanggal-excel", f"Sel berisi {shown} yang disimpan sebagai tanggal Excel, bukan teks; "
                   f"kolom {column.header} meminta {want}.")
        return _REFUSED
    if isinstance(raw, bool):
        if column.kind is Kind.BOOLEAN:
            return raw
        out.refuse("tabel-jenis-sel", f"Kolom {column.header} meminta {want}; sel berisi nilai logika {str(raw).upper()}.")
        return _REFUSED
    if isinstance(raw, (int, float)):
        return _number(raw, column, out)
    out.refuse("tabel-jenis-sel", f"Kolom {column.header} meminta {want}; sel berisi {type(raw).__name__}.")
    return _REFUSED


def _number(raw: float, column: Column, out: _Refusal) -> Any:
    want = KIND_WORDS[column.kind]
    if column.kind is Kind.INTEGER and float(raw).is_integer():
        return int(raw)
    if column.kind is Kind.NUMBER:
        return int(raw) if float(raw).is_integer() else raw
    if column.kind is Kind.DATE:
        try:
            seen = from_excel(raw)
            shown = f"nomor seri tanggal Excel {raw!r} ({seen:%Y-%m-%d})" if isinstance(seen, dt.datetime) else repr(raw)
        except (ValueError, OverflowError, TypeError):
            shown = repr(raw)
        out.refuse("tabel-tanggal-excel", f"Sel berisi {shown}; kolom {column.header} meminta {want}.")
        return _REFUSED
    out.refuse("tabel-jenis-sel", f"Kolom {column.header} meminta {want}; sel berisi angka {raw!r} "
               "(aplikasi lembar kerja mengubah ketikan seperti 1e3 menjadi angka).")
    return _REFUSED


def _from_text(text: str, column: Column, out: _Refusal) -> Any:
    want = KIND_WORDS[column.kind]
    if column.kind is Kind.INTEGER and _INTEGER.match(text):
        return int(text)
    if column.kind is Kind.NUMBER and _DECIMAL.match(text):
        return int(text) if _INTEGER.match(text) else float(text)
    if column.kind is Kind.BOOLEAN and text.strip().lower() in {"true", "false"}:
        return text.strip().lower() == "true"
    if column.kind in (Kind.INTEGER, Kind.NUMBER, Kind.BOOLEAN):
        out.refuse("skema-tipe", f"Kolom {column.header} meminta {want}; sel berisi teks {text[:60]!r}.")
        return _REFUSED
    return text


KIND_WORDS = {Kind.TEXT: "teks", Kind.DATE: "tanggal TTTT-BB-HH (sebagai teks)", Kind.INTEGER: "bilangan bulat",
              Kind.NUMBER: "angka", Kind.BOOLEAN: "TRUE atau FALSE", Kind.CODE: "kode dari daftar pilihan"}


def _headers(ws: Any, sheet: Sheet, book: WorkbookData, data: SheetData) -> None:
    wanted = {c.header: c for c in (*sheet.keys, *sheet.columns)} | {ID_COLUMN: None}
    for index, cell in enumerate(next(ws.iter_rows(min_row=1, max_row=1), ()), start=1):
        value = cell.value
        if value is None or value == "":
            continue
        if index > MAX_COLUMNS:
            book.problem("tabel-kolom-tidak-dikenal", f"Lembar memuat lebih dari {MAX_COLUMNS} kolom.", sheet.name, 1, index)
            break
        if not isinstance(value, str) or value not in wanted:
            book.problem("tabel-kolom-tidak-dikenal", f"Judul kolom {str(value)[:60]!r} tidak dikenal di lembar {sheet.name}.",
                         sheet.name, 1, index)
        elif value in data.columns:
            book.problem("tabel-kolom-tidak-dikenal", f"Judul kolom {value!r} muncul dua kali.", sheet.name, 1, index)
        else:
            data.columns[value] = index
    for needed in (ID_COLUMN, *(k.header for k in sheet.keys)):
        if needed not in data.columns:
            book.problem("tabel-kolom-hilang", f"Kolom kunci {needed!r} tidak ada di lembar {sheet.name}.", sheet.name, 1, 1)


def _rows(ws: Any, sheet: Sheet, book: WorkbookData, data: SheetData) -> None:
    by_index = {index: header for header, index in data.columns.items()}
    columns = {c.header: c for c in (*sheet.keys, *sheet.columns)}
    id_column = Column(ID_COLUMN, (), Kind.TEXT, "", "")
    out = _Refusal(book, sheet.name)
    for row_number, row in enumerate(ws.iter_rows(min_row=2), start=2):
        if row_number > MAX_ROWS + 1:
            book.problem("tabel-terlalu-besar", f"Lembar {sheet.name} memuat lebih dari {MAX_ROWS:,} baris data; "
                         "sisanya tidak dibaca.", sheet.name, row_number, 1)
            return
        cells: dict[str, Cell] = {}
        for cell in row:
            raw = getattr(cell, "value", None)
            if raw is None or raw == "":
                continue
            index = cell.column
            header = by_index.get(index)
            if header is None:
                book.problem("tabel-kolom-tidak-dikenal", "Sel berisi data di kolom tanpa judul yang dikenal.",
                             sheet.name, row_number, index)
                continue
            column = columns.get(header, id_column)
            out.row, out.column = row_number, index
            value = convert(raw, cell.data_type, column, out)
            if value is _REFUSED:
                continue
            cells[header] = Cell(value, row_number, index)
            if book.full:
                return
        if cells:
            data.rows[row_number] = cells


def read(path: Path, layout: Layout, name: str) -> WorkbookData:
    """Every known sheet of the workbook as typed cells, with every problem located."""
    book = WorkbookData(name)
    if not check_archive(path, book):
        return book
    # openpyxl warns about parts it does not support (extensions, print settings); none of them
    # holds data this reader uses, so the warnings are not the unit's problem.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
            book.problem("tabel-tidak-terbaca", f"Berkas tidak dapat dibaca sebagai XLSX: {type(exc).__name__}.")
            return book
        try:
            for ws in wb.worksheets:
                _sheet(path, ws, layout, book)
                if book.full:
                    break
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile, SyntaxError) as exc:  # ParseError is a SyntaxError
            book.problem("tabel-tidak-terbaca", f"Isi lembar tidak dapat dibaca: {type(exc).__name__}.")
        finally:
            wb.close()
    for sheet in layout.sheets:
        if sheet.name not in book.sheets and not book.full:
            book.problem("tabel-lembar-hilang", f"Lembar {sheet.name} tidak ada; jangan menghapus atau mengganti nama lembar.",
                         hint="Ambil lembar itu dari templat (kerjasama tabel ekspor --kosong).")
    return book


def _sheet(path: Path, ws: Any, layout: Layout, book: WorkbookData) -> None:
    title = ws.title
    sheet = layout.sheet(title)
    hidden = getattr(ws, "sheet_state", "visible") != "visible"
    if title == CODES_SHEET or (title == GUIDE_SHEET and not hidden):
        return
    if sheet is None:
        book.problem("tabel-lembar-tersembunyi" if hidden else "tabel-lembar-tidak-dikenal",
                     f"Lembar {title[:40]!r} {'tersembunyi dan ' if hidden else ''}bukan bagian dari tabel register.", title)
        return
    if hidden:
        book.problem("tabel-lembar-tersembunyi", f"Lembar {title} disembunyikan; tampilkan lagi sebelum diserahkan.", title)
    part = getattr(ws, "_worksheet_path", None)
    if isinstance(part, str):
        seen: set[str] = set()
        for ref in _merged(path, part):
            if ref not in seen:
                seen.add(ref)
                letters = ref.rstrip("0123456789")
                book.problem("tabel-sel-gabung", f"Sel gabung mulai {ref}; pisahkan sel gabung.", title,
                             int(ref[len(letters):]), column_index_from_string(letters))
    data = SheetData(sheet)
    _headers(ws, sheet, book, data)
    _rows(ws, sheet, book, data)
    book.sheets[title] = data
