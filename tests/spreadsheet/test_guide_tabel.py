"""The spreadsheet guide page: in the nav, its commands parse, its codes exist, its example runs."""

from __future__ import annotations

import re
import shlex

from generator.commands.cli import build_parser
from generator.commands.spreadsheet import reader
from generator.diagnostics import CATALOGUE
from tests.spreadsheet.conftest import REPO

PAGE = REPO / "docs" / "panduan" / "tabel.md"


def test_page_is_in_the_nav_and_the_guide_index() -> None:
    assert "panduan/tabel.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "(tabel.md)" in (REPO / "docs" / "panduan" / "index.md").read_text(encoding="utf-8")


def test_commands_on_the_page_parse() -> None:
    commands = re.findall(r"^    (kerjasama tabel .+)$", PAGE.read_text(encoding="utf-8"), re.M)
    assert len(commands) >= 4
    parser = build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])
        assert args.command == "tabel"


def test_codes_on_the_page_exist() -> None:
    named = set(re.findall(r"\b((?:tabel|skema)-[a-z-]+[a-z])\b", PAGE.read_text(encoding="utf-8")))
    assert {"tabel-rumus", "tabel-tanggal-excel", "tabel-hapus-isian"} <= named
    assert named <= set(CATALOGUE), named - set(CATALOGUE)


def test_limits_on_the_page_are_the_code_s() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert f"{reader.MAX_FILE_BYTES // (1024 * 1024)} MB" in text
    assert f"{reader.MAX_UNCOMPRESSED // (1024 * 1024)} MB" in text
    assert f"{reader.MAX_ROWS:,}".replace(",", ".") + " baris" in text
    assert f"{reader.MAX_CELL_CHARS:,}".replace(",", ".") + " karakter" in text
