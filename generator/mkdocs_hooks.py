"""Thin MkDocs adapter: regenerate pages before a build and publish them at their own URLs.

MkDocs loads this file through ``hooks:`` in ``mkdocs.yml``. The generator itself knows
nothing about MkDocs; this module only calls it and re-roots ``docs/_generated/`` so that
``_generated/katalog/index.md`` is served at ``/katalog/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

from generator.build import READY_ENV, ValidationFailed, generate
from generator.clock import resolve_as_of
from generator.project import Project
from generator.reporters import text
from generator.siteconfig import from_mkdocs

GENERATED = "_generated/"


def _project(config: MkDocsConfig) -> Project:
    return Project(Path(config.config_file_path).resolve().parent)


def on_pre_build(config: MkDocsConfig, **_: Any) -> None:
    if os.environ.get(READY_ENV) == "1":
        return
    try:
        generate(_project(config), resolve_as_of(None), from_mkdocs(config))
    except ValidationFailed as exc:
        report = text(list(exc.result.diagnostics), len(exc.result.files))
        raise PluginError("Register tidak sah; situs tidak dibangun.\n" + report) from exc


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    generated_dir = _project(config).generated
    for file in list(files):
        if file.src_uri.startswith(GENERATED):
            files.remove(file)
            files.append(File(file.src_uri[len(GENERATED):], src_dir=str(generated_dir),
                              dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
    return files


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


def on_post_page(output: str, **_: Any) -> str:
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Pencarian">', 1)
