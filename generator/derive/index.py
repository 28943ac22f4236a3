"""Index, then render: every lookup the pages need, built once from the valid records.

Records stay as loaded; everything here is derived (statuses, links in both directions,
groupings by partner, sector, unit, category and year).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.check.partners import Entry, resolve
from generator.derive.status import DEFAULT_THRESHOLDS, Status, Vocabulary, compute, renewal_start
from generator.read.codelists import CodeLists
from generator.read.record import Record


@dataclass(frozen=True)
class Partner:
    """A partner organisation and the agreements it is party to.

    Its identity and slug come from :mod:`generator.check.partners`; ``name`` is the first spelling
    in id order, ``names`` every spelling the register uses for it (one unless an ``id_mitra``
    joins several).
    """

    slug: str
    name: str
    party_type: str
    region: str | None
    records: tuple[Record, ...]
    names: tuple[str, ...] = ()
    country: str | None = None
    """ISO 3166-1 code of a foreign partner (``negara``), as first written."""


@dataclass(frozen=True)
class RegisterIndex:
    """Lookups over the valid records on one as-of date."""

    records: tuple[Record, ...]
    codelists: CodeLists
    words: Vocabulary
    """The status words (code list ``status_terhitung``) every status of this index carries."""
    as_of: dt.date
    thresholds: tuple[int, ...]
    by_id: Mapping[str, Record]
    status: Mapping[str, Status]
    children: Mapping[str, tuple[Record, ...]]
    renewed_by: Mapping[str, tuple[Record, ...]]
    superseded_by: Mapping[str, tuple[Record, ...]]
    partners: Mapping[str, Partner]
    partner_of: Mapping[str, tuple[str, ...]]
    by_sector: Mapping[str, tuple[Record, ...]]
    by_unit: Mapping[str, tuple[Record, ...]]
    by_category: Mapping[str, tuple[Record, ...]]
    by_year: Mapping[int | None, tuple[Record, ...]]

    def get_status(self, record: Record) -> Status:
        return self.status[record.id]

    def label(self, codelist: str, code: str | None) -> str:
        return self.codelists.label(codelist, code)


def category_key(record: Record) -> str:
    """Category with the KSDD kind (``ksdd_wajib``/``ksdd_sukarela``), or ``non_ksd`` outside PP 28/2018."""
    category = record.get("kategori")
    if category == "ksdd":
        return f"ksdd_{record.get('jenis_ksdd') or 'tanpa_kategori'}"
    return str(category or "non_ksd")


def _group(records: Iterable[Record], keys: Any) -> dict[Any, tuple[Record, ...]]:
    groups: dict[Any, list[Record]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return {k: tuple(v) for k, v in sorted(groups.items(), key=lambda kv: (kv[0] is None, str(kv[0])))}


def build_index(records: Sequence[Record], codelists: CodeLists, as_of: dt.date,
                thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS) -> RegisterIndex:
    ordered = tuple(sorted(records, key=lambda r: r.id))
    by_id = {r.id: r for r in ordered}
    links: dict[str, dict[str, list[Record]]] = {
        "naskah_induk": defaultdict(list), "memperpanjang": defaultdict(list), "menggantikan": defaultdict(list)}
    for record in ordered:
        for name, table in links.items():
            target = record.get(name)
            if target in by_id:
                table[target].append(record)
    renewed_by = {k: tuple(v) for k, v in links["memperpanjang"].items()}
    words = Vocabulary.from_codelists(codelists)
    status = {r.id: compute(r, as_of, thresholds=thresholds, renewed=r.id in renewed_by, words=words,
                            renewal_start=renewal_start(renewed_by.get(r.id, ())))
              for r in ordered}

    partners, partner_of = _partners(ordered)
    return RegisterIndex(
        records=ordered, codelists=codelists, words=words, as_of=as_of, thresholds=thresholds, by_id=by_id,
        status=status,
        children={k: tuple(v) for k, v in links["naskah_induk"].items()},
        renewed_by=renewed_by,
        superseded_by={k: tuple(v) for k, v in links["menggantikan"].items()},
        partners=partners,
        partner_of=partner_of,
        by_sector=_group(ordered, lambda r: r.get("urusan", ())),
        by_unit=_group(ordered, lambda r: (r.get("perangkat_daerah"),)),
        by_category=_group(ordered, lambda r: (category_key(r),)),
        by_year=_group(ordered, lambda r: (r.year,)),
    )


def _partners(ordered: Sequence[Record]) -> tuple[dict[str, Partner], dict[str, tuple[str, ...]]]:
    """Partners by slug, and the slugs of each record's partners in ``para_pihak`` order."""
    identity = resolve(ordered)
    first: dict[str, Entry] = {}
    names: dict[str, dict[str, None]] = defaultdict(dict)
    records: dict[str, dict[str, Record]] = defaultdict(dict)
    partner_of: dict[str, dict[str, None]] = defaultdict(dict)
    for entry in identity.entries:
        slug = identity.slug_of[(entry.record.file, entry.position)]
        first.setdefault(slug, entry)
        names[slug][entry.name.strip()] = None
        records[slug][entry.record.id] = entry.record
        partner_of[entry.record.id][slug] = None
    partners = {
        slug: Partner(slug, entry.name.strip(), str(entry.record.data["para_pihak"][entry.position]["jenis_pihak"]),
                      entry.record.data["para_pihak"][entry.position].get("kode_wilayah"),
                      tuple(records[slug].values()), tuple(names[slug]),
                      entry.record.data["para_pihak"][entry.position].get("negara"))
        for slug, entry in sorted(first.items())
    }
    return partners, {record_id: tuple(slugs) for record_id, slugs in partner_of.items()}
