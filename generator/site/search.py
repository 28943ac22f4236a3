"""The site's search index: Pagefind, run over the built site after MkDocs.

Pagefind (the pinned PyPI package ``pagefind-bin-extended``, whose wheel carries its binary)
reads every page whose article carries ``data-pagefind-body`` (set by generator/commands/mkdocs_plugin.py:
every page not left out of search), leaves out the ``data-pagefind-ignore`` regions (the lists of
every agreement), stems Indonesian words and writes ``pagefind/`` into the site: a chunked index
of which a visitor downloads only the pieces a query needs, and its own scripts and WebAssembly.
It reads only the folders that hold searched pages (:func:`glob`): its memory grows with the words
it indexes, so the agreement pages' computed SOP section and change history are left out too
(search-skip regions of their templates; numbers on docs/panduan/kinerja.md).

Those scripts are code the site ships, so the post-build scan (generator/verify/sitescan.py) trusts
exactly the files of :data:`CODE`, by path and SHA-256, and refuses any other code under
``pagefind/``. The hashes are those of the pinned version: an upgrade changes them and fails the
build until a reviewer has read the new files and recorded their hashes here.

Pagefind has no incremental mode: each run reads every searched page again. What can be saved is a
run whose inputs did not change (issue 16): :func:`index_site` with a cache folder (``pagefind/``
in the build's cache folder, generator/cachedir.py) computes the digest of everything Pagefind
reads (:func:`inputs_digest`: the path and bytes of every page its glob can match, the command's
options, Pagefind's version, its ``PAGEFIND_*`` environment and any configuration file it would
find) and, when it equals the last run's, copies that run's ``pagefind/`` into the site instead of
running Pagefind. The entry is one file, checked against the SHA-256 stored in it before a byte is
written (one file, not thousands: opening files is most of the cost); a missing or damaged entry
means Pagefind runs. Any changed page (the footer's date changes every page each day) means a
full run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import cachedir

FOLDER = "pagefind"
BODY = "data-pagefind-body"
"""The attribute of the element Pagefind indexes on a page (pages without it stay out)."""
LANGUAGE = "id"
# Pagefind 1.5.2: every script, WebAssembly file and stylesheet it writes, by SHA-256.
VERSION = "1.5.2"
CODE: dict[str, str] = {
    "pagefind.js": "252d272bd34d483d19a752060f6a065114d15ab12c42d8f905ca565e2768a009",
    "pagefind-worker.js": "4ca50d25bcab9e1c3afbc00ab5f7761114e83c8fc1b83d38655af1558b650c2a",
    "pagefind-ui.js": "2efa93f2e80a199ca742a69bd4cfffabc5c591ebe7763f64f7c655fd00d2209f",
    "pagefind-highlight.js": "04741266a86911636cefc41c8b407e380dda99b7d208724f700f94cdf57e37b5",
    "pagefind-modular-ui.js": "f3efa0f74b305ccab0bc9edc7c09ab69867180b4c43093d84bb9b508ac4ec32c",
    "pagefind-component-ui.js": "958620129dd14bd851805daeb12ce708bd63b9287325d1d5ae6f73a04d1723f8",
    "wasm.id.pagefind": "4f7d93a8a8fd43c181e5f366d7fb453fd679e85e065f6d83b38b7c4aa59176ba",
    "wasm.unknown.pagefind": "3a74cefceacd066e8d3bc8c52e7bc1c869544ca3d9031b44a9b7136356d5d7f4",
    # Its stylesheets hold inline SVG icons as data: URLs, which the scan refuses in any other CSS.
    "pagefind-ui.css": "e113b816110ed07b017613e901addfe635350f2a5b84990aa76c91a74b158084",
    "pagefind-modular-ui.css": "653ab29e4de5629f6ddf5f6fcdf5d2b3eb539a8c07fff8a56b8ce2156a570788",
    "pagefind-component-ui.css": "de389c7e5d87d6e2b10d65fb1e36e8989a12a2ad8dd6239b7e070d81fb5d8b0d",
}
# The index itself: compressed data that no browser runs (pagefind-entry.json is plain JSON).
DATA_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


def executable() -> Path:
    """The binary of the pinned ``pagefind-bin-extended`` wheel (a runtime dependency)."""
    # Imported only by the build; the package ships no type information.
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]  # noqa: PLC0415

    return Path(get_executable())


# Folders of the site whose pages are all left out of search (the partner pages: lists of agreements,
# generator/site/pages/mapping.py), and the list pages under /pemetaan/ (only /pemetaan/ itself is searched).
# Pagefind would read every one of them to find no data-pagefind-body; tests/test_mkdocs_plugin.py
# checks that the index still holds every marked page.
UNSEARCHED_FOLDERS = ("mitra",)
SEARCHED_INDEX_ONLY = ("pemetaan",)


def glob(site_dir: Path) -> str:
    """The pages Pagefind reads: the site's HTML without the folders that hold no searched page."""
    parts = ["*.html"]
    for entry in sorted(site_dir.iterdir()):
        if not entry.is_dir() or entry.name == FOLDER or entry.name in UNSEARCHED_FOLDERS:
            continue
        parts.append(f"{entry.name}/index.html" if entry.name in SEARCHED_INDEX_ONLY else f"{entry.name}/**/*.html")
    return "{" + ",".join(parts) + "}"


def command(site_dir: Path) -> list[str]:
    """The Pagefind command line for a built site (the benchmark measures the same one)."""
    return [str(executable()), "--site", str(site_dir), "--output-subdir", FOLDER, "--glob", glob(site_dir),
            "--force-language", LANGUAGE, "--silent"]


@dataclass(frozen=True)
class Indexed:
    """How ``pagefind/`` got into the site: Pagefind's exit code and messages, or a reused earlier run."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    reused: bool = False


def index_site(site_dir: Path, cache: Path | None = None) -> Indexed:
    """Write ``pagefind/`` into the built site: from ``cache`` when an earlier run read the same inputs
    (and caches are on), else by running Pagefind (whose output is then kept in ``cache``)."""
    key = inputs_digest(site_dir) if cache is not None and cachedir.enabled() else None
    if cache is not None and key is not None and _restore(cache / f"{key}.bin", site_dir / FOLDER):
        return Indexed(0, reused=True)
    done = subprocess.run(command(site_dir), capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
    if cache is not None and key is not None and done.returncode == 0:
        _store(site_dir / FOLDER, cache, key)
    return Indexed(done.returncode, done.stdout, done.stderr)


CACHE_FORMAT = "kerjasama-pagefind-cache 2"
CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")


def read_pages(site_dir: Path) -> list[Path]:
    """Every file Pagefind's :func:`glob` can match (at least those): the HTML at the top, every
    HTML file of the searched folders and the index page of :data:`SEARCHED_INDEX_ONLY`."""
    found = sorted(site_dir.glob("*.html"))
    for entry in sorted(site_dir.iterdir()):
        if not entry.is_dir() or entry.name == FOLDER or entry.name in UNSEARCHED_FOLDERS:
            continue
        if entry.name in SEARCHED_INDEX_ONLY:
            found.extend(p for p in (entry / "index.html",) if p.exists())
        else:
            found.extend(sorted(entry.rglob("*.html")))
    return found


def inputs_digest(site_dir: Path) -> str:
    """The SHA-256 of what a Pagefind run over ``site_dir`` reads and how it is asked to (not where the site is)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    argv = ["<site>" if a == str(site_dir) else a for a in command(site_dir)]
    tool = Path(argv[0])
    settings = {"argv": argv[1:], "version": VERSION, "binary": [tool.name, tool.stat().st_size],
                "environment": sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for name in CONFIG_FILES:  # Pagefind reads its configuration from the working folder
        config = Path(name)
        digest.update(f"\0{name}\0".encode() + (config.read_bytes() if config.is_file() else b"-"))
    for path in read_pages(site_dir):
        digest.update(f"\0{path.relative_to(site_dir).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _restore(entry: Path, target: Path) -> bool:
    """Write a stored run's files into ``target``; True if the entry was whole (its SHA-256 matches,
    every path stays inside ``target``), else nothing is left at ``target``."""
    data = cachedir.read(entry)
    if data is None:
        return False
    try:
        header, _, rest = data.partition(b"\n")
        fmt, key, sha256 = header.decode("ascii").rsplit(" ", 2)
        if fmt != CACHE_FORMAT or key != entry.stem or hashlib.sha256(rest).hexdigest() != sha256:
            return False
        listing, _, body = rest.partition(b"\n")
        files = [(str(name), int(size)) for name, size in json.loads(listing)]
        if sum(size for _, size in files) != len(body):
            return False
        offset = 0
        for name, size in files:
            parts = PurePosixPath(name).parts
            if not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in name:
                raise ValueError(name)
            path = target.joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body[offset:offset + size])
            offset += size
    except (OSError, ValueError, TypeError):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _store(output: Path, cache: Path, key: str) -> None:
    """Keep this run's ``pagefind/`` as the only entry: one file (a header with the SHA-256 of the
    rest, the list of paths and sizes, then the files' bytes), written whole or not at all."""
    files = sorted(p for p in output.rglob("*") if p.is_file())
    try:
        contents = [p.read_bytes() for p in files]
    except OSError:
        return
    listing = json.dumps([[p.relative_to(output).as_posix(), len(c)] for p, c in zip(files, contents, strict=True)])
    rest = listing.encode("utf-8") + b"\n" + b"".join(contents)
    header = f"{CACHE_FORMAT} {key} {hashlib.sha256(rest).hexdigest()}\n".encode("ascii")
    entry = cache / f"{key}.bin"
    if cachedir.write_atomic(entry, header + rest):
        for old in cache.iterdir():  # earlier runs' entries (a folder each in the first format)
            if old == entry:
                continue
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
