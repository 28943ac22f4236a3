"""The validator's shortcuts (issue 8) answer what the detailed paths answer: the lean YAML
reading gives the detailed reader's data or steps aside, a lazy line map is the detailed map,
and the content rule's one-walk screen finds every URL and personal-data diagnostic."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import pytest
from constants import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check import rules
from generator.check.privacy import NO_EXEMPTIONS
from generator.check.validate import Environment, check_loaded
from generator.read.loader import Loaded
from generator.read.record import Record
from generator.read.yamlstrict import _FORBIDDEN, LineMap, _parse_detailed, _read_clean, decode, parse

TEXTS = sorted({*REPO.glob("agreements/*.yaml"), *REPO.glob("data/*.yaml"), *REPO.glob("schema/kode/*.yaml"),
                *REPO.glob("tests/fixtures/**/*.yaml"), *REPO.glob("tests/hostile/**/*.yaml")})


def _same_as_detailed(text: str) -> Any:
    """The lean reading's data, after checking it against the detailed reading."""
    fast = _read_clean(text)
    detailed = _parse_detailed(text, "f.yaml", None)
    if fast is not None:
        assert detailed.diagnostics == []
        assert fast == detailed.data
        assert [type(v) for v in _leaves(fast)] == [type(v) for v in _leaves(detailed.data)]  # 1 is not 1.0 or True
    return fast


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in (key, *_leaves(item))]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: str(p.relative_to(REPO)))
def test_files_of_the_repository_read_alike(path: Path) -> None:
    text, _ = decode(path.read_bytes(), "f.yaml")
    if text is not None:
        _same_as_detailed(text)


def test_a_clean_agreement_takes_the_lean_reading() -> None:
    text = (REPO / "tests/fixtures/valid").glob("*.yaml").__next__().read_text(encoding="utf-8")
    assert _same_as_detailed(text) is not None  # otherwise the shortcut never runs


# Pieces of YAML, hostile ones included: every construct the detailed reader refuses must make
# the lean reading step aside, and everything else must give the same data.
FRAGMENTS = [
    "a: ", "b: ", "a:\n", "  a: ", "  - ", "- ", "\n", "  ", "1", "-1", "0x1F", "1e400", ".5", "true", "True", "no",
    "~", "null", "2024-05-22", "'62.71'", '"x"', '"\\u2028"', '"\\x41"', '"\\t"', "'it''s'", "|\n  teks\n", ">\n  x\n",
    "&a ", "*a", "!!str ", "!x ", "<<: ", "? ", "[", "]", "{", "}", ", ", ": ", "#c", "---\n", "...\n",
    "%YAML 1.2\n---\n", "? [k]\n: v\n", "{x: 1}: y\n", "1: a\n", "null: b\n", "'<<': c\n", "kata", "x y",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_lean_reading_gives_the_detailed_data_or_steps_aside(fragments: list[str]) -> None:
    _same_as_detailed("".join(fragments))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "<<: {}\n", "? [k]\n: v\n", "1: a\n", 'a: "\\u200b"\n',
    "a: 1\n---\nb: 2\n", "- 1\n", "x\n", "# kosong\n", "a: [1\n", "a: " + "[" * 20 + "]" * 20 + "\n",
    "a: [" + ", ".join(["1"] * 20_001) + "]\n",
])
def test_what_needs_a_diagnostic_is_left_to_the_detailed_reader(text: str) -> None:
    assert _read_clean(text) is None
    assert parse(text, "f.yaml").diagnostics


def test_line_map_is_the_detailed_map_and_travels_between_processes() -> None:
    text = "a: 1\nb:\n  - x\n  - c: 2\n"
    parsed = parse(text, "f.yaml")
    assert isinstance(parsed.lines, LineMap)
    detailed = _parse_detailed(text, "f.yaml", None).lines
    copy = pickle.loads(pickle.dumps(parsed.lines))
    assert dict(parsed.lines) == dict(copy) == detailed
    assert parsed.lines[("b", 1, "c")] == (4, 5)


# --- the content rule's screen ------------------------------------------------------------------
STRINGS = ["teks", "1234567890123456", "NIK 6271012345678901.", "0812 5123 4567", "+62 812-5123-4567",
           "surat@palangkaraya.go.id", "nama@gmail.com", "a@b", "2024-05-22", "Rp 1.000.000", "628123",
           "https://palangkaraya.go.id/x", "http://localhost/", "javascript:alert(1)", "https://1.2.3.4/",
           "https://a.b/ x", "https://ä.example/", "https://x.go.id:8080/", "\x00", "08", "123456789012345",
           "3578.0801.0203.0001", "NIK ３５７８０８０１０２０３０００１", "(0812) 3456 7890", "budi [at] gmail [dot] com"]
KEYS = ["url", "sha256", "judul", "nomor"]


def _record(data: dict[str, Any]) -> Record:
    return Record.create("agreements/x.yaml", {"id": "x", **data}, {})


values = st.recursive(st.one_of(st.sampled_from(STRINGS), st.integers(0, 3), st.none(), st.booleans()),
                      lambda children: st.one_of(st.lists(children, max_size=3),
                                                 st.dictionaries(st.sampled_from(KEYS), children, max_size=3)),
                      max_leaves=12)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=4))
def test_content_screen_finds_what_the_walk_with_paths_finds(data: dict[str, Any]) -> None:
    record = _record(data)
    exact = [*rules._url_diagnostics(record), *rules._personal_data_diagnostics(record, NO_EXEMPTIONS)]
    ctx = rules.Context((), {}, None, dt.date(2026, 12, 4))  # type: ignore[arg-type]  # reads no code list
    assert list(rules.rule_content(record, ctx)) == exact


# --- the decoder's shortcut for plain ASCII -------------------------------------------------------
@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "~", "\x00", "\x1b", "\x7f", "\x85",
                                         "\u00ad", "\u200b", "\u2028", "\ufeff", "é", ":"]), min_size=1, max_size=40))
def test_text_decoded_without_diagnostics_has_no_forbidden_character(text: str) -> None:
    decoded, problems = decode(text.encode("utf-8"), "f.yaml")
    if decoded is not None:
        assert problems == []
        assert _FORBIDDEN.search(decoded) is None and "\r" not in decoded
    else:
        assert problems


def test_validated_records_keep_no_file_text(env: Environment) -> None:
    """The register after validation holds no line maps (nor the text a lazy map keeps), and
    a late attempt to place a diagnostic fails loudly instead of pointing at line 1."""
    path = sorted((REPO / "tests/fixtures/valid").glob("*.yaml"))[0]
    parsed = parse(path.read_text(encoding="utf-8"), "agreements/" + path.name)
    result = check_loaded(env, dt.date(2026, 11, 27), [Loaded("agreements/" + path.name, parsed.data, parsed.lines)])
    [record] = result.records
    assert dict(record.lines) == {}
    with pytest.raises(ValueError, match="dropped after validation"):
        record.position(("id",))
