"""One test per YAML and file hazard of ../shared/security.md.

Every hazard must end as a located diagnostic (file, line, column), never as an exception,
and one bad file must never stop the others from being checked. Where the hazard is a
behaviour of the pinned PyYAML, the test first shows that behaviour, so it fails loudly if
a dependency update changes the ground under the loader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from constants import REPO

from generator.diagnostics import Diagnostic
from generator.project import Project
from generator.read import yamlstrict
from generator.read.loader import load_all, load_file
from generator.read.yamlstrict import MAX_BYTES, MAX_DEPTH, MAX_NODES, Parsed, parse, read_text

OK = b"id: uji\njudul: Naskah uji\n"


def codes(parsed: Parsed) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in parsed.diagnostics]


def refused(raw: bytes, code: str) -> list[Diagnostic]:
    """Read ``raw``; assert it is refused with ``code`` and every diagnostic is located."""
    parsed = read_text(raw, "agreements/uji.yaml")
    assert parsed.data is None
    assert parsed.diagnostics, "a refused file must say why"
    assert {d.code for d in parsed.diagnostics} == {code}
    for d in parsed.diagnostics:
        assert d.file == "agreements/uji.yaml" and d.line >= 1 and d.column >= 1
    return parsed.diagnostics


# --- duplicate keys -------------------------------------------------------------------------
def test_duplicate_key_names_both_lines() -> None:
    raw = b"id: satu\njudul: x\nid: dua\n"
    assert yaml.safe_load(raw) == {"id": "dua", "judul": "x"}  # the hazard: last one wins silently
    [d] = refused(raw, "yaml-kunci-ganda")
    assert (d.line, d.column, d.json_path) == (3, 1, "$.id")
    assert "baris 1" in d.message and "baris 3" in d.message
    assert "baris 1" in d.hint and "baris 3" in d.hint


def test_duplicate_key_in_nested_mapping() -> None:
    [d] = refused(b"para_pihak:\n  - nama: a\n    nama: b\n", "yaml-kunci-ganda")
    assert (d.line, d.json_path) == (3, "$.para_pihak[0].nama")


def test_same_key_in_different_mappings_is_fine() -> None:
    parsed = read_text(b"a:\n  nama: x\nb:\n  nama: y\n", "f.yaml")
    assert parsed.diagnostics == [] and parsed.data == {"a": {"nama": "x"}, "b": {"nama": "y"}}


# --- hidden line breaks and invisible characters ----------------------------------------------
HIDDEN = {
    "U+0085 NEL": "\u0085",
    "U+2028 LINE SEPARATOR": "\u2028",
    "U+2029 PARAGRAPH SEPARATOR": "\u2029",
    "lone CR": "\r",
    "C0 BEL": "\x07",
    "C0 NUL": "\x00",
    "C0 ESC": "\x1b",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "bidi RLO": "\u202e",
    "bidi LRI": "\u2066",
    "bidi PDI": "\u2069",
    "Arabic letter mark": "\u061c",
    "left-to-right mark": "\u200e",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "BOM inside the text": "\ufeff",
}


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_character_is_refused_where_it_is(char: str) -> None:
    raw = f"id: uji\njudul: Naskah{char}id: lain\n".encode()
    [d] = refused(raw, "karakter-terlarang")
    assert (d.line, d.column) == (2, 14)
    assert f"U+{ord(char):04X}" in d.message


@pytest.mark.parametrize("char", ["\u0085", "\u2028", "\u2029", "\r"], ids=["NEL", "LS", "PS", "CR"])
def test_pyyaml_really_breaks_lines_on_these(char: str) -> None:
    # The hazard itself: what an editor shows as one line, PyYAML reads as two keys.
    assert yaml.safe_load(f"judul: x{char}id: lain\n") == {"judul": "x", "id": "lain"}


@pytest.mark.parametrize("escape", ["\\u2028", "\\N", "\\0", "\\u202e", "\\u200b", "\\x1b"])
def test_hidden_character_spelt_as_an_escape_in_quotes_is_refused(escape: str) -> None:
    [d] = refused(f'id: uji\njudul: "Naskah{escape}uji"\n'.encode(), "karakter-terlarang")
    assert (d.line, d.json_path) == (2, "$.judul")


def test_tab_and_crlf_are_allowed() -> None:
    parsed = read_text(b"id: uji\r\njudul:\tNaskah\r\ncatatan: |\r\n  a\tb\r\n", "f.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {"id": "uji", "judul": "Naskah", "catatan": "a\tb\n"}


def test_many_hidden_characters_are_reported_with_a_cap() -> None:
    diagnostics = refused(("judul: " + "\u200b" * 500 + "\n").encode(), "karakter-terlarang")
    assert len(diagnostics) == yamlstrict.MAX_REPORTED_CHARS


# --- exceptions that are not YAMLError ---------------------------------------------------------
NOT_YAMLERROR = {
    "unquoted 2025-02-30": (b"tanggal: 2025-02-30\n", ValueError),
    "!!timestamp 'x'": (b"tanggal: !!timestamp 'x'\n", AttributeError),
    "!!bool x": (b"a: !!bool x\n", KeyError),
    "!!int x": (b"a: !!int x\n", ValueError),
}


@pytest.mark.parametrize(("raw", "exception"), NOT_YAMLERROR.values(), ids=NOT_YAMLERROR.keys())
def test_exceptions_that_are_not_yamlerror_become_diagnostics(raw: bytes, exception: type[Exception]) -> None:
    with pytest.raises(exception) as info:
        yaml.safe_load(raw)
    assert not isinstance(info.value, yaml.YAMLError)  # the hazard: `except YAMLError` misses it
    parsed = read_text(raw, "f.yaml")  # must not raise
    if raw.startswith(b"tanggal: 2025"):
        assert parsed.data == {"tanggal": "2025-02-30"}  # kept as text; the schema reports the date
    else:
        assert codes(parsed) == [("yaml-tag-eksplisit", 1, raw.index(b"!") + 1)]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 999, 1001, 100_000])
def test_recursion_risk_deep_nesting_is_cut_at_a_cap(depth: int) -> None:
    deep = b"a: " + b"[" * depth + b"]" * depth + b"\n"
    events: list[Any] = []
    parsed = parse(deep.decode(), "f.yaml", on_event=events.append)
    [(code, line, column)] = codes(parsed)
    assert (code, line) == ("yaml-terlalu-dalam", 1)
    # Our cap (column of the 16th bracket) or libyaml's own cap of 1000 flow levels, which its
    # scanner reaches before handing over the first event.
    assert column == (4 + MAX_DEPTH - 1 if depth < 1000 else 1003)
    assert len(events) < MAX_DEPTH + 10  # stops reading instead of walking every level


def test_deep_block_mappings_are_refused() -> None:
    raw = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)).encode()
    [d] = refused(raw, "yaml-terlalu-dalam")
    assert d.line == MAX_DEPTH + 1
    ok = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)).encode() + b"  " * (MAX_DEPTH - 1) + b"x: 1\n"
    assert read_text(ok, "f.yaml").diagnostics == []


def test_node_count_is_capped() -> None:
    raw = ("a: [" + ", ".join(["1"] * (MAX_NODES + 10)) + "]\n").encode()
    assert len(raw) < MAX_BYTES
    [d] = refused(raw, "yaml-terlalu-dalam")
    assert d.line == 1


# --- alias bombs and cycles --------------------------------------------------------------------
BILLION_LAUGHS = b"a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + b"".join(
    b"%c: &%c [%s]\n" % (c, c, b",".join([b"*%c" % (c - 1)] * 9)) for c in range(ord("b"), ord("j") + 1))


def test_billion_laughs_is_refused_without_expansion() -> None:
    assert len(BILLION_LAUGHS) < 1024
    events: list[Any] = []
    parsed = parse(BILLION_LAUGHS.decode(), "f.yaml", on_event=events.append)
    assert parsed.data is None
    assert {d.code for d in parsed.diagnostics} == {"yaml-anchor-alias"}
    assert parsed.diagnostics[0].line == 1
    # Time-independent facts: the reader looked at fewer events than the text has bytes, and
    # reported a bounded number of aliases (the expanded document would have 9**10 strings).
    assert len(events) < len(BILLION_LAUGHS) // 4
    aliases = [d for d in parsed.diagnostics if d.message.startswith("Alias")]
    assert len(aliases) == yamlstrict.MAX_REPORTED_ALIASES


def test_cyclic_alias_is_refused() -> None:
    diagnostics = refused(b"a: &a [*a]\n", "yaml-anchor-alias")
    assert [(d.line, d.column, d.json_path) for d in diagnostics] == [(1, 4, "$.a"), (1, 8, "$.a[0]")]


@pytest.mark.parametrize(("raw", "code"), [
    (b"a: {x: 1}\nb:\n  <<: {y: 2}\n", "yaml-merge-key"),
    (b"a: !!str 1\n", "yaml-tag-eksplisit"),
    (b"a: !lokal 1\n", "yaml-tag-eksplisit"),
    (b"%TAG ! tag:contoh.org,2002:\n---\na: !x 1\n", "yaml-tag-eksplisit"),
    (b"a: &jangkar 1\n", "yaml-anchor-alias"),
    (b"a: &x k\n*x : 1\n", "yaml-anchor-alias"),
])
def test_anchors_merge_keys_and_tags_are_refused(raw: bytes, code: str) -> None:
    refused(raw, code)


@pytest.mark.parametrize(("raw", "found"), [
    (b"<<: &a x\n", [("yaml-merge-key", 1, "$"), ("yaml-anchor-alias", 5, '$["<<"]')]),
    (b"1: !x y\n", [("yaml-kunci-bukan-teks", 1, "$"), ("yaml-tag-eksplisit", 4, '$["1"]')]),
    (b"a: 1\na: [&x 1]\n", [("yaml-kunci-ganda", 1, "$.a"), ("yaml-anchor-alias", 5, "$.a[0]")]),
    (b"? [k]\n: {a: b}\nc: &x d\n", [("yaml-kunci-bukan-teks", 3, "$"), ("yaml-anchor-alias", 4, "$.c")]),
    (b"*x : &y 1\n", [("yaml-anchor-alias", 1, "$"), ("yaml-anchor-alias", 6, '$["?"]')]),
])
def test_refused_key_whose_value_is_refused_too(raw: bytes, found: list[tuple[str, int, str]]) -> None:
    """The value of a refused key has a path under the key as written; it used to crash the reader."""
    parsed = read_text(raw, "f.yaml")
    assert parsed.data is None
    assert [(d.code, d.column, d.json_path) for d in parsed.diagnostics] == found


# --- YAML 1.1 implicit typing ------------------------------------------------------------------
def test_yaml11_implicit_types_stay_strings() -> None:
    raw = (b"a: no\nb: on\nc: off\nd: yes\ne: y\nf: 010\ng: 22:22\nh: 2025-01-15\ni: 0x10\nj: 1_000\n"
           b"k: 0o7\nl: .inf\nm: 1e400\nn: 2025-01-15T10:00:00Z\n")
    assert yaml.safe_load(raw)["g"] == 1342  # the hazard: sexagesimal
    parsed = read_text(raw, "f.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {"a": "no", "b": "on", "c": "off", "d": "yes", "e": "y", "f": "010", "g": "22:22",
                           "h": "2025-01-15", "i": "0x10", "j": "1_000", "k": "0o7", "l": ".inf", "m": "1e400",
                           "n": "2025-01-15T10:00:00Z"}


def test_yaml12_core_scalars_resolve() -> None:
    parsed = read_text(b"a: true\nb: false\nc: null\nd: ~\ne:\nf: 10\ng: -3\nh: 2.5\ni: 'true'\nj: \"10\"\n", "f")
    assert parsed.data == {"a": True, "b": False, "c": None, "d": None, "e": None, "f": 10, "g": -3, "h": 2.5,
                           "i": "true", "j": "10"}


# --- size, depth, encodings, documents, root ----------------------------------------------------
def test_size_cap() -> None:
    [d] = refused(b"judul: " + b"x" * MAX_BYTES + b"\n", "berkas-terlalu-besar")
    assert (d.line, d.column) == (1, 1)
    assert read_text(b"judul: " + b"x" * (MAX_BYTES - 100) + b"\n", "f").diagnostics == []


def test_bom_policy_leading_bom_is_ignored() -> None:
    with_bom = read_text(b"\xef\xbb\xbf" + OK, "f.yaml")
    assert with_bom.diagnostics == [] and with_bom.data == read_text(OK, "f.yaml").data


def test_bom_policy_bom_elsewhere_is_refused() -> None:
    [d] = refused(OK + b"catatan: a\xef\xbb\xbfb\n", "karakter-terlarang")
    assert (d.line, d.column) == (3, 11)


@pytest.mark.parametrize(("raw", "position"), [
    (b"id: uji\njudul: caf\xe9\n", (2, 11)),                    # Latin-1
    (b"\xff\xfei\x00d\x00:\x00", (1, 1)),                        # UTF-16 with BOM
    (b"id: uji\njudul: \xed\xa0\x80\n", (2, 8)),                 # encoded surrogate
    (b"id: uji\njudul: \xc0\xaf\n", (2, 8)),                     # overlong encoding
])
def test_non_utf8_is_refused_at_the_byte(raw: bytes, position: tuple[int, int]) -> None:
    [d] = refused(raw, "bukan-utf8")
    assert (d.line, d.column) == position


def test_multi_document_is_refused_at_the_second_document() -> None:
    [d] = refused(OK + b"---\nid: lain\n", "yaml-multi-dokumen")
    assert d.line == 3
    [d] = refused(OK + b"...\nid: lain\n", "yaml-sintaks")  # content after the end marker
    assert d.line == 4 and "'...'" in d.message
    assert read_text(b"---\n" + OK + b"...\n", "f").diagnostics == []  # one explicit document is fine


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"   \n", b"# komentar saja\n", b"~\n", b"---\n", b"null\n"])
def test_empty_file(raw: bytes) -> None:
    refused(raw, "berkas-kosong")


@pytest.mark.parametrize("raw", [b"- a\n- b\n", b"teks saja\n", b"42\n", b"[a, b]\n", b"true\n"])
def test_root_must_be_a_mapping(raw: bytes) -> None:
    refused(raw, "akar-bukan-mapping")


@pytest.mark.parametrize("raw", [b"1: a\n", b"true: a\n", b"~: a\n", b"? [a]\n: b\n", b"? {a: 1}\n: b\n"])
def test_keys_must_be_text(raw: bytes) -> None:
    refused(raw, "yaml-kunci-bukan-teks")


# --- files: symlinks, names, unreadable, one bad file does not stop the others -------------------
def test_symlink_in_the_register_is_refused_and_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.yaml"
    secret.write_bytes(OK)
    register = tmp_path / "agreements"
    register.mkdir()
    (register / "tautan.yaml").symlink_to(secret)
    (register / "folder.yaml").symlink_to(tmp_path, target_is_directory=True)
    loaded = load_all(Project(tmp_path))
    assert [(item.file, item.data, [d.code for d in item.diagnostics]) for item in loaded] == [
        ("agreements/folder.yaml", None, ["tautan-simbolik"]),
        ("agreements/tautan.yaml", None, ["tautan-simbolik"]),
    ]


def test_register_folder_that_is_a_symlink_is_not_walked(tmp_path: Path) -> None:
    real = tmp_path / "asli"
    real.mkdir()
    (real / "uji.yaml").write_bytes(OK)
    (tmp_path / "agreements").symlink_to(real, target_is_directory=True)
    [item] = load_all(Project(tmp_path))
    assert [d.code for d in item.diagnostics] == ["tautan-simbolik"]


def test_unreadable_path_is_a_diagnostic(tmp_path: Path) -> None:
    item = load_file(Project(tmp_path), tmp_path / "agreements" / "tidak-ada.yaml")
    assert item.data is None
    assert [(d.code, d.file, d.line) for d in item.diagnostics] == [
        ("berkas-tidak-terbaca", "agreements/tidak-ada.yaml", 1)]


def test_nothing_in_the_register_folder_is_skipped_silently(tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    (register / "2024").mkdir(parents=True)
    (register / "2024" / "di-subfolder.yaml").write_bytes(OK)
    for name in ("besar.YAML", "disimpan.yaml.txt", "catatan.md", ".gitkeep"):
        (register / name).write_bytes(OK)
    loaded = load_all(Project(tmp_path))
    assert [(item.file, [d.code for d in item.diagnostics]) for item in loaded] == [
        ("agreements/2024", ["nama-berkas-tidak-sah"]),
        ("agreements/besar.YAML", ["nama-berkas-tidak-sah"]),
        ("agreements/catatan.md", ["nama-berkas-tidak-sah"]),
        ("agreements/disimpan.yaml.txt", ["nama-berkas-tidak-sah"]),
    ]  # hidden dot files (.gitkeep) are the only thing left out
    assert "subfolder" in loaded[0].diagnostics[0].message


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    register = tmp_path / "agreements"
    register.mkdir()
    (register / "a-rusak.yaml").write_bytes(b"id: [\n")
    (register / "b-baik.yaml").write_bytes(OK)
    (register / "c-kosong.yaml").write_bytes(b"")
    loaded = load_all(Project(tmp_path))
    assert [(item.file.rsplit("/", 1)[1], item.data is not None) for item in loaded] == [
        ("a-rusak.yaml", False), ("b-baik.yaml", True), ("c-kosong.yaml", False)]


# --- the command line never shows a traceback --------------------------------------------------
HOSTILE_FILES: dict[str, bytes] = {
    "dup.yaml": b"id: dup\nid: lain\n",
    "nel.yaml": "id: nel\njudul: a\u0085id: b\n".encode(),
    "ls.yaml": "id: ls\njudul: a\u2028id: b\n".encode(),
    "cr.yaml": b"id: cr\rjudul: a\n",
    "bidi.yaml": "id: bidi\njudul: a\u202eb\n".encode(),
    "tanggal.yaml": b"id: tanggal\ntanggal_tanda_tangan: 2025-02-30\n",
    "timestamp.yaml": b"id: timestamp\ntanggal_tanda_tangan: !!timestamp 'x'\n",
    "bool.yaml": b"id: bool\nstatus: !!bool x\n",
    "dalam.yaml": b"id: dalam\ncatatan: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "bom.yaml": BILLION_LAUGHS,
    "siklus.yaml": b"id: siklus\nruang_lingkup: &a [*a]\n",
    "besar.yaml": b"id: besar\ncatatan: " + b"x" * (MAX_BYTES + 1) + b"\n",
    "latin.yaml": b"id: latin\njudul: caf\xe9\n",
    "multi.yaml": b"id: multi\n---\nid: dua\n",
    "kosong.yaml": b"",
    "daftar.yaml": b"- id: daftar\n",
    "inf.yaml": b"id: inf\nindikator_keberhasilan: [{indikator: a, satuan: b, target: 1e400}]\n",
    "js.yaml": b"id: js\nsumber: [{url: 'javascript:alert(1)', penerbit: x, tanggal: '2024-01-01'}]\n",
    "id-nl.yaml": b'id: "id-nl\\n"\n',
}


def test_cli_reports_every_hostile_file_without_a_traceback(tmp_path: Path) -> None:
    register = tmp_path / "hostile"
    register.mkdir()
    for name, raw in HOSTILE_FILES.items():
        (register / name).write_bytes(raw)
    (register / "tautan.yaml").symlink_to(register / "dup.yaml")
    env = {**os.environ, "KERJASAMA_AS_OF": "2026-11-27"}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "validate", str(register),
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stderr
    reported = json.loads(done.stdout)
    files = {Path(d["berkas"]).name for d in reported if d["tingkat"] == "galat"}
    assert files == {*HOSTILE_FILES, "tautan.yaml"}
    assert all(d["baris"] >= 1 and d["kolom"] >= 1 for d in reported)
