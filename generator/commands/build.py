"""Generate the site's pages from the register, then publish them with MkDocs.

load -> validate (stop on any error with the validator's own messages) -> derive (one
``SiteModel``, generator.derive.model_builder) -> page families -> write into ``docs/_generated/`` (only files
that changed; stale ones removed) -> ``mkdocs build --strict`` -> post-build checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from generator import clock
from generator.check.validate import Environment, Result, validate_all
from generator.derive.index import RegisterIndex
from generator.derive.model import SiteModel
from generator.derive.model_builder import derive
from generator.diagnostics import Diagnostic
from generator.faults import from_os_error
from generator.parallel import map_chunks
from generator.project import Project
from generator.read.history import UNAVAILABLE, History
from generator.read.history import collect as collect_history
from generator.settings import SiteConfig
from generator.site import outputcache
from generator.site.outputcache import OutputCache
from generator.site.page import READY_ENV, Chunks, Page, PageFamily, SiteContext, Text
from generator.site.pages import (
    agreement,
    catalogue,
    codes,
    coverage,
    evaluation,
    expiry,
    form,
    glossary,
    guide,
    home,
    mapping,
    opendata,
    redirects,
    schema_reference,
    sop,
    tkksd,
)
from generator.site.render import renderer, streamer
from generator.verify import postbuild

# Every page family of the site: each returns its own pages. Order does not change the output;
# on a large register the first half runs in a forked worker and the second half here, so the
# halves are balanced both when generation's cache is cold and when it is warm (CPU seconds at
# 10,000 agreements, cold / warm: open data 31.5 / 7.3, agreement pages 31.7 / 5.6, expiry 3.6 /
# 3.3, mapping 3.1 / 3.0, catalogue 1.8 / 1.7, SOP and evaluation 1.5 each; the halves 38 / 14 and
# 38 / 11).
FAMILIES: tuple[PageFamily, ...] = (
    opendata.pages,
    sop.pages,
    expiry.pages,
    evaluation.pages,
    tkksd.pages,
    glossary.pages,
    codes.pages,
    guide.pages,
    form.pages,
    schema_reference.pages,
    home.pages,
    agreement.pages,
    mapping.pages,
    catalogue.pages,
    redirects.pages,  # old addresses of renamed agreements (issue 15)
    coverage.pages,  # issue 14: /panduan/cakupan/
)
# From this many agreements, generation shares the families with a forked worker (generator.parallel);
# above the maximum it does not: the worker's memory adds to the generation's (sampled at 20,000
# agreements: 1.15 GB together), and the 1 GB budget matters more there than the seconds saved.
PARALLEL_MIN_RECORDS = 200
PARALLEL_MAX_RECORDS = 10_000



class ValidationFailed(Exception):
    """The register has errors; the site is not built."""

    def __init__(self, result: Result) -> None:
        super().__init__(f"{len(result.errors)} galat")
        self.result = result


@dataclass(frozen=True)
class WrittenPage:
    """A page already written under the generated folder: its path and digest, not its content.

    Generation writes each page as its family yields it and keeps only this, so peak memory
    does not grow with the whole site's text (5,000 agreements: see docs/panduan/kinerja.md).
    ``content`` reads the file back for the tests that look at a page.
    """

    path: str
    sha256: str
    text: bool
    out: Path

    @property
    def content(self) -> str | bytes:
        data = (self.out / self.path).read_bytes()
        return data.decode("utf-8") if self.text else data

    @property
    def url(self) -> str:
        return Page(self.path, "").url


@dataclass(frozen=True)
class Generated:
    """What one generation produced."""

    result: Result
    model: SiteModel
    pages: tuple[WrittenPage, ...]
    written: int
    removed: int
    cache: OutputCache | None = None
    """Generation's cache, with what this process took from it and made (None: not used)."""

    @property
    def as_of(self) -> dt.date:
        return self.model.as_of

    @property
    def index(self) -> RegisterIndex:
        return self.model.index

    @property
    def files(self) -> tuple[str, ...]:
        return self.result.files

    @property
    def record_ids(self) -> tuple[str, ...]:
        return tuple(record.id for record in self.result.records)

    def summary(self) -> Summary:
        return Summary(self.as_of, self.files, self.record_ids, self.pages)


@dataclass(frozen=True)
class Summary:
    """A generation reduced to what MkDocs and the post-build checks need: small enough to keep
    while MkDocs runs, when the register itself is no longer needed (``kerjasama build``
    generates in a forked child that hands back only this; see generator.parallel.in_child)."""

    as_of: dt.date
    files: tuple[str, ...]
    record_ids: tuple[str, ...]
    pages: tuple[WrittenPage, ...]


def iter_pages(ctx: SiteContext, families: Sequence[PageFamily] = FAMILIES) -> Iterator[Page]:
    """Every family's pages as they are produced; a path written by two families is an error."""
    seen: set[str] = set()
    for family in families:
        for page in family(ctx):
            if page.path in seen:
                raise ValueError(f"two page families write {page.path}")
            seen.add(page.path)
            yield page


def collect_pages(ctx: SiteContext, families: Sequence[PageFamily] = FAMILIES) -> tuple[Page, ...]:
    """All pages in memory, sorted by path, each content whole (tests; the build streams with :func:`write_site`)."""
    pages = (Page(page.path, page.content.joined(), page.explained) if isinstance(page.content, Chunks)
             else Page(page.path, str(page.content), page.explained) if isinstance(page.content, Text) else page
             for page in iter_pages(ctx, families))
    return tuple(sorted(pages, key=lambda p: p.path))


def write_site(out: Path, ctx: SiteContext, families: Sequence[PageFamily] = FAMILIES
               ) -> tuple[tuple[WrittenPage, ...], int, int]:
    """Write every family's pages that changed, then delete files no family produced.

    Returns (pages written or unchanged, sorted by path; written; removed). On a large register
    (:data:`PARALLEL_MIN_RECORDS` to :data:`PARALLEL_MAX_RECORDS` agreements) a forked worker
    writes families too, taken one at a time. Duplicate paths are checked and stale files removed
    only once every page is written, so an interrupted generation never deletes a good file.
    """
    parallel = PARALLEL_MIN_RECORDS <= len(ctx.model.index.records) <= PARALLEL_MAX_RECORDS
    parallel_from = 1 if parallel else len(families) + 1
    # One family per piece: the worker takes families from the front (open data first), this
    # process from the back (lists, agreement pages), until they meet. A fixed half each left one
    # side waiting 17 s for the other on a daily rebuild of 10,000 agreements (issue 16).
    chunks = map_chunks(partial(_write_families, out, ctx), families, min_items=parallel_from,
                        pieces_per_worker=len(families))
    kept = [page for pages, _ in chunks for page in pages]
    seen: set[str] = set()
    for page in kept:
        if page.path in seen:
            raise ValueError(f"two page families write {page.path}")
        seen.add(page.path)
    removed = _remove_stale(out, seen)
    return tuple(sorted(kept, key=lambda p: p.path)), sum(written for _, written in chunks), removed


def _write_families(out: Path, ctx: SiteContext, families: Sequence[PageFamily]) -> list[tuple[list[WrittenPage], int]]:
    pairs = glossary.abbreviations(ctx.model.data.glossary)
    # map and chain keep no page once it is handed on: a list page is not held twice (as made and
    # as explained) while it is written (issue 16).
    pages = itertools.chain.from_iterable(family(ctx) for family in families)
    return [_write(out, map(_explained, pages, itertools.repeat(pairs)))]


def _explained(page: Page, pairs: Sequence[tuple[str, str]]) -> Page:
    return glossary.explained(page, pairs)


def _write(out: Path, pages: Iterable[Page]) -> tuple[list[WrittenPage], int]:
    """Write the pages whose file differs; (every page as written or found, how many were written).

    A file is left alone only when its bytes equal the page's. Paths are handled as strings:
    pathlib costs more than the comparison at thousands of pages.
    """
    kept: list[WrittenPage] = []
    written = 0
    folders: set[str] = set()
    for page in pages:
        found, changed = _write_page(out, page, folders)
        # The next page is made while this loop waits for it: no local may hold this one meanwhile.
        # At 50,000 agreements the radar page kept this way was 340 MB under the evaluation page (issue 16).
        del page
        kept.append(found)
        written += changed
    return kept, written


def _write_page(out: Path, page: Page, folders: set[str]) -> tuple[WrittenPage, bool]:
    """Write one page where its file differs; (the page as written or found, whether written)."""
    target = os.path.join(out, page.path)
    folder = os.path.dirname(target)
    if isinstance(page.content, (Chunks, Text)):  # written part by part, never held whole
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        content = page.content
        # A list page in parts is encoded part by part.
        parts = (part.encode("utf-8") for part in content.parts) if isinstance(content, Text) else content
        sha256, changed = _write_parts(target, parts)
        return WrittenPage(page.path, sha256, isinstance(content, Text), out), changed
    data = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
    found = WrittenPage(page.path, hashlib.sha256(data).hexdigest(), isinstance(page.content, str), out)
    if _holds(target, data):
        return found, False
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    _write_file(target, data)
    return found, True


def _write_file(target: str, data: bytes) -> None:
    """The one place generation writes a page held whole (tests inject a full disk here)."""
    with open(target, "wb") as file:
        file.write(data)


def _write_parts(target: str, parts: Iterable[bytes]) -> tuple[str, bool]:
    """Write a page made in parts where its file differs; (the SHA-256 of its bytes, whether written).

    Each part is compared with the file's bytes at its place; from the first that differs, that
    part and every later one are written over the file there (what comes before is equal
    already), and the file is cut at the page's end. A file with exactly the page's bytes is
    not touched.
    """
    digest = hashlib.sha256()
    offset = 0
    old = _open_existing(target)
    new = None
    try:
        for part in parts:
            digest.update(part)
            if new is None and old is not None and old.read(len(part)) == part:
                offset += len(part)
                continue
            if new is None:
                new = open(target, "r+b" if old is not None else "wb")  # noqa: SIM115 - closed below
                new.seek(offset)
            new.write(part)
        if new is None and old is not None and old.read(1):  # equal up to the page's end, but longer
            new = open(target, "r+b")  # noqa: SIM115 - closed below
            new.seek(offset)
        if new is not None:
            new.truncate()
    finally:
        if old is not None:
            old.close()
        if new is not None:
            new.close()
    return digest.hexdigest(), new is not None


def _open_existing(target: str) -> BinaryIO | None:
    try:
        return open(target, "rb")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _holds(target: str, data: bytes) -> bool:
    """True when the file at ``target`` has exactly ``data`` (the size is checked first)."""
    try:
        if os.stat(target).st_size != len(data):
            return False
        with open(target, "rb") as file:
            return file.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _remove_stale(out: Path, wanted: set[str]) -> int:
    """Delete files under ``out`` that are not ``wanted``, then folders left empty; the count of files."""
    removed = 0
    if not out.is_dir():
        return removed
    root = str(out)
    for folder, _, files in os.walk(root, topdown=False):  # a folder's contents before the folder
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        for name in files:
            if prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if prefix and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def context_for(env: Environment, result: Result, as_of: dt.date, config: SiteConfig,  # noqa: PLR0913 - derive's inputs
                data: Mapping[str, Any] | None = None, *, history: History = UNAVAILABLE,
                cache: OutputCache | None = None) -> SiteContext:
    """The page families' context: the derived model of the valid records, with the schema,
    the settings, the template renderer and the outputs kept between runs (if any)."""
    model = derive(result.records, data or {}, history, as_of, config, codelists=env.codelists)
    return SiteContext(model=model, schema=env.schema, config=config, render=renderer(env.codelists), cache=cache,
                       stream=streamer(env.codelists))


def generate(project: Project, as_of: dt.date, config: SiteConfig,
             families: Sequence[PageFamily] = FAMILIES, history: History | None = None) -> Generated:
    """Validate, derive and write every page; ``history`` defaults to the project's git history.

    Each agreement's outputs are kept between runs in generation's cache (generator.site.outputcache;
    ``KERJASAMA_CACHE=0`` turns it off), opened only once the register is valid. After a whole
    generation the entries it did not use are removed.
    """
    env = Environment.load(project)
    result = validate_all(env, as_of)  # the agreements and every other data file
    if result.errors:
        raise ValidationFailed(result)
    found = collect_history(project, result.records) if history is None else history  # or "unavailable"
    started = outputcache.now()
    cache = OutputCache.open(project.root, config)
    ctx = context_for(env, result, as_of, config, result.data, history=found, cache=cache)
    try:
        pages, written, removed = write_site(project.generated, ctx, families)
    except OSError as exc:  # also from a forked worker: concurrent.futures raises it again here
        raise from_os_error(exc, f"menulis halaman ke {project.relative(project.generated)}") from exc
    if cache is not None and families is FAMILIES:  # a partial generation does not know what the rest uses
        cache.sweep(started)
    return Generated(result, ctx.model, pages, written, removed, cache)


PREVIOUS_SITE_ENV = "KERJASAMA_PREVIOUS_SITE"  # generator.commands.mkdocs_plugin.PREVIOUS_ENV (that module imports MkDocs)

# Checks over the built site; each returns its diagnostics (stage ``situs``; empty when fine).
PostBuildCheck = Callable[[Project, Path, postbuild.Inventory], list[Diagnostic]]
POSTBUILD_CHECKS: tuple[PostBuildCheck, ...] = (
    postbuild.scan_site,        # scripts, handlers, dangerous URLs, foreign resources, personal data
    postbuild.check_inventory,  # files = records = pages = catalogue rows = search/API/CSV entries
    postbuild.check_opendata,   # every agreement has its JSON file and badge
)


def source_date_epoch(as_of: dt.date) -> str:
    """Build timestamp for reproducible output: the as-of date at 00:00 UTC."""
    return str(int(dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC).timestamp()))


def run_mkdocs(project: Project, site_dir: Path, as_of: dt.date, *, strict: bool = True,
               previous: Path | None = None) -> int:
    """``mkdocs build`` into ``site_dir``; its exit code. ``previous``: the site this one will replace,
    whose unchanged files the new one shares as hard links (generator/commands/mkdocs_plugin.py).

    MkDocs runs in its own process group, so a Ctrl-C at the terminal reaches only this process,
    which stops MkDocs and reports once: no "Aborted!" or traceback from MkDocs. (Ignoring SIGINT
    around the start instead would lose a Ctrl-C that arrives in that window.)
    """
    env = dict(os.environ)
    env[READY_ENV] = "1"
    env[clock.ENV_VAR] = as_of.isoformat()
    env.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(as_of))
    env.pop(PREVIOUS_SITE_ENV, None)
    if previous is not None:
        env[PREVIOUS_SITE_ENV] = str(previous)
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(project.root / "mkdocs.yml"),
               "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    process = subprocess.Popen(command, env=env, process_group=0)  # noqa: S603 - fixed argv, no shell
    with process:
        try:
            return process.wait()
        except BaseException:  # Ctrl-C or SIGTERM while MkDocs runs: stop it, then go on unwinding
            process.kill()
            process.wait()
            raise


