"""Golden files for the public page families (home, agreement, catalogue, mapping).

The fixture register tests/fixtures/site/ is rendered at a fixed as-of date and every page is
compared with its file under tests/golden/site/. Review a change as a diff; regenerate with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_pages_golden.py``. Sections other engineers add
through optional includes (control tool, change history) are left out of tests/golden/site/, so
those files change only when this renderer does; tests/golden/families/ holds every family's
output whole. A failure shows a unified diff (tests/golden_files.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import pytest
from constants import AS_OF, REPO
from golden_files import check_folder

from generator.check import datafiles
from generator.check.validate import Environment, validate
from generator.commands import build
from generator.commands.build import collect_pages, context_for
from generator.project import Project
from generator.settings import SiteConfig
from generator.site.page import Page, SiteContext
from generator.site.pages import agreement, catalogue, home, mapping
from generator.site.render import make_environment

FIXTURE = REPO / "tests" / "fixtures" / "site"
GOLDEN = REPO / "tests" / "golden" / "site"
GOLDEN_ALL = REPO / "tests" / "golden" / "families"
CONFIG = SiteConfig(site_url="https://kerjasama.example/", repo_url="https://example.org/register", edit_branch="main")
FAMILIES = (home.pages, agreement.pages, catalogue.pages, mapping.pages)
ALL_FAMILIES = build.FAMILIES
OTHERS_PARTIALS = frozenset({
    "partials/agreement_control.html", "partials/agreement_history.html", "partials/home_changes.html",
    "partials/agreement_ended.html"})


class _WithoutOthersPartials(jinja2.BaseLoader):
    """The package loader, minus the optional partials that other page owners fill in."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template in OTHERS_PARTIALS:
            raise jinja2.TemplateNotFound(template)
        return self.inner.get_source(environment, template)


def fixture_context(as_of: dt.date = AS_OF) -> SiteContext:
    env = Environment.load(Project(REPO, register=FIXTURE))
    result = validate(env, as_of)
    assert result.errors == [], [str(d) for d in result.errors]
    ctx = context_for(env, result, as_of, CONFIG)
    jinja = make_environment(env.codelists)
    assert jinja.loader is not None
    jinja.loader = _WithoutOthersPartials(jinja.loader)

    def render(template: str, /, **context: Any) -> str:
        return jinja.get_template(template).render(**context)

    def stream(template: str, /, **context: Any) -> Iterator[str]:
        return jinja.get_template(template).generate(**context)

    return SiteContext(model=ctx.model, schema=ctx.schema, config=ctx.config, render=render, stream=stream)


@pytest.fixture(scope="module")
def fixture_pages() -> tuple[Page, ...]:
    return collect_pages(fixture_context(), FAMILIES)


def _as_bytes(page: Page) -> bytes:
    return page.content.encode("utf-8") if isinstance(page.content, str) else page.content


def test_pages_match_golden_files(fixture_pages: tuple[Page, ...]) -> None:
    check_folder(GOLDEN, {page.path: _as_bytes(page) for page in fixture_pages})


def every_family_pages() -> tuple[Page, ...]:
    """Every page family of the site (build.FAMILIES) with every partial, the data files and no git history."""
    env = Environment.load(Project(REPO, register=FIXTURE))
    result = validate(env, AS_OF)
    data = datafiles.load(env.project, env.codelists).data
    return collect_pages(context_for(env, result, AS_OF, CONFIG, data), ALL_FAMILIES)


def test_every_family_matches_golden_files() -> None:
    """One golden folder for the whole generated site of the fixture register: open data, control
    pages, guide, glossary, codes and schema reference included."""
    pages = every_family_pages()
    assert {page.path.split("/")[0] for page in pages} >= {
        "api", "data", "kalender", "feed", "lencana", "data-terbuka", "sop", "tkksd", "evaluasi", "masa-berlaku",
        "glosarium", "panduan", "kerja-sama", "katalog", "pemetaan", "mitra", "index.md"}
    check_folder(GOLDEN_ALL, {page.path: _as_bytes(page) for page in pages})


def test_fixture_pages_cover_every_family(fixture_pages: tuple[Page, ...]) -> None:
    paths = {page.path for page in fixture_pages}
    ids = sorted(p.stem for p in FIXTURE.glob("*.yaml"))
    assert {f"kerja-sama/{i}.md" for i in ids} <= paths
    assert {"index.md", "katalog/index.md", "pemetaan/index.md", "grafik/kategori.svg", "grafik/tahun.svg",
            "pemetaan/kategori/index.md", "pemetaan/urusan/index.md", "pemetaan/perangkat-daerah/index.md",
            "pemetaan/tahun/index.md"} <= paths
    partners = sorted(p for p in paths if p.startswith("mitra/"))
    assert partners == [
        "mitra/jeonju-city-government.md", "mitra/pemerintah-kabupaten-katingan.md",
        "mitra/perwakilan-bpkp-provinsi-kalimantan-tengah.md", "mitra/pt-contoh-energi-persero.md",
        "mitra/pt-contoh-parkir-nusantara.md", "mitra/universitas-contoh-kalimantan.md",
    ]


def test_rendering_is_deterministic() -> None:
    first = collect_pages(fixture_context(), FAMILIES)
    second = collect_pages(fixture_context(), FAMILIES)
    assert [(_as_bytes(p), p.path) for p in first] == [(_as_bytes(p), p.path) for p in second]
