"""The schema reference page lists every field and every allowed value, straight from the schema."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from generator.check.validate import Environment
from generator.site.pages.schema_reference import Field, reference_fields

PAGE = "panduan/referensi-skema/index.html"


def schema_paths(document: Mapping[str, Any], node: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every property path of the schema, walked independently of the page code."""
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        ref = child.get("$ref", "")
        target = document["$defs"][ref.removeprefix("#/$defs/")] if ref else child
        if target.get("type") == "object":
            yield from schema_paths(document, target, path)
        items = target.get("items", {})
        if items.get("type") == "object":
            yield from schema_paths(document, items, path + "[]")


def codelist_refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.removeprefix("#/$defs/"))
        for value in node.values():
            found |= codelist_refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= codelist_refs(value)
    return found


def by_name(env: Environment) -> dict[str, Field]:
    return {f.name: f for f in reference_fields(env.schema.document, env.codelists)}


def test_every_schema_property_becomes_one_field(env: Environment) -> None:
    expected = list(schema_paths(env.schema.document, env.schema.document))
    assert len(expected) > 80
    assert [f.name for f in reference_fields(env.schema.document, env.codelists)] == expected


def test_requirements_come_from_the_schema(env: Environment) -> None:
    fields = by_name(env)
    assert fields["id"].requirement == "wajib"
    assert fields["nomor_naskah"].requirement == "pilihan"
    assert fields["kategori"].requirement == "bersyarat"
    assert fields["kategori"].conditions == ("wajib bila rezim_hukum = ksd",)
    assert fields["bentuk_kerja_sama_wajib"].conditions == ("wajib bila jenis_ksdd = wajib",)
    assert fields["para_pihak[].kode_wilayah"].conditions == (
        "wajib bila jenis_pihak salah satu dari pemerintah_daerah_kabkota, pemerintah_daerah_provinsi",)
    assert "wajib (atau tahun_tanda_tangan atau tahun_tanda_tangan_tidak_diketahui) bila status salah satu dari " \
           "ditandatangani, berlaku, berakhir, diakhiri_lebih_awal" in fields["tanggal_tanda_tangan"].conditions
    assert fields["tahun_tanda_tangan_tidak_diketahui"].notes == (
        "harus false (atau dihapus) bila tanggal_tanda_tangan diisi",
        "harus false (atau dihapus) bila tahun_tanda_tangan diisi",
        "harus false (atau dihapus) bila status bukan salah satu dari ditandatangani, berlaku, berakhir, "
        "diakhiri_lebih_awal")
    assert "wajib bila jangka_waktu dan tanggal_tanda_tangan diisi" in fields["tanggal_berakhir"].conditions
    assert fields["masa_berlaku_tidak_diketahui"].notes[0] == "harus false (atau dihapus) bila tanggal_berakhir diisi"
    assert fields["para_pihak[].penandatangan.jabatan"].requirement == "wajib"
    assert fields["urusan"].kind == "daftar kode" and fields["urusan"].codelist is env.codelists["urusan"]
    assert fields["tanggal_tanda_tangan"].kind == "tanggal (TTTT-BB-HH)"


def test_built_page_lists_every_field_and_every_code(env: Environment, real_site) -> None:  # type: ignore[no-untyped-def]
    page = (real_site.site / PAGE).read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', page))
    fields = reference_fields(env.schema.document, env.codelists)
    assert page.count('<section class="ks-field"') == len(fields)
    for item in fields:
        assert item.anchor in ids, item.name
        assert f"<code>{item.name}</code>" in page
    used = codelist_refs(env.schema.document["properties"]) & set(env.codelists.lists)
    assert used, "the schema refers to code lists"
    for name in used:
        section = re.search(rf'<section class="ks-codelist" id="kode-{name}">(.*?)</section>', page, re.S)
        assert section, name
        codes = re.findall(r"<tr><td><code>([^<]*)</code></td><td[^>]*>([^<]*)</td>", section.group(1))
        assert [(html.unescape(c), html.unescape(label)) for c, label in codes] == \
               [(c.code, c.label) for c in env.codelists[name]], name


def test_every_example_in_the_schema_is_valid_for_its_field(env: Environment) -> None:
    document = env.schema.document
    checked = 0
    for path in schema_paths(document, document):
        node: Any = document
        for part in path.replace("[]", ".[]").split("."):
            node = node["items"] if part == "[]" else node.get("properties", {}).get(part)
            if node and "$ref" in node and "properties" not in node:
                node = {**document["$defs"][node["$ref"].removeprefix("#/$defs/")], **node}
        for example in node.get("examples", []):
            validator = Draft202012Validator({**node, "$defs": document["$defs"]},
                                             format_checker=Draft202012Validator.FORMAT_CHECKER)
            assert list(validator.iter_errors(example)) == [], (path, example)
            checked += 1
    assert checked >= 20
    # the editor shows these examples; the fields a new file most often needs have one
    for key in ("id", "judul", "tanggal_tanda_tangan", "tanggal_berakhir", "urusan", "sumber", "jangka_waktu"):
        assert document["properties"][key].get("examples"), key
