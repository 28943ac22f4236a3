"""How the public pages list agreements: URLs, category labels, the running/ended split, rows.

Shared by the agreement pages, the catalogue, the mapping and the home page, so that every
page links to the same URL, names a category the same way and splits statuses the same way.
Pure: values from the index in, values out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.index import RegisterIndex, category_key
from generator.page import relative_url
from generator.record import Record
from generator.status import Bucket, Status

NON_KSD = "non_ksd"


def agreement_path(record_id: str) -> str:
    return f"kerja-sama/{record_id}.md"


def agreement_url(record_id: str) -> str:
    """The stable public URL of an agreement (a contract other pages and feeds rely on)."""
    return f"kerja-sama/{record_id}/"


def partner_path(slug: str) -> str:
    return f"mitra/{slug}.md"


def partner_url(slug: str) -> str:
    return f"mitra/{slug}/"


def linker(here: str) -> Callable[[str], str]:
    """``rel(to_url)``: a link from the page at ``here`` to a site URL, relative (raw HTML is not rewritten)."""
    return lambda to_url: _relative(here, to_url)


# posixpath.relpath costs about 20 us (it asks for the working directory); lists link the same
# pairs of pages over and over, and the answer depends on the two URLs only.
_relative = lru_cache(maxsize=1 << 16)(relative_url)


@dataclass(frozen=True)
class Category:
    """A mapping category: a PP 28/2018 category, KSDD split by kind, or outside the KSD regime."""

    key: str
    short: str
    label: str


def categories(index: RegisterIndex) -> tuple[Category, ...]:
    """Every category in code-list order (KSDD wajib, KSDD sukarela, KSDPK, ..., sinergi, non-KSD)."""
    kept: tuple[Category, ...] | None = index.extras.get("listing.categories")
    if kept is None:
        kept = index.extras["listing.categories"] = _categories(index)
    return kept


def _categories(index: RegisterIndex) -> tuple[Category, ...]:
    kinds = index.codelists["jenis_ksdd"]
    out: list[Category] = []
    for item in index.codelists["kategori"]:
        short = str(item.get("singkatan", item.code.upper()))
        if item.code == "ksdd":
            out.extend(Category(f"ksdd_{kind.code}", f"{short} {kind.code}", f"{item.label}: {kind.label.lower()}")
                       for kind in kinds)
        else:
            out.append(Category(item.code, short, item.label))
    out.append(Category(NON_KSD, "Non-KSD", "Di luar kerja sama daerah (rezim hukum lain)"))
    return tuple(out)


def category_of(index: RegisterIndex, record: Record) -> Category:
    key = category_key(record)
    by_key: dict[str, Category] | None = index.extras.get("listing.category_by_key")
    if by_key is None:
        by_key = index.extras["listing.category_by_key"] = {}
        for category in categories(index):
            by_key.setdefault(category.key, category)
    return by_key.get(key) or Category(key, key, key)


@dataclass(frozen=True)
class Named:
    """A code or slug with its display name."""

    key: str
    name: str


@dataclass(frozen=True)
class Row:
    """One agreement as the lists and the catalogue show it."""

    record: Record
    status: Status
    url: str
    category: Category
    partners: tuple[Named, ...]
    sectors: tuple[Named, ...]
    unit: Named
    year: int | None
    signed: dt.date | None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def bucket(self) -> Bucket:
        return self.status.bucket


def row(index: RegisterIndex, record: Record) -> Row:
    """The record's row; made once per index (every list, page and view of a build shares it)."""
    kept: dict[str, Row] = index.extras.setdefault("listing.rows", {})
    found = kept.get(record.id)
    if found is None or found.record is not record:
        found = kept[record.id] = _row(index, record)
    return found


def _row(index: RegisterIndex, record: Record) -> Row:
    partners = tuple(Named(slug, index.partners[slug].name) for slug in index.partner_of.get(record.id, ()))
    sectors = tuple(Named(code, index.label("urusan", code)) for code in record.get("urusan", ()))
    unit_code = str(record.get("perangkat_daerah"))
    return Row(record, index.get_status(record), agreement_url(record.id), category_of(index, record), partners,
               sectors, Named(unit_code, index.label("perangkat_daerah", unit_code)), record.year,
               record.date("tanggal_tanda_tangan"))


def rows(index: RegisterIndex, records: Iterable[Record] | None = None) -> list[Row]:
    """Rows by signing date, newest first (year-only dates as 1 January, unknown last), then by id."""
    chosen = index.records if records is None else records
    by_id = sorted((row(index, r) for r in chosen), key=lambda item: item.id)
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

