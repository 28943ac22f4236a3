"""The derive stage: validated register in, one frozen :class:`SiteModel` out.

``derive(validated, datafiles, history, as_of, settings)`` builds the index (statuses through
generator.derive.status), the control values (generator.derive.control, generator.check.sop), each record's row and
the mapping categories once, and bundles them with the git history and the other data files.
Pure: no file, no clock, no MkDocs; the caller reads history and data files and passes them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from generator.check.sop import Sop
from generator.derive import control
from generator.derive.index import RegisterIndex, build_index, category_key
from generator.derive.model import Category, DataFiles, Named, Row, SiteModel
from generator.derive.recordview import view_of
from generator.derive.siteurls import agreement_url
from generator.read.codelists import CodeLists
from generator.read.history import History
from generator.read.record import Record
from generator.settings import SiteConfig

NON_KSD = "non_ksd"


def derive(validated: Iterable[Record], datafiles: Mapping[str, Any], history: History, as_of: dt.date,  # noqa: PLR0913 - the stage's five inputs and the code lists its labels come from
           settings: SiteConfig, *, codelists: CodeLists) -> SiteModel:
    """The site model of the valid records on ``as_of`` (``datafiles`` by name: ``tkksd``, ``istilah``)."""
    index = build_index(tuple(validated), codelists, as_of, settings.thresholds)
    controls = control.build(index, Sop.from_codelists(codelists), control.settings_from(settings))
    kinds = categories(codelists)
    by_key: dict[str, Category] = {}
    for category in kinds:
        by_key.setdefault(category.key, category)
    rows = {record.id: _row(index, by_key, record) for record in index.records}
    return SiteModel(index=index, control=controls, categories=kinds, category_by_key=MappingProxyType(by_key),
                     rows=MappingProxyType(rows), history=history,
                     views=MappingProxyType({record.id: view_of(record) for record in index.records}),
                     data=DataFiles(tkksd=datafiles.get("tkksd"), glossary=datafiles.get("istilah")))


def categories(codelists: CodeLists) -> tuple[Category, ...]:
    """Every category in code-list order (KSDD wajib, KSDD sukarela, KSDPK, ..., sinergi, non-KSD)."""
    kinds = codelists["jenis_ksdd"]
    out: list[Category] = []
    for item in codelists["kategori"]:
        short = str(item.get("singkatan", item.code.upper()))
        if item.code == "ksdd":
            out.extend(Category(f"ksdd_{kind.code}", f"{short} {kind.code}", f"{item.label}: {kind.label.lower()}")
                       for kind in kinds)
        else:
            out.append(Category(item.code, short, item.label))
    out.append(Category(NON_KSD, "Non-KSD", "Di luar kerja sama daerah (rezim hukum lain)"))
    return tuple(out)


def _row(index: RegisterIndex, by_key: Mapping[str, Category], record: Record) -> Row:
    key = category_key(record)
    partners = tuple(Named(slug, index.partners[slug].name) for slug in index.partner_of.get(record.id, ()))
    sectors = tuple(Named(code, index.label("urusan", code)) for code in record.get("urusan", ()))
    unit_code = str(record.get("perangkat_daerah"))
    return Row(record, index.get_status(record), agreement_url(record.id), by_key.get(key) or Category(key, key, key),
               partners, sectors, Named(unit_code, index.label("perangkat_daerah", unit_code)), record.year,
               record.date("tanggal_tanda_tangan"))
