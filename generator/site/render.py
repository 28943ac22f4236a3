"""Jinja2 environment for page bodies: autoescaped HTML, strict undefined, Indonesian formats.

The environment (with its compiled templates) and the Babel formats are kept for the life of
the process: ``mkdocs serve`` regenerates the site in one process after every edit. Each is a
pure function of its key (the code lists; the value and pattern), so a kept result is the
one a fresh process computes; templates edited on disk are reloaded (Jinja's auto-reload).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal

from generator.check.partners import country_name
from generator.derive.status import Vocabulary
from generator.read.codelists import CodeLists
from generator.read.record import parse_date

LOCALE = "id_ID"


# Babel takes about 5 us per call; a build formats tens of thousands of dates and numbers,
# most of them repeated. ``typed``: 1, 1.0 and True are different keys.
@lru_cache(maxsize=8192, typed=True)
def _date_text(date: dt.date, pattern: str) -> str:
    return format_date(date, pattern, locale=LOCALE)


@lru_cache(maxsize=8192, typed=True)
def _number_text(value: float | int) -> str:
    return format_decimal(value, locale=LOCALE)


def tanggal(value: dt.date | str | None, pattern: str = "d MMMM y") -> str:
    """``2026-11-27`` -> ``27 November 2026``."""
    date = parse_date(value) if isinstance(value, str) else value
    if date is None:
        return ""
    return _date_text(date, pattern)


def angka(value: float | int | None) -> str:
    """Indonesian number format: ``1700`` -> ``1.700``; ``98.79`` -> ``98,79``."""
    if value is None:
        return ""
    return _number_text(value)


def rupiah(value: int | None) -> str:
    return "" if value is None else f"Rp{angka(value)}"


def make_environment(codelists: CodeLists) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tanggal"] = tanggal
    env.filters["angka"] = angka
    env.filters["rupiah"] = rupiah
    env.filters["label"] = lambda code, name: codelists.label(name, code)
    env.filters["negara"] = country_name  # ISO 3166-1 code -> Indonesian country name (Babel, issue 18)
    env.globals["codelists"] = codelists
    env.globals["status_words"] = Vocabulary.from_codelists(codelists)
    return env


# The environment last made, with the code lists it was made for (one register per process).
_KEPT: dict[str, tuple[CodeLists, jinja2.Environment]] = {}


def environment(codelists: CodeLists) -> jinja2.Environment:
    """The environment for these code lists, made once per process while they stay equal.

    Compiling the templates takes about 0.15 s; a rebuild under ``mkdocs serve`` loads equal
    code lists again and reuses the environment. Other code lists get a new one.
    """
    kept = _KEPT.get("last")
    if kept is not None and kept[0] == codelists:
        return kept[1]
    env = make_environment(codelists)
    _KEPT["last"] = (codelists, env)
    return env


def renderer(codelists: CodeLists) -> Any:
    """A ``render(template_name, **context) -> str`` function bound to one environment."""
    env = environment(codelists)

    def render(template: str, /, **context: Any) -> str:
        return env.get_template(template).render(**context)

    return render


def streamer(codelists: CodeLists) -> Any:
    """A ``stream(template_name, **context) -> Iterator[str]`` function: the template's output
    fragment by fragment (``Template.generate``), for pages too big to hold as one list of
    fragments and their join (generator.site.page.markdown_page gathers them into parts)."""
    env = environment(codelists)

    def stream(template: str, /, **context: Any) -> Iterator[str]:
        return env.get_template(template).generate(**context)

    return stream
