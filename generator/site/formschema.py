"""The web form's schema (``/usulkan/``): the agreement schema simplified for a form library.

Everything comes from the JSON Schema and the code lists, never from a field list restated here:
another field added to the schema appears in the form at the next build.

- ``skema``: the schema for @json-editor/json-editor: every ``$ref`` inlined, code lists as
  choices with their Indonesian labels, dates as text fields (the pattern and a calendar check
  stand in for ``format: date``, which would become a browser date picker that cannot show a
  wrong date), maps keyed by a code list (``kelengkapan_materi``) as one checkbox per code. The
  fields ``kerjasama baru`` asks for are shown at once, the others behind "Kolom lain".
- ``kondisi``: the schema's ``allOf`` rules (what is required when), checked separately in the
  browser because the library merges ``allOf`` into the form instead of checking each rule.
- ``yaml``: what the browser needs to write the file exactly as ``kerjasama baru`` does
  (:mod:`generator.site.scaffold`): its header lines, key order, comment lines at every indent, the
  fields written as flow lists, the commented hints for optional fields, the strict reader's
  forbidden characters.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.check.checker import Schema
from generator.read import yamlstrict
from generator.read.codelists import CodeLists, signed_states
from generator.site import scaffold
from generator.site.scaffold import Answers, Partner, Source

# Keys of the schema that the form library does not need (metadata, editor-only hints).
_DROPPED = {"$schema", "$id", "$comment", "markdownEnumDescriptions", "markdownDescription", "examples",
            "x-versi-skema", "propertyNames", "format"}
DATE_FORMAT = "date"
ITEM = "*"  # a list item or a map value in a key path ("para_pihak.*.nama")


def _resolve(schema: Schema, node: Any) -> Any:
    """``node`` with every ``$ref`` replaced by the definition (the node's own keys win)."""
    if isinstance(node, list):
        return [_resolve(schema, item) for item in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        out.update(_resolve(schema, schema.resolve({"$ref": ref})))
    for key, value in node.items():
        if key != "$ref":
            out[key] = _resolve(schema, value)
    return out


def _labels(codelists: CodeLists, values: Sequence[Any]) -> list[str] | None:
    """The code lists' labels for an enum, when one code list holds exactly these codes."""
    for codes in codelists.lists.values():
        if list(values) == codes.values:
            return [f"{c.label} ({c.code})" for c in codes]
    return None


NO_CHOICE = "(pilih)"
LONG_TEXT = 300  # longer texts get a text area


def _scalar_field(node: Mapping[str, Any], out: dict[str, Any], codelists: CodeLists, *, item: bool) -> None:
    """How one value is entered: dates as text with a hint, long texts in a text area, choices
    with their labels. A single choice starts empty ("(pilih)", which the schema refuses)
    instead of on the first code, which the library would otherwise pick silently."""
    options: dict[str, Any] = {}
    if node.get("format") == DATE_FORMAT:
        out["x-format"] = DATE_FORMAT
        options["inputAttributes"] = {"placeholder": "TTTT-BB-HH", "inputmode": "numeric", "autocomplete": "off"}
    if node.get("type") == "boolean":
        options["enum_titles"] = ["ya (true)", "tidak (false)"]  # the library's order: true, false
    if node.get("type") == "string" and node.get("maxLength", 0) > LONG_TEXT:
        out["format"] = "textarea"
    if "enum" in node:
        labels = _labels(codelists, node["enum"])
        if labels:
            options["enum_titles"] = labels
        if not item and node.get("type") == "string":
            out["enum"] = ["", *node["enum"]]
            out["default"] = ""
            if labels:
                options["enum_titles"] = [NO_CHOICE, *labels]
    if options:
        out["options"] = options


def _form_node(node: Mapping[str, Any], codelists: CodeLists, shown: Mapping[str, list[str]], path: str,
               *, item: bool = False) -> dict[str, Any]:
    """One resolved schema node as the form library's schema."""
    out: dict[str, Any] = {k: copy.deepcopy(v) for k, v in node.items() if k not in _DROPPED and k != "allOf"}
    _scalar_field(node, out, codelists, item=item)
    inner = f"{path}.{ITEM}".lstrip(".")
    if "properties" in node:
        out["properties"] = {key: _form_node(child, codelists, shown, f"{path}.{key}".lstrip("."))
                             for key, child in node["properties"].items()}
        required = list(node.get("required", []))
        out["defaultProperties"] = [k for k in node["properties"] if k in required or k in shown.get(path, [])]
    names = node.get("propertyNames")
    extra = node.get("additionalProperties")
    if isinstance(names, Mapping) and "enum" in names and isinstance(extra, Mapping):
        labels = _labels(codelists, names["enum"]) or list(names["enum"])
        out["properties"] = {code: {**_form_node(extra, codelists, shown, inner), "title": label}
                             for code, label in zip(names["enum"], labels, strict=True)}
        out["additionalProperties"] = False
        out["defaultProperties"] = list(names["enum"])
    elif isinstance(extra, Mapping):
        out["additionalProperties"] = _form_node(extra, codelists, shown, inner)
    if isinstance(node.get("items"), Mapping):
        out["items"] = _form_node(node["items"], codelists, shown, inner, item="enum" in node["items"])
        if "enum" in node["items"] and node.get("uniqueItems"):
            out["format"] = "checkbox"
    if node.get("type") == "object" and "properties" not in out:
        out.setdefault("additionalProperties", True)
    return out


# --- the key order and shown fields of `kerjasama baru` ----------------------------------------
def _merged(first: list[str], second: Sequence[str]) -> list[str]:
    """``first`` with the keys only ``second`` has, each placed after its predecessor in ``second``."""
    out = list(first)
    for position, key in enumerate(second):
        if key not in out:
            before = next((second[i] for i in range(position - 1, -1, -1) if second[i] in out), None)
            out.insert(out.index(before) + 1 if before is not None else 0, key)
    return out


def _orders(data: Any, path: str, into: dict[str, list[str]]) -> None:
    if isinstance(data, Mapping):
        into[path] = _merged(into.get(path, []), list(data))
        for key, value in data.items():
            _orders(value, f"{path}.{key}".lstrip("."), into)
    elif isinstance(data, list):
        for item in data:
            _orders(item, f"{path}.{ITEM}".lstrip("."), into)


def scaffold_orders(codelists: CodeLists, schema: Schema) -> dict[str, list[str]]:
    """The key order of every mapping ``kerjasama baru`` writes, by key path, from
    :func:`generator.site.scaffold.to_data` itself on answers that fill every question (signed with
    and without an end date, so that both ``tanggal_berakhir`` and its alternative appear)."""
    full = Answers(id="x", judul="x", jenis_naskah="x", kategori="x", jenis_ksdd="x", bentuk_kerja_sama_wajib="x",
                   naskah_induk="x", mitra=(Partner("x", "x", "x", "x"),), penandatangan_kota="x",
                   perangkat_daerah="x", maksud_tujuan="x", objek="x", ruang_lingkup=("x",), urusan=("x",),
                   tanggal_tanda_tangan="x", tanggal_berakhir="x", status=next(iter(signed_states())),
                   pengakhiran_tanggal="x", pengakhiran_alasan="x",
                   sumber=(Source(url="x", penerbit="x", tanggal="x", judul="x"),), tingkat_kepastian="x")
    orders: dict[str, list[str]] = {}
    for answers in (Answers(**{**full.__dict__, "tanggal_berakhir": None}), full):
        _orders(scaffold.to_data(answers, codelists, schema), "", orders)
    return orders


def key_orders(form: Mapping[str, Any], scaffolded: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Every mapping's key order: ``kerjasama baru``'s keys in its order, the schema's other keys
    after their predecessor in the schema."""
    out: dict[str, list[str]] = {}

    def walk(node: Mapping[str, Any], path: str) -> None:
        if "properties" in node:
            out[path] = _merged(scaffolded.get(path, []), list(node["properties"]))
            for key, child in node["properties"].items():
                walk(child, f"{path}.{key}".lstrip("."))
        for part in ("items", "additionalProperties"):
            if isinstance(node.get(part), Mapping):
                walk(node[part], f"{path}.{ITEM}".lstrip("."))

    walk(form, "")
    return out


# --- the layout of `kerjasama baru`'s file ------------------------------------------------------
def _key_paths(schema: Schema, node: Mapping[str, Any], path: tuple[str | int, ...], indent: int
               ) -> Iterator[tuple[tuple[str | int, ...], tuple[int, ...]]]:
    """Every key's schema path with the indents ``kerjasama baru``'s writer can comment it at:
    a mapping's keys at its indent; a nested mapping's two deeper; a list item's first key at
    the dash (two deeper) and its other keys four deeper."""
    node = schema.resolve(node)
    for key, child in node.get("properties", {}).items():
        here = (*path, key)
        yield here, (indent,)
        value = schema.resolve(child)
        if "properties" in value:
            yield from _key_paths(schema, value, here, indent + 2)
        items = schema.resolve(value.get("items", {}))
        if "properties" in items:
            for sub, inner in _key_paths(schema, items, (*here, 0), indent + 4):
                yield sub, inner + ((indent + 2,) if len(sub) == len(here) + 2 else ())


def _dotted(path: Sequence[str | int]) -> str:
    return ".".join(ITEM if isinstance(p, int) else p for p in path)


def js_pattern(pattern: str) -> str:
    """A Python character-class pattern as JavaScript (with the ``u`` flag) reads it: every
    character outside printable ASCII spelled ``\\uXXXX`` (lone surrogates cannot be UTF-8)."""
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in pattern)


def yaml_layout(schema: Schema, codelists: CodeLists) -> dict[str, Any]:
    """What the browser's writer needs to write the file as :func:`generator.site.scaffold.render` does."""
    comments: dict[str, dict[str, list[str]]] = {}
    flow: list[str] = []
    for path, indents in _key_paths(schema, schema.document, (), 0):
        for indent in indents:
            writer = scaffold._Writer(schema, codelists)  # the writer's own comment rule, not a copy
            writer.explain(path, " " * indent)
            comments.setdefault(_dotted(path), {})[str(indent)] = writer.lines
        raw = scaffold._Writer(schema, codelists)._raw_node(path) or {}
        if (raw.get("type") == "array" or "items" in raw) \
                and scaffold._Writer(schema, codelists).codes_for(raw) is not None:
            flow.append(_dotted(path))
    every = {key: None for key in schema.document.get("properties", {})}
    hints = {key: scaffold._optional_hints(schema, {k: v for k, v in every.items() if k != key})
             for key in every}
    # A file of one key the schema does not know: the header, that key, then every hint under
    # the hints' own heading lines.
    header, _, block = scaffold.render({"x": "x"}, schema, codelists).rstrip("\n").split("\n\n")
    block_lines = block.split("\n")
    heading = block_lines[:len(block_lines) - sum(len(lines) for lines in hints.values())]
    return {"kepala": header.split("\n"), "komentar": comments, "daftar_sebaris": sorted(flow),
            "judul_contoh": heading, "contoh_opsional": {k: v for k, v in hints.items() if v},
            "karakter_terlarang": js_pattern(yamlstrict._FORBIDDEN.pattern)}  # the strict reader's own set


def form_document(schema: Schema, codelists: CodeLists, repo_url: str, branch: str) -> dict[str, Any]:
    """The whole document the form page loads (``/usulkan/skema-formulir.json``)."""
    scaffolded = scaffold_orders(codelists, schema)
    resolved = _resolve(schema, {k: v for k, v in schema.document.items() if k not in {"$defs", "allOf"}})
    shown = {path: [k for k in keys if k != "masa_berlaku_tidak_diketahui"] for path, keys in scaffolded.items()}
    form = _form_node(resolved, codelists, shown, "")
    # The defaults of `kerjasama baru`: the city as first party, its default answers.
    defaults = Answers()
    partner = scaffold.to_data(Answers(mitra=(Partner("", ""),)), codelists, schema)["para_pihak"]
    form["properties"]["para_pihak"]["default"] = partner
    form["properties"]["rezim_hukum"]["default"] = defaults.rezim_hukum
    form["properties"]["pendanaan"]["properties"]["sumber"]["default"] = list(defaults.sumber_dana)
    form["title"] = "Naskah kerja sama"
    conditions = _resolve(schema, schema.document.get("allOf", []))
    return {"versi_skema": schema.version, "skema": form, "kondisi": conditions,
            "urutan": key_orders(form, scaffolded), "yaml": yaml_layout(schema, codelists),
            "repo": {"url": repo_url, "cabang": branch}}
