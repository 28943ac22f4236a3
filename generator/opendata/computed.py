"""What the open data adds to each record: the computed view (status, days left, links, deadlines).

Raw and derived never mix: every output carries the record exactly as in its YAML file under
``naskah`` and this computed view under ``terhitung``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator import control, history
from generator.index import RegisterIndex
from generator.opendata import urls
from generator.page import SiteConfig
from generator.pages.listing import category_of
from generator.partners import country_name
from generator.record import Record

RECENTLY_ENDED_DAYS = 90
"""The radar's "ended recently" window."""
_DONE = frozenset({control.State.SELESAI, control.State.SELESAI_TERLAMBAT})


def renewal(index: RegisterIndex, config: SiteConfig, record: Record) -> control.Renewal | None:
    """Renewal deadlines as the control tool dates them (same settings as its pages)."""
    return control.renewal(record, index.get_status(record), control.settings_from(config),
                           index.renewed_by.get(record.id, ()))


def pending_renewal(index: RegisterIndex, config: SiteConfig, record: Record) -> control.Renewal | None:
    """Deadlines that still matter: a signed agreement with a known end and no renewal decision yet."""
    info = renewal(index, config, record)
    return info if info is not None and info.decided not in _DONE else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def computed(index: RegisterIndex, config: SiteConfig, record: Record) -> dict[str, Any]:
    """The ``terhitung`` block of one record (JSON-ready, deterministic)."""
    status = index.get_status(record)
    site = config.site_url
    deadlines = renewal(index, config, record)
    change = history.of(config).of(record.id).last
    links: dict[str, Any] = {
        "halaman": urls.absolute(site, urls.agreement(record.id)),
        "json": urls.absolute(site, urls.api_record(record.id)),
        "lencana": urls.absolute(site, urls.badge(record.id)),
    }
    if config.repo_url:
        links["berkas_yaml"] = f"{config.repo_url}/blob/{config.edit_branch}/{record.file}"
    category = category_of(index, record)
    return {
        "status": {"fase": status.phase.value, "label": status.label, "jendela_hari": status.window},
        "sisa_hari": status.days_left,
        "tanggal_mulai": _iso(record.start),
        "tanggal_berakhir": _iso(record.end),
        "tahun_tanda_tangan": record.signed_year,
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
        "terakhir_diperbarui": None if change is None else {
            "tanggal": change.day.isoformat(), "commit": change.short},
        "url": links,
    }
