"""The site's search index: Pagefind, run over the built site after MkDocs.

Pagefind (the pinned PyPI package ``pagefind-bin-extended``, whose wheel carries its binary)
reads every page whose article carries ``data-pagefind-body`` (set by generator/commands/mkdocs_plugin.py:
every page not left out of search), leaves out the ``data-pagefind-ignore`` regions (the lists of
every agreement), stems Indonesian words and writes a *bundle* into the site: a chunked index of
which a visitor downloads only the pieces a query needs, and its own scripts and WebAssembly.
It reads only the pages that can be searched (:func:`read_pages`): its memory grows with the words
it indexes, so the agreement pages' computed SOP section and change history are left out too
(search-skip regions of their templates; numbers on docs/panduan/kinerja.md).

Bundles (issue 16). A register of up to :data:`BUNDLE_SIZE` agreements (``KERJASAMA_SEARCH_BUNDLE``
changes the number, for tests) has one bundle, ``pagefind/``, over every searched page, as
before. A larger one is split (:func:`plan`): ``pagefind/`` holds every page but the agreement
pages, and the agreement pages ``/kerja-sama/<id>/`` are grouped into ``2**bits`` bundles
``pagefind-kerja-sama-<b>/``, where ``<b>`` is the first ``bits`` bits of the SHA-256 of the id
(:func:`bucket`) and ``bits`` the smallest number with ``count <= BUNDLE_SIZE * 2**bits``
(:func:`split_bits`). Each bundle is one Pagefind run over a folder of hard links to exactly its
pages (:func:`pages_tree`), one run after another, so the memory a build needs is that of the
largest bundle, not of the whole register. The Cari page merges the
agreement bundles into ``pagefind/`` in the browser (Pagefind's ``mergeIndex``: the MkDocs
adapter names them on the page, docs/assets/kerjasama.js passes them to Pagefind's UI); all of
them are files of the site, so search stays offline.

The trade-off of the hash: an agreement never moves when others are added, edited or removed,
as long as ``bits`` stays the same; when the register grows past ``BUNDLE_SIZE * 2**bits`` every
bundle splits in two (an agreement goes into one half of its own bundle) and every bundle is
indexed once again, as in a cold build (shrinking back below merges them again). Buckets are
uneven by a few percent (about sqrt(count / 2**bits) pages), so a bundle may hold a little more
than ``BUNDLE_SIZE`` pages; a bucket with no agreement makes no bundle.

Those scripts are code the site ships, so the post-build scan (generator/verify/sitescan.py) trusts
exactly the files of :data:`CODE`, by path and SHA-256, in each bundle folder (:func:`is_bundle`),
and refuses any other code there. The hashes are those of the pinned version: an upgrade changes
them and fails the build until a reviewer has read the new files and recorded their hashes here.

Pagefind has no incremental mode: each run reads every page of its bundle again. What can be
saved is a run whose inputs did not change: :func:`index_site` with a cache folder (``pagefind/``
in the build's cache folder, generator/cachedir.py, a folder per bundle) computes for each bundle
the digest of everything that run reads (:func:`inputs_digest`: the path and bytes of each of its
pages, the command's options, Pagefind's version, its ``PAGEFIND_*`` environment
and any configuration file it would find) and, when it equals that bundle's last run, copies that
run's output into the site instead of running Pagefind. The entry is one file, checked against
the SHA-256 stored in it before a byte is written (one file, not thousands: opening files is most
of the cost); a missing or damaged entry means Pagefind runs. Any changed page of a bundle (the
footer's date changes every page each day) means that bundle runs again; an edit of one
agreement runs its bundle (and ``pagefind/`` when a searched page there changed too).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import cachedir
from generator.derive.siteurls import AGREEMENT_FOLDER

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

BUNDLE_SIZE = 5_000
"""Agreement pages one Pagefind run indexes, about (see the module's text): above it they are split."""
BUNDLE_ENV = "KERJASAMA_SEARCH_BUNDLE"
"""Another :data:`BUNDLE_SIZE` (a positive whole number), for tests of a split index on a small register."""
BUNDLE_PREFIX = f"{FOLDER}-{AGREEMENT_FOLDER}-"
MAX_BITS = 16
_BUNDLE = re.compile(rf"{re.escape(BUNDLE_PREFIX)}[01]{{1,{MAX_BITS}}}")


def bundle_size() -> int:
    """:data:`BUNDLE_SIZE`, or the value of ``KERJASAMA_SEARCH_BUNDLE`` when set."""
    raw = os.environ.get(BUNDLE_ENV, "").strip()
    if not raw:
        return BUNDLE_SIZE
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{BUNDLE_ENV}={raw!r}: harus bilangan bulat positif")
    return int(raw)


def split_bits(count: int, size: int) -> int:
    """The smallest ``bits`` with ``count <= size * 2**bits`` (at most :data:`MAX_BITS`): 0 is one bundle."""
    bits = 0
    while count > size << bits and bits < MAX_BITS:
        bits += 1
    return bits


def bucket(agreement_id: str, bits: int) -> str:
    """The first ``bits`` bits of the SHA-256 of the id, as 0s and 1s: its bundle's name."""
    top = int.from_bytes(hashlib.sha256(agreement_id.encode("utf-8")).digest()[:4], "big")
    return format(top >> (32 - bits), f"0{bits}b") if bits else ""


def partition(ids: Iterable[str], size: int | None = None) -> dict[str, list[str]]:
    """The agreement bundles' folders with their ids, in order; empty when one bundle holds every page."""
    ordered = sorted(ids)
    bits = split_bits(len(ordered), bundle_size() if size is None else size)
    groups: dict[str, list[str]] = {}
    if bits:
        for agreement_id in ordered:
            groups.setdefault(BUNDLE_PREFIX + bucket(agreement_id, bits), []).append(agreement_id)
    return dict(sorted(groups.items()))


def is_bundle(folder: str) -> bool:
    """True for a top-level folder of the site that holds a Pagefind bundle written by :func:`index_site`."""
    return folder == FOLDER or _BUNDLE.fullmatch(folder) is not None


def agreement_ids(site_dir: Path) -> list[str]:
    """The agreement pages of a built site: the folders ``kerja-sama/<id>/`` with an ``index.html``
    (as the MkDocs adapter counts them for the Cari page)."""
    root = site_dir / AGREEMENT_FOLDER
    return sorted(page.parent.name for page in root.glob("*/index.html")) if root.is_dir() else []


@dataclass(frozen=True)
class Bundle:
    """One Pagefind run: the folder it writes in the site and the pages it reads."""

    folder: str
    pages: tuple[Path, ...]


def _searched_folders(site_dir: Path) -> list[Path]:
    return [entry for entry in sorted(site_dir.iterdir())
            if entry.is_dir() and not is_bundle(entry.name) and entry.name not in UNSEARCHED_FOLDERS]


def read_pages(site_dir: Path, *, agreements: bool = True) -> list[Path]:
    """The pages of ``pagefind/``: the HTML at the top, every HTML file of the searched folders and
    the index page of :data:`SEARCHED_INDEX_ONLY` (without what is under the agreement folders when
    ``agreements`` is false: they are bundles of their own)."""
    found = sorted(site_dir.glob("*.html"))
    for entry in _searched_folders(site_dir):
        if entry.name in SEARCHED_INDEX_ONLY:
            found.extend(p for p in (entry / "index.html",) if p.exists())
        elif entry.name == AGREEMENT_FOLDER and not agreements:
            found.extend(sorted(entry.glob("*.html")))
            for folder in sorted(entry.iterdir()):  # a folder that is not an agreement page's (:func:`agreement_ids`)
                if folder.is_dir() and not (folder / "index.html").is_file():
                    found.extend(sorted(folder.rglob("*.html")))
        else:
            found.extend(sorted(entry.rglob("*.html")))
    return found


def plan(site_dir: Path, size: int | None = None) -> list[Bundle]:
    """The Pagefind runs for a built site: ``pagefind/`` first, then the agreement bundles, if any."""
    groups = partition(agreement_ids(site_dir), size)
    if not groups:
        return [Bundle(FOLDER, tuple(read_pages(site_dir)))]
    bundles = [Bundle(FOLDER, tuple(read_pages(site_dir, agreements=False)))]
    root = site_dir / AGREEMENT_FOLDER
    for folder, ids in groups.items():
        bundles.append(Bundle(folder, tuple(page for agreement_id in ids
                                            for page in sorted((root / agreement_id).rglob("*.html")))))
    return bundles


OPTIONS = ("--glob", "**/*.html", "--force-language", LANGUAGE, "--silent")


def command(pages_dir: Path, output: Path) -> list[str]:
    """The Pagefind command line for one bundle: the pages under ``pages_dir`` (:func:`pages_tree`),
    the bundle written to ``output`` (the benchmark measures the same one)."""
    return [str(executable()), "--site", str(pages_dir), "--output-path", str(output), *OPTIONS]


@contextlib.contextmanager
def pages_tree(site_dir: Path, bundle: Bundle) -> Iterator[Path]:
    """A temporary folder beside the site holding the bundle's pages at their paths (hard links, or
    copies where a link cannot be made): what Pagefind reads, and nothing else. A glob naming 5,000
    agreement folders would not fit on a command line, and Pagefind would walk the whole site for
    every bundle."""
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=f".{site_dir.name}.{bundle.folder}.") as name:
        start = len(str(site_dir)) + 1  # string paths: pathlib's cost is most of the time at 50,000 pages
        made: set[str] = set()
        for page in map(str, bundle.pages):
            link = os.path.join(name, page[start:])
            parent = os.path.dirname(link)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(page, link)
            except OSError:
                shutil.copyfile(page, link)
        yield Path(name)


@dataclass(frozen=True)
class Indexed:
    """How the bundles got into the site: Pagefind's exit code and messages, the bundles it ran for
    and those copied from earlier runs."""

    returncode: int
    stdout: str = ""
    stderr: str = ""
    ran: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    @property
    def reused(self) -> bool:
        """True when Pagefind did not run at all: every bundle is an earlier run's output."""
        return self.returncode == 0 and not self.ran


def index_site(site_dir: Path, cache: Path | None = None, size: int | None = None) -> Indexed:
    """Write the search bundles into the built site, one after another: each from ``cache`` when an
    earlier run read the same inputs (and caches are on), else by running Pagefind (whose output is
    then kept in ``cache``). Bundle folders and cache entries of another split are removed."""
    bundles = plan(site_dir, size)
    current = {bundle.folder for bundle in bundles}
    for entry in site_dir.iterdir():
        if entry.is_dir() and is_bundle(entry.name) and entry.name not in current:
            shutil.rmtree(entry)
    caching = cache is not None and cachedir.enabled()
    if cache is not None and caching and cache.is_dir():
        for old in cache.iterdir():  # a folder per bundle (one file each in earlier formats)
            if old.name in current and old.is_dir() and not old.is_symlink():
                continue
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    ran: list[str] = []
    kept: list[str] = []
    for bundle in bundles:
        target = site_dir / bundle.folder
        shutil.rmtree(target, ignore_errors=True)
        folder = cache / bundle.folder if cache is not None and caching else None
        key = inputs_digest(site_dir, bundle) if folder is not None else None
        if folder is not None and key is not None and _restore(folder / f"{key}.bin", target):
            kept.append(bundle.folder)
            continue
        with pages_tree(site_dir, bundle) as pages:
            done = subprocess.run(command(pages, target), capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
        ran.append(bundle.folder)
        if done.returncode != 0:
            return Indexed(done.returncode, done.stdout, done.stderr, tuple(ran), tuple(kept))
        if folder is not None and key is not None:
            _store(target, folder, key)
    return Indexed(0, ran=tuple(ran), kept=tuple(kept))


CACHE_FORMAT = "kerjasama-pagefind-cache 3"
CONFIG_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")


def inputs_digest(site_dir: Path, bundle: Bundle | None = None) -> str:
    """The SHA-256 of what one Pagefind run reads and how it is asked to (not where the site is);
    default: ``pagefind/`` as the only bundle."""
    if bundle is None:
        bundle = Bundle(FOLDER, tuple(read_pages(site_dir)))
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    tool = executable()
    settings = {"argv": [bundle.folder, *OPTIONS], "version": VERSION, "binary": [tool.name, tool.stat().st_size],
                "environment": sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for name in CONFIG_FILES:  # Pagefind reads its configuration from the working folder
        config = Path(name)
        digest.update(f"\0{name}\0".encode() + (config.read_bytes() if config.is_file() else b"-"))
    for path in bundle.pages:
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
    """Keep this run's bundle as the only entry of its cache folder: one file (a header with the SHA-256
    of the rest, the list of paths and sizes, then the files' bytes), written whole or not at all."""
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
        for old in cache.iterdir():  # earlier runs' entries of this bundle
            if old == entry:
                continue
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
