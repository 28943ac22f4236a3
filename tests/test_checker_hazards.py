"""One test per JSON Schema hazard of ../shared/security.md.

Each test first shows the hazard with plain jsonschema/PyYAML where that is possible, then
shows that the register's checker turns it into a located diagnostic.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from constants import REPO
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from generator.check.checker import Schema
from generator.check.rules import url_problem
from generator.check.validate import Environment, check_loaded
from generator.project import Project
from generator.read.loader import Loaded, load_all
from generator.read.yamlstrict import read_text

BASE_FILE = REPO / "tests" / "fixtures" / "valid" / "2024-bumn-hibah-non-ksd.yaml"
BASE_NAME = "tests/fixtures/valid/2024-bumn-hibah-non-ksd.yaml"


@pytest.fixture(scope="module")
def base() -> Loaded:
    parsed = read_text(BASE_FILE.read_bytes(), BASE_NAME)
    assert parsed.diagnostics == []
    return Loaded(BASE_NAME, parsed.data, parsed.lines)


def check(env: Environment, base: Loaded, as_of: dt.date, **changes: Any) -> list[tuple[str, int, str]]:
    """Diagnostics for the base record with top-level fields replaced (None deletes)."""
    data = copy.deepcopy(base.data)
    assert data is not None
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    result = check_loaded(env, as_of, [Loaded(base.file, data, base.lines)])
    return [(d.code, d.line, d.json_path) for d in result.diagnostics]


def with_url(base: Loaded, url: str) -> list[dict[str, Any]]:
    assert base.data is not None
    sources = copy.deepcopy(base.data["sumber"])
    sources[0]["url"] = url
    return list(sources)


def schema_nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_nodes(value)


def test_base_record_is_clean(env: Environment, base: Loaded, as_of: dt.date) -> None:
    assert check(env, base, as_of) == []


# --- format is checked ---------------------------------------------------------------------------
def test_format_date_is_checked(env: Environment, base: Loaded, as_of: dt.date) -> None:
    # The hazard: without a format checker, "format" is only an annotation.
    assert Draft202012Validator({"type": "string", "format": "date"}).is_valid("2025-02-30")
    line = base.lines[("tanggal_tanda_tangan",)][0]
    assert check(env, base, as_of, tanggal_tanda_tangan="2025-02-30") == [
        ("skema-tanggal", line, "$.tanggal_tanda_tangan")]


def test_every_date_field_has_type_pattern_and_format(env: Environment) -> None:
    tanggal = env.schema.document["$defs"]["tanggal"]
    assert (tanggal["type"], tanggal["format"]) == ("string", "date")
    refs = [n for n in schema_nodes(dict(env.schema.document)) if n.get("$ref") == "#/$defs/tanggal"]
    assert len(refs) >= 10
    assert not [n for n in schema_nodes(dict(env.schema.document)) if n.get("format") == "date"
                and "type" not in n and n is not tanggal]


# --- URLs: http(s) with a host, by pattern and by code ---------------------------------------------
BAD_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/x", "//example.org/x", "example.org/x",
    "http://localhost/x", "https://127.0.0.1/x", "http://[::1]/x", "http://10.0.0.1/", "https://intranet/x",
    "https://user:sandi@example.org/x", "https://example.org@evil.example/x", "https://example.org:8080/x",
    "https://example.org/\n", "https://example.org/a b", "https://example.org/<script>", "https://example.org/\"x",
    "https:/example.org/x", "https://-example.org/", "https://example.local/x",
]
GOOD_URLS = ["https://example.org", "https://www.palangkaraya.go.id/berita?id=1#a", "http://example.org:443/x",
             "https://kalteng.antaranews.com/berita/123/judul-berita"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_url_is_refused(env: Environment, base: Loaded, as_of: dt.date, url: str) -> None:
    found = check(env, base, as_of, sumber=with_url(base, url))
    assert len(found) == 1
    code, line, path = found[0]
    assert code in {"skema-pola", "url-tidak-aman"}
    assert (line, path) == (base.lines[("sumber", 0, "url")][0], "$.sumber[0].url")


@pytest.mark.parametrize("url", BAD_URLS)
def test_bad_url_is_refused_by_code_alone(url: str) -> None:
    # Defence in depth: the rule refuses it even if the schema pattern were loosened.
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", GOOD_URLS)
def test_good_url_is_accepted(env: Environment, base: Loaded, as_of: dt.date, url: str) -> None:
    assert url_problem(url) is None
    assert check(env, base, as_of, sumber=with_url(base, url)) == []


# --- patterns: "$" before a final newline, non-ASCII digits ------------------------------------------
def shape_patterns(env: Environment) -> list[str]:
    """Every pattern that describes a whole value. $defs/teks only asks for one character that is not
    whitespace anywhere in free text, where a final line break (a YAML block scalar) is legitimate."""
    blank = env.schema.document["$defs"]["teks"]["pattern"]
    return [n["pattern"] for n in schema_nodes(dict(env.schema.document))
            if isinstance(n.get("pattern"), str) and n["pattern"] != blank]


def test_no_pattern_uses_a_bare_dollar_or_unicode_digit_class(env: Environment) -> None:
    patterns = shape_patterns(env)
    assert len(patterns) >= 6
    for pattern in patterns:
        assert pattern.startswith("^"), pattern
        assert pattern.endswith(("$(?!\\n)", "\\Z")), pattern
        assert "\\d" not in pattern and "\\w" not in pattern, pattern


def register_strings() -> Iterator[tuple[tuple[Any, ...], str]]:
    project = Project(REPO)
    for folder in (REPO / "agreements", REPO / "tests" / "fixtures" / "valid"):
        for item in load_all(Project(REPO, register=folder)) if folder != project.agreements else load_all(project):
            stack: list[tuple[tuple[Any, ...], Any]] = [((), item.data)]
            while stack:
                path, value = stack.pop()
                if isinstance(value, str):
                    yield path, value
                elif isinstance(value, dict):
                    stack.extend(((*path, k), v) for k, v in value.items())
                    stack.extend(((*path, "<key>"), k) for k in value)
                elif isinstance(value, list):
                    stack.extend(((*path, i), v) for i, v in enumerate(value))


def test_every_pattern_refuses_a_trailing_newline_on_real_values(env: Environment) -> None:
    patterns = set(shape_patterns(env))
    checked = 0
    for _, value in register_strings():
        for pattern in patterns:
            if re.search(pattern, value):
                assert re.search(pattern, value + "\n") is None, (pattern, value)
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize(("field", "value"), [
    ("id", "2024-bumn-hibah-non-ksd\n"),
    ("perangkat_daerah", "dinas_lingkungan_hidup\n"),
    ("tanggal_berakhir", "2024-12-31\n"),
])
def test_trailing_newline_is_refused(env: Environment, base: Loaded, as_of: dt.date, field: str, value: str) -> None:
    assert re.search("^[a-z0-9-]+$", "abc\n")  # the hazard (jsonschema #576)
    [(code, line, path)] = check(env, base, as_of, **{field: value})
    assert code in {"skema-pola", "skema-nilai-tidak-dikenal", "skema-tanggal"}
    assert (line, path) == (base.lines[(field,)][0], f"$.{field}")


ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


def test_non_ascii_digits_in_a_date_are_refused(env: Environment, base: Loaded, as_of: dt.date) -> None:
    value = "2024-08-17".translate(ARABIC_INDIC)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)  # the hazard: \d matches them
    assert check(env, base, as_of, tanggal_tanda_tangan=value) == [
        ("skema-tanggal", base.lines[("tanggal_tanda_tangan",)][0], "$.tanggal_tanda_tangan")]


def test_non_ascii_digits_in_a_region_code_are_refused(env: Environment, base: Loaded, as_of: dt.date) -> None:
    assert base.data is not None
    parties = copy.deepcopy(base.data["para_pihak"])
    parties[0]["kode_wilayah"] = "62.71".translate(ARABIC_INDIC)
    assert check(env, base, as_of, para_pihak=parties) == [
        ("skema-pola", base.lines[("para_pihak", 0, "kode_wilayah")][0], "$.para_pihak[0].kode_wilayah")]


def test_non_ascii_digits_never_become_a_number() -> None:
    assert int("2024".translate(ARABIC_INDIC)) == 2024  # the hazard: Python's int() accepts them
    parsed = read_text("tahun_tanda_tangan: 2024\n".translate(ARABIC_INDIC).encode(), "f.yaml")
    assert parsed.data == {"tahun_tanda_tangan": "2024".translate(ARABIC_INDIC)}  # text; the schema wants int


# --- a YAML date is not a JSON string ---------------------------------------------------------------
def test_unquoted_date_is_kept_as_a_string(env: Environment, base: Loaded, as_of: dt.date) -> None:
    # The hazard: safe_load turns it into datetime.date, which "type: string" refuses.
    assert isinstance(yaml.safe_load("t: 2024-08-17")["t"], dt.date)
    raw = BASE_FILE.read_bytes().replace(b'tanggal_tanda_tangan: "2024-08-17"', b"tanggal_tanda_tangan: 2024-08-17")
    assert raw != BASE_FILE.read_bytes()
    parsed = read_text(raw, BASE_NAME)
    assert parsed.data is not None and parsed.data["tanggal_tanda_tangan"] == "2024-08-17"
    result = check_loaded(env, as_of, [Loaded(BASE_NAME, parsed.data, parsed.lines)])
    assert result.diagnostics == () and len(result.records) == 1


# --- the schema itself: checked once, references resolved locally ---------------------------------
def test_broken_schema_is_refused_at_load(tmp_path: Path) -> None:
    broken = tmp_path / "skema.json"
    broken.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 5}))
    with pytest.raises(SchemaError):
        Schema.load(broken)


def test_every_ref_is_local(env: Environment) -> None:
    refs = [n["$ref"] for n in schema_nodes(dict(env.schema.document)) if "$ref" in n]
    assert refs and all(ref.startswith("#/$defs/") for ref in refs)
    assert "$dynamicRef" not in json.dumps(env.schema.document)


def test_remote_ref_is_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = tmp_path / "skema.json"
    remote.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                  "properties": {"a": {"$ref": "https://example.org/jahat.json"}}}))
    schema = Schema.load(remote)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the checker tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(Exception) as info:
        schema.check({"a": 1}, "f.yaml", {})
    assert "jahat.json" in str(info.value) and not isinstance(info.value, AssertionError)
