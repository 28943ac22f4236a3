"""Thin MkDocs adapter: regenerate pages before a build and publish them at their own URLs.

MkDocs loads this file through ``hooks:`` in ``mkdocs.yml``. The generator itself knows
nothing about MkDocs; this module only calls it and re-roots ``docs/_generated/`` so that
``_generated/katalog/index.md`` is served at ``/katalog/``.

Generated pages skip Markdown. Their body is one HTML block by construction
(:func:`generator.page.markdown_page`), which Python-Markdown would only copy through after
parsing it twice with ``html.parser`` (half of MkDocs' time at 500 agreements). MkDocs holds
no body between reading and rendering: just before the search plugin indexes a page, the page
gets only what search must read (its declared ``ks_search_html``, nothing when it is left out
of search, or its body without the search-skip regions around lists of every agreement);
right after, it gets its full body, read back from disk, which is dropped once the page is
written. Memory therefore does not grow with the number of agreements, and search parses
about 0.3 KB per agreement instead of every list (see docs/panduan/kinerja.md).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from generator.page import SEARCH_HTML, search_view, without_skip_marks
from generator.project import Project

READY_ENV = "KERJASAMA_PAGES_READY"  # set by `kerjasama build`, which generated the pages already

GENERATED = "_generated/"
_log = logging.getLogger("mkdocs.hooks.kerjasama")
_ID = re.compile(r'\sid="([^"]*)"')
# What the theme's search plugin removes from a page after indexing it (material/plugins/search,
# on_page_context). Bodies read back after indexing get the same treatment.
_SEARCH_ATTRIBUTE = re.compile(r'\s?data-search-\w+="[^"]+"')


def _project(config: MkDocsConfig) -> Project:
    return _project_at(str(config.config_file_path))


@functools.cache
def _project_at(config_file: str) -> Project:  # asked for every page: resolved once
    return Project(Path(config_file).resolve().parent)


def on_pre_build(config: MkDocsConfig, **_: Any) -> None:
    if os.environ.get(READY_ENV) == "1":
        return
    # Imported here: under `kerjasama build` MkDocs needs none of the generator (0.25 s of imports).
    from generator.build import ValidationFailed, generate  # noqa: PLC0415
    from generator.clock import resolve_as_of  # noqa: PLC0415
    from generator.faults import Fault  # noqa: PLC0415
    from generator.lock import held  # noqa: PLC0415
    from generator.reporters import text  # noqa: PLC0415
    from generator.siteconfig import from_mkdocs  # noqa: PLC0415

    project = _project(config)
    try:  # the same lock as `kerjasama generate` and `kerjasama build` (never asked for under the build)
        with held(project.root, waiting=_log.info):
            generate(project, resolve_as_of(None), from_mkdocs(config))
    except ValidationFailed as exc:
        report = text(list(exc.result.diagnostics), len(exc.result.files))
        raise PluginError("Register tidak sah; situs tidak dibangun.\n" + report) from exc
    except Fault as exc:
        raise PluginError(exc.line()) from exc


def on_env(env: jinja2.Environment, **_: Any) -> jinja2.Environment:
    """Keep the theme's compiled templates between builds (Jinja's bytecode cache in the user's
    temporary folder, checked against each template's source): every `make serve` rebuild and
    every `make site` otherwise compiles the theme's 40 templates again."""
    with contextlib.suppress(RuntimeError):  # no private temporary folder: compile as usual
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
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
    body, _meta = meta.get_data(page.file.content_string)
    return body.strip()  # as Python-Markdown's output


# A body read for search is kept until the same page is rendered, right after: a list page is
# read from disk once (several MB at 20,000 agreements).
_READ: dict[str, str] = {}


def _search_view(page: Page) -> str:
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return ""
    declared = page.meta.get(SEARCH_HTML)
    if isinstance(declared, str):
        return declared
    body = _READ[page.file.src_uri] = _body(page)
    return search_view(body)


# Anchor ids of generated pages between reading (on_page_markdown) and on_page_content, where
# they replace the empty set MkDocs found in the empty Markdown.
_ANCHORS: dict[str, set[str]] = {}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """A generated page's one HTML block is not converted: its body is read again when needed."""
    if not _is_generated(page, config):
        return markdown
    # Anchors for MkDocs' link validation, as its raw-HTML scan would have found them.
    _ANCHORS[page.file.src_uri] = set(_ID.findall(markdown))
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    if _is_generated(page, config):
        page.present_anchor_ids = _ANCHORS.pop(page.file.src_uri, set())
    return html


@event_priority(100)
def _search_view_before_search(context: dict[str, Any], /, page: Page, config: MkDocsConfig,
                               **_: Any) -> dict[str, Any]:
    if _is_generated(page, config):
        page.content = _search_view(page)
    return context


@event_priority(-100)
def _body_after_search(context: dict[str, Any], /, page: Page, config: MkDocsConfig, **_: Any) -> dict[str, Any]:
    if _is_generated(page, config):
        body = _READ.pop(page.file.src_uri, None)
        page.content = _SEARCH_ATTRIBUTE.sub("", without_skip_marks(_body(page) if body is None else body))
    return context


on_page_context = CombinedEvent(_search_view_before_search, _body_after_search)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, **_: Any) -> LiveReloadServer:
    """Watch docs/ except ``_generated/``: the pages a rebuild writes there must not trigger
    another full rebuild. The register, schema and generator are watched through ``watch:``."""
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if entry.name != GENERATED.rstrip("/"):
            server.watch(str(entry))
    return server


# Material's search dialog has no accessible name (axe-core: aria-dialog-name, serious). The exact
# theme markup is named here; if a theme upgrade changes it, the browser accessibility test fails.
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    if _is_generated(page, config):
        page.content = None  # written below by MkDocs; the next build reads it again
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Pencarian">', 1)
