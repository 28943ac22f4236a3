"""What the open data adds to each record: the computed view (status, days left, links, deadlines).

Raw and derived never mix: every output carries the record exactly as in its YAML file under
``naskah`` and this computed view under ``terhitung``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.check import provenance
from generator.check.partners import country_name
from generator.derive import control
from generator.derive.model import SiteModel
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site.opendata import urls

RECENTLY_ENDED_DAYS = 90
"""The radar's "ended recently" window."""
_DONE = frozenset({control.State.SELESAI, control.State.SELESAI_TERLAMBAT})


def pending_renewal(model: SiteModel, record: Record) -> control.Renewal | None:
    """Deadlines that still matter: a signed agreement with a known end and no renewal decision yet."""
    info = model.renewal(record)
    return info if info is not None and info.decided not in _DONE else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def data_origin(record: Record, model: SiteModel) -> dict[str, Any]:
    """Which source supports each part of the record and how certain it is (issue 14): the same
    computation as the agreement page's "Asal data" section (generator.check.provenance)."""
    found = provenance.of(record, model.index.codelists)
    return {
        "sumber": [{"nomor": s.number, "url": s.url, "jenis": s.kind.code} for s in found.sources],
        "bagian": [{"kode": part.group.code, "label": part.group.label,
                    "sumber": [s.number for s in part.sources], "pindaian_naskah": part.scanned}
                   for part in found.parts],
    }


def computed(model: SiteModel, config: SiteConfig, record: Record) -> dict[str, Any]:
    """The ``terhitung`` block of one record (JSON-ready, deterministic)."""
    index = model.index
    status = model.status(record)
    site = config.site_url
    deadlines = model.renewal(record)
    change = model.history.of(record.id).last
    links: dict[str, Any] = {
        "halaman": urls.absolute(site, urls.agreement(record.id)),
        "json": urls.absolute(site, urls.api_record(record.id)),
        "lencana": urls.absolute(site, urls.badge(record.id)),
    }
    if config.repo_url:
        links["berkas_yaml"] = f"{config.repo_url}/blob/{config.edit_branch}/{record.file}"
    category = model.category_of(record)
    return {
        "status": {"fase": status.phase.value, "label": status.label, "jendela_hari": status.window},
        "sisa_hari": status.days_left,
        "tanggal_mulai": _iso(record.start),
        "tanggal_berakhir": _iso(record.end),
        "tahun_berakhir": record.end.year if record.end is not None else record.end_year,
        "tahun_tanda_tangan": record.signed_year,
        "tahun_tanda_tangan_tidak_diketahui": record.signing_year_unknown,
        "tahun": record.year,
        "negara_mitra": [{"kode": code, "nama": country_name(code)}
                         for code in sorted({p["negara"] for p in record.partners if p.get("negara")})],
        "kategori": {"kode": category.key, "label": category.label},
        "mitra": [
            {"slug": slug, "nama": index.partners[slug].name, "url": urls.absolute(site, urls.partner(slug))}
            for slug in index.partner_of.get(record.id, ())
        ],
        "terkait": {
            "naskah_turunan": [r.id for r in index.children.get(record.id, ())],
            "diperpanjang_oleh": [r.id for r in index.renewed_by.get(record.id, ())],
            "digantikan_oleh": [r.id for r in index.superseded_by.get(record.id, ())],
        },
        "tenggat_perpanjangan": None if deadlines is None else {
            "mulai_evaluasi": deadlines.evaluation_start.isoformat(),
            "batas_keputusan": deadlines.decision_due.isoformat(),
            "status_evaluasi": deadlines.evaluation.value,
            "status_keputusan": deadlines.decided.value,
        },
        "asal_data": data_origin(record, model),
        "terakhir_diperbarui": None if change is None else {
            "tanggal": change.day.isoformat(), "commit": change.short},
        "url": links,
    }
