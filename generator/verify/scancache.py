"""The post-build scan's cache: a file whose bytes did not change is not parsed again (issue 16).

A plain directory (``scan/`` in the build's cache folder, generator/cachedir.py: default
``.cache/kerjasama/scan/`` under the project root, git-ignored; ``KERJASAMA_CACHE_DIR`` moves it,
so CI can keep it with actions/cache, and ``KERJASAMA_CACHE=0`` turns it off)
holds one JSON entry per (rules digest, path inside the site, SHA-256 of the file's bytes): the
diagnostics that file produced, the inventory's marks of the page and the script checks whose
answer came from other files. A cached file with problems still reports them: the cache can
never turn a refusal into a pass.

- **Rules digest** (:func:`rules_digest`): every file of the generator package (the scanner, the
  privacy detector, the trusted-hash tables of the theme, Pagefind and vendored code), the
  Python and mkdocs-material versions, the tables as loaded, the site's host and base path, the
  marks collected, the allow-list file's bytes and the allow-list digests confirmed against the
  register. Any change starts an empty cache (the old one is removed).
- **Per check**, what a file's result depends on besides its own bytes:
  HTML/SVG and data files (JSON, CSV, ICS, XML, TXT) are cached; a ``<script src>`` (and the
  theme's ``__config`` search worker) is trusted by comparing another built file with the
  theme's or docs/'s copy, so each such answer is kept in the entry and asked again on every
  warm run (cheap: file hashes are taken once per process); any different answer rescans the
  file. Personal data found in a file is reported with its place in the register, which depends
  on the whole register: such files are never cached (rescanned every run). CSS (compared with
  the theme's copy), Pagefind's bundle folders (compared with the pinned hashes) and symbolic links are
  cheap and never cached. The inventory check reads the whole site every run and is not cached.
- **Large pages, piece by piece**: a changed HTML file of at least ``sitescan.PIECE_MIN_BYTES``
  (the register-wide lists, which hold every agreement's title) is cut before each table row, list
  item, SVG group and theme landmark; one entry per page (``pieces`` under its path) keeps each piece's verdict by
  the SHA-256 of the piece's text, so a one-record edit parses the rows it changed. Why that is
  the one-go scan's verdict is in ``Scanner._scan_by_pieces``; the page text is still checked whole.
- A missing, corrupt, partial or mismatched entry is ignored and the file is scanned. Entries
  are written to a temporary file and renamed, so a reader sees a whole entry or none.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator import cachedir
from generator.cachedir import ENVIRONMENT, GENERATOR, cache_root, code_files, versions
from generator.diagnostics import Diagnostic, Severity

__all__ = ["ENVIRONMENT", "FOLDER", "Entry", "Piece", "ScanCache", "cache_root", "rules_digest"]

FOLDER = "scan"
FORMAT = "kerjasama-scan-cache 1"
_DIGEST = re.compile(r"\A[0-9a-f]{64}\Z")
_GENERATOR = GENERATOR

Marks = tuple[tuple[str, str, str], ...]
Call = tuple[str, str, bool]  # (page, script src, trusted?)


@dataclass(frozen=True)
class Entry:
    """What one file's scan produced."""

    problems: tuple[Diagnostic, ...]
    calls: tuple[Call, ...] = ()
    text_digest: str = ""  # SHA-256 of the page's text, under which the inventory looks up its marks
    marks: Marks | None = None


@dataclass(frozen=True)
class Piece:
    """What the checks found in one piece of a large page (generator.verify.sitescan.Scanner._scan_by_pieces):
    problems by kind with lines counted from the piece's start, the script checks answered by other
    files, the piece's text as the page-text check joins it (None: no text) and its inventory marks."""

    scripts: tuple[Diagnostic, ...]
    elements: tuple[Diagnostic, ...]
    styles: tuple[Diagnostic, ...]
    calls: tuple[Call, ...]
    text: str | None
    marks: Marks


def rules_digest(settings: Mapping[str, Any], allow_list: Path) -> str:
    """The digest of everything the scan's verdict on a file depends on besides the file itself."""
    digest = hashlib.sha256(FORMAT.encode())
    for path in code_files(_GENERATOR):
        digest.update(f"\0{path.relative_to(_GENERATOR).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    theme = versions(["mkdocs-material"])["mkdocs-material"]
    digest.update(json.dumps({"python": sys.version, "material": theme, **settings}, sort_keys=True,
                             default=sorted).encode())
    digest.update(b"\0allow-list\0")
    digest.update(allow_list.read_bytes() if allow_list.is_file() and not allow_list.is_symlink() else b"-")
    return digest.hexdigest()


def _problem(data: Mapping[str, Any]) -> Diagnostic:
    fields = {k: data[k] for k in ("file", "line", "column", "code", "message", "hint", "json_path", "record_id")}
    if not (isinstance(fields["line"], int) and isinstance(fields["column"], int)
            and all(isinstance(fields[k], str) for k in ("file", "code", "message", "hint", "json_path"))):
        raise TypeError("bad diagnostic")
    return Diagnostic(**fields, severity=Severity(data["severity"]))


@dataclass(frozen=True)
class ScanCache:
    """The entries of one rules digest, in ``directory/<digest>/``."""

    directory: Path
    rules: str

    @property
    def folder(self) -> Path:
        return self.directory / self.rules

    def prune(self) -> None:
        """Remove the entries of other rules digests (they can never be used again)."""
        if not self.directory.is_dir():
            return
        for old in self.directory.iterdir():
            if old.name != self.rules and _DIGEST.match(old.name) and old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)

    def _path(self, rel: str, sha256: str) -> Path:
        name = hashlib.sha256(f"{rel}\0{sha256}".encode()).hexdigest()
        return self.folder / name[:2] / f"{name}.json"

    def load(self, rel: str, sha256: str) -> Entry | None:
        """The entry for this file and these bytes, or None (missing, unreadable, corrupt or another file's)."""
        try:
            data = json.loads(cachedir.read(self._path(rel, sha256)) or b"null")
            if data["format"] != FORMAT or data["rules"] != self.rules or data["rel"] != rel or data["sha256"] != sha256:
                return None
            calls = tuple((str(page), str(src), trusted) for page, src, trusted in data["calls"]
                          if isinstance(trusted, bool))
            if len(calls) != len(data["calls"]):
                return None
            marks = data["marks"]
            return Entry(problems=tuple(_problem(p) for p in data["problems"]), calls=calls,
                         text_digest=str(data["text_digest"]),
                         marks=None if marks is None else tuple((str(t), str(c), str(i)) for t, c, i in marks))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _pieces_path(self, rel: str) -> Path:
        name = hashlib.sha256(f"pieces\0{rel}".encode()).hexdigest()
        return self.folder / name[:2] / f"{name}.json"

    def load_pieces(self, rel: str) -> dict[str, Piece]:
        """The kept verdicts of the pieces of the large page at ``rel`` (as last scanned), by piece key;
        empty when missing, unreadable, corrupt or another page's."""
        try:
            data = json.loads(cachedir.read(self._pieces_path(rel)) or b"null")
            if data["format"] != FORMAT or data["rules"] != self.rules or data["rel"] != rel:
                return {}
            pieces = {}
            for key, item in data["pieces"].items():
                calls = tuple((str(page), str(src), trusted) for page, src, trusted in item["calls"]
                              if isinstance(trusted, bool))
                text = item["text"]
                if not (_DIGEST.match(key) and len(calls) == len(item["calls"]) and (text is None or isinstance(text, str))):
                    return {}
                scripts, elements, styles = (tuple(_problem(p) for p in item[kind]) for kind in ("scripts", "elements", "styles"))
                pieces[key] = Piece(scripts, elements, styles, calls=calls, text=text,
                                    marks=tuple((str(t), str(c), str(i)) for t, c, i in item["marks"]))
            return pieces
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def store_pieces(self, rel: str, pieces: Mapping[str, Piece]) -> None:
        """Keep the verdicts of the pieces the page at ``rel`` now has (whole or not at all)."""
        data = {"format": FORMAT, "rules": self.rules, "rel": rel, "pieces": {
            key: {**{kind: [{**asdict(p), "severity": p.severity.value} for p in getattr(piece, kind)]
                     for kind in ("scripts", "elements", "styles")},
                  "calls": [list(call) for call in piece.calls], "text": piece.text,
                  "marks": [list(mark) for mark in piece.marks]}
            for key, piece in pieces.items()}}
        cachedir.write_atomic(self._pieces_path(rel), json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def store(self, rel: str, sha256: str, entry: Entry) -> None:
        """Write the entry (whole or not at all); a cache that cannot be written is no error."""
        path = self._path(rel, sha256)
        data = {"format": FORMAT, "rules": self.rules, "rel": rel, "sha256": sha256,
                "problems": [{**asdict(p), "severity": p.severity.value} for p in entry.problems],
                "calls": [list(call) for call in entry.calls], "text_digest": entry.text_digest,
                "marks": None if entry.marks is None else [list(mark) for mark in entry.marks]}
        cachedir.write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
