"""The proposal form's schema and writer: generated from the JSON Schema, in `kerjasama baru`'s key
order and layout (the browser's writer compared with the Python one under Node), and its
vendored libraries trusted by hash only."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.validate import Environment
from generator.read.yamlstrict import _FORBIDDEN as FORBIDDEN
from generator.site import scaffold, vendored
from generator.site.formschema import ITEM, form_document, scaffold_orders
from generator.site.scaffold import Answers, Partner, Source
from generator.verify.sitescan import Scanner

REPO = Path(__file__).resolve().parent.parent
WRITER = REPO / "docs" / "assets" / "usulkan-yaml.js"
NODE = shutil.which("node")


@pytest.fixture(scope="module")
def document(env: Environment) -> dict[str, Any]:
    return form_document(env.schema, env.codelists, "https://github.com/contoh/register", "main")


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_field_of_the_schema_is_in_the_form(env: Environment, document: dict[str, Any]) -> None:
    form = document["skema"]
    assert list(form["properties"]) == list(env.schema.document["properties"])
    assert form["required"] == env.schema.document["required"]
    assert not any(isinstance(n, Mapping) and "$ref" in n for n in _walk(document)), "every $ref is inlined"
    # A date is a text field with the schema's pattern, checked as a calendar day in the browser.
    date = form["properties"]["tanggal_tanda_tangan"]
    assert date["x-format"] == "date" and "format" not in date and date["pattern"].startswith("^(?:194")
    # Choices carry the code lists' labels and start empty (nothing is chosen for the person).
    kinds = form["properties"]["jenis_naskah"]
    assert kinds["enum"] == ["", *env.codelists["jenis_naskah"].values]
    assert kinds["options"]["enum_titles"][1] == f"{env.codelists['jenis_naskah'].codes[0].label} (kesepakatan_bersama)"
    assert form["properties"]["urusan"]["format"] == "checkbox"
    # A map keyed by a code list becomes one field per code.
    checklist = form["properties"]["kelengkapan_materi"]
    assert list(checklist["properties"]) == env.codelists["kelengkapan_materi"].values
    # The allOf rules are checked one by one, beside the form.
    assert document["kondisi"] and all("if" in rule for rule in document["kondisi"])
    assert "allOf" not in form


def test_fields_of_kerjasama_baru_are_shown_and_others_wait(document: dict[str, Any]) -> None:
    shown = document["skema"]["defaultProperties"]
    assert {"id", "judul", "para_pihak", "tanggal_tanda_tangan", "sumber"} <= set(shown)
    assert "catatan" not in shown and "masa_berlaku_tidak_diketahui" not in shown
    # Issue 14: a signed document whose year is unknown can be proposed; the field waits with the other
    # options, and its conditions (signed only, never beside a date or year) travel with the form.
    unknown = document["skema"]["properties"]["tahun_tanda_tangan_tidak_diketahui"]
    assert unknown["type"] == "boolean" and unknown["title"] == "Tahun penandatanganan tidak diketahui"
    assert "tahun_tanda_tangan_tidak_diketahui" not in shown
    assert sum("tahun_tanda_tangan_tidak_diketahui" in str(rule) for rule in document["kondisi"]) == 4
    # Issue 14: a year-only end waits with the options too; it is never shown beside an end date or an
    # unknown term, and both refusals travel with the form.
    end_year = document["skema"]["properties"]["tahun_berakhir"]
    assert end_year["type"] == "integer" and (end_year["minimum"], end_year["maximum"]) == (1945, 2100)
    assert "tahun_berakhir" not in shown
    refusals = [rule for rule in document["kondisi"] if "tahun_berakhir" in rule.get("then", {}).get("properties", {})]
    assert {str(sorted(rule["if"]["required"])) for rule in refusals} == {
        "['tanggal_berakhir']", "['masa_berlaku_tidak_diketahui']"}
    parties = document["skema"]["properties"]["para_pihak"]["default"]
    assert parties[0]["pihak_kota"] is True and parties[1]["pihak_kota"] is False


def test_key_order_is_kerjasama_barus(env: Environment, document: dict[str, Any]) -> None:
    """Every mapping `kerjasama baru` writes keeps its order in the form's order; the schema's
    other keys come in between, never before a key that precedes them in the schema."""
    for path, keys in scaffold_orders(env.codelists, env.schema).items():
        order = document["urutan"][path]
        assert [k for k in order if k in keys] == keys, path
    assert document["urutan"][""][:3] == ["id", "judul", "jenis_naskah"]
    assert document["urutan"][f"sumber.{ITEM}"][:5] == ["url", "penerbit", "judul", "tanggal", "diakses"]


def test_the_document_is_deterministic(env: Environment) -> None:
    one = form_document(env.schema, env.codelists, "https://x.test/r", "main")
    two = form_document(env.schema, env.codelists, "https://x.test/r", "main")
    assert json.dumps(one) == json.dumps(two)


# --- vendored code -------------------------------------------------------------------------------
def test_vendored_files_have_their_recorded_hash_licence_and_source() -> None:
    folder = REPO / "docs" / vendored.FOLDER
    for name, digest in vendored.CODE.items():
        path = folder / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name
        assert any(path.parent.glob("LICEN[CS]E*")), f"{name}: licence missing"
    scripts = {p.relative_to(folder).as_posix() for p in folder.rglob("*.js")}
    assert scripts == set(vendored.CODE), "every vendored script is listed, and only those"
    for library in ("json-editor", "js-yaml"):
        assert "integrity sha512-" in (folder / library / "SOURCE.txt").read_text(encoding="utf-8")


def _site_with(tmp_path: Path, script: str, data: bytes) -> Scanner:
    site, docs = tmp_path / "site", tmp_path / "docs"
    for root in (site, docs):
        (root / script).parent.mkdir(parents=True, exist_ok=True)
        (root / script).write_bytes(data)
    (site / "index.html").write_text(f'<!doctype html><title>x</title><script src="{script}"></script>',
                                     encoding="utf-8")
    return Scanner(site, docs, "localhost")


def test_the_scan_trusts_vendored_code_by_hash_only(tmp_path: Path) -> None:
    real = (REPO / "docs" / vendored.FOLDER / "json-editor" / "jsoneditor.min.js").read_bytes()
    assert _site_with(tmp_path / "a", "assets/vendor/json-editor/jsoneditor.min.js", real).scan() == []
    # Changed by one byte in docs/ and site alike: the docs copy no longer vouches for it.
    changed = _site_with(tmp_path / "b", "assets/vendor/json-editor/jsoneditor.min.js", real + b"\n")
    assert [p for p in changed.scan() if p.code == "situs-skrip" and "bukan aset tema" in p.message]
    # A script nobody listed, even though docs/ holds the same bytes.
    unknown = _site_with(tmp_path / "c", "assets/vendor/lain/lain.min.js", b"alert(1)")
    assert [p for p in unknown.scan() if p.code == "situs-skrip" and "bukan aset tema" in p.message]
    # Our own assets outside vendor/ are still trusted when they equal docs/.
    assert _site_with(tmp_path / "d", "assets/usulkan.js", WRITER.read_bytes()).scan() == []


# --- the browser's writer against the Python one -----------------------------------------------
def _node(script: str, payload: Any) -> Any:
    if NODE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed (npm ci installs the test tools with it)")
        pytest.skip("node not found")
    program = f"const w = require({json.dumps(str(WRITER))}); const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n{script}"
    done = subprocess.run([NODE, "-e", program], input=json.dumps(payload), capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


# Characters that change how PyYAML quotes a scalar, and any others the form lets through (it
# refuses the strict reader's hidden characters, as the reader does).
TRICKY = (st.text(st.sampled_from(list("aZ09 :#-'\"?,[]{}&*!|>%@`~.+=<_/\\\té\u00a0\u4e2d\U0001f600\n")), max_size=12)
          | st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Cn", "Zl", "Zp")), max_size=12)
          .map(lambda s: FORBIDDEN.sub("", s)))
CURATED = ["", "x", "yes", "No", "on", "null", "~", "2024-05-22", "2024-5-2 1:02:03", "62.71", "1e3", "0E0", "0x1f",
           "0o17", "1_000", "3:20", "+1", "-a", "- a", ":a", "a: b", "a #b", "a#b", "#a", "---", "...x", " a", "a ",
           "it's", "'q'", '"q"', "a\tb", "a\nb", "<<", "=", "!", "&a", "*a", ".inf", ".5", "Rp23.000", "é", "1e400"]


@settings(max_examples=8, deadline=None)
@given(st.lists(TRICKY, min_size=50, max_size=80))
def test_scalars_are_quoted_as_pyyaml_and_the_strict_reader_need(values: list[str]) -> None:
    values = CURATED + values
    written = _node("process.stdout.write(JSON.stringify(input.map(w.scalar)))", values)
    assert dict(zip(values, written, strict=True)) == {v: scaffold.scalar(v) for v in values}


def test_the_browsers_file_is_kerjasama_barus(env: Environment, document: dict[str, Any]) -> None:
    answers = Answers(id="2025-contoh-formulir", judul="Kerja sama: uji 'formulir'", jenis_naskah="perjanjian_kerja_sama",
                      kategori="ksdd", jenis_ksdd="sukarela", mitra=(Partner("Pemerintah Kabupaten Katingan",
                      "pemerintah_daerah_kabkota", "62.06"), Partner("Korea Selatan", "luar_negeri", negara="KR")),
                      perangkat_daerah="bagian_pemerintahan", maksud_tujuan="Maksud #1", objek="Objek",
                      ruang_lingkup=("Satu", "yes", "2024-01-01"), urusan=("kesehatan", "pendidikan"),
                      tanggal_tanda_tangan="2025-01-02", status="ditandatangani",
                      sumber=(Source(url="https://contoh.go.id/a?b=c", penerbit="contoh.go.id", tanggal="2025-01-03",
                                     judul="Judul"),),
                      tingkat_kepastian="media", pengakhiran_tanggal="2025-06-01", pengakhiran_alasan="lainnya")
    data = scaffold.to_data(answers, env.codelists, env.schema)
    shuffled = json.loads(json.dumps(data, sort_keys=True))  # as the form or the API hands it over
    for comments in (True, False):
        text = _node("process.stdout.write(JSON.stringify(w.render(w.ordered(input.data, input.order, ''), input.layout, "
                     f"{'true' if comments else 'false'})))",
                     {"data": shuffled, "order": document["urutan"], "layout": document["yaml"]})
        if comments:
            assert text == scaffold.render(data, env.schema, env.codelists)
        else:
            assert text.startswith(scaffold.MODELINE + "\nid: 2025-contoh-formulir\njudul: ")
            assert "\n#" not in text


def test_every_agreement_survives_the_edit_path(project: Any, env: Environment, document: dict[str, Any]) -> None:
    """"Ubah naskah ini" gets an agreement as the open-data API has it (keys sorted); the browser's
    writer must give a file the strict reader reads as exactly the same data, for every agreement."""
    from generator.read.loader import load_all  # noqa: PLC0415
    from generator.read.yamlstrict import read_text  # noqa: PLC0415

    items = [item for item in load_all(project) if item.data is not None]
    assert items
    records = [json.loads(json.dumps(item.data, sort_keys=True)) for item in items]
    texts = _node("process.stdout.write(JSON.stringify(input.records.map(r => "
                  "w.render(w.ordered(r, input.order, ''), input.layout, false))))",
                  {"records": records, "order": document["urutan"], "layout": document["yaml"]})
    for item, text in zip(items, texts, strict=True):
        parsed = read_text(text.encode("utf-8"), item.file)
        assert parsed.diagnostics == [] and parsed.data == item.data, item.file
        assert text.startswith(scaffold.MODELINE + "\nid: ")
