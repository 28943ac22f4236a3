"""Screenshots of a unit's spreadsheet for the guide (docs/panduan/tabel.md), drawn by LibreOffice.

The real register's workbook for Dinas Kesehatan is exported and its ``petunjuk`` and ``naskah``
sheets are rendered to PNG by LibreOffice headless. ``--convert-to png`` draws the first printed
page of the first sheet, so each sheet is drawn from a copy of the workbook in which it is the
first and active sheet, printed on a landscape A3 page at 100 % with grid lines and row and column
headings (and row heights that fit its wrapped text, which the headless conversion does not
compute); the picture is then cropped to what was drawn.

``KERJASAMA_SCREENSHOTS=folder`` writes them there as ``tabel-1-petunjuk.png`` and
``tabel-2-naskah.png``; the guide's copies are in docs/assets/panduan/ and are refreshed with
``KERJASAMA_SCREENSHOTS=docs/assets/panduan``. The assertions never depend on the variable. The
test skips locally without LibreOffice (or without its graphic export filters, Debian's
``libreoffice-draw-nogui``) and fails instead under CI=true, as the other LibreOffice tests do.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from PIL import Image, ImageChops

from generator.project import Project
from tests.spreadsheet.conftest import export

UNIT = "dinas_kesehatan"
SHEETS = {"petunjuk": "tabel-1-petunjuk.png", "naskah": "tabel-2-naskah.png"}
NASKAH_COLUMNS = "A:I"  # id, title, document type, legal regime, category and the next few columns
LINE_SPACING = 1.35  # a line of text is this many times its font size high, in points
MARGIN = 8  # pixels of white kept around the drawing
MAX_BYTES = 150_000


def _copy_showing(workbook: Path, sheet: str, target: Path) -> Path:
    """A copy of the workbook whose first, active and only selected sheet is ``sheet``, laid out to print."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb[sheet]
    wb.move_sheet(ws, offset=-wb.index(ws))
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.orientation = "landscape"
    ws.page_setup.scale = 100
    ws.print_options.gridLines = True
    ws.print_options.headings = True
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            lines = 1
            if cell.alignment.wrap_text:
                width = ws.column_dimensions[cell.column_letter].width or 10
                lines = sum(max(1, math.ceil(len(part) / width)) for part in cell.value.split("\n"))
            height = math.ceil((cell.font.sz or 11) * LINE_SPACING * lines)
            ws.row_dimensions[cell.row].height = max(ws.row_dimensions[cell.row].height or 0, height)
    if sheet == "naskah":
        first, last = NASKAH_COLUMNS.split(":")
        ws.print_area = f"{first}1:{last}{ws.max_row}"
    wb.save(target)
    return target


def _render(libreoffice: str, workbooks: list[Path], outdir: Path) -> list[Path]:
    """The first page of each workbook's first sheet as PNG (LibreOffice's calc_png_Export), in one run."""
    outdir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([libreoffice, f"-env:UserInstallation=file://{outdir / 'profil'}", "--headless",
                           "--convert-to", "png", "--outdir", str(outdir), *map(str, workbooks)],
                          capture_output=True, text=True, timeout=300, check=False)
    pngs = [outdir / f"{workbook.stem}.png" for workbook in workbooks]
    if not all(png.is_file() for png in pngs):
        message = (f"LibreOffice drew no PNG ({done.stdout.strip()} {done.stderr.strip()}); its graphic export "
                   "filters come with libreoffice-draw-nogui")
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; LibreOffice tests never skip in CI")
        pytest.skip(message)
    return pngs


def _cropped(png: Path, target: Path) -> Path:
    """The drawing without the page's white margins, in a small palette (text and grid lines only)."""
    with Image.open(png) as image:
        page = Image.new("RGB", image.size, "white")
        page.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
    box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
    assert box is not None, f"{png.name}: LibreOffice drew an empty page"
    left, top, right, bottom = box
    drawing = page.crop((max(0, left - MARGIN), max(0, top - MARGIN),
                         min(page.width, right + MARGIN), min(page.height, bottom + MARGIN)))
    drawing.quantize(colors=32).save(target, optimize=True)
    return target


def test_guide_screenshots_of_the_unit_spreadsheet(register: Project, tmp_path: Path, libreoffice: str) -> None:
    book = export(register, tmp_path / "dinkes.xlsx", "--perangkat-daerah", UNIT)
    copies = [_copy_showing(book, sheet, tmp_path / f"{sheet}.xlsx") for sheet in SHEETS]
    pngs = _render(libreoffice, copies, tmp_path / "lo")
    shots = {sheet: _cropped(png, tmp_path / name) for (sheet, name), png in zip(SHEETS.items(), pngs, strict=True)}

    for sheet, shot in shots.items():
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", sheet
        with Image.open(shot) as image:
            width, height = image.size
            colours = image.convert("L").getextrema()
        assert 600 <= width <= 1600 and 60 <= height <= 1100, (sheet, image.size)
        assert colours[0] < 64 and colours[1] > 192, f"{sheet}: dark text on a light page"
        assert shot.stat().st_size < MAX_BYTES, (sheet, shot.stat().st_size)
    # Each picture is its own sheet (the conversion draws the first sheet, whatever is active): the
    # instructions are more rows than Dinas Kesehatan's few agreements, the agreements more columns.
    wb = openpyxl.load_workbook(book)
    assert wb["petunjuk"].max_row > wb["naskah"].max_row
    with Image.open(shots["naskah"]) as naskah, Image.open(shots["petunjuk"]) as petunjuk:
        assert petunjuk.height > naskah.height

    folder = os.environ.get("KERJASAMA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for shot in shots.values():
            shutil.copyfile(shot, Path(folder) / shot.name)

