"""Published data read as a stream (issue 16): the post-build checks see what reading the whole file
saw — every string with its key, every record id — and refuse what is not JSON, in small memory."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.rules import walk_strings
from generator.verify import jsonstream, postbuild, sitescan
from generator.verify.sitescan import Scanner, calendar_strings

KEYS = st.sampled_from(["id", "url", "judul", "sha256", "location", "a.b", "", "nama", "kerja_sama"])
SCALARS = st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=12)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                    max_leaves=30)


def _stream(value: Any) -> io.BytesIO:
    return io.BytesIO(json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_strings_are_the_parsed_documents(value: Any) -> None:
    expected = [(path[-1] if path else None, text) for path, text in walk_strings(value)]
    assert list(jsonstream.strings(_stream(value))) == expected


def _records_in(data: Any) -> list[str] | None:
    """The inventory's reading before the stream (the whole document parsed), as the oracle."""
    if isinstance(data, list):
        return [str(item.get("id")) for item in data if isinstance(item, dict)]
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        lists = [v for v in lists if all("id" in i for i in v)]
        return [str(item.get("id")) for item in lists[0]] if len(lists) == 1 else None
    return None


RECORD = st.dictionaries(KEYS, SCALARS, max_size=4)
LISTS = st.dictionaries(KEYS, st.lists(RECORD | SCALARS, max_size=4) | SCALARS | RECORD, max_size=4) \
    | st.lists(RECORD | SCALARS, max_size=4) | SCALARS


@settings(max_examples=300, deadline=None)
@given(LISTS)
def test_record_ids_are_the_parsed_documents(value: Any) -> None:
    assert jsonstream.record_ids(_stream(value)) == _records_in(value)


@pytest.mark.parametrize("text", [b"", b"{", b'{"a": 1} x', b'{"a": [1,}', b"[1] [2]", b'{"a": NaN}', b"\xff"])
def test_what_is_not_json_is_refused(text: bytes) -> None:
    with pytest.raises((jsonstream.JSONError, UnicodeDecodeError)):
        list(jsonstream.strings(io.BytesIO(text)))
    with pytest.raises((jsonstream.JSONError, UnicodeDecodeError)):
        jsonstream.record_ids(io.BytesIO(text))


def _scan_file(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    scanner = Scanner(tmp_path, tmp_path / "docs", "localhost:8000")
    scanner.scan_data(path, name)
    return [f"{p.code}: {p.message}" for p in scanner.problems]


def test_the_scan_refuses_broken_json_and_finds_personal_data_in_it(tmp_path: Path) -> None:
    assert _scan_file(tmp_path, "a.json", b'{"a": [1,}') == ["situs-berkas-rusak: JSON tidak sah"]
    document = {"kerja_sama": [{"id": "x", "url": "https://x.example/081251234567", "catatan": "HP 0812 5123 4567"}]}
    assert _scan_file(tmp_path, "b.json", json.dumps(document).encode()) == [
        "situs-data-pribadi: data pribadi: nomor telepon seluler"]
    del document["kerja_sama"][0]["catatan"]  # under "url" a number is part of an address, not personal data
    assert _scan_file(tmp_path, "c.json", json.dumps(document).encode()) == []


LINE_CHARS = st.sampled_from(["a", " ", "0812", "5123", "4567", "\n", "\r\n", "\r", "\x85", "\u2028", "\x0c", ",",
                              '"', "NIK", "6271011203850001", "@", "contoh.net", "x"])


def _old_lines(text: str) -> list[str]:
    return text.splitlines()


def _old_cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    header = [name.lower() for name in rows[0]] if rows else []
    keep = [i for i, name in enumerate(header) if not any(k in name for k in ("url", "sha256", "location"))]
    return [row[i] for row in rows[1:] for i in keep if i < len(row)]


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE_CHARS, max_size=40), st.sampled_from(["semua.ics", "daftar.csv", "catatan.txt"]))
def test_line_and_row_files_are_read_as_before(tmp_path_factory: pytest.TempPathFactory, parts: list[str],
                                                name: str) -> None:
    """The streamed reading gives the check the strings the whole-file reading gave it."""
    folder = tmp_path_factory.mktemp("data")
    path = folder / name
    path.write_bytes("".join(parts).encode("utf-8"))
    seen: list[str] = []

    def first_leak(rel: str, strings: Iterable[str]) -> None:  # every string the check is given, in order
        seen.extend(strings)

    scanner = Scanner(folder, folder / "docs", "localhost:8000")
    scanner.first_leak = first_leak  # type: ignore[method-assign,assignment]
    with pytest.MonkeyPatch.context() as patch:  # a calendar event met twice is checked twice
        patch.setattr(sitescan, "KNOWN_EVENTS_LIMIT", 0)
        scanner.scan_data(path, name)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if name.endswith(".ics"):  # every line as before, then each folded line unfolded (no event end here)
        lines = _old_lines(text)
        assert seen[:len(lines)] == lines and seen == calendar_strings(list(io.StringIO(text)))
    else:
        assert seen == (_old_cells(text) if name.endswith(".csv") else _old_lines(text))


def test_no_published_json_is_parsed_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan and the inventory never build the open-data list whole (json.load/loads would)."""
    path = tmp_path / "api" / "v1" / "kerja-sama.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"jumlah": 3, "kerja_sama": [{"id": f"n{i}", "judul": "Naskah"} for i in range(3)]}),
                    encoding="utf-8")

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("a published JSON file was parsed whole")

    monkeypatch.setattr(json, "loads", whole)
    monkeypatch.setattr(json, "load", whole)
    assert postbuild.api_records(tmp_path) == ["n0", "n1", "n2"]
    assert _scan_file(tmp_path, "api/v1/kerja-sama.json", path.read_bytes()) == []
