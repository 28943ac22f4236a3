"""Strict YAML reading: hostile text in, plain data plus a line map and diagnostics out.

This is a pure stage (no file access). It refuses, before parsing, every character that
editors and diffs do not show but that PyYAML treats as meaningful, then builds the data
itself from libyaml's event stream so that anchors, aliases, merge keys, explicit tags,
duplicate keys and excessive nesting are reported with their line instead of being
resolved silently. Scalars follow the YAML 1.2 core schema for null and numbers, and the
stricter YAML 1.2 JSON schema for booleans (only ``true`` and ``false``: ``True`` and ``TRUE``
stay text, so a boolean field refuses them with a hint to write lower case); everything else,
dates included, stays a string for the JSON Schema to judge. A float stays a float even when
it is whole (``1e3``, ``2024.0``), so the checker can refuse it where an integer is wanted.

Speed (issue 8): a clean file is read once by a lean loop that records no positions; the
first thing that loop cannot vouch for (an anchor, a tag, a duplicate or odd key, an escape,
a cap, a syntax error) sends the text to the detailed reader, which reports it with its line.
Positions are needed only to place a diagnostic, so a clean file's line map is built from
its text by the detailed reader on first use (:class:`LineMap`).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, json_path, make

try:  # libyaml is ten times faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000
MAX_REPORTED_CHARS = 10
MAX_REPORTED_ALIASES = 10

InstancePath = tuple[str | int, ...]
Position = tuple[int, int]

_BOM = b"\xef\xbb\xbf"
_PLAIN_TOKEN = re.compile(r"[^\s,\]\}#'\"]+")
# C0 controls except TAB and LF, DEL, C1 controls (includes U+0085 NEL), soft hyphen, Arabic
# letter mark, zero-width and directional marks, line/paragraph separators, bidi embeddings
# and isolates, word joiner and invisible operators, BOM, interlinear annotations,
# non-characters, and a CR that is not part of a CRLF pair (CRLF is normalised first).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
# Printable ASCII, tab and line feed: a file of these bytes only has no forbidden character.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"
_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "false": False}
# First characters that null, a boolean or a number can start with (see the patterns around).
_MAYBE_NOT_TEXT = frozenset("~nNtTfF+-.0123456789")
# Longer digit runs stay text: the checker reports them as beyond every bound of the schema.
MAX_INT_DIGITS = 18
_INT = re.compile(rf"[-+]?(?:0|[1-9][0-9]{{0,{MAX_INT_DIGITS - 1}}})\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")


@dataclass
class Parsed:
    """Result of reading one YAML text: data is None when the text could not be trusted."""

    data: Any
    lines: Mapping[InstancePath, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class LineMap(Mapping[InstancePath, Position]):
    """The line map of a text that read cleanly, built by the detailed reader on first use.

    Read-only like a record. Until it is used it holds only the text, which costs a tenth of
    the map and pickles in one copy when a worker process hands a file back.
    """

    __slots__ = ("_file", "_lines", "_text")

    def __init__(self, text: str, file: str) -> None:
        self._text = text
        self._file = file
        self._lines: Mapping[InstancePath, Position] | None = None

    def _map(self) -> Mapping[InstancePath, Position]:
        if self._lines is None:
            self._lines = _parse_detailed(self._text, self._file, None).lines
        return self._lines

    def source(self, path: InstancePath) -> str | None:
        """The plain scalar as written at ``path`` (``62.10`` where the data holds 62.1), or None.

        Kept for hints built from the source text (issue 18); a mapping value is found after its
        key's colon, a sequence item at its own position.
        """
        if path not in self._map():
            return None
        line_no, column = self._map()[path]
        lines = self._text.splitlines()
        if not 0 < line_no <= len(lines):
            return None
        rest = lines[line_no - 1][column - 1:]
        if path and isinstance(path[-1], str):
            _, colon, rest = rest.partition(":")
            if not colon:
                return None
        token = _PLAIN_TOKEN.match(rest.lstrip())
        return token.group(0) if token else None

    def __getitem__(self, path: InstancePath) -> Position:
        return self._map()[path]

    def __iter__(self) -> Iterator[InstancePath]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar with the YAML 1.2 core rules we accept."""
    if value and value[0] not in _MAYBE_NOT_TEXT:  # speed: most scalars are words (issue 8)
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        number = float(value)
        # 1e400 would become infinity, which JSON cannot carry: leave it a string for the schema.
        return number if math.isfinite(number) else value
    return value


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "Tanda ':' tidak boleh di sini; beri tanda kutip pada nilai yang memuat ': '"),
    ("cannot start any token", "Ada karakter yang tidak boleh mengawali nilai (tab untuk indentasi, atau @ dan ` di awal); "
                               "gunakan spasi untuk indentasi dan beri tanda kutip pada nilai"),
    ("end of stream", "Berkas berakhir sebelum tanda kutip atau kurung ditutup"),
    ("expected <block end>", "Indentasi tidak konsisten: baris ini tidak sejajar dengan kolom di atasnya"),
    ("could not find expected ':'", "Tanda ':' setelah nama kolom tidak ditemukan"),
    ("expected ',' or ']'", "Daftar dalam kurung siku belum ditutup dengan ']'"),
    ("expected ',' or '}'", "Kumpulan dalam kurung kurawal belum ditutup dengan '}'"),
    ("expected <document start>", "Ada isi setelah penanda akhir dokumen '...'; satu berkas hanya memuat satu naskah"),
    ("expected key", "Indentasi tidak konsisten, nama kolom hilang, atau tanda kutip di baris sebelumnya belum ditutup"),
)


def explain_syntax(problem: str, context: str) -> str:
    """Translate libyaml's problem text into Indonesian, keeping the original for reference."""
    original = f"{context}: {problem}" if context else problem
    for needle, explanation in _SYNTAX_HINTS:
        if needle in problem:
            return f"{explanation} (pengurai: {original})."
    return f"Sintaks YAML tidak dapat dibaca (pengurai: {original or 'kesalahan sintaks'})."


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\r": "CARRIAGE RETURN", "\x85": "NEXT LINE (NEL)"}.get(ch, "karakter kendali")
    return f"U+{ord(ch):04X} {name}"


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Check size and encoding and refuse hidden characters; return the text or diagnostics."""
    if len(raw) > MAX_BYTES:
        return None, [make("berkas-terlalu-besar", file,
                           f"Ukuran berkas {len(raw):,} bait melebihi batas {MAX_BYTES:,} bait.".replace(",", "."))]
    if raw.startswith(_BOM):  # tolerated at the very start only (Windows editors add it)
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [make("bukan-utf8", file,
                           f"Bait 0x{raw[exc.start]:02X} pada posisi ini bukan UTF-8 yang sah.",
                           line=line, column=column)]
    text = text.replace("\r\n", "\n")
    if not text.strip(" \t\n"):
        return None, [make("berkas-kosong", file, "Berkas tidak berisi data.")]
    if not raw.translate(None, _PLAIN_ASCII):  # speed: none of the characters below can be there (issue 8)
        return text, []
    found: list[Diagnostic] = []
    for match in _FORBIDDEN.finditer(text.replace("\r", "\x0b")):  # lone CR reported like a control
        pos = match.start()
        ch = text[pos]
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        found.append(make("karakter-terlarang", file,
                          f"Karakter tersembunyi {_char_name(ch)} tidak diizinkan.", line=line, column=column))
        if len(found) >= MAX_REPORTED_CHARS:
            break
    if found:
        return None, found
    return text, []


def _key_text(value: Any) -> str:
    """A non-text key as the clerk wrote it in YAML terms, not as a Python repr."""
    if value is None:
        return "kosong (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Builder:
    """Builds plain data from parser events, recording positions and structural problems."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[InstancePath, Position] = {(): (1, 1)}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[tuple[Any, InstancePath, list[Any]]] = []  # (container, path, [pending key, refused key's name])
        self.root: Any = None
        self.nodes = 0
        self.documents = 0
        self.aliases = 0
        self.fatal = False

    def error(self, code: str, message: str, mark: Any, path: InstancePath = (), hint: str | None = None) -> None:
        self.diagnostics.append(make(code, self.file, message, line=mark.line + 1, column=mark.column + 1,
                                     json_path=json_path(path), hint=hint))

    def child_path(self) -> InstancePath | None:
        """InstancePath where the next value goes; None when the next scalar is a mapping key."""
        if not self.stack:
            return ()
        container, path, pending = self.stack[-1]
        if isinstance(container, list):
            return (*path, len(container))
        if pending[0] is _SKIP:  # the value of a refused key: placed under the key as written
            return (*path, pending[1])
        return None if pending[0] is _NO_KEY else (*path, pending[0])

    def attach(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root = value
            return
        container, path, pending = self.stack[-1]
        if isinstance(container, list):
            self.lines[(*path, len(container))] = (mark.line + 1, mark.column + 1)
            container.append(value)
        else:
            key = pending[0]
            if key is not _SKIP:
                container[key] = value
            pending[0] = _NO_KEY

    def key(self, value: Any, mark: Any) -> None:
        container, path, pending = self.stack[-1]
        if not isinstance(value, str):
            self.error("yaml-kunci-bukan-teks", f"Nama kolom {_key_text(value)} bukan teks.", mark, path,
                       hint="Tulis nama kolom berupa teks; bila memang angka atau true/false, beri tanda kutip.")
            pending[:] = [_SKIP, _key_text(value)]
            return
        if value == "<<":
            self.error("yaml-merge-key", "Kunci gabung '<<' tidak diizinkan.", mark, path)
            pending[:] = [_SKIP, value]
            return
        if value in container:
            first = self.lines.get((*path, value), (0, 0))[0]
            self.error("yaml-kunci-ganda",
                       f"Kolom '{value}' sudah ditulis pada baris {first}; nilai kedua ada di baris {mark.line + 1}.",
                       mark, (*path, value), hint=f"Hapus salah satu: baris {first} atau baris {mark.line + 1}.")
            pending[:] = [_SKIP, value]
            return
        self.lines[(*path, value)] = (mark.line + 1, mark.column + 1)
        pending[0] = value

    def check_node(self, event: Any, path: InstancePath) -> bool:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.error("yaml-terlalu-dalam", f"Berkas memuat lebih dari {MAX_NODES} simpul.", event.start_mark, path)
            self.fatal = True
            return False
        if event.anchor is not None:
            self.error("yaml-anchor-alias", f"Anchor '&{event.anchor}' tidak diizinkan.", event.start_mark, path)
        if event.tag is not None:
            self.error("yaml-tag-eksplisit", f"Tag '{event.tag}' tidak diizinkan.", event.start_mark, path)
        return True

    def check_escapes(self, event: Any, path: InstancePath) -> None:
        """Refuse hidden characters that a quoted scalar spells as an escape such as \\u2028."""
        match = _FORBIDDEN.search(event.value)
        if match is not None:
            self.error("karakter-terlarang",
                       f"Nilai memuat karakter tersembunyi {_char_name(match.group())} (ditulis sebagai kode escape).",
                       event.start_mark, path)

    def on_event(self, event: Any) -> None:  # noqa: PLR0911, PLR0912 - one branch per libyaml event kind
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error("yaml-multi-dokumen", "Dokumen YAML kedua dimulai di sini.", event.start_mark)
                self.fatal = True
            return
        if isinstance(event, yaml.AliasEvent):
            path = self.child_path()
            self.aliases += 1
            if self.aliases > MAX_REPORTED_ALIASES:  # a bomb is refused already; stop reading it
                self.fatal = True
                return
            self.error("yaml-anchor-alias", f"Alias '*{event.anchor}' tidak diizinkan.", event.start_mark,
                       path if path is not None else self.stack[-1][1])
            if path is None:  # an alias used as a key: its value is skipped, already reported
                self.stack[-1][2][:] = [_SKIP, "?"]
            else:
                self.attach(None, event.start_mark)
            return
        if isinstance(event, yaml.ScalarEvent):
            path = self.child_path()
            at = path if path is not None else self.stack[-1][1]
            if event.anchor is None and event.tag is None and self.nodes < MAX_NODES:
                self.nodes += 1  # check_node with nothing to report, inlined: most events are scalars
            else:
                self.check_node(event, at)
            if event.style == '"':  # only double quotes have escapes; other text was checked by decode()
                self.check_escapes(event, at)
            value = resolve_plain(event.value) if not event.style and event.implicit[0] else event.value
            if path is None:
                self.key(value, event.start_mark)
            else:
                self.attach(value, event.start_mark)
            return
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            path = self.child_path()
            is_key = path is None
            if path is None:  # a mapping or sequence used as a key
                container_path = self.stack[-1][1]
                self.error("yaml-kunci-bukan-teks", "Nama kolom berupa struktur, bukan teks.", event.start_mark,
                           container_path)
                self.stack[-1][2][:] = [_SKIP, "?"]
                path = (*container_path, "?")
            if not self.check_node(event, path):
                return
            if len(self.stack) >= MAX_DEPTH:
                self.error("yaml-terlalu-dalam", f"Struktur bersarang lebih dari {MAX_DEPTH} tingkat.",
                           event.start_mark, path)
                self.fatal = True
                return
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.attach(container, event.start_mark)
            if is_key:  # the value that follows a complex key is skipped too
                self.stack[-1][2][:] = [_SKIP, "?"]
            self.stack.append((container, path, [_NO_KEY, "?"]))
            return
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()


_NO_KEY = object()
_SKIP = object()


def parse(text: str, file: str, *, on_event: Callable[[Any], None] | None = None) -> Parsed:
    """Parse checked text into plain data. Never raises for bad input.

    ``on_event`` sees every event of the detailed reading (tests count them); with it, the
    fast reading is skipped.
    """
    if on_event is None:
        data = _read_clean(text)
        if data is not None:
            return Parsed(data, LineMap(text, file), [])
    return _parse_detailed(text, file, on_event)


def _parse_detailed(text: str, file: str, on_event: Callable[[Any], None] | None) -> Parsed:
    """Parse with a position for every key and item and a diagnostic for every problem."""
    builder = _Builder(file)
    loader = _EventLoader(text)
    try:
        # get_event() directly (None after the stream end): yaml.parse() wraps it in a Python
        # generator with a second call per event, a third of parsing time (issue 8).
        while (event := loader.get_event()) is not None:
            if on_event is not None:
                on_event(event)
            builder.on_event(event)
            if builder.fatal:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = ((mark.line + 1), (mark.column + 1)) if mark else (1, 1)
        if "nesting depth" in (exc.problem or ""):  # libyaml's own cap (1000) can come before ours
            builder.diagnostics.append(make("yaml-terlalu-dalam", file,
                                            f"Struktur bersarang lebih dari {MAX_DEPTH} tingkat.", line=line,
                                            column=column))
        else:
            builder.diagnostics.append(make("yaml-sintaks", file, explain_syntax(exc.problem or "", exc.context or ""),
                                            line=line, column=column))
        return Parsed(None, builder.lines, builder.diagnostics)
    except yaml.YAMLError as exc:
        builder.diagnostics.append(make("yaml-sintaks", file, f"Pengurai YAML: {exc}."))
        return Parsed(None, builder.lines, builder.diagnostics)
    finally:
        loader.dispose()
    if builder.diagnostics:
        return Parsed(None, builder.lines, builder.diagnostics)
    if builder.root is None:
        return Parsed(None, builder.lines, [make("berkas-kosong", file, "Berkas hanya berisi komentar atau nilai kosong.")])
    if not isinstance(builder.root, dict):
        kind = "daftar" if isinstance(builder.root, list) else "nilai tunggal"
        return Parsed(None, builder.lines, [make("akar-bukan-mapping", file, f"Isi berkas berupa {kind}.")])
    return Parsed(builder.root, builder.lines, [])


def _read_clean(text: str) -> dict[str, Any] | None:
    """The data of a text that needs no diagnostic, or None when the detailed reader must look.

    It returns data exactly when :func:`_parse_detailed` would return the same data without
    a diagnostic (``tests/test_yaml_fastpath.py`` holds the two to that).
    """
    loader = _EventLoader(text)
    try:
        return _build_clean(loader.get_event)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


# Keys and short values (codes, names, dates) recur in every file: one shared copy of each
# (sys.intern) took a fifth of the register's memory off a 20,000-agreement build (issue 8).
_SHARED_TEXT = 40


def _build_clean(next_event: Callable[[], Any]) -> dict[str, Any] | None:  # noqa: PLR0911, PLR0912, PLR0915 - the fast path is one loop over events; a call per event costs 2x
    # Locals and class identity instead of the builder's methods and isinstance: this loop
    # sees every event of every file (1.5 million at 10,000 files).
    scalar, alias, mapping_start, sequence_start = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                                    yaml.SequenceStartEvent)
    mapping_end, sequence_end, document_start = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
    forbidden, maybe_not_text, intern = _FORBIDDEN.search, _MAYBE_NOT_TEXT, sys.intern
    root: Any = None
    container: Any = None  # the innermost open mapping or sequence
    is_map = False
    key: Any = _NO_KEY  # its pending key, when a mapping
    stack: list[tuple[Any, bool]] = []  # the containers around it
    nodes = documents = 0
    while (event := next_event()) is not None:
        kind = event.__class__
        if kind is scalar:
            nodes += 1
            if nodes > MAX_NODES or event.anchor is not None or event.tag is not None:
                return None
            style = event.style
            value = event.value
            if not style and event.implicit[0]:
                if not value or value[0] in maybe_not_text:  # resolve_plain's own test, inlined
                    value = resolve_plain(value)
            elif style == '"' and forbidden(value) is not None:
                return None
            if value.__class__ is str and len(value) <= _SHARED_TEXT:
                value = intern(value)
            if not is_map:
                if container is None:
                    return None  # a scalar document: the detailed reader names it
                container.append(value)
            elif key is not _NO_KEY:
                container[key] = value
                key = _NO_KEY
            elif value.__class__ is str and value != "<<" and value not in container:
                key = value
            else:
                return None
        elif kind is mapping_start or kind is sequence_start:
            nodes += 1
            if nodes > MAX_NODES or event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH - 1:
                return None
            new: Any = {} if kind is mapping_start else []
            if is_map:
                if key is _NO_KEY:
                    return None  # a mapping or sequence used as a key
                container[key] = new
                key = _NO_KEY
            elif container is not None:
                container.append(new)
            elif root is None:
                root = new
            else:
                return None
            if container is not None:
                stack.append((container, is_map))
            container, is_map = new, kind is mapping_start
        elif kind is mapping_end or kind is sequence_end:
            container, is_map = stack.pop() if stack else (None, False)
            key = _NO_KEY
        elif kind is alias:
            return None
        elif kind is document_start:
            documents += 1
            if documents > 1:
                return None
    return root if isinstance(root, dict) else None


def read_text(raw: bytes, file: str) -> Parsed:
    """Decode and parse raw bytes of one YAML file."""
    text, problems = decode(raw, file)
    if text is None:
        return Parsed(None, {}, problems)
    return parse(text, file)
