"""MkDocs' rendered pages kept between builds: a page whose theme inputs did not change is not rendered again (issue 16).

At 10,000 agreements most of ``mkdocs build`` is the theme wrapping each finished body in its
templates (about 2 ms a page). The MkDocs adapter (generator/commands/mkdocs_plugin.py) asks this
cache, just before the theme renders a page, for the output of an earlier render with the same
**key**, and on a miss stores what the theme wrote. The key is the SHA-256 of everything that
reaches the templates:

- once per build (:func:`build_digest`): the versions of MkDocs, the theme, Jinja, Python and this
  package, the bytes of the adapter and of every file in a theme folder outside an installed
  package (our overrides in generator/site/theme/, a ``custom_dir``), the whole configuration
  except the output folder (site URL, ``extra``, theme options, extra CSS and JavaScript, Markdown
  extensions, plugins and their options...) and the whole navigation (each entry's kind, title and
  URL). Two values of the context are not in the key, as no template of the theme or ours reads
  them (tests/test_build_cache.py checks that): the list of every page (``pages``), with which an
  edited title anywhere would render every page again, and the build date (``build_date_utc``,
  from ``SOURCE_DATE_EPOCH``, the as-of date), with which every page would be rendered again each
  day (issue 16). The as-of date a page shows reaches it in its own front matter;
- per page (:func:`page_digest`): every other value of the template context, and the page's URL,
  canonical and edit URLs, source and output paths, title, front matter, table of contents,
  content, ancestors and previous and next page.

When in doubt a value is in the key: a needless miss costs a render, a missing input would
publish a stale page. Entries live in ``mkdocs/`` of the build's cache folder (generator/cachedir.py),
one file per key: a header line with the format, the key and the SHA-256 of the output, then the
output compressed with zlib (an agreement page is about 50 kB of HTML, mostly the navigation). A
missing, corrupt or mismatched entry is a miss. After a full build the entries no page used are
removed, so the folder holds one site's pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator import cachedir

FOLDER = "mkdocs"
FORMAT = "kerjasama-mkdocs-cache 2"
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "jinja2", "markupsafe",
                 "markdown", "pymdown-extensions", "kerjasama")
# Configuration that does not reach a page: where the site is written (a fresh folder each build).
UNRENDERED = frozenset({"site_dir"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_INSTALLED = frozenset({"site-packages", "dist-packages"})


def plain(value: Any) -> Any:  # noqa: PLR0911 - one case per kind of value
    """A JSON-able, stable form of a value a template may read (configuration, front matter, context)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((plain(v) for v in value), key=repr)
    settings = getattr(value, "config", None)
    if isinstance(settings, Mapping):  # a plugin: its options
        return {"type": _kind(value), "config": plain(settings)}
    items = getattr(value, "items", None)
    if callable(items):  # MkDocs' Config, Theme, plugin collections
        return {"type": _kind(value), "items": {str(k): plain(v) for k, v in items()}}
    return {"type": _kind(value), "repr": _ADDRESS.sub("", repr(value))}


def _kind(value: object) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _versions() -> dict[str, str]:
    return {"python": sys.version, **cachedir.versions(DISTRIBUTIONS)}


def _files(folder: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            yield Path(root, name)


def _theme_digest(digest: Any, dirs: Iterable[str], always: Iterable[Path]) -> None:
    """Theme folders inside an installed package are covered by its version; the others by their bytes."""
    for folder in dict.fromkeys([*(Path(d) for d in dirs), *always]):
        digest.update(f"\0theme\0{folder}\0".encode())
        if _INSTALLED.intersection(folder.parts) and folder not in always:
            continue
        for path in _files(folder):
            digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\0unreadable\0")


def nav_plain(items: Iterable[Any]) -> list[Any]:
    """Each navigation entry's kind, title and URL, with its children (the theme draws the whole nav on every page)."""
    return [{"kind": type(item).__name__, "title": item.title, "url": getattr(item, "url", None),
             "children": nav_plain(item.children or ()) if getattr(item, "children", None) else None}
            for item in items]


def toc_plain(items: Iterable[Any]) -> list[Any]:
    return [{"title": item.title, "id": getattr(item, "id", None), "url": item.url, "level": item.level,
             "children": toc_plain(item.children)} for item in items]


def _link(page: Any) -> Any:
    return None if page is None else {"title": page.title, "url": getattr(page, "url", None), "kind": type(page).__name__}


def build_digest(config: Mapping[str, Any], context: Mapping[str, Any], nav: Any, code: Iterable[Path],
                 overrides: Iterable[Path]) -> str:
    """The part of every page's key that is the same for the whole build (computed once per build)."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(json.dumps(_versions(), sort_keys=True).encode())
    for path in code:
        digest.update(f"\0code\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    theme = config.get("theme")
    _theme_digest(digest, getattr(theme, "dirs", ()), list(overrides))
    settings = {k: plain(v) for k, v in config.items() if k not in UNRENDERED}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    digest.update(json.dumps(nav_plain(nav.items), sort_keys=True).encode())
    return digest.hexdigest()


# Context values already in the build digest, in the page's own part below, or read by no template
# (``pages``, ``build_date_utc``).
_SHARED = frozenset({"config", "nav", "pages", "page", "build_date_utc"})


def page_digest(build: str, page: Any, context: Mapping[str, Any]) -> str:
    """A page's key: the build digest, the rest of the template context and everything the theme reads of the page."""
    own = {
        "url": page.url, "canonical_url": page.canonical_url, "abs_url": page.abs_url, "edit_url": page.edit_url,
        "src_uri": page.file.src_uri, "dest_uri": page.file.dest_uri, "is_homepage": page.is_homepage,
        "title": page.title, "meta": plain(page.meta), "toc": toc_plain(page.toc),
        "ancestors": [_link(a) for a in page.ancestors], "previous": _link(page.previous_page),
        "next": _link(page.next_page), "has_content": page.content is not None,
        "context": {k: plain(v) for k, v in context.items() if k not in _SHARED},
    }
    digest = hashlib.sha256(build.encode())
    digest.update(json.dumps(own, sort_keys=True, default=repr).encode())
    digest.update(b"\0content\0")  # last and as bytes: the largest part, not worth escaping for JSON
    digest.update((page.content or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class RenderCache:
    """The entries of ``mkdocs/`` in the build's cache folder; counts its hits and misses."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.html"

    def load(self, key: str) -> str | None:
        """The output stored under ``key``, or None (missing, unreadable, corrupt or another key's)."""
        data = cachedir.read(self._path(key))
        if data is not None:
            header, newline, body = data.partition(b"\n")
            try:
                fmt, stored, sha256 = header.decode("ascii").rsplit(" ", 2)
                output = zlib.decompress(body)
                if newline and fmt == FORMAT and stored == key and hashlib.sha256(output).hexdigest() == sha256:
                    self.used.add(key)
                    self.hits += 1
                    return output.decode("utf-8")
            except (UnicodeDecodeError, ValueError, zlib.error):
                pass
        self.misses += 1
        return None

    def store(self, key: str, output: str) -> None:
        data = output.encode("utf-8")
        header = f"{FORMAT} {key} {hashlib.sha256(data).hexdigest()}\n".encode("ascii")
        if cachedir.write_atomic(self._path(key), header + zlib.compress(data, 1)):
            self.used.add(key)

    def sweep(self) -> int:
        """Remove the entries this build did not use (after a full build only); how many were removed."""
        removed = 0
        if not self.directory.is_dir():
            return removed
        for folder in self.directory.iterdir():
            if not folder.is_dir() or folder.is_symlink():
                continue
            for entry in folder.iterdir():
                if entry.name.removesuffix(".html") not in self.used:
                    try:
                        entry.unlink()
                        removed += 1
                    except OSError:
                        pass
        return removed
