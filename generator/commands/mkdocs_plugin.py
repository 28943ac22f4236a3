"""Thin MkDocs adapter: regenerate pages before a build and publish them at their own URLs.

MkDocs loads it as the plugin ``kerjasama`` (``plugins:`` in ``mkdocs.yml``; the entry point
is declared in ``pyproject.toml``, so an installed wheel brings it and a checkout holds no code
that ``mkdocs.yml`` points at). The generator itself knows nothing about MkDocs; this module
only calls it and re-roots ``docs/_generated/`` so that ``_generated/katalog/index.md`` is
served at ``/katalog/``. It is the only module that imports MkDocs.

Generated pages skip Markdown. Their body is one HTML block by construction
(:func:`generator.site.page.markdown_page`), which Python-Markdown would only copy through after
parsing it twice with ``html.parser`` (half of MkDocs' time at 500 agreements). MkDocs holds
no body between reading and rendering: just before a generated page is rendered it gets its
full body, read back from disk (search-skip regions marked for Pagefind), which is dropped
once the page is written. Memory therefore does not grow with the number of agreements.

Rendered pages are kept between builds (generator/commands/rendercache.py): just before the theme
renders a page, the adapter computes the key of everything that reaches the templates; when an
earlier build stored an output under it, the template returns that output without running
(:class:`CachedTemplate`), and otherwise the theme's output is stored once it is rendered. Only
``mkdocs build`` uses the cache (``kerjasama build``, ``make site``); ``mkdocs serve`` renders as
before (with ``--dirty`` only the pages that changed). ``KERJASAMA_CACHE=0`` turns it off.

Under ``kerjasama build`` MkDocs writes into a fresh folder beside the site it will replace
(generator/commands/publish.py), whose path it passes in :data:`PREVIOUS_ENV`. A file MkDocs would
write or copy with exactly the bytes of the previous site's file at the same path is a hard link
to that file instead (:class:`PreviousSite`): most of a rebuilt site is unchanged, and the
previous site's folder is then removed by dropping links, not by freeing 900 MB (10,000
agreements). A file is never written through a link: a path that holds one is unlinked before
MkDocs writes it, so the previous site stays byte for byte as it was until it is swapped out.

Search is Pagefind's, run by ``kerjasama build`` over the built site (generator/site/search.py):
this adapter marks what it indexes, the article of every page not left out of search
(front matter ``search: {exclude: true}``), and Material's own search plugin is not used. When
the agreement pages are split into search bundles of their own, it names them on the Cari page
(:func:`name_bundles`), whose script merges them into the main index.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import re
import stat
from pathlib import Path
from typing import Any

import jinja2
import mkdocs.utils
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta
from mkdocs.utils.templates import TemplateContext

from generator import cachedir
from generator.clock import resolve_as_of
from generator.commands import rendercache
from generator.derive.siteurls import AGREEMENT_FOLDER
from generator.project import Project
from generator.site import search
from generator.site.page import READY_ENV, search_marked

GENERATED = "_generated/"
SEARCH_PAGE = "cari.md"
_log = logging.getLogger("mkdocs.hooks.kerjasama")
_ID = re.compile(r'\sid="([^"]*)"')


def _project(config: MkDocsConfig) -> Project:
    return _project_at(str(config.config_file_path))


@functools.cache
def _project_at(config_file: str) -> Project:  # asked for every page: resolved once
    return Project(Path(config_file).resolve().parent)


# Theme templates of ours (Indonesian 404 page, footer with the office and the data's date), found
# before the theme's own: inside the package, so a wheel brings them.
PACKAGE = Path(__file__).resolve().parent.parent
THEME_OVERRIDES = PACKAGE / "site" / "theme"


def _config(config: MkDocsConfig) -> MkDocsConfig:
    config.theme.dirs.insert(0, str(THEME_OVERRIDES))
    settings = config.extra.setdefault("kerjasama", {})
    check_logo(settings.get("logo"), Path(config.docs_dir))
    return config


# The footer's date (generator/site/theme/partials/copyright.html) is given to each page that shows
# it, never put in the configuration: the configuration is in every page's render key
# (generator/commands/rendercache.py), so the as-of date there would render every page again each
# day, agreement pages too, which give the day their own data last changed instead (issue 16).
DATA_DATE = "data_per"
"""Front matter key (a page's) and template context key (a static template's: 404) of the as-of date."""
CHANGED = "diubah"
"""Front matter key of an agreement page: the day its data last changed (generator.site.pages.agreement)."""


def _dated(page: Page, data_date: str) -> None:
    if CHANGED not in page.meta:
        page.meta[DATA_DATE] = data_date


def check_logo(logo: object, docs_dir: Path) -> None:
    """``extra.kerjasama.logo`` (optional, shown in the header and the footer) must be a file under
    docs/, named by its path from there: the site requests nothing from another host."""
    if logo in (None, ""):
        return
    where = "extra.kerjasama.logo di mkdocs.yml"
    if not isinstance(logo, str) or "\\" in logo or ":" in logo or logo.startswith(("/", ".")):
        raise PluginError(f"{where}: tulis jalur berkas di dalam folder docs/, misalnya assets/logo.svg "
                          f"(bukan alamat situs lain atau jalur mutlak), bukan {logo!r}.")
    path = (docs_dir / logo).resolve()
    if not path.is_file() or docs_dir.resolve() not in path.parents:
        raise PluginError(f"{where}: berkas docs/{logo} tidak ada.")


def _pre_build(config: MkDocsConfig, as_of: dt.date) -> None:
    if os.environ.get(READY_ENV) == "1":
        return
    # Imported here: under `kerjasama build` MkDocs needs none of the generator (0.25 s of imports).
    from generator.commands.build import ValidationFailed, generate  # noqa: PLC0415
    from generator.commands.lock import held  # noqa: PLC0415
    from generator.commands.reporters import text  # noqa: PLC0415
    from generator.faults import Fault  # noqa: PLC0415
    from generator.read.siteconfig import from_mkdocs  # noqa: PLC0415

    project = _project(config)
    try:  # the same lock as `kerjasama generate` and `kerjasama build` (never asked for under the build)
        with held(project.root, waiting=_log.info):
            generate(project, as_of, from_mkdocs(config))
    except ValidationFailed as exc:
        report = text(list(exc.result.diagnostics), len(exc.result.files))
        raise PluginError("Register tidak sah; situs tidak dibangun.\n" + report) from exc
    except Fault as exc:
        raise PluginError(exc.line()) from exc


def _env(env: jinja2.Environment) -> jinja2.Environment:
    """Keep the theme's compiled templates between builds (Jinja's bytecode cache in the user's
    temporary folder, checked against each template's source): every `make serve` rebuild and
    every `make site` otherwise compiles the theme's 40 templates again."""
    with contextlib.suppress(RuntimeError):  # no private temporary folder: compile as usual
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def _files(files: Files, config: MkDocsConfig) -> Files:
    generated_dir = str(_project(config).generated)
    for file in list(files):
        if file.src_uri.startswith(GENERATED):
            files.remove(file)
            files.append(File(file.src_uri[len(GENERATED):], src_dir=generated_dir,
                              dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    return files


def _is_generated(page: Page, config: MkDocsConfig) -> bool:
    return page.file.src_dir == str(_project(config).generated)


def _body(page: Page) -> str:
    doc = page.file.content_string
    found = meta.YAML_RE.match(doc)
    if found and page.meta:  # MkDocs parsed this front matter into a mapping already: not parsed again
        body = doc[found.end():].lstrip("\n")
    else:
        body, _meta = meta.get_data(doc)
    return body.strip()  # as Python-Markdown's output


def in_search(page: Page) -> bool:
    """False for a page whose front matter says ``search: {exclude: true}`` (lists of agreements only)."""
    search = page.meta.get("search")
    return not (isinstance(search, dict) and search.get("exclude"))


# Anchor ids of generated pages between reading (on_page_markdown) and on_page_content, where
# they replace the empty set MkDocs found in the empty Markdown.
_ANCHORS: dict[str, set[str]] = {}
# Table-of-contents entries of generated pages, from their h2/h3 headings (Markdown, which would
# have built them, never sees these pages), kept from reading to on_page_content.
_TOCS: dict[str, list[dict[str, Any]]] = {}
_HEADING = re.compile(r'<h([23])\b[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def toc_tokens(html: str) -> list[dict[str, Any]]:
    """Python-Markdown-style toc tokens (level, id, name, children) for the h2/h3 headings of a
    generated page: h3 entries nest under the h2 before them. Names are the headings' text with
    the tags removed (still escaped as the templates wrote it)."""
    tokens: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(html):
        name = " ".join(_TAG.sub("", inner).split())
        token: dict[str, Any] = {"level": int(level), "id": anchor, "name": name, "children": []}
        if level == "3" and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def _page_markdown(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """A generated page's one HTML block is not converted: its body is read again when needed."""
    if not _is_generated(page, config):
        return markdown
    # Anchors for MkDocs' link validation, as its raw-HTML scan would have found them.
    _ANCHORS[page.file.src_uri] = set(_ID.findall(markdown))
    _TOCS[page.file.src_uri] = toc_tokens(markdown)
    page.render = functools.partial(_render_empty, page)  # type: ignore[method-assign]
    return ""


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


def _render_empty(page: Page, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` of a generated page, whose Markdown is empty by now: Python-Markdown returns
    '' for a blank source before any extension runs, so the page gets what ``Page.render`` would
    give it without building a Markdown converter with every extension (0.4 ms a page). Markdown
    that another plugin made non-blank is rendered by MkDocs as usual."""
    if page.markdown is None or page.markdown.strip():
        Page.render(page, config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None  # what Page.render sets from an empty document
    page.present_anchor_ids = set()
    if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def _page_content(html: str, page: Page, config: MkDocsConfig) -> str:
    if _is_generated(page, config):
        page.present_anchor_ids = _ANCHORS.pop(page.file.src_uri, set())
        page.toc = get_toc(_TOCS.pop(page.file.src_uri, []))  # type: ignore[arg-type]
    return html


def _body_before_render(page: Page, config: MkDocsConfig) -> None:
    if _is_generated(page, config):
        page.content = search_marked(_body(page))


class Cached:
    """A stored output handed to :class:`CachedTemplate` in the page's context."""

    def __init__(self, output: str) -> None:
        self.output = output


HIT = "kerjasama_cached_output"
"""The context entry that holds a :class:`Cached` output when the page's key was found."""


class CachedTemplate(jinja2.Template):
    """The class of every template of MkDocs' environment: renders as Jinja does, unless the
    context carries a stored output for this page (:data:`HIT`), which it returns unchanged.
    (MkDocs picks a page's template before ``on_page_context``; only its rendering can be skipped.)"""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if len(args) == 1 and not kwargs and isinstance(args[0], dict):
            cached = args[0].get(HIT)
            if isinstance(cached, Cached):
                return cached.output
        return super().render(*args, **kwargs)


class PageCache:
    """One build's use of the render cache: the build digest (computed at the first page) and the
    key of each page between its context and its output."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.cache = rendercache.RenderCache(cachedir.cache_root(_project(config).root) / rendercache.FOLDER)
        self.build: str | None = None
        self.keys: dict[str, str] = {}

    def before_render(self, context: TemplateContext, page: Page, nav: Navigation) -> None:
        if self.build is None:
            self.build = rendercache.build_digest(self.config, context, nav, (Path(__file__), Path(rendercache.__file__)),
                                                  (THEME_OVERRIDES,))
        key = rendercache.page_digest(self.build, page, context)
        output = self.cache.load(key)
        if output is None:
            self.keys[page.file.src_uri] = key
        else:
            context[HIT] = Cached(output)  # type: ignore[literal-required]  # read by CachedTemplate only

    def rendered(self, output: str, page: Page) -> None:
        key = self.keys.pop(page.file.src_uri, None)
        if key is not None:
            self.cache.store(key, output)

    def finish(self, *, full: bool) -> None:
        removed = self.cache.sweep() if full else 0
        _log.info("Cache halaman MkDocs: %d dipakai ulang, %d dirender (%d entri lama dihapus).",
                  self.cache.hits, self.cache.misses, removed)


PREVIOUS_ENV = "KERJASAMA_PREVIOUS_SITE"
"""The site the one being built will replace (set by generator.commands.build.run_mkdocs)."""


def _regular_size(path: str) -> int | None:
    """The size of a regular file at ``path`` (not followed if it is a symbolic link), else None."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_size if stat.S_ISREG(found.st_mode) else None


def _same_bytes(first: str, second: str, size: int) -> bool:
    try:
        with open(first, "rb") as one, open(second, "rb") as other:
            while size > 0:
                block = one.read(1 << 20)
                if not block or block != other.read(len(block)):
                    return False
                size -= len(block)
            return not one.read(1) and not other.read(1)
    except OSError:
        return False


def _unlink_file(path: str) -> None:
    """Remove whatever file (or link) is at ``path``, so a write makes a new file; folders are left."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        if not os.path.isdir(path) or os.path.islink(path):
            os.unlink(path)


class PreviousSite:
    """MkDocs' two ways of writing a file (``mkdocs.utils.write_file`` and ``copy_file``), replaced for
    one build: a file whose bytes equal the previous site's file at the same path becomes a hard link
    to it; any other is written as MkDocs writes it, into a new file."""

    def __init__(self, previous: Path, site_dir: Path) -> None:
        self.previous = str(previous)
        self.site_dir = str(site_dir)
        self.linked = 0
        self.write_file = mkdocs.utils.write_file
        self.copy_file = mkdocs.utils.copy_file

    def install(self) -> None:
        mkdocs.utils.write_file = self.write_linked
        mkdocs.utils.copy_file = self.copy_linked

    def uninstall(self) -> None:
        mkdocs.utils.write_file = self.write_file
        mkdocs.utils.copy_file = self.copy_file

    def _previous(self, output_path: str) -> str | None:
        rel = os.path.relpath(os.path.abspath(output_path), self.site_dir)
        if rel == os.curdir or rel.startswith(os.pardir) or os.path.isabs(rel):
            return None
        return os.path.join(self.previous, rel)

    def _link(self, previous: str, output_path: str) -> bool:
        try:
            os.makedirs(os.path.dirname(output_path), exist_ok=True)
            _unlink_file(output_path)
            os.link(previous, output_path, follow_symlinks=False)
        except OSError:  # another file system, no hard links, too many links: written as usual
            return False
        self.linked += 1
        return True

    def write_linked(self, content: bytes, output_path: str) -> None:
        previous = self._previous(output_path)
        if previous is not None and _regular_size(previous) == len(content):
            with contextlib.suppress(OSError), open(previous, "rb") as file:
                if file.read() == content and self._link(previous, output_path):
                    return
        _unlink_file(output_path)
        self.write_file(content, output_path)

    def copy_linked(self, source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):  # as mkdocs.utils.copy_file: a folder receives the file by its name
            output_path = os.path.join(output_path, os.path.basename(source_path))
        previous = self._previous(output_path)
        size = None if previous is None else _regular_size(previous)
        if previous is not None and size is not None and os.path.getsize(source_path) == size \
                and _same_bytes(source_path, previous, size) and self._link(previous, output_path):
            return
        _unlink_file(output_path)
        self.copy_file(source_path, output_path)


def _previous_site(config: MkDocsConfig) -> PreviousSite | None:
    previous = os.environ.get(PREVIOUS_ENV, "")
    if not previous or not Path(previous).is_dir() or Path(previous).resolve() == Path(config.site_dir).resolve():
        return None
    return PreviousSite(Path(previous).resolve(), Path(config.site_dir).resolve())


def _serve(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Watch docs/ except ``_generated/``: the pages a rebuild writes there must not trigger
    another full rebuild. The register, schema and data are watched through ``watch:``; the
    generator's code here, wherever the package is installed (a checkout's, when editable)."""
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if entry.name != GENERATED.rstrip("/"):
            server.watch(str(entry))
    server.watch(str(PACKAGE))
    return server


# The theme's article, which holds the page's own content: Pagefind indexes the pages whose article
# carries data-pagefind-body, and only that element (the header, navigation and footer stay out).
# If a theme upgrade changes this markup, tests/test_mkdocs_plugin.py fails.
ARTICLE = '<article class="md-content__inner md-typeset">'


# The Cari page's search box (docs/cari.md), read by docs/assets/kerjasama.js.
SEARCH_BOX = '<div id="ks-cari" class="ks-cari">'
BUNDLES_ATTRIBUTE = "data-ks-bundles"


def search_bundles(files: Files) -> tuple[str, ...]:
    """The agreement pages' search bundles (generator/site/search.py) of this build's pages, in order."""
    prefix = f"{AGREEMENT_FOLDER}/"
    ids = [uri[len(prefix):-len("/index.html")] for uri in (file.dest_uri for file in files)
           if uri.startswith(prefix) and uri.endswith("/index.html") and uri.count("/") == 2]
    return tuple(search.partition(ids))


def name_bundles(output: str, bundles: tuple[str, ...]) -> str:
    """The Cari page with the agreement bundles named on its search box (relative to the page), if any."""
    if not bundles or SEARCH_BOX not in output:
        return output
    paths = " ".join(f"../{folder}/" for folder in bundles)
    return output.replace(SEARCH_BOX, f'{SEARCH_BOX[:-1]} {BUNDLES_ATTRIBUTE}="{paths}">', 1)


def _post_page(output: str, page: Page, config: MkDocsConfig, bundles: tuple[str, ...]) -> str:
    if page.file.src_uri == SEARCH_PAGE:
        output = name_bundles(output, bundles)
    if _is_generated(page, config):
        page.content = None  # written below by MkDocs; the next build reads it again
    if in_search(page):
        return output.replace(ARTICLE, ARTICLE[:-1] + f" {search.BODY}>", 1)
    return output


class Options(Config):  # type: ignore[no-untyped-call]  # MkDocs' Config.__init_subclass__ is untyped
    """None: the register's settings live in mkdocs.yml's ``extra.kerjasama``."""


class KerjasamaPlugin(BasePlugin[Options]):  # type: ignore[no-untyped-call]  # as above
    """The MkDocs events this register uses, each handed to the function above that does it."""

    as_of: dt.date | None = None
    """The as-of date, asked of generator.clock once per MkDocs run (``kerjasama build`` passes its
    own through ``KERJASAMA_AS_OF``): the footer's date and the generated pages always agree."""

    command: str = "build"
    """``build`` or ``serve`` (MkDocs' ``on_startup``); ``mkdocs serve`` keeps no rendered page."""
    dirty: bool = False
    pages: PageCache | None = None
    bundles: tuple[str, ...] = ()
    """The agreement pages' search bundles (:func:`search_bundles`), set when MkDocs has its files."""
    previous: PreviousSite | None = None
    data_date: str | None = None
    """The as-of date as the footer writes it (``27 November 2026``), made once per MkDocs run."""

    def _data_date(self) -> str:
        if self.data_date is None:
            from generator.site.render import tanggal  # noqa: PLC0415

            self.data_date = tanggal(self.as_of or resolve_as_of(None))
        return self.data_date

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.as_of, self.data_date = resolve_as_of(None), None
        return _config(config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        _pre_build(config, self.as_of or resolve_as_of(None))
        self.pages = PageCache(config) if self.command == "build" and cachedir.enabled() else None
        self.previous = _previous_site(config) if self.command == "build" else None
        if self.previous is not None:
            self.previous.install()

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.template_class = CachedTemplate
        return _env(env)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        files = _files(files, config)
        self.bundles = search_bundles(files)
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        _dated(page, self._data_date())
        return _page_markdown(markdown, page, config)

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        context[DATA_DATE] = self._data_date()  # type: ignore[literal-required]
        return context

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return _page_content(html, page, config)

    @event_priority(-100)  # last: the context as other plugins leave it is what the cache key covers
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        _body_before_render(page, config)
        if self.pages is not None:
            self.pages.before_render(context, page, nav)
        return context

    @event_priority(100)  # first: the theme's own output is what the cache stores
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.pages is not None:
            self.pages.rendered(output, page)
        return _post_page(output, page, config, self.bundles)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.pages is not None:
            self.pages.finish(full=not self.dirty)
            self.pages = None
        self._previous_done()

    def on_build_error(self, *, error: Exception) -> None:
        self._previous_done()

    def _previous_done(self) -> None:
        if self.previous is not None:
            self.previous.uninstall()
            _log.info("Situs sebelumnya: %d berkas sama dipakai bersama (tautan keras).", self.previous.linked)
            self.previous = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        return _serve(server, config)
