"""Issue 19: the shape of values. Dates within 1945-2100 everywhere, free text that is not blank,
integers written as digits, lower-case booleans, documents that are PDF files.

The hostile corpus (tests/hostile/tolak) and the fixtures hold the located diagnostics; these
tests hold the schema, the clock and the reader to one another.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from constants import AS_OF

from generator import clock
from generator.check.checker import date_problem
from generator.check.validate import Environment, check_loaded
from generator.read.loader import Loaded
from generator.read.yamlstrict import MAX_INT_DIGITS, read_text


def nodes(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        yield path, node
        for key, value in node.items():
            if key not in {"examples", "enum", "const"}:
                yield from nodes(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value, path)


# --- dates -----------------------------------------------------------------------------------------
def test_clock_and_schema_share_the_years(env: Environment) -> None:
    tanggal = env.schema.document["$defs"]["tanggal"]
    assert (tanggal["x-tahun-paling-awal"], tanggal["x-tahun-paling-akhir"]) == (clock.FIRST_YEAR, clock.LAST_YEAR)
    year = env.schema.document["properties"]["tahun_tanda_tangan"]
    assert (year["minimum"], year["maximum"]) == (clock.FIRST_YEAR, clock.LAST_YEAR)
    assert f"{clock.FIRST_YEAR} dan {clock.LAST_YEAR}" in tanggal["description"]


@pytest.mark.parametrize(("value", "valid"), [
    ("1945-01-01", True), ("2100-12-31", True), ("2000-02-29", True), ("1944-12-31", False),
    ("2101-01-01", False), ("0000-01-01", False), ("9999-12-31", False), ("1940-06-01", False),
    ("2100-02-29", False), ("2025-02-30", False), ("20245-01-01", False)])
def test_date_pattern_and_format_agree_in_both_engines(env: Environment, value: str, valid: bool) -> None:
    tanggal = env.schema.document["$defs"]["tanggal"]
    fast = jsonschema_rs.Draft202012Validator(dict(tanggal), validate_formats=True)
    assert env.schema.validator.evolve(schema=tanggal).is_valid(value) is valid
    assert fast.is_valid(value) is valid
    assert (clock.FIRST_YEAR <= int(value[:4]) <= clock.LAST_YEAR and re.fullmatch(
        tanggal["pattern"].removesuffix("$(?!\\n)"), value) is not None) is (valid or value.endswith(("02-29", "02-30")))


def test_every_date_field_refers_to_the_bounded_date(env: Environment) -> None:
    dated = [path for path, node in nodes(env.schema.document) if node.get("format") == "date"]
    assert dated == [("$defs", "tanggal")]


def test_date_problem_names_the_years() -> None:
    assert date_problem("0000-01-01") == "memuat tahun 0000; tahun harus antara 1945 dan 2100"
    assert "hanya sampai tanggal 28" in date_problem("2100-02-29")


@pytest.mark.parametrize("text", ["1945-01-01", "2100-12-31"])
def test_as_of_within_the_years_is_accepted(text: str) -> None:
    assert clock.parse_as_of(text) == dt.date.fromisoformat(text)


@pytest.mark.parametrize("text", ["1944-12-31", "2101-01-01", "9999-12-31", "0001-01-01"])
def test_as_of_outside_the_years_is_a_usage_error(text: str) -> None:
    with pytest.raises(clock.AsOfError, match="antara 1945 dan 2100"):
        clock.parse_as_of(text)
    with pytest.raises(clock.AsOfError):
        clock.resolve_as_of(None, {clock.ENV_VAR: text})


# --- text ------------------------------------------------------------------------------------------
def test_every_free_text_field_uses_the_shared_text_type(env: Environment) -> None:
    """A new text field written as a bare {"type": "string"} would accept blank text again."""
    inline = [path for path, node in nodes(env.schema.document["properties"])
              if node.get("type") == "string" and not {"pattern", "enum", "format", "const", "$ref"} & set(node)]
    assert inline == []
    uses = [path for path, node in nodes(env.schema.document) if node.get("$ref") == "#/$defs/teks"]
    assert len(uses) >= 30


@pytest.mark.parametrize("blank", [" ", "   ", "\u00a0", "\n", "\t", "\u3000", " \u2007\u202f\u205f\u2009 ", "\n\n"])
def test_blank_text_is_refused_by_both_engines(env: Environment, blank: str) -> None:
    teks = env.schema.document["$defs"]["teks"]
    assert not env.schema.validator.evolve(schema=teks).is_valid(blank)
    assert not jsonschema_rs.Draft202012Validator(dict(teks)).is_valid(blank)


@pytest.mark.parametrize("text", ["a", " a ", "\u00a0x", "Baris satu\n", "-", "2024"])
def test_text_with_a_character_is_accepted(env: Environment, text: str) -> None:
    teks = env.schema.document["$defs"]["teks"]
    assert env.schema.validator.evolve(schema=teks).is_valid(text)


# --- numbers and booleans ----------------------------------------------------------------------------
def test_reader_keeps_the_token_kind() -> None:
    parsed = read_text(b"a: 1e3\nb: 1000.0\nc: 1000\nd: True\ne: TRUE\nf: false\ng: " + b"9" * (MAX_INT_DIGITS + 1)
                       + b"\nh: " + b"9" * MAX_INT_DIGITS + b"\n", "f.yaml")
    assert parsed.data == {"a": 1000.0, "b": 1000.0, "c": 1000, "d": "True", "e": "TRUE", "f": False,
                           "g": "9" * (MAX_INT_DIGITS + 1), "h": int("9" * MAX_INT_DIGITS)}
    assert [type(parsed.data[k]) for k in "abc"] == [float, float, int]


BASE = Path(__file__).resolve().parent / "hostile" / "dasar-lengkap.yaml"
FILE = "agreements/dasar-lengkap.yaml"


def errors(env: Environment, old: str, new: str) -> list[tuple[str, int, str, str]]:
    """Errors of the complete base record with one line changed."""
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    parsed = read_text(text.replace(old, new, 1).encode("utf-8"), FILE)
    result = check_loaded(env, AS_OF, [Loaded(FILE, parsed.data, parsed.lines, parsed.diagnostics)])
    return [(d.code, d.line, d.message, d.hint) for d in result.errors]


RUPIAH = "  sumber: [dana_mitra_swasta]\n"


def test_base_record_is_valid(env: Environment) -> None:
    assert errors(env, "catatan: Catatan contoh.", "catatan: Catatan contoh.") == []


@pytest.mark.parametrize("token", ["1e3", "1.0e+3", "1000.0", "1E3"])
def test_float_for_an_integer_is_refused_with_a_hint(env: Environment, token: str) -> None:
    [(code, line, message, hint)] = errors(env, RUPIAH, f"{RUPIAH}  nilai_rupiah: {token}\n")
    assert (code, line) == ("skema-tipe", 60)
    assert "harus berupa bilangan bulat, bukan 1000.0" in message
    assert "1e3" in hint and "titik desimal" in hint


def test_float_year_is_refused(env: Environment) -> None:
    [(code, _, message, _)] = errors(env, "kelengkapan_materi:", "tahun_tanda_tangan: 2026.0\nkelengkapan_materi:")
    assert code == "skema-tipe" and "bilangan bulat" in message


def test_float_in_a_number_field_stays_valid(env: Environment) -> None:
    assert errors(env, "    target: 150", "    target: 1.5e2") == []


@pytest.mark.parametrize(("digits", "code"), [
    ("999999999999999", None), ("1000000000000000", "skema-batas-nilai"),
    ("1234567890123456", "skema-batas-nilai"), ("99999999999999999999999", "skema-batas-nilai")])
def test_rupiah_bound(env: Environment, digits: str, code: str | None) -> None:
    found = errors(env, RUPIAH, f"{RUPIAH}  nilai_rupiah: {digits}\n")
    if code is None:
        assert found == []
        return
    [(got, line, message, _)] = found
    assert (got, line) == (code, 60)
    assert "melebihi batas paling besar 999999999999999" in message
    assert "bilangan bulat" not in message


@pytest.mark.parametrize("token", ["True", "TRUE", "False", "FALSE"])
def test_capitalised_boolean_is_refused_with_a_lower_case_hint(env: Environment, token: str) -> None:
    [(code, line, _, hint)] = errors(env, "  teranggarkan_apbd: false", f"  teranggarkan_apbd: {token}")
    assert (code, line) == ("skema-tipe", 60)
    assert "huruf kecil" in hint


@pytest.mark.parametrize("value", ["[true]", "{a: 1}", "[]", "1.5", "null"])
def test_any_value_for_a_boolean_is_a_type_error(env: Environment, value: str) -> None:
    """Found by test_fuzz: a list where a boolean belongs crashed the lower-case hint (unhashable)."""
    [(code, line, _, _)] = errors(env, "  teranggarkan_apbd: false", f"  teranggarkan_apbd: {value}")
    assert (code, line) == ("skema-tipe", 60)


def test_blank_text_message_names_the_invisible_space(env: Environment) -> None:
    [(code, line, message, _)] = errors(env, "objek: Pengelolaan sampah terpadu", "objek: \u00a0\u00a0")
    assert (code, line) == ("skema-teks-kosong", 36)
    assert "NBSP" in message and "hanya berisi spasi" in message


# --- documents -------------------------------------------------------------------------------------
def test_allowed_extensions_match_the_pattern(env: Environment) -> None:
    rule = env.schema.document["$defs"]["url_dokumen"]["then"]
    assert rule["x-ekstensi"] == [".pdf"]
    validator = env.schema.validator.evolve(schema=env.schema.document["$defs"]["url_dokumen"])
    fast = jsonschema_rs.Draft202012Validator(
        {**env.schema.document["$defs"]["url_dokumen"], "$defs": env.schema.document["$defs"]})
    good = ["https://a.go.id/naskah.pdf", "https://a.go.id/NASKAH.PDF", "https://a.go.id/x.pdf?unduh=1",
            "https://a.go.id/x.Pdf#halaman=2"]
    bad = ["https://a.go.id/x.svg", "https://a.go.id/x.html", "https://a.go.id/x", "https://a.go.id/",
           "https://a.go.id/x.php?f=a.pdf", "https://a.go.id/x.pdf.html", "https://a.go.id/pdf"]
    for url in good:
        assert validator.is_valid(url) and fast.is_valid(url), url
    for url in bad:
        assert not validator.is_valid(url) and not fast.is_valid(url), url


def test_document_extension_is_located(env: Environment) -> None:
    [(code, line, message, _)] = errors(env, "contoh.pdf", "contoh.svg")
    assert (code, line) == ("skema-ekstensi-berkas", 108)
    assert ".pdf" in message
