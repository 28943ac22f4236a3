"""How the public pages list agreements: URLs, category labels, the running/ended split, rows.

Shared by the agreement pages, the catalogue, the mapping and the home page, so that every
page links to the same URL, names a category the same way and splits statuses the same way.
Pure: values from the site model (generator.derive.model, made by generator.derive.model_builder) in, values out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.derive.model import Category, Named, Row, SiteModel
from generator.derive.siteurls import agreement_path, agreement_url, partner_path, partner_url
from generator.derive.status import Bucket
from generator.read.record import Record
from generator.site.page import relative_url

__all__ = [
    "Category",
    "Named",
    "Row",
    "agreement_path",
    "agreement_url",
    "categories",
    "linker",
    "partner_path",
    "partner_url",
    "row",
    "rows",
    "split",
]


def linker(here: str) -> Callable[[str], str]:
    """``rel(to_url)``: a link from the page at ``here`` to a site URL, relative (raw HTML is not rewritten)."""
    return lambda to_url: _relative(here, to_url)


# posixpath.relpath costs about 20 us (it asks for the working directory); lists link the same
# pairs of pages over and over, and the answer depends on the two URLs only.
_relative = lru_cache(maxsize=1 << 16)(relative_url)


def categories(model: SiteModel) -> tuple[Category, ...]:
    """Every category in code-list order (KSDD wajib, KSDD sukarela, KSDPK, ..., sinergi, non-KSD)."""
    return model.categories


def row(model: SiteModel, record: Record) -> Row:
    """The record's row, made once by the derive stage."""
    return model.rows[record.id]


def rows(model: SiteModel, records: Iterable[Record] | None = None) -> list[Row]:
    """Rows by signing date, newest first (year-only dates as 1 January, unknown last), then by id."""
    chosen = model.index.records if records is None else records
    by_id = sorted((model.rows[r.id] for r in chosen), key=lambda item: item.id)
    return sorted(by_id, key=_signed_key, reverse=True)  # stable: equal dates keep id order


def _signed_key(item: Row) -> dt.date:
    if item.signed is not None:
        return item.signed
    return dt.date(item.year, 1, 1) if item.year else dt.date.min


@dataclass(frozen=True)
class Split:
    """Rows of one group, split by bucket (every bucket present, possibly empty)."""

    total: int
    parts: Mapping[Bucket, tuple[Row, ...]]

    def count(self, which: Bucket) -> int:
        return len(self.parts[which])


def split(items: Sequence[Row]) -> Split:
    return Split(len(items), {b: tuple(r for r in items if r.bucket is b) for b in Bucket})

