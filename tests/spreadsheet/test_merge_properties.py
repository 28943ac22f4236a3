"""Any text a cell can hold survives the in-place edit of a file: it reads back exactly, never as
a different value (YAML's 'no', '1e3', '#', ': ' and friends), and the modeline stays."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.checker import Schema
from generator.commands.spreadsheet.merge import changed_text, expected_data
from generator.read.yamlstrict import read_text
from tests.spreadsheet.conftest import REPO

SCHEMA = Schema.load(REPO / "schema" / "kerja-sama.schema.json")
FILE = REPO / "agreements" / "2025-bpjs-kesehatan-uhc.yaml"
TEXT = FILE.read_text(encoding="utf-8")
DATA = read_text(FILE.read_bytes(), "x").data
TRICKY = st.sampled_from(["no", "yes", "null", "~", "1e3", "0x10", "010", "2024-05-22", "22:22", "- x", "# x", "a: b",
                          "'x'", '"x"', "x #y", " x", "x ", "@x", "=1+1", "&a", "*a", "!tag", "%x", "[x]", "{x}", "|", ">"])
TEXTS = st.one_of(TRICKY, st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", ""),
                                  min_size=1, max_size=40))


@settings(max_examples=150, deadline=None)
@given(objek=TEXTS, tanggal=TEXTS)
def test_any_cell_text_reads_back_exactly(objek: str, tanggal: str) -> None:
    assert DATA is not None
    changes = {("objek",): objek, ("tahapan_sop", 0, "tanggal_mulai"): tanggal, ("nomor_naskah",): objek}
    expected = expected_data(DATA, changes)
    text = changed_text(TEXT, expected, changes, SCHEMA)
    assert read_text(text.encode("utf-8"), "x").data == expected
    assert text.splitlines()[0] == TEXT.splitlines()[0]
