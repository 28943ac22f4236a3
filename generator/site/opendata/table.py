"""The CSV table: one row per agreement, columns derived from the JSON Schema.

Flattening rules (printed on the data dictionary page, see :data:`RULES`):

* a field with one value is one column named like the field (``judul``);
* a field of a sub-object is a column ``objek.kolom`` (``pendanaan.nilai_rupiah``);
* a list of values is one column whose items are joined with ``"; "`` (``urusan``);
* a list of objects gives one column per field of its items, ``daftar[].kolom``
  (``para_pihak[].nama``), the n-th value of every such column belonging to the n-th item
  (empty when that item has no value); a list inside an item is joined with ``" | "``;
* a free-form map (``rujukan_eksternal``) is one column of ``kunci=nilai`` joined with ``"; "``;
* yes/no values are ``ya``/``tidak``; dates ``TTTT-BB-HH``; numbers with a decimal point;
* computed values follow in ``terhitung.*`` columns; ``terhitung.asal_data.<bagian>`` (one column
  per part of the data, code list ``kelompok-fakta``) lists the sources supporting that part as
  ``<n> (<jenis>)``, n being the source's position in the ``sumber[]`` columns (issue 14).

Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe so spreadsheets show it as text. Number columns are not changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.check.checker import Schema
from generator.derive.model import SiteModel
from generator.read.record import Record
from generator.settings import SiteConfig
from generator.site.opendata.computed import computed
from generator.site.outputcache import OutputCache, cached

LIST_SEPARATOR = "; "
INNER_SEPARATOR = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
ORIGIN = "asal"
"""Kind of a ``terhitung.asal_data.<bagian>`` column."""
ORIGIN_SCAN = "pindaian naskah"
ORIGIN_NONE = "tanpa sumber"
ORIGIN_GROUPS = "kelompok_fakta"

RULES = (
    "Satu baris per naskah; baris pertama berisi nama kolom.",
    "Kolom bernama seperti kolom YAML. Kolom anak objek ditulis objek.kolom (misalnya pendanaan.nilai_rupiah).",
    f"Daftar nilai digabung dengan \"{LIST_SEPARATOR.strip()}\" dan spasi (misalnya urusan).",
    "Daftar objek menjadi satu kolom per isian, daftar[].isian (misalnya para_pihak[].nama); nilai ke-n "
    f"setiap kolom itu milik butir ke-n, kosong bila butir itu tidak punya nilai. Daftar di dalam butir "
    f"digabung dengan \"{INNER_SEPARATOR.strip()}\".",
    "Peta bebas (rujukan_eksternal, kelengkapan_materi) menjadi kunci=nilai yang digabung dengan titik koma.",
    "Ya/tidak ditulis ya atau tidak; tanggal TTTT-BB-HH; bilangan memakai titik desimal.",
    "Kolom terhitung.* dihitung generator pada tanggal acuan dan tidak ada di berkas YAML.",
    "Sel teks yang diawali =, +, -, @, tab atau carriage return diberi tanda petik tunggal (') di depan agar "
    "program lembar kerja tidak menjalankannya sebagai rumus. Kolom bilangan tidak diubah.",
    "Bila isi sebuah sel sendiri memuat titik koma, pakai API JSON untuk struktur yang persis.",
    "Kolom terhitung.asal_data.* (satu per bagian data) menyebut sumber yang mendukung bagian itu sebagai "
    "nomor (jenis sumber), misalnya \"1 (media); 3 (laman_resmi)\": nomor n adalah butir ke-n kolom sumber[] "
    f"(sumber[].url, sumber[].penerbit, ...). \"{ORIGIN_SCAN}\" berarti pindaian naskah yang ditandatangani "
    f"mendukungnya; \"{ORIGIN_NONE}\" berarti bagian itu diisi tetapi tidak ada sumber yang mendukungnya; sel kosong "
    "berarti bagian itu tidak diisi.",
)


@dataclass(frozen=True)
class Column:
    """One CSV column: where its value comes from and what it means."""

    name: str
    path: tuple[str, ...]
    """Field names from the record root; ``[]`` marks a list of objects."""
    kind: str
    """``text``, ``integer``, ``number``, ``boolean``, ``date``, ``code``, ``list``, ``map``."""
    title: str
    description: str
    codelist: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in {"integer", "number"}

    @property
    def in_list(self) -> bool:
        return "[]" in self.path


def _kind(node: Mapping[str, Any]) -> tuple[str, str | None]:
    kind = node.get("type")
    if "enum" in node:
        return "code", None
    if node.get("format") == "date":
        return "date", None
    if isinstance(kind, str) and kind in {"integer", "number", "boolean"}:
        return kind, None
    return "text", None


def _code_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.removeprefix("#/$defs/") if isinstance(ref, str) and ref.startswith("#/$defs/") else None


def _walk(schema: Schema, raw: Mapping[str, Any], path: tuple[str, ...], titles: tuple[str, ...]) -> Iterator[Column]:
    node = schema.resolve(raw)
    title = " › ".join((*titles, str(node.get("title", path[-1]))))
    description = str(node.get("description", ""))
    name = ".".join(path).replace(".[]", "[]")
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        for key, child in node["properties"].items():
            yield from _walk(schema, child, (*path, key), (*titles, str(node.get("title", path[-1]))))
    elif kind == "object":
        yield Column(name, path, "map", title, description)
    elif kind == "array":
        items_raw = node.get("items", {})
        items = schema.resolve(items_raw)
        if items.get("type") == "object" and "properties" in items:
            for key, child in items["properties"].items():
                yield from _walk(schema, child, (*path, "[]", key), (*titles, str(node.get("title", path[-1]))))
        else:
            item_kind, _ = _kind(items)
            yield Column(name, path, "list", title, description, _code_name(items_raw) if item_kind == "code" else None)
    else:
        item_kind, _ = _kind(node)
        yield Column(name, path, item_kind, title, description, _code_name(raw) if item_kind == "code" else None)


COMPUTED_ROOT = "terhitung"
"""The first part of every computed column's path (the ``terhitung`` block, generator.site.opendata.computed)."""

COMPUTED: tuple[Column, ...] = (
    Column("terhitung.fase", ("terhitung", "status", "fase"), "code", "Fase status terhitung",
           "Kode status pada tanggal acuan (misalnya berlaku, segera-berakhir); arti setiap kode ada di bawah.",
           "status_terhitung"),
    Column("terhitung.status", ("terhitung", "status", "label"), "text", "Status terhitung",
           "Label status pada tanggal acuan, dari daftar kode status terhitung."),
    Column("terhitung.sisa_hari", ("terhitung", "sisa_hari"), "integer", "Sisa hari",
           "Hari dari tanggal acuan sampai tanggal berakhir; negatif bila sudah berakhir, kosong bila tidak diketahui."),
    Column("terhitung.kategori", ("terhitung", "kategori", "label"), "text", "Kategori",
           "Kategori kerja sama (KSDD dibedakan wajib/sukarela; non-KSD untuk rezim hukum lain)."),
    Column("terhitung.mitra", ("terhitung", "mitra", "[]", "nama"), "text", "Mitra",
           "Nama mitra (semua pihak selain Pemerintah Kota Palangka Raya)."),
    Column("terhitung.negara_mitra", ("terhitung", "negara_mitra", "[]", "nama"), "text", "Negara mitra",
           "Nama negara mitra luar negeri dalam bahasa Indonesia (CLDR melalui Babel)."),
    Column("terhitung.batas_keputusan_perpanjangan", ("terhitung", "tenggat_perpanjangan", "batas_keputusan"), "date",
           "Batas keputusan perpanjangan", "Tanggal keputusan perpanjangan paling lambat (bila belum diputuskan)."),
    Column("terhitung.url", ("terhitung", "url", "halaman"), "text", "Alamat halaman", "Halaman naskah di situs ini."),
)


def origin_columns(schema: Schema) -> tuple[Column, ...]:
    """One ``terhitung.asal_data.<bagian>`` column per part of the data, in code-list order (the
    schema's ``kelompok_fakta`` definition, embedded from ``schema/kode/kelompok-fakta.yaml``)."""
    groups = schema.document.get("$defs", {}).get(ORIGIN_GROUPS, {})
    labels = [str(text).split("**")[1] if str(text).count("**") >= 2 else str(code)
              for code, text in zip(groups.get("enum", ()), groups.get("markdownEnumDescriptions", ()), strict=True)]
    return tuple(
        Column(f"terhitung.asal_data.{code}", ("terhitung", "asal_data", "bagian", str(code)), ORIGIN,
               f"Asal data: {label}",
               f"Sumber yang mendukung bagian \"{label}\", ditulis nomor (jenis sumber) dan dipisah titik koma; "
               f"nomor n adalah butir ke-n kolom sumber[]. \"{ORIGIN_SCAN}\": pindaian naskah mendukungnya; "
               f"\"{ORIGIN_NONE}\": bagian diisi tanpa sumber pendukung; kosong: bagian tidak diisi.",
               "jenis_sumber")
        for code, label in zip(groups.get("enum", ()), labels, strict=True))


def columns(schema: Schema) -> tuple[Column, ...]:
    """Every column, in schema order, then the computed ones (the provenance columns last)."""
    found = [c for key, node in schema.document["properties"].items() for c in _walk(schema, node, (key,), ())]
    return (*found, *COMPUTED, *origin_columns(schema))


def origin_cell(origin: Mapping[str, Any], group: str) -> str:
    """The sources supporting one part, from ``terhitung.asal_data``: ``1 (media); 2 (laman_resmi)``."""
    part = next((p for p in origin.get("bagian", ()) if p.get("kode") == group), None)
    if part is None:
        return ""
    kinds = {s["nomor"]: s["jenis"] for s in origin.get("sumber", ())}
    items = [f"{number} ({kinds[number]})" for number in part.get("sumber", ())]
    if part.get("pindaian_naskah"):
        items.append(ORIGIN_SCAN)
    return LIST_SEPARATOR.join(items) or ORIGIN_NONE


def guard(text: str) -> str:
    """Neutralise spreadsheet formulas in a text cell."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _scalar(value: Any, inner: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Mapping):
        return LIST_SEPARATOR.join(f"{k}={_scalar(v, True)}" for k, v in sorted(value.items()))
    if isinstance(value, (list, tuple)):
        return (INNER_SEPARATOR if inner else LIST_SEPARATOR).join(_scalar(v, True) for v in value)
    return str(value)


def _dig(value: Any, path: Sequence[str]) -> Any:
    """Follow ``path`` through mappings; ``[]`` maps the rest over a list (one value per item)."""
    for i, key in enumerate(path):
        if key == "[]":
            items = value if isinstance(value, (list, tuple)) else ()
            return [_dig(item, path[i + 1:]) for item in items]
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def cell(column: Column, source: Mapping[str, Any]) -> str:
    if column.kind == ORIGIN:
        return guard(origin_cell(_dig(source, column.path[:2]) or {}, column.path[-1]))
    value = _dig(source, column.path)
    text = LIST_SEPARATOR.join(_scalar(v, True) for v in value or ()) if column.in_list else _scalar(value)
    if column.numeric and not column.in_list:
        return text
    return guard(text)


def rows(model: SiteModel, config: SiteConfig, cols: Sequence[Column],
         cache: OutputCache | None = None) -> Iterator[list[str]]:
    """Each agreement's cells. The cells of the record's own columns depend on its data alone and,
    with a cache, are kept under the record (the columns come from the schema, which the cache's
    build digest covers); the ``terhitung.*`` cells, which hold the days left, are made anew."""
    from_record = [c.path[0] != COMPUTED_ROOT for c in cols]
    own = [c for c, mine in zip(cols, from_record, strict=True) if mine]
    made = [c for c, mine in zip(cols, from_record, strict=True) if not mine]

    def own_cells(record: Record) -> str:
        return json.dumps([cell(c, record.data) for c in own], ensure_ascii=False)

    for record in model.index.records:
        kept = iter(json.loads(cached(cache, "csv-naskah", record, own_cells)))
        view = {COMPUTED_ROOT: computed(model, config, record)}
        fresh = iter([cell(c, view) for c in made])
        yield [next(kept) if mine else next(fresh) for mine in from_record]


def render(model: SiteModel, schema: Schema, config: SiteConfig, cache: OutputCache | None = None) -> bytes:
    """The whole CSV: UTF-8 with BOM (so Excel detects the encoding), CRLF line ends (RFC 4180)."""
    return b"".join(parts(model, schema, config, cache))


def parts(model: SiteModel, schema: Schema, config: SiteConfig, cache: OutputCache | None = None) -> Iterator[bytes]:
    """:func:`render`'s bytes a line at a time (the header line with the BOM, then one per agreement),
    made as they are read: generation writes the CSV without holding it (generator.site.page.Chunks)."""
    cols = columns(schema)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow([c.name for c in cols])
    yield _taken(out)
    for row in rows(model, config, cols, cache):
        writer.writerow(row)
        yield _taken(out)


def _taken(out: io.StringIO) -> bytes:
    """What was written to ``out`` since the last call, in UTF-8; ``out`` is emptied."""
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text.encode("utf-8")


KIND_LABELS: Mapping[str, str] = {
    "text": "teks", "integer": "bilangan bulat", "number": "bilangan", "boolean": "ya/tidak",
    "date": "tanggal (TTTT-BB-HH)", "code": "kode", "list": "daftar", "map": "kunci=nilai",
    ORIGIN: "daftar nomor sumber",
}


def type_label(column: Column, label_of: Callable[[str], str]) -> str:
    """Human type of a column for the data dictionary (``kode: Urusan pemerintahan``)."""
    base = KIND_LABELS[column.kind]
    if column.kind == ORIGIN:
        return f"{base} dengan jenisnya ({label_of(column.codelist)})" if column.codelist else base
    if column.codelist:
        base = f"{base} ({label_of(column.codelist)})" if column.kind == "code" else f"daftar kode ({label_of(column.codelist)})"
    if column.in_list:
        base += ", satu nilai per butir"
    return base
