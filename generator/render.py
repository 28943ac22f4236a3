"""Jinja2 environment for page bodies: autoescaped HTML, strict undefined, Indonesian formats."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal

from generator.codelists import CodeLists
from generator.record import parse_date

LOCALE = "id_ID"


def tanggal(value: dt.date | str | None, pattern: str = "d MMMM y") -> str:
    """``2026-11-27`` -> ``27 November 2026``."""
    date = parse_date(value) if isinstance(value, str) else value
    if date is None:
        return ""
    return format_date(date, pattern, locale=LOCALE)


def angka(value: float | int | None) -> str:
    """Indonesian number format: ``1700`` -> ``1.700``; ``98.79`` -> ``98,79``."""
    if value is None:
        return ""
    return format_decimal(value, locale=LOCALE)


def rupiah(value: int | None) -> str:
    return "" if value is None else f"Rp{angka(value)}"


def make_environment(codelists: CodeLists) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
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
    env.globals["codelists"] = codelists
    return env


def renderer(codelists: CodeLists) -> Any:
    """A ``render(template_name, **context) -> str`` function bound to one environment."""
    env = make_environment(codelists)

    def render(template: str, /, **context: Any) -> str:
        return env.get_template(template).render(**context)

    return render
