"""What the exported workbook offers a unit: headers with the schema's words, drop-downs from a
hidden code-list sheet, dates as text, a guide sheet, and an empty template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from generator.check.checker import Schema
from generator.commands.cli import main
from generator.commands.spreadsheet.layout import CODES_SHEET, GUIDE_SHEET, MAIN_SHEET, Kind, build_layout
from generator.project import Project
from tests.spreadsheet.conftest import REPO, export, run_import, snapshot

SCHEMA = Schema.load(REPO / "schema" / "kerja-sama.schema.json")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    project = Project(REPO)
    return openpyxl.load_workbook(export(project, tmp_path_factory.mktemp("x") / "semua.xlsx"))


def test_sheets_follow_the_layout(workbook: openpyxl.Workbook) -> None:
    layout = build_layout(SCHEMA)
    assert workbook.sheetnames == [GUIDE_SHEET, *(s.name for s in layout.sheets), CODES_SHEET]
    assert workbook[CODES_SHEET].sheet_state == "hidden"
    assert all(workbook[s.name].sheet_state == "visible" for s in layout.sheets)
    for sheet in layout.sheets:
        assert tuple(c.value for c in workbook[sheet.name][1]) == sheet.headers


def test_headers_carry_the_schema_descriptions(workbook: openpyxl.Workbook) -> None:
    ws = workbook[MAIN_SHEET]
    headers = {c.value: c for c in ws[1]}
    description = SCHEMA.node_at(("maksud_tujuan",))["description"]  # type: ignore[index]
    assert description in headers["maksud_tujuan"].comment.text


def test_every_coded_or_boolean_column_has_a_drop_down_from_the_hidden_sheet(workbook: openpyxl.Workbook) -> None:
    layout = build_layout(SCHEMA)
    for sheet in layout.sheets:
        ws = workbook[sheet.name]
        rules = {str(r.sqref).split(":")[0].rstrip("0123456789"): r for r in ws.data_validations.dataValidation}
        for index, column in enumerate((*sheet.keys, *sheet.columns), start=2):
            if column.kind not in (Kind.CODE, Kind.BOOLEAN):
                continue
            letter = openpyxl.utils.get_column_letter(index)
            assert letter in rules, (sheet.name, column.header)
            assert rules[letter].formula1.startswith(f"'{CODES_SHEET}'!$"), rules[letter].formula1
            codes = workbook[CODES_SHEET]
            ref = rules[letter].formula1.split("!")[1].replace("$", "")
            listed = [c.value for row in codes[ref] for c in row]
            assert listed == (list(column.codes) if column.kind is Kind.CODE else ["TRUE", "FALSE"])


def test_dates_are_text_cells(workbook: openpyxl.Workbook) -> None:
    ws = workbook["sumber"]
    column = [c.value for c in ws[1]].index("tanggal") + 1
    cells = [ws.cell(row=r, column=column) for r in range(2, ws.max_row + 1)]
    assert cells and all(c.data_type == "s" and c.number_format == "@" for c in cells if c.value is not None)


def test_empty_template_has_headers_only(register: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = export(register, tmp_path / "kosong.xlsx", "--kosong")
    wb = openpyxl.load_workbook(book)
    assert all(wb[s].max_row == 1 for s in wb.sheetnames if s not in (GUIDE_SHEET, CODES_SHEET))
    before = snapshot(register)
    code, out = run_import(register, book, capsys)
    assert code == 0 and snapshot(register) == before, out


def test_unknown_unit_is_a_usage_error(register: Project, tmp_path: Path) -> None:
    assert main(["--root", str(register.root), "tabel", "ekspor", "--keluaran", str(tmp_path / "x.xlsx"),
                 "--perangkat-daerah", "dinas_tidak_ada"]) == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_validate_does_not_import_the_spreadsheet_libraries() -> None:
    code = "import sys, generator.commands.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in {'openpyxl', 'ruamel'}))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO).stdout
    assert out.strip() == "[]"
