"""``kerjasama baru``: a new agreement file that is valid before anyone edits it.

Answers come from flags, else from prompts (when a person is at the terminal). They become
plain data, the data becomes YAML whose every value is written by a YAML emitter and whose
comments come from the schema's Indonesian titles and descriptions, and the text is parsed
back with the strict reader to prove it says exactly what was asked. The file is created
exclusively (never overwriting) and checked at once by the real validator; a file with an
error is removed again and the diagnostics are returned.

Flags and prompts live in :mod:`generator.commands.interview`.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.check.checker import Schema
from generator.check.sop import Sop
from generator.check.validate import Environment, Result, validate
from generator.project import Project
from generator.read.codelists import CodeList, CodeLists, signed_states
from generator.read.loader import FILE_NAME
from generator.read.yamlstrict import read_text, resolve_plain

MODELINE = "# yaml-language-server: $schema=../schema/kerja-sama.schema.json"
CITY_NAME = "Pemerintah Kota Palangka Raya"
CITY_REGION_LABEL = "Kota Palangka Raya"
REFERENCE_URL = "/panduan/referensi-skema/"
SHORT_LIST = 12  # code lists up to this length are spelled out in the comment
WIDTH = 100
YES, NO = "ya", "tidak"
UNKNOWN = "tidak_diketahui"
"""What a staff member types for a date that is not known (``--sumber-tanggal tidak_diketahui``)."""

class ScaffoldError(Exception):
    """The answers cannot make a file (missing or malformed input); the message says why."""


@dataclass(frozen=True)
class Partner:
    """One partner of the city in the new agreement."""

    nama: str
    jenis_pihak: str
    kode_wilayah: str | None = None
    negara: str | None = None


@dataclass(frozen=True)
class Source:
    """One source of the record; the publication date may be unknown, the access date then stands."""

    url: str
    penerbit: str
    tanggal: str | None = None
    judul: str | None = None
    diakses: str | None = None


@dataclass(frozen=True)
class Activity:
    """One dated activity (``kegiatan``): a visit, a meeting, a feasibility study."""

    jenis: str
    uraian: str
    tanggal: str | None = None


@dataclass(frozen=True)
class Delegation:
    """The delegation of one party (``delegasi``): its leader's post, and name when public."""

    pihak: str
    pimpinan_jabatan: str
    pimpinan_nama: str | None = None
    anggota: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answers:
    """Everything ``kerjasama baru`` asks. Field names are the schema's keys."""

    id: str = ""
    judul: str = ""
    jenis_naskah: str | None = None
    """None while there is no document yet (an exploration); required once signed."""
    rezim_hukum: str = "ksd"
    kategori: str | None = None
    jenis_ksdd: str | None = None
    bentuk_kerja_sama_wajib: str | None = None
    naskah_induk: str | None = None
    memperpanjang: str | None = None
    mitra: tuple[Partner, ...] = ()
    penandatangan_kota: str | None = None
    perangkat_daerah: str = ""
    maksud_tujuan: str = ""
    objek: str = ""
    ruang_lingkup: tuple[str, ...] = ()
    urusan: tuple[str, ...] = ()
    tanggal_tanda_tangan: str | None = None
    tanggal_berakhir: str | None = None
    tahun_berakhir: str | None = None
    """Only the year of the end is known (``--tahun-berakhir``, issue 14); digits, checked before use."""
    sumber_dana: tuple[str, ...] = ("tidak_diketahui",)
    status: str = ""
    pengakhiran_tanggal: str | None = None
    pengakhiran_alasan: str | None = None
    dapat_diperpanjang: str | None = None
    """``ya``/``tidak`` as answered; None when unknown."""
    persetujuan_dprd: str | None = None
    """``ya``/``tidak``: whether DPRD approval is needed, asked once the path reaches that stage."""
    persetujuan_dprd_nomor: str | None = None
    persetujuan_dprd_tanggal: str | None = None
    persetujuan_pusat_instansi: str | None = None
    """Central-government approval (``persetujuan_pusat``), asked once the foreign path has passed it."""
    persetujuan_pusat_nomor: str | None = None
    persetujuan_pusat_tanggal: str | None = None
    sumber: tuple[Source, ...] = ()
    kegiatan: tuple[Activity, ...] = ()
    delegasi: tuple[Delegation, ...] = ()
    tingkat_kepastian: str = ""
    catatan: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    sop: Sop | None = field(default=None, compare=False, repr=False)
    """The register's SOP paths, for conditions that depend on the path (DPRD approval); not data."""


# --- answers -> data ---------------------------------------------------------------------------
def is_signed(answers: Answers) -> bool:
    return answers.status in signed_states()


def signing_year_unknown(answers: Answers) -> bool:
    """Signed, with the signing date answered ``tidak_diketahui`` (issue 14)."""
    return is_signed(answers) and answers.tanggal_tanda_tangan == UNKNOWN


def city_party(codelists: CodeLists) -> dict[str, Any]:
    regions = [c.code for c in codelists["wilayah"] if c.label == CITY_REGION_LABEL]
    if len(regions) != 1:
        raise ScaffoldError(f"schema/kode/wilayah.yaml harus memuat tepat satu '{CITY_REGION_LABEL}'")
    return {"nama": CITY_NAME, "jenis_pihak": "pemerintah_daerah_kabkota", "pihak_kota": True,
            "kode_wilayah": regions[0]}


def to_data(answers: Answers, codelists: CodeLists, schema: Schema) -> dict[str, Any]:
    """The agreement as plain data, keys in the schema's order (:func:`in_schema_order`)."""
    parties = [city_party(codelists), *(_party(partner) for partner in answers.mitra)]
    data: dict[str, Any] = {"id": answers.id, "judul": answers.judul}
    if answers.jenis_naskah:
        data["jenis_naskah"] = answers.jenis_naskah
    data["rezim_hukum"] = answers.rezim_hukum
    for key in ("kategori", "jenis_ksdd", "bentuk_kerja_sama_wajib", "naskah_induk", "memperpanjang"):
        if getattr(answers, key):
            data[key] = getattr(answers, key)
    data["para_pihak"] = parties
    if answers.delegasi:
        data["delegasi"] = [_delegation(d) for d in answers.delegasi]
    if answers.penandatangan_kota or is_signed(answers):
        data["penandatangan_kota"] = answers.penandatangan_kota or "tidak_diketahui"
    data["perangkat_daerah"] = answers.perangkat_daerah
    data["maksud_tujuan"] = answers.maksud_tujuan
    data["objek"] = answers.objek
    data["ruang_lingkup"] = list(answers.ruang_lingkup)
    data["urusan"] = list(answers.urusan)
    data.update(_signing(answers))
    if answers.tanggal_berakhir:
        data["tanggal_berakhir"] = answers.tanggal_berakhir
    elif answers.tahun_berakhir and answers.tahun_berakhir.isdigit():
        data["tahun_berakhir"] = int(answers.tahun_berakhir)
    elif is_signed(answers):
        data["masa_berlaku_tidak_diketahui"] = True
    if answers.dapat_diperpanjang:
        data["dapat_diperpanjang"] = answers.dapat_diperpanjang == YES
    data["pendanaan"] = {"sumber": list(answers.sumber_dana)}
    data.update(_approvals(answers))
    data["status"] = answers.status
    if answers.pengakhiran_tanggal or answers.pengakhiran_alasan:
        data["pengakhiran"] = {"tanggal": answers.pengakhiran_tanggal, "alasan": answers.pengakhiran_alasan}
    if answers.kegiatan:
        data["kegiatan"] = [_activity(a) for a in answers.kegiatan]
    data["sumber"] = [_source(source) for source in answers.sumber]
    data["tingkat_kepastian"] = answers.tingkat_kepastian
    if answers.catatan:
        data["catatan"] = answers.catatan
    data.update(answers.extra)
    return in_schema_order(data, schema)


def _signing(answers: Answers) -> dict[str, Any]:
    """The signing date, or ``tahun_tanda_tangan_tidak_diketahui`` when answered unknown (issue 14)."""
    if signing_year_unknown(answers):
        return {"tahun_tanda_tangan_tidak_diketahui": True}
    return {"tanggal_tanda_tangan": answers.tanggal_tanda_tangan} if answers.tanggal_tanda_tangan else {}


def in_schema_order(data: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """Top-level keys in the order of the schema's ``properties`` (the order every guide and the
    schema reference use); a key the schema does not list keeps its place after them."""
    order = {key: n for n, key in enumerate(schema.document.get("properties", {}))}
    return dict(sorted(data.items(), key=lambda item: order.get(item[0], len(order))))


def _party(partner: Partner) -> dict[str, Any]:
    party: dict[str, Any] = {"nama": partner.nama, "jenis_pihak": partner.jenis_pihak, "pihak_kota": False}
    if partner.kode_wilayah:
        party["kode_wilayah"] = partner.kode_wilayah
    if partner.negara:
        party["negara"] = partner.negara
    return party


def _approvals(answers: Answers) -> dict[str, Any]:
    """``persetujuan_dprd`` once asked, ``persetujuan_pusat`` when any of its answers is given."""
    out: dict[str, Any] = {}
    if answers.persetujuan_dprd:
        dprd: dict[str, Any] = {"diperlukan": answers.persetujuan_dprd == YES}
        if answers.persetujuan_dprd_nomor:
            dprd["nomor"] = answers.persetujuan_dprd_nomor
        if answers.persetujuan_dprd_tanggal:
            dprd["tanggal"] = answers.persetujuan_dprd_tanggal
        out["persetujuan_dprd"] = dprd
    central = {key: getattr(answers, f"persetujuan_pusat_{key}") for key in ("instansi", "nomor", "tanggal")}
    if any(central.values()):
        out["persetujuan_pusat"] = {key: value for key, value in central.items() if value}
    return out


def _source(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"url": source.url, "penerbit": source.penerbit}
    for key in ("judul", "tanggal", "diakses"):
        if getattr(source, key):
            out[key] = getattr(source, key)
    return out


def _activity(activity: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {"jenis": activity.jenis}
    if activity.tanggal:
        out["tanggal"] = activity.tanggal
    out["uraian"] = activity.uraian
    return out


def _delegation(delegation: Delegation) -> dict[str, Any]:
    leader: dict[str, Any] = {"jabatan": delegation.pimpinan_jabatan}
    if delegation.pimpinan_nama:
        leader = {"nama": delegation.pimpinan_nama, **leader}
    out: dict[str, Any] = {"pihak": delegation.pihak, "pimpinan": leader}
    if delegation.anggota:
        out["anggota"] = list(delegation.anggota)
    return out


# --- data -> YAML text -------------------------------------------------------------------------
def scalar(value: Any) -> str:
    """One YAML scalar written by the emitter (quoted whenever YAML would read it otherwise)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if not isinstance(value, str):
        raise TypeError(f"unexpected value {value!r}")
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    text = text.removesuffix("\n").removesuffix("\n...")
    plain = not text.startswith(("'", '"'))
    # The emitter follows YAML 1.1; the strict reader resolves plain scalars by YAML 1.2 core
    # rules (0E0 is a number there). When they would disagree, or the emitter folded the text,
    # write a JSON string, which is also a valid double-quoted YAML scalar.
    if "\n" in text or (plain and resolve_plain(text) != value):
        text = json.dumps(value, ensure_ascii=False)
    return text


def _comment(schema_node: Mapping[str, Any], codes: CodeList | None, indent: str) -> list[str]:
    title = str(schema_node.get("title", "")).strip()
    description = str(schema_node.get("description", "")).strip()
    text = f"{title}: {description}" if title and description else title or description
    if codes is not None:
        if len(codes.codes) <= SHORT_LIST:
            text += " Pilihan: " + ", ".join(f"{c.code} ({c.label})" for c in codes) + "."
        else:
            text += f" Daftar pilihan lengkap: halaman Referensi skema ({REFERENCE_URL}#kode-{codes.name})."
    if not text:
        return []
    return textwrap.wrap(text, WIDTH - len(indent) - 2, initial_indent=f"{indent}# ",
                         subsequent_indent=f"{indent}# ", break_on_hyphens=False, break_long_words=False)


class _Writer:
    """Block-style YAML for the shapes an agreement has, with a comment above each key once."""

    def __init__(self, schema: Schema, codelists: CodeLists) -> None:
        self.schema = schema
        self.codelists = codelists
        self.lines: list[str] = []
        self.explained: set[tuple[str, ...]] = set()

    def codes_for(self, node: Mapping[str, Any]) -> CodeList | None:
        ref = node.get("$ref") or (node.get("items") or {}).get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in self.codelists.lists:
                return self.codelists[name]
        return None

    def explain(self, path: tuple[str | int, ...], indent: str) -> None:
        key = tuple(p for p in path if isinstance(p, str))
        if key in self.explained:
            return
        self.explained.add(key)
        raw = self._raw_node(path)
        node = self.schema.node_at(path) or {}
        self.lines.extend(_comment(node, self.codes_for(raw or {}), indent))

    def _raw_node(self, path: tuple[str | int, ...]) -> Mapping[str, Any] | None:
        parent = self.schema.node_at(path[:-1])
        if parent is None:
            return None
        props = parent.get("properties", {})
        node = props.get(path[-1]) if isinstance(path[-1], str) else parent.get("items")
        return node if isinstance(node, Mapping) else None

    def mapping(self, data: Mapping[str, Any], path: tuple[str | int, ...], indent: str,
                first_prefix: str | None = None) -> None:
        for position, (key, value) in enumerate(data.items()):
            here = (*path, key)
            lead = first_prefix if position == 0 and first_prefix is not None else indent
            if position > 0 or first_prefix is None:
                self.explain(here, indent)
            self.entry(lead, key, value, here, indent)

    def entry(self, lead: str, key: str, value: Any, path: tuple[str | int, ...], indent: str) -> None:
        if isinstance(value, (list, tuple, Mapping)) and not value:
            self.lines.append(f"{lead}{key}: {'{}' if isinstance(value, Mapping) else '[]'}")
        elif isinstance(value, Mapping):
            self.lines.append(f"{lead}{key}:")
            self.mapping(value, path, indent + "  ")
        elif isinstance(value, (list, tuple)) and all(isinstance(v, Mapping) for v in value):
            self.lines.append(f"{lead}{key}:")
            for index, item in enumerate(value):
                first_key = next(iter(item))
                self.explain((*path, index, first_key), indent + "  ")
                self.mapping(item, (*path, index), indent + "    ", first_prefix=indent + "  - ")
        elif isinstance(value, (list, tuple)) and self.codes_for(self._raw_node(path) or {}) is not None:
            self.lines.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, (list, tuple)):
            self.lines.append(f"{lead}{key}:")
            self.lines.extend(f"{indent}  - {scalar(v)}" for v in value)
        else:
            self.lines.append(f"{lead}{key}: {scalar(value)}")


def _optional_hints(schema: Schema, data: Mapping[str, Any]) -> list[str]:
    """Commented examples of optional fields that the schema gives examples for."""
    out: list[str] = []
    for key, node in schema.document.get("properties", {}).items():
        if key in data or not node.get("examples"):
            continue
        resolved = schema.node_at((key,)) or {}
        out.append(f"# {resolved.get('title', key)} (contoh):")
        example = yaml.safe_dump({key: node["examples"][0]}, allow_unicode=True, sort_keys=False,
                                 default_flow_style=False, width=WIDTH)
        out.extend(f"#{line}" for line in example.rstrip("\n").splitlines())
    return out


def render(data: Mapping[str, Any], schema: Schema, codelists: CodeLists) -> str:
    """The file text: modeline, a short header, every field with its comment, optional hints."""
    writer = _Writer(schema, codelists)
    writer.lines.extend([
        MODELINE,
        "# Satu berkas = satu naskah kerja sama. Dibuat dengan `kerjasama baru`; periksa dengan",
        "# `kerjasama validate`. Baris yang diawali # adalah penjelasan dan tidak dibaca sebagai data.",
        "# Yang belum diketahui ditulis belum diketahui (misalnya tidak_diketahui); jangan menebak.",
        "",
    ])
    writer.mapping(data, (), "")
    hints = _optional_hints(schema, data)
    if hints:
        writer.lines.extend(["", "# --- Kolom lain yang sering dipakai. Untuk memakainya, hapus satu tanda # di awal",
                             "# --- baris contoh (yang tidak berspasi setelah #), lalu ganti nilainya.",
                             *hints])
    text = "\n".join(writer.lines) + "\n"
    parsed = read_text(text.encode("utf-8"), "baru.yaml")
    if parsed.data != data:  # the emitter and the strict reader must agree exactly
        raise ScaffoldError("berkas hasil templat tidak terbaca kembali sama persis: "
                            + "; ".join(d.message for d in parsed.diagnostics))
    return text


# --- writing -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What happened to the new file: written (path) or refused (result holds the errors)."""

    path: Path
    written: bool
    result: Result


def target_path(project: Project, record_id: str) -> Path:
    name = f"{record_id}.yaml"
    if not FILE_NAME.fullmatch(name):
        raise ScaffoldError(f"id '{record_id}' tidak sah: pakai huruf kecil a-z, angka dan tanda hubung tunggal, "
                            "misalnya 2024-kejari-datun-satpol-pp.")
    return project.agreements / name


def write_checked(env: Environment, as_of: dt.date, record_id: str, text: str) -> Outcome:
    """Create the file (never overwriting), validate it with the whole register, undo on error."""
    path = target_path(env.project, record_id)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    result = validate(env, as_of, [path])
    if result.errors:
        path.unlink()
        return Outcome(path, False, result)
    return Outcome(path, True, result)
