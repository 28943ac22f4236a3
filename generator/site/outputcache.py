"""Generation's cache: each agreement's outputs kept between runs, keyed by what they read (issue 16).

Per agreement, the page, its badge and the parts of its open data that do not change with the
as-of date (the record's JSON text, the cells of its own CSV columns, its calendar events without
DTSTAMP and description) are made from values: the template's or serialiser's inputs for that
agreement. What changes every day (the computed view with the days left, the two event lines)
is made anew and joined to the kept part (generator.site.opendata.api.object_text,
generator.site.opendata.calendar.completed), so a daily rebuild finds the rest here. The
cache keeps each output's bytes under a digest of

- the **build digest** (:func:`build_digest`): every file of the generator package (code and
  templates), the installed versions of the libraries that write the bytes (Jinja2, MarkupSafe,
  Babel, icalendar, python-dateutil, feedgen, MkDocs, mkdocs-material) and of Python, the site
  settings as loaded (``mkdocs.yml``'s ``extra``, ``!ENV`` values included), and the bytes of
  ``mkdocs.yml``, ``schema/`` (schema and code lists) and ``data/`` (glossary and other data
  files); any change starts an empty cache and the old one is removed;
- the **kind** of output and its **inputs**: exactly the values handed to the template or
  serialiser (the record as in its file, its typed view, status, related rows, history,
  control, as-of date where the output shows it...), serialised with :mod:`pickle` without its
  memo. A pickle is read back to an equal value of the same types, so two different inputs never
  share a key; an input that pickles differently while equal only misses. The status words, code lists,
  schema and settings that objects carry are named, not serialised: the build digest covers
  them. A record's data (in the keys of its own outputs and of every related record's) stands
  as the SHA-256 of its own serialisation, computed once per record object per generation: two
  different inputs share a key only if SHA-256 collides, as the key itself is a SHA-256.
  An input that cannot be serialised is an error, never a guess.

The cache is a plain directory (``gen/`` in generator.cachedir's folder: ``.cache/kerjasama/``
or ``$KERJASAMA_CACHE_DIR``); ``KERJASAMA_CACHE=0`` turns it off. An entry is one file written
to a temporary name and renamed; it carries its format, its key and the SHA-256 of its bytes,
and a missing, truncated, corrupt or foreign entry is ignored and the output made again. A
generation that reads an entry touches it; after a whole generation, entries it did not use
(another day's pages, a deleted agreement) are removed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from generator.cachedir import GENERATOR, cache_root, code_files, enabled, versions
from generator.check.checker import Schema
from generator.derive.status import Vocabulary
from generator.read.codelists import CodeLists
from generator.read.record import Record
from generator.settings import SiteConfig

FOLDER = "gen"
FORMAT = b"kerjasama-gen-cache 1"
PACKAGES = ("jinja2", "markupsafe", "babel", "icalendar", "python-dateutil", "feedgen", "mkdocs",
            "mkdocs-material")
PROJECT_INPUTS = ("mkdocs.yml", "schema", "data")
_HEX = frozenset("0123456789abcdef")
Output = TypeVar("Output", str, bytes)
Value = TypeVar("Value")


def _project_files(root: Path) -> Iterable[tuple[str, Path]]:
    for name in PROJECT_INPUTS:
        path = root / name
        if path.is_file():
            yield name, path
        elif path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and "__pycache__" not in found.parts:
                    yield found.relative_to(root).as_posix(), found


def build_digest(project_root: Path, config: SiteConfig) -> str:
    """The digest of everything every cached output depends on besides its own inputs."""
    digest = hashlib.sha256(FORMAT)
    for path in code_files():
        digest.update(f"\0code\0{path.relative_to(GENERATOR).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    for name, path in _project_files(project_root):
        digest.update(f"\0project\0{name}\0".encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps({"python": sys.version, "packages": versions(PACKAGES), "config": repr(config)},
                             sort_keys=True).encode())
    return digest.hexdigest()


# --- keys -----------------------------------------------------------------------------------------

def _record(record_id: str, file: str, data: bytes) -> tuple[str, str, bytes]:
    """What a record stands for in a key: its id, file and the SHA-256 of its data as :func:`serialised`
    writes it (its line numbers are no output's input)."""
    return record_id, file, data


def _shared(name: str) -> str:
    """An object the build digest covers (status words, code lists, schema, settings): named only."""
    return name


_SHARED = (Vocabulary, CodeLists, Schema, SiteConfig)


_RECORD, _PROXY, _NAMED, _SET, _DEFAULT = range(5)


def _handling(kind: type) -> int:
    """How :class:`_KeyPickler` writes an object of this type (asked once per type: a key pickles
    thousands of objects, mostly of a few types)."""
    if issubclass(kind, Record):
        return _RECORD
    if issubclass(kind, MappingProxyType):
        return _PROXY
    if issubclass(kind, _SHARED):
        return _NAMED
    if issubclass(kind, (set, frozenset)):  # subclasses only (exact sets never reach here): no hash order
        return _SET
    return _DEFAULT


_HANDLING: dict[type, int] = {}


class _KeyPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, records: dict[int, tuple[Record, bytes]] | None = None) -> None:
        super().__init__(file, protocol=5)
        self.fast = True
        self.records = {} if records is None else records

    def record_digest(self, record: Record) -> bytes:
        """The SHA-256 of the record's data serialised, once per record object (a record is in the
        keys of its own outputs and of every related record's, most of a key's bytes)."""
        known = self.records.get(id(record))
        if known is None or known[0] is not record:
            known = self.records[id(record)] = (record, hashlib.sha256(serialised(record.data)).digest())
        return known[1]

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        handling = _HANDLING.get(kind)
        if handling is None:
            handling = _HANDLING[kind] = _handling(kind)
        if handling == _DEFAULT:
            return NotImplemented
        if handling == _RECORD:
            return _record, (obj.id, obj.file, self.record_digest(obj))
        if handling == _PROXY:
            return dict, (dict(obj),)
        if handling == _NAMED:
            return _shared, (kind.__qualname__,)
        raise pickle.PicklingError(f"a set in a cache key: {kind.__qualname__}")


def serialised(inputs: Any, records: dict[int, tuple[Record, bytes]] | None = None) -> bytes:
    """The inputs as bytes that read back to an equal value (see the module's notes); a record's
    data as the SHA-256 of its own serialisation, kept in ``records`` (by object) when given.

    Without pickle's memo ("fast" mode): an object met twice is written twice, so the bytes do
    not depend on which equal values happen to be one object (dates shared through an LRU cache,
    strings interned by the loader), which depends on the rest of the register and on the order
    of work. Inputs are trees of values; a cycle would be an error.
    """
    buffer = io.BytesIO()
    _KeyPickler(buffer, records).dump(inputs)
    return buffer.getvalue()


# --- the cache ------------------------------------------------------------------------------------

@dataclass
class Counts:
    """What this process did with the cache (tests read it)."""

    hits: int = 0
    made: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputCache:
    """The entries of one build digest, in ``directory/<digest>/``."""

    directory: Path
    build: str
    counts: Counts = field(default_factory=Counts, compare=False)
    records: dict[int, tuple[Record, bytes]] = field(default_factory=dict, compare=False, repr=False)
    """Each record's data digest in keys, by object (see :meth:`_KeyPickler.record_digest`)."""

    @classmethod
    def open(cls, project_root: Path, config: SiteConfig) -> OutputCache | None:
        """The project's cache, or None when ``KERJASAMA_CACHE`` turns it off."""
        if not enabled():
            return None
        return cls(cache_root(project_root) / FOLDER, build_digest(project_root, config))

    @property
    def folder(self) -> Path:
        return self.directory / self.build

    def key(self, kind: str, inputs: Any) -> str:
        digest = hashlib.sha256(f"{self.build}\0{kind}\0".encode())
        digest.update(serialised(inputs, self.records))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def load(self, key: str) -> bytes | None:
        """The bytes stored under ``key``, or None (missing, unreadable, truncated, corrupt or another key's)."""
        path = self._path(key)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError:
            return None
        head, _, rest = data.partition(b"\n")
        stored_key, _, rest = rest.partition(b"\n")
        checksum, newline, payload = rest.partition(b"\n")
        if head != FORMAT or stored_key != key.encode() or not newline \
                or hashlib.sha256(payload).hexdigest().encode() != checksum:
            return None
        try:
            os.utime(path)  # used by this generation: kept by :meth:`sweep`
        except OSError:
            return None
        return payload

    def store(self, key: str, payload: bytes) -> None:
        """Write the entry (whole or not at all); a cache that cannot be written is no error."""
        path = self._path(key)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        data = b"\n".join((FORMAT, key.encode(), hashlib.sha256(payload).hexdigest().encode(), payload))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def get(self, kind: str, inputs: Any, produce: Callable[[], Output]) -> Output:
        """The output of ``produce()`` for these inputs: from the cache, or made and stored.

        ``produce`` must return the same type (text or bytes) every time for a kind.
        """
        key = self.key(kind, inputs)
        payload = self.load(key)
        if payload is not None and payload[:1] in (b"t", b"b"):
            self.counts.hits += 1
            if payload[:1] == b"t":
                try:
                    return payload[1:].decode("utf-8")  # type: ignore[return-value]
                except UnicodeDecodeError:
                    pass
            else:
                return payload[1:]  # type: ignore[return-value]
        output = produce()
        self.counts.made += 1
        self.counts.by_kind[kind] = self.counts.by_kind.get(kind, 0) + 1
        self.store(key, b"t" + output.encode("utf-8") if isinstance(output, str) else b"b" + output)
        return output

    def sweep(self, started: float) -> int:
        """After a whole generation: remove entries not used since ``started`` (``time.time()``)
        and the folders of other build digests; the count of entries removed."""
        removed = 0
        if self.directory.is_dir():
            for old in self.directory.iterdir():
                if old.name != self.build and len(old.name) == 64 and set(old.name) <= _HEX \
                        and old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
        if not self.folder.is_dir():
            return removed
        for sub in os.scandir(self.folder):
            if not sub.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(sub.path):
                try:
                    if entry.stat(follow_symlinks=False).st_mtime < started:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    continue
        return removed


def now() -> float:
    """The start of a generation, for :meth:`OutputCache.sweep` (a second earlier: coarse file times)."""
    return time.time() - 1.0


def cached(cache: OutputCache | None, kind: str, inputs: Value, produce: Callable[[Value], Output]) -> Output:
    """``produce(inputs)``, through the cache when there is one (``produce`` reads nothing but ``inputs``
    and what the build digest covers)."""
    if cache is None:
        return produce(inputs)
    return cache.get(kind, inputs, lambda: produce(inputs))
