"""Checks over the built site: nothing injected, nothing lost, nothing leaked.

Each check is ``check(project, site_dir, generated) -> list[Diagnostic]`` (empty when the site
is fine; codes of the catalogue's stage ``situs``, located by the path inside the site) and is
registered in :data:`generator.commands.build.POSTBUILD_CHECKS`, so ``kerjasama build`` (and ``make
site``) fail when one finds a problem; the reporters print them like the validator's.

- :func:`scan_site` runs the security scan of :mod:`generator.verify.sitescan` over the whole site,
  with the reviewed personal-data allow-list of the validator; personal data it finds is
  traced back to the agreement file, line and field it came from (:class:`RegisterTrace`). A
  file whose bytes and scan rules did not change since an earlier scan is not parsed again: its
  diagnostics come from :mod:`generator.verify.scancache` (what is and is not cached is listed there).
- :func:`check_inventory` counts every agreement in every view: files = valid records =
  agreement pages = catalogue rows = Pagefind-indexed pages = API records = CSV rows, and
  names the ids that are missing, extra or doubled. It is never cached: it reads the whole
  site every time (a page's marks may come from the scan, by the digest of its text).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import urlsplit

from generator import cachedir
from generator.check.datafiles import load_exemptions
from generator.check.privacy import EXEMPTIONS_FILE, Finding, findings
from generator.check.rules import exemption_in_use, walk_strings
from generator.derive.siteurls import AGREEMENT_FOLDER
from generator.diagnostics import Diagnostic, json_path, make
from generator.parallel import map_chunks
from generator.project import Project
from generator.read import siteconfig
from generator.read.codelists import load_codelists
from generator.read.loader import load_all, load_file
from generator.site import search, vendored
from generator.site.opendata import urls
from generator.site.pages import catalogue
from generator.verify import jsonstream, scancache, sitescan
from generator.verify.sitescan import Marks, Scanner, marked, parse_html, text_digest


class Inventory(Protocol):
    """What a post-build check may read of the generation (generator.commands.build's ``Generated`` or its
    ``Summary``): the agreement files and the record ids the site must show."""

    @property
    def files(self) -> tuple[str, ...]: ...

    @property
    def record_ids(self) -> tuple[str, ...]: ...


# From this many built files the scan is shared with a forked worker (about 10 ms per page).
PARALLEL_MIN_FILES = 1_000

AGREEMENT_DIR = AGREEMENT_FOLDER
CATALOGUE_PAGE = catalogue.PATH.removesuffix(".md") + ".html"
REDIRECT_MARK = "kerjasama-pengalihan"  # generator.site.pages.redirects.MARK
# The elements whose data-id the inventory counts: an agreement page's root, a catalogue row.
AGREEMENT_ROOT = ("article", "ks-agreement")
CATALOGUE_ROW = ("tr", "ks-row")

# What the last scan_site saw of these elements, by SHA-256 of each page's text: the inventory
# reads a page's marks from here instead of parsing it again (a page changed since has another
# digest and is parsed).
_SCANNED_MARKS: dict[str, Marks] = {}


class RegisterTrace:
    """Where a value found on the site was written in the register: "file:line field", by the
    same detector and normaliser as the validator's.

    The register is read only when the scan finds personal data (never on a clean site), once
    per process; a value no single field holds (it was rendered from several) has no origin.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._places: dict[str, list[str]] | None = None

    def places(self) -> dict[str, list[str]]:
        if self._places is None:
            self._places = {}
            for item in load_all(self.project):
                for path, value in walk_strings(item.data) if item.data is not None else ():
                    line = item.lines.get(path, (1, 1))[0]
                    for finding in findings(value):
                        self._places.setdefault(finding.digest, []).append(f"{item.file}:{line} {json_path(path)}")
        return self._places

    def __call__(self, finding: Finding) -> str:
        return ", ".join(self.places().get(finding.digest, []))


def allowed_digests(project: Project) -> frozenset[str]:
    """Digests of the allow-list entries whose file and field still hold their value."""
    exemptions, problems = load_exemptions(project, load_codelists(project.codelist_dir))
    allowed = set()
    for entry in exemptions.entries if not problems else ():
        item = load_file(project, project.root / entry.file)
        if item.data is not None and exemption_in_use(entry, item.data):
            allowed.add(entry.digest)
    return frozenset(allowed)


def _scan(new_scanner: Callable[[], Scanner], paths: Sequence[Path]) -> list[tuple[list[Diagnostic], dict[str, Marks]]]:
    scanner = new_scanner()
    return [(scanner.scan(paths), scanner.collected)]


def scan_cache(project: Project, settings: dict[str, object]) -> scancache.ScanCache | None:
    """The scan's cache for these rules (generator.verify.scancache), with other rules' entries
    removed; None when caches are off (``KERJASAMA_CACHE=0``)."""
    if not cachedir.enabled():
        return None
    rules = {**settings, "theme": str(sitescan.THEME_DIR), "docs": str(project.docs),
             "inline": sitescan.THEME_INLINE_SCRIPTS, "pagefind": search.CODE, "vendored": vendored.CODE}
    cache = scancache.ScanCache(cachedir.cache_root(project.root) / scancache.FOLDER,
                                scancache.rules_digest(rules, project.root / EXEMPTIONS_FILE))
    cache.prune()
    return cache


def scan_site(project: Project, site_dir: Path, generated: Inventory) -> list[Diagnostic]:
    """The security scan as a post-build check; files scanned before with the same bytes and rules are
    taken from the cache (generator.verify.scancache)."""
    site_url = urlsplit(siteconfig.load(project.root).site_url)
    own_host, base_path = site_url.netloc.lower(), site_url.path or "/"
    collect = frozenset({AGREEMENT_ROOT, CATALOGUE_ROW})
    allowed = allowed_digests(project)
    cache = scan_cache(project, {"host": own_host, "base": base_path, "collect": sorted(collect),
                                 "allowed": sorted(allowed)})
    new_scanner = partial(Scanner, site_dir, project.docs, own_host, base_path, collect=collect, allowed=allowed,
                          origin=RegisterTrace(project), cache=cache)
    work = partial(_scan, new_scanner)
    chunks = map_chunks(work, sorted(site_dir.rglob("*")), min_items=PARALLEL_MIN_FILES)
    _SCANNED_MARKS.clear()
    for _, marks in chunks:
        _SCANNED_MARKS.update(marks)
    return [problem for problems, _ in chunks for problem in problems]


# --- the inventory -----------------------------------------------------------------------------
def _text_ids(text: str, element: tuple[str, str]) -> list[str]:
    marks = _SCANNED_MARKS.get(text_digest(text))
    if marks is None:
        marks = marked(parse_html(text), frozenset({element}))
    return [record_id for tag, css_class, record_id in marks if (tag, css_class) == element]


def _attr_ids(path: Path, element: tuple[str, str]) -> list[str]:
    return _text_ids(path.read_text(encoding="utf-8"), element)


@dataclass(frozen=True)
class AgreementPage:
    """What the inventory reads of one page under the agreement folder (each page is read once)."""

    folder: str
    redirect: bool  # the old address of a renamed agreement (issue 15), not an agreement
    ids: tuple[str, ...]  # data-id of its agreement root elements
    indexed: bool  # its article is marked for Pagefind


def read_agreement_pages(site: Path) -> list[AgreementPage] | None:
    """Every page under the agreement folder, in path order (None when the folder is missing)."""
    root = site / AGREEMENT_DIR
    if not root.is_dir():
        return None
    pages = []
    for page in sorted(root.glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        redirect = f'<meta name="{REDIRECT_MARK}"' in text[:2048]
        pages.append(AgreementPage(page.parent.name, redirect,
                                   () if redirect else tuple(_text_ids(text, AGREEMENT_ROOT)), search.BODY in text))
    return pages


def agreement_pages(site: Path, pages: list[AgreementPage] | None = None) -> list[str] | None:
    """Ids of agreement pages whose root element names the same id as their folder."""
    pages = read_agreement_pages(site) if pages is None else pages
    if pages is None:
        return None
    found: list[str] = []
    for page in pages:
        if not page.redirect:
            found.extend(page.ids if page.ids == (page.folder,) else [f"{page.folder}!"])
    return found


def catalogue_rows(site: Path) -> list[str] | None:
    page = site / CATALOGUE_PAGE
    return _attr_ids(page, CATALOGUE_ROW) if page.is_file() else None


SEARCH_PAGE = "cari/index.html"
_BUNDLES_NAMED = re.compile(r'\sdata-ks-bundles="([^"]*)"')


def search_entries(site: Path, pages: list[AgreementPage] | None = None) -> list[str] | None:
    """Ids of agreement pages that Pagefind indexed: their article carries its mark and the bundles
    together hold at least as many pages as are marked (None when the site has no Pagefind index).
    When the agreement pages are split into bundles (generator/site/search.py), the Cari page must
    name exactly the bundles the site holds, or a bundle's pages could not be found."""
    if not (site / search.FOLDER / "pagefind-entry.json").is_file():
        return None
    indexed = 0
    bundles = sorted(entry.name for entry in site.iterdir() if entry.is_dir() and search.is_bundle(entry.name))
    for folder in bundles:
        entry = site / folder / "pagefind-entry.json"
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {}) if entry.is_file() else {}
        indexed += sum(int(language.get("page_count", 0)) for language in languages.values())
    pages = read_agreement_pages(site) if pages is None else pages
    found = [page.folder for page in pages or () if page.indexed]
    if indexed < len(found):
        found.append(f"<indeks Pagefind: {indexed} halaman>")
    page = site / SEARCH_PAGE
    named = _BUNDLES_NAMED.findall(page.read_text(encoding="utf-8")) if page.is_file() else []
    listed = sorted(path.strip("./") for value in named for path in value.split())
    expected = [folder for folder in bundles if folder != search.FOLDER]
    if listed != expected:
        found.append(f"<bundel indeks di halaman Cari: {' '.join(listed) or '-'}; di situs: {' '.join(expected) or '-'}>")
    return found


def api_records(site: Path) -> list[str] | None:
    """Ids of the open-data list's records, read as a stream (generator.verify.jsonstream)."""
    path = site / urls.API_LIST
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            ids = jsonstream.record_ids(handle)
    except (jsonstream.JSONError, UnicodeDecodeError):
        ids = None  # the scan reports the file as not JSON
    return ["<bentuk berkas tidak dikenali>"] if ids is None else ids


def csv_rows(site: Path) -> list[str] | None:
    path = site / urls.CSV
    if not path.is_file():
        return None
    with path.open(encoding="utf-8-sig") as handle:
        return [row.get("id", "") for row in csv.DictReader(handle)]


# Every view of the register the inventory counts: (name, where it is in the site, its ids from the
# site and its agreement pages, which are read once for the two views that need them).
View = Callable[[Path, list[AgreementPage] | None], list[str] | None]
VIEWS: tuple[tuple[str, str, View], ...] = (
    (f"halaman naskah ({AGREEMENT_DIR}/<id>/)", f"{AGREEMENT_DIR}/", agreement_pages),
    (f"baris katalog ({CATALOGUE_PAGE.removesuffix('index.html')})", CATALOGUE_PAGE,
     lambda site, _pages: catalogue_rows(site)),
    ("entri indeks pencarian", f"{search.FOLDER}/", search_entries),
    (f"rekaman API ({urls.API_LIST})", urls.API_LIST, lambda site, _pages: api_records(site)),
    (f"baris CSV ({urls.CSV})", urls.CSV, lambda site, _pages: csv_rows(site)),
)


def _difference(name: str, where: str, expected: set[str], found: list[str]) -> list[Diagnostic]:
    problems = []
    missing = sorted(expected - set(found))
    extra = sorted(set(found) - expected)
    doubled = sorted(i for i, n in Counter(found).items() if n > 1)  # list.count was quadratic (issue 17)
    if missing:
        problems.append(make("situs-inventaris", where, f"{len(missing)} naskah tidak ada di {name}: {', '.join(missing)}"))
    if extra:
        problems.append(make("situs-inventaris", where, f"{name} memuat id yang bukan naskah sah: {', '.join(extra)}"))
    if doubled:
        problems.append(make("situs-inventaris", where, f"id ganda di {name}: {', '.join(doubled)}"))
    return problems


def count_views(site: Path) -> dict[str, list[str] | None]:
    """Every view's list of agreement ids (None when that view is not published)."""
    pages = read_agreement_pages(site)
    return {name: view(site, pages) for name, _, view in VIEWS}


def check_inventory(project: Project, site_dir: Path, generated: Inventory) -> list[Diagnostic]:
    """Files = valid records = every published view of the register."""
    register = project.relative(project.agreements).rstrip("/") + "/"
    files = {PurePosixPath(f).stem for f in generated.files if f.startswith(register)}
    records = list(generated.record_ids)
    problems = _difference("rekaman sah", register, files, records)
    expected = set(records)
    pages = read_agreement_pages(site_dir)
    for name, where, view in VIEWS:
        found = view(site_dir, pages)
        if found is None:
            problems.append(make("situs-inventaris", where, f"{name} tidak ada di situs"))
        else:
            problems.extend(_difference(name, where, expected, found))
    return problems


def check_opendata(project: Project, site: Path, generated: Inventory) -> list[Diagnostic]:
    """Every agreement has its JSON file and its badge (the list and CSV are counted by :func:`check_inventory`)."""
    return [make("situs-data-terbuka-hilang", path, f"{path} tidak ada") for record_id in generated.record_ids
            for path in (urls.api_record(record_id), urls.badge(record_id)) if not (site / path).is_file()]
