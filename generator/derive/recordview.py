"""A typed view of one record for its page: every field the page shows, dates parsed once.

Made by the derive stage (generator.derive.model_builder) for every record; the agreement page's template
reads these fields instead of the raw ``record.data``. An optional field the file leaves out is
None; a list the file gives empty stays an empty tuple (the page shows both differently).
Codes stay codes: the template labels them from the code lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.read.record import Record, parse_date


@dataclass(frozen=True)
class Funding:
    sources: tuple[str, ...]
    value: int | float | None
    budgeted: bool | None
    """``teranggarkan_apbd``"""
    burdens_public: bool | None
    """``membebani_masyarakat_daerah``"""


@dataclass(frozen=True)
class Approval:
    """The DPRD's or a central agency's approval, or a power of attorney: who, number, date."""

    required: bool | None = None
    agency: str | None = None
    number: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class RightsDuties:
    party: str
    rights: tuple[str, ...]
    duties: tuple[str, ...]


@dataclass(frozen=True)
class Liaison:
    position: str
    unit: str | None


@dataclass(frozen=True)
class Termination:
    date: dt.date | None
    reason: str
    note: str | None


@dataclass(frozen=True)
class Document:
    url: str
    title: str | None
    kind: str
    date: dt.date | None
    sha256: str


@dataclass(frozen=True)
class Source:
    url: str
    title: str | None
    publisher: str
    date: dt.date | None
    accessed: dt.date | None
    reference: str | None


@dataclass(frozen=True)
class Delegation:
    party: str
    leader_name: str | None
    leader_position: str | None
    members: tuple[str, ...] | None


@dataclass(frozen=True)
class Activity:
    date: dt.date | None
    kind: str
    place: str | None
    description: str


@dataclass(frozen=True)
class RecordView:
    """What the agreement page shows of one record, typed."""

    object: str
    kind: str | None
    """None before any document exists (an exploration visit)."""
    legal_regime: str
    mandatory_form: str | None
    ksdpk_class: str | None
    number: str | None
    partner_numbers: tuple[str, ...] | None
    related_units: tuple[str, ...] | None
    funding: Funding
    dprd: Approval | None
    central: Approval | None
    city_signatory: str | None
    power_of_attorney: Approval | None
    disputes: tuple[str, ...] | None
    recorded_status: str
    external_refs: Mapping[str, Any] | None
    purpose: str
    scope: tuple[str, ...]
    rights_duties: tuple[RightsDuties, ...] | None
    liaisons: tuple[Liaison, ...] | None
    delegations: tuple[Delegation, ...] | None
    activities: tuple[Activity, ...] | None
    extendable: bool | None
    has_term: bool
    one_budget_year: bool | None
    termination: Termination | None
    documents: tuple[Document, ...] | None
    sources: tuple[Source, ...]
    certainty: str
    note: str | None

    @property
    def has_period_facts(self) -> bool:
        """The page's term block has something to show."""
        return (self.has_term or self.one_budget_year is not None or self.termination is not None
                or self.extendable is not None)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def _texts(data: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    value = data.get(key)
    return None if value is None else tuple(str(item) for item in value)


def _approval(data: Mapping[str, Any] | None, *, required: bool = False) -> Approval | None:
    if data is None:
        return None
    return Approval(bool(data.get("diperlukan")) if required else None, _text(data, "instansi"),
                    _text(data, "nomor"), parse_date(data.get("tanggal")))


def view_of(record: Record) -> RecordView:
    d = record.data
    funding = d.get("pendanaan") or {}
    termination = d.get("pengakhiran")
    return RecordView(
        object=str(d.get("objek", "")), kind=_text(d, "jenis_naskah"), legal_regime=str(d["rezim_hukum"]),
        mandatory_form=_text(d, "bentuk_kerja_sama_wajib"), ksdpk_class=_text(d, "klasifikasi_ksdpk"),
        number=_text(d, "nomor_naskah"), partner_numbers=_texts(d, "nomor_naskah_mitra"),
        related_units=_texts(d, "perangkat_daerah_terkait"),
        funding=Funding(tuple(funding.get("sumber", ())), funding.get("nilai_rupiah"),
                        funding.get("teranggarkan_apbd"), funding.get("membebani_masyarakat_daerah")),
        dprd=_approval(d.get("persetujuan_dprd"), required=True), central=_approval(d.get("persetujuan_pusat")),
        city_signatory=_text(d, "penandatangan_kota"), power_of_attorney=_approval(d.get("surat_kuasa")),
        disputes=_texts(d, "penyelesaian_perselisihan"), recorded_status=str(d["status"]),
        external_refs=d.get("rujukan_eksternal"), purpose=str(d.get("maksud_tujuan", "")),
        scope=tuple(str(item) for item in d.get("ruang_lingkup", ())),
        rights_duties=None if d.get("hak_kewajiban") is None else tuple(
            RightsDuties(str(item["pihak"]), tuple(item.get("hak", ())), tuple(item.get("kewajiban", ())))
            for item in d["hak_kewajiban"]),
        liaisons=None if d.get("petugas_penghubung") is None else tuple(
            Liaison(str(item["jabatan"]), _text(item, "perangkat_daerah")) for item in d["petugas_penghubung"]),
        delegations=None if d.get("delegasi") is None else tuple(
            Delegation(str(item["pihak"]), _text(item.get("pimpinan") or {}, "nama"),
                       _text(item.get("pimpinan") or {}, "jabatan"), _texts(item, "anggota"))
            for item in d["delegasi"]),
        activities=None if d.get("kegiatan") is None else tuple(
            Activity(parse_date(item.get("tanggal")), str(item["jenis"]), _text(item, "tempat"), str(item["uraian"]))
            for item in d["kegiatan"]),
        extendable=d.get("dapat_diperpanjang"),
        has_term=d.get("jangka_waktu") is not None, one_budget_year=d.get("satu_tahun_anggaran"),
        termination=None if termination is None else Termination(parse_date(termination.get("tanggal")),
                                                                 str(termination["alasan"]),
                                                                 _text(termination, "keterangan")),
        documents=None if d.get("dokumen") is None else tuple(
            Document(str(doc["url"]), _text(doc, "judul"), str(doc["jenis"]), parse_date(doc.get("tanggal")),
                     str(doc["sha256"])) for doc in d["dokumen"]),
        sources=tuple(Source(str(src["url"]), _text(src, "judul"), str(src["penerbit"]), parse_date(src.get("tanggal")),
                             parse_date(src.get("diakses")), _text(src, "rujukan")) for src in d.get("sumber", ())),
        certainty=str(d["tingkat_kepastian"]), note=_text(d, "catatan"),
    )
