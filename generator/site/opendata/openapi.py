"""OpenAPI 3.1 description of the static JSON API (validated in the tests)."""

from __future__ import annotations

from typing import Any

from generator.check.checker import Schema
from generator.derive.control import State
from generator.derive.status import Phase
from generator.settings import SiteConfig
from generator.site.opendata import urls

_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _date(description: str) -> dict[str, Any]:
    return _nullable("string", format="date", description=description)


def _envelope(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["versi_skema", "per_tanggal", *required],
        "properties": {
            "versi_skema": {"type": "string", "description": "Versi skema (x-versi-skema) yang dipakai data ini."},
            "per_tanggal": {"type": "string", "format": "date",
                            "description": "Tanggal acuan status dan sisa hari (zona Asia/Jakarta)."},
            **properties,
        },
    }


def _schemas() -> dict[str, Any]:
    states = [s.value for s in State]
    count_item = {
        "type": "object", "required": ["kode", "label", "jumlah"],
        "properties": {"kode": {"type": "string"}, "label": {"type": "string"}, "jumlah": {"type": "integer"}},
    }
    brief = {
        "type": "object",
        "required": ["id", "judul", "fase", "label", "tanggal_berakhir", "sisa_hari", "url", "json"],
        "properties": {
            "id": {"type": "string"}, "judul": {"type": "string"},
            "fase": _ref("Fase"), "label": {"type": "string"},
            "tanggal_berakhir": _date("Hari terakhir berlaku; null bila tidak diketahui."),
            "sisa_hari": _nullable("integer", description="Hari dari tanggal acuan sampai tanggal berakhir."),
            "url": {"type": "string", "format": "uri"}, "json": {"type": "string", "format": "uri"},
        },
    }
    group = {
        "type": "object", "required": ["label", "jumlah", "kerja_sama"],
        "properties": {"label": {"type": "string"}, "jumlah": {"type": "integer"},
                       "kerja_sama": {"type": "array", "items": _ref("Ringkas")}},
    }
    link = {"type": "string", "format": "uri"}
    computed = {
        "type": "object",
        "description": "Nilai yang dihitung generator dari naskah pada tanggal acuan; tidak ada di berkas YAML.",
        "required": ["status", "sisa_hari", "tanggal_mulai", "tanggal_berakhir", "tahun_berakhir", "kategori", "mitra",
                     "negara_mitra", "terkait", "tenggat_perpanjangan", "asal_data", "terakhir_diperbarui", "url"],
        "properties": {
            "status": {"type": "object", "required": ["fase", "label", "jendela_hari"], "properties": {
                "fase": _ref("Fase"), "label": {"type": "string"},
                "jendela_hari": _nullable("integer", description="Ambang terkecil (hari) untuk segera berakhir."),
            }},
            "sisa_hari": _nullable("integer", description="Negatif bila sudah berakhir; null bila tidak diketahui."),
            "tanggal_mulai": _date("Tanggal mulai, atau tanggal tanda tangan bila tanggal mulai kosong."),
            "tanggal_berakhir": _date("Hari terakhir berlaku; null bila tanggalnya tidak diketahui, juga bila "
                                      "sumber hanya menyebut tahun berakhirnya (lihat tahun_berakhir)."),
            "tahun_berakhir": _nullable("integer", description="Tahun berakhir: tahun tanggal_berakhir, atau tahun "
                                        "yang disebut sumber bila tanggalnya tidak diketahui; null bila keduanya "
                                        "tidak diketahui."),
            "tahun_tanda_tangan": _nullable("integer", description="null bila tahun penandatanganan belum "
                                          "diketahui (lihat tahun_tanda_tangan_tidak_diketahui)."),
            "tahun_tanda_tangan_tidak_diketahui": {
                "type": "boolean", "description": "true bila naskah sudah ditandatangani tetapi tahun "
                "penandatanganannya tidak diketahui; tahun_tanda_tangan dan tahun lalu null."},
            "tahun": _nullable("integer", description="Tahun penandatanganan; untuk kerja sama yang belum bernaskah, "
                               "tahun tahapan atau kegiatan bertanggal yang paling awal."),
            "negara_mitra": {"type": "array", "description": "Negara mitra luar negeri: kode ISO 3166-1 dan nama "
                             "dalam bahasa Indonesia (CLDR).", "items": {"type": "object", "properties": {
                                 "kode": {"type": "string"}, "nama": {"type": "string"}}}},
            "kategori": {"type": "object", "properties": {"kode": {"type": "string"}, "label": {"type": "string"}}},
            "mitra": {"type": "array", "items": {"type": "object", "properties": {
                "slug": {"type": "string"}, "nama": {"type": "string"}, "url": link}}},
            "terkait": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "tenggat_perpanjangan": {
                "type": ["object", "null"],
                "description": "Tenggat perpanjangan naskah bertanda tangan dengan tanggal berakhir diketahui.",
                "properties": {
                    "mulai_evaluasi": {"type": "string", "format": "date"},
                    "batas_keputusan": {"type": "string", "format": "date"},
                    "status_evaluasi": {"type": "string", "enum": states},
                    "status_keputusan": {"type": "string", "enum": states}}},
            "asal_data": {
                "type": "object", "required": ["sumber", "bagian"],
                "description": "Sumber mana yang mendukung setiap bagian data naskah, dengan jenis sumbernya "
                               "(naskah, laman resmi, media); sama dengan bagian Asal data di halaman naskah.",
                "properties": {
                    "sumber": {"type": "array", "items": {"type": "object", "required": ["nomor", "url", "jenis"],
                               "properties": {"nomor": {"type": "integer"}, "url": link,
                                              "jenis": {"type": "string", "description": "Kode jenis-sumber."}}}},
                    "bagian": {"type": "array", "items": {"type": "object",
                               "required": ["kode", "label", "sumber", "pindaian_naskah"], "properties": {
                                   "kode": {"type": "string", "description": "Kode kelompok-fakta."},
                                   "label": {"type": "string"},
                                   "sumber": {"type": "array", "items": {"type": "integer"},
                                              "description": "Nomor sumber yang mendukung bagian ini."},
                                   "pindaian_naskah": {"type": "boolean", "description":
                                                       "Pindaian naskah yang ditandatangani ikut mendukungnya."}}}},
                }},
            "terakhir_diperbarui": {"type": ["object", "null"], "properties": {
                "tanggal": {"type": "string", "format": "date"}, "commit": {"type": "string"}}},
            "url": {"type": "object", "additionalProperties": link},
        },
    }
    return {
        "Fase": {"type": "string", "enum": [p.value for p in Phase], "description": "Fase status terhitung."},
        "Naskah": {"$ref": "kerja-sama.schema.json", "description": "Isi berkas YAML apa adanya."},
        "Terhitung": computed,
        "Ringkas": brief,
        "Kelompok": group,
        "Jumlah": count_item,
        "KerjaSama": _envelope("Satu naskah kerja sama.", {
            "id": {"type": "string"}, "naskah": _ref("Naskah"), "terhitung": _ref("Terhitung")},
            ["id", "naskah", "terhitung"]),
        "DaftarKerjaSama": _envelope("Semua naskah kerja sama.", {
            "jumlah": {"type": "integer"},
            "kerja_sama": {"type": "array", "items": {"type": "object", "required": ["id", "naskah", "terhitung"],
                                                        "properties": {"id": {"type": "string"}, "naskah": _ref("Naskah"),
                                                                       "terhitung": _ref("Terhitung")}}}},
            ["jumlah", "kerja_sama"]),
        "Radar": _envelope("Naskah yang perlu perhatian: segera berakhir, baru berakhir, tanpa keputusan, "
                           "tanggal berakhir tidak diketahui.", {
            "ambang_hari": {"type": "array", "items": {"type": "integer"}},
            "segera_berakhir": _ref("Kelompok"),
            "segera_berakhir_per_ambang": {"type": "object", "additionalProperties": _ref("Kelompok")},
            "baru_berakhir": _ref("Kelompok"),
            "berakhir_tanpa_keputusan": _ref("Kelompok"),
            "masa_berlaku_tidak_diketahui": _ref("Kelompok")},
            ["ambang_hari", "segera_berakhir", "baru_berakhir", "berakhir_tanpa_keputusan",
             "masa_berlaku_tidak_diketahui"]),
        "Statistik": _envelope("Jumlah naskah per kategori, status, urusan, perangkat daerah dan tahun.", {
            "jumlah_naskah": {"type": "integer"},
            "per_kategori": {"type": "array", "items": _ref("Jumlah")},
            "per_status": {"type": "array", "items": _ref("Jumlah")},
            "per_urusan": {"type": "array", "items": _ref("Jumlah")},
            "per_perangkat_daerah": {"type": "array", "items": _ref("Jumlah")},
            "per_tahun_tanda_tangan": {"type": "array", "items": {"type": "object", "properties": {
                "tahun": _nullable("integer"), "jumlah": {"type": "integer"}}}}},
            ["jumlah_naskah", "per_kategori", "per_status", "per_urusan", "per_perangkat_daerah",
             "per_tahun_tanda_tangan"]),
    }


def _get(operation_id: str, summary: str, schema: str, parameters: list[Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": summary,
        "responses": {"200": {"description": "Berkas JSON statis.",
                              "content": {"application/json": {"schema": _ref(schema)}}}},
    }
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def document(schema: Schema, config: SiteConfig) -> dict[str, Any]:
    """The OpenAPI document; paths are relative to the server ``<site>/api/v1``."""
    base = "/" + urls.API
    rel = {name: "/" + path.removeprefix(urls.API) for name, path in {
        "list": urls.API_LIST, "radar": urls.API_RADAR, "stats": urls.API_STATS, "schema": urls.API_SCHEMA}.items()}
    id_param = {"name": "id", "in": "path", "required": True, "description": "ID naskah (nama berkas tanpa .yaml).",
                "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API Register Kerja Sama Daerah Kota Palangka Raya",
            "version": schema.version,
            "description": "Berkas JSON statis, diperbarui setiap kali situs dibangun. Setiap berkas memuat "
                           "versi_skema dan per_tanggal. Tidak perlu kunci API.",
            "license": {"name": "CC BY 4.0 (data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": urls.absolute(config.site_url, base.strip("/"))}],
        "paths": {
            rel["list"]: _get("daftarKerjaSama", "Semua naskah dengan status terhitung", "DaftarKerjaSama"),
            "/kerja-sama/{id}.json": _get("satuKerjaSama", "Satu naskah", "KerjaSama", [id_param]),
            rel["radar"]: _get("radar", "Segera berakhir, baru berakhir, tanpa keputusan, tidak diketahui", "Radar"),
            rel["stats"]: _get("statistik", "Jumlah per kategori, status, urusan, perangkat daerah, tahun", "Statistik"),
            rel["schema"]: {"get": {
                "operationId": "skema", "summary": "Skema JSON (draf 2020-12) satu berkas naskah",
                "responses": {"200": {"description": "Skema JSON.",
                                      "content": {"application/schema+json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": _schemas()},
    }
