"""Provenance: which source supports which part of a record, and how certain that part is.

Pure: a record and the code lists in, frozen values out. The agreement page, the validator rules
(:mod:`generator.check.provenance_rules`) and the coverage statement on /data-terbuka/ read these values.

Rules (documented for staff in the schema's descriptions and the code lists):

* A source's kind is ``sumber[].jenis`` (code list ``jenis-sumber``, most certain first). A source
  without it counts as ``media``: the register never shows a fact as more certain than recorded.
* A part of the data (code list ``kelompok-fakta``) is *present* when one of its top-level keys
  holds a known value (``tidak_diketahui`` alone is not a fact from a source).
* A source with ``mendukung`` supports the parts it lists; a source without it supports every
  part of the record. So a record whose sources say nothing about parts needs no edit.
* A published scan of the signed document (``dokumen`` of kind ``naskah``) supports the parts a
  signed document states (``dalam_naskah`` in the code list), as a source of kind ``naskah``.
* A part is as certain as the most certain source that supports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.read.codelists import Code, CodeLists
from generator.read.record import Record, parse_date

KINDS = "jenis_sumber"
GROUPS = "kelompok_fakta"
CERTAINTY = "tingkat_kepastian"
DEFAULT_KIND = "media"
UNKNOWN = "tidak_diketahui"
SCAN = "naskah"  # dokumen[].jenis of a published scan of the signed document
SCAN_KIND = "naskah"  # the source kind a published scan counts as


@dataclass(frozen=True)
class Source:
    """One ``sumber`` entry as the page shows it: numbered from 1 in the record's order."""

    number: int
    url: str
    publisher: str
    title: str | None
    published: dt.date | None
    accessed: dt.date | None
    note: str | None
    """``rujukan``: what the source says, or where to find it."""
    kind: Code
    supports: tuple[str, ...] | None
    """Codes of the parts it lists; None when it lists none (it then supports every part)."""
    rank: int
    """Position of its kind in ``jenis-sumber``: 0 is the most certain."""

    @property
    def anchor(self) -> str:
        return f"sumber-{self.number}"


@dataclass(frozen=True)
class Part:
    """One part of the record's data with the sources that support it."""

    group: Code
    sources: tuple[Source, ...]
    scanned: bool = False
    """A published scan of the signed document supports it (``dalam_naskah`` parts only)."""

    @property
    def supported(self) -> bool:
        return bool(self.sources) or self.scanned

    def by_kind(self) -> tuple[tuple[Code, tuple[Source, ...]], ...]:
        """Supporting sources grouped by kind, most certain kind first."""
        kinds: dict[int, list[Source]] = {}
        for source in self.sources:
            kinds.setdefault(source.rank, []).append(source)
        return tuple((found[0].kind, tuple(found)) for _, found in sorted(kinds.items()))


@dataclass(frozen=True)
class Provenance:
    """Every source of one record and every present part with its support."""

    sources: tuple[Source, ...]
    parts: tuple[Part, ...]
    scans: int
    """Published scans of the signed document (``dokumen`` of kind ``naskah``)."""
    scan_kind: Code
    """The source kind a published scan counts as."""

    @property
    def uniform(self) -> bool:
        """True when every part rests on the same sources (the usual case: no ``mendukung``)."""
        return len({(tuple(s.number for s in p.sources), p.scanned) for p in self.parts}) <= 1

    @property
    def unsupported(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if not p.supported)

    def kinds(self) -> tuple[Code, ...]:
        """Kinds of the sources, most certain first, each once."""
        return tuple({s.rank: s.kind for s in sorted(self.sources, key=lambda s: s.rank)}.values())


def known(value: Any) -> bool:
    """Whether a value states something: ``tidak_diketahui`` (alone or as every item) does not."""
    if isinstance(value, str):
        return value != UNKNOWN
    if isinstance(value, Mapping):
        return any(known(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(known(v) for v in value)
    return value is not None


def present(record: Record, codelists: CodeLists) -> tuple[Code, ...]:
    """The parts (``kelompok-fakta`` codes, in list order) the record holds a known value for."""
    return tuple(group for group in codelists[GROUPS]
                 if any(known(record.get(key)) for key in group.get("kolom", ())))


def rank_of(codelists: CodeLists, kind: str) -> int:
    return codelists[KINDS].values.index(kind)


def sources(record: Record, codelists: CodeLists) -> tuple[Source, ...]:
    kinds = codelists[KINDS]
    out = []
    for number, entry in enumerate(record.get("sumber", ()), start=1):
        code = str(entry.get("jenis") or DEFAULT_KIND)
        kind = kinds.find(code) or kinds.find(DEFAULT_KIND)
        assert kind is not None, "jenis-sumber lacks its default kind"
        listed = entry.get("mendukung")
        out.append(Source(number, str(entry["url"]), str(entry["penerbit"]), entry.get("judul"),
                          parse_date(entry.get("tanggal")), parse_date(entry.get("diakses")), entry.get("rujukan"), kind,
                          tuple(listed) if listed is not None else None, kinds.values.index(kind.code)))
    return tuple(out)


def supporting(group: str, items: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(s for s in items if s.supports is None or group in s.supports)


def of(record: Record, codelists: CodeLists) -> Provenance:
    found = sources(record, codelists)
    scans = sum(1 for d in record.get("dokumen", ()) if d.get("jenis") == SCAN)
    parts = tuple(Part(group, supporting(group.code, found), bool(scans and group.get("dalam_naskah")))
                  for group in present(record, codelists))
    scan_kind = codelists[KINDS].find(SCAN_KIND)
    assert scan_kind is not None, "jenis-sumber lacks the kind of a published scan"
    return Provenance(found, parts, scans, scan_kind)


def evidence_rank(record: Record, codelists: CodeLists) -> int:
    """Rank of the most certain evidence the record carries (a scan counts as ``naskah``)."""
    item = of(record, codelists)
    ranks = [s.rank for s in item.sources] + ([rank_of(codelists, SCAN_KIND)] if item.scans else [])
    return min(ranks, default=rank_of(codelists, DEFAULT_KIND))


def claimed_rank(record: Record, codelists: CodeLists) -> int | None:
    """Rank (in ``jenis-sumber`` terms) of the record's ``tingkat_kepastian``; None when unmapped."""
    claimed = record.get(CERTAINTY)
    for position, kind in enumerate(codelists[KINDS]):
        if kind.get(CERTAINTY) == claimed:
            return position
    return None


# --- the register as a whole: the coverage statement of /data-terbuka/ ---------------------------
@dataclass(frozen=True)
class KindCount:
    kind: Code
    records: int
    """Records whose most certain evidence is of this kind."""
    sources: int
    """Sources of this kind, over every record."""


@dataclass(frozen=True)
class Coverage:
    """How many records, resting on which kinds of source, over which period."""

    records: int
    sources: int
    kinds: tuple[KindCount, ...]
    first_signed: int | None
    last_signed: int | None
    """Earliest and latest signing year recorded."""
    undated: int
    """Records with no signing year (not signed yet, or year unknown)."""
    first_source: dt.date | None
    last_source: dt.date | None
    with_parts: int
    """Records with at least one source that lists the parts it supports."""


def coverage(records: Iterable[Record], codelists: CodeLists) -> Coverage:
    items = list(records)
    by_rank: dict[int, int] = {}
    source_ranks: dict[int, int] = {}
    dates: list[dt.date] = []
    with_parts = 0
    for record in items:
        item = of(record, codelists)
        rank = evidence_rank(record, codelists)
        by_rank[rank] = by_rank.get(rank, 0) + 1
        for source in item.sources:
            source_ranks[source.rank] = source_ranks.get(source.rank, 0) + 1
            if source.published is not None:
                dates.append(source.published)
        with_parts += any(s.supports is not None for s in item.sources)
    years = [y for y in (r.signed_year for r in items) if y is not None]
    kinds = tuple(KindCount(kind, by_rank.get(i, 0), source_ranks.get(i, 0))
                  for i, kind in enumerate(codelists[KINDS]))
    return Coverage(len(items), sum(source_ranks.values()), kinds, min(years, default=None),
                    max(years, default=None), len(items) - len(years), min(dates, default=None),
                    max(dates, default=None), with_parts)
