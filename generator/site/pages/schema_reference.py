"""/panduan/referensi-skema/: every field of the schema, generated on each build so it never drifts.

For each field (nested ones too): its path, type, whether it is required, required under a
condition (read from the schema's ``if``/``then`` blocks) or optional, its description and
examples, and the code list of allowed values with their Indonesian labels.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.check.checker import TYPE_NAMES
from generator.read.codelists import CodeList, CodeLists
from generator.site.page import Page, SiteContext, markdown_page, relative_url

PATH = "panduan/referensi-skema.md"
URL = "panduan/referensi-skema/"
DEFS = "#/$defs/"
SHORT_LIST = 12


@dataclass(frozen=True)
class Field:
    """One row of the reference: a field at a path, as the schema describes it."""

    path: tuple[str, ...]  # keys; "[]" marks "each item of the list"
    title: str
    description: str
    kind: str
    requirement: str  # wajib | bersyarat | pilihan
    conditions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    codelist: CodeList | None = None
    depth: int = 0

    @property
    def name(self) -> str:
        return ".".join(self.path).replace(".[]", "[]")

    @property
    def anchor(self) -> str:
        return "kolom-" + self.name.replace("[]", "").replace(".", "-")

    @property
    def short_codes(self) -> bool:
        return self.codelist is not None and len(self.codelist.codes) <= SHORT_LIST


@dataclass
class _Rules:
    """Conditions found in one object's ``allOf`` blocks, by field name."""

    conditions: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, target: dict[str, list[str]], name: str, text: str) -> None:
        target.setdefault(name, [])
        if text not in target[name]:
            target[name].append(text)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe_if(clause: Mapping[str, Any]) -> str:
    """``if`` of a conditional block in words: "bila status salah satu dari a, b"; a ``not`` block
    in words too: "bila status bukan salah satu dari a, b" (or "... tidak diisi")."""
    negated = clause.get("not")
    if isinstance(negated, Mapping) and set(clause) == {"not"}:
        inner = describe_if(negated)
        if inner.startswith("bila ") and ";" not in inner:
            text = inner.removeprefix("bila ")
            text = text.replace(" salah satu dari ", " bukan salah satu dari ", 1) if " salah satu dari " in text \
                else text.replace(" = ", " bukan ", 1) if " = " in text else text.replace(" diisi", " tidak diisi")
            return "bila " + text
    parts = []
    properties = clause.get("properties", {})
    for name, test in properties.items():
        if "const" in test:
            parts.append(f"{name} = {_value(test['const'])}")
        elif "enum" in test:
            parts.append(f"{name} salah satu dari {', '.join(_value(v) for v in test['enum'])}")
    filled = [name for name in clause.get("required", []) if name not in properties]
    if filled:
        parts.append(" dan ".join(filled) + " diisi")
    return "bila " + "; ".join(parts) if parts else "dalam keadaan tertentu"


def collect_rules(node: Mapping[str, Any]) -> _Rules:
    rules = _Rules()
    for block in node.get("allOf", []):
        if "if" not in block or "then" not in block:
            continue
        when = describe_if(block["if"])
        then = block["then"]
        for name in then.get("required", []):
            rules.add(rules.conditions, name, f"wajib {when}")
        for group in (g for inner in then.get("allOf", []) for g in [inner.get("anyOf", [])] if g):
            names = [n for option in group for n in option.get("required", [])]
            for name in names:
                others = " atau ".join(n for n in names if n != name)
                rules.add(rules.conditions, name, f"wajib (atau {others}) {when}")
        for name, test in then.get("properties", {}).items():
            if "const" in test:
                rules.add(rules.notes, name, f"harus {_value(test['const'])} (atau dihapus) {when}")
    return rules


class _Walker:
    def __init__(self, document: Mapping[str, Any], codelists: CodeLists) -> None:
        self.document = document
        self.codelists = codelists

    def resolve(self, node: Mapping[str, Any]) -> tuple[Mapping[str, Any], str | None]:
        """The node with its local ``$ref`` merged in, and the code list name when it is one."""
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(DEFS):
            name = ref.removeprefix(DEFS)
            merged = {**self.document["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
            return merged, name if name in self.codelists.lists else None
        return node, None

    def kind(self, node: Mapping[str, Any], codelist: str | None) -> str:
        if codelist:
            return "kode"
        if node.get("format") == "date":
            return "tanggal (TTTT-BB-HH)"
        base = str(node.get("type", ""))
        if base == "array":
            items, item_list = self.resolve(node.get("items", {}))
            return f"daftar {self.kind(items, item_list)}"
        return TYPE_NAMES.get(base, base or "bebas").split(" (")[0]

    def fields(self, node: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[Field]:
        required = set(node.get("required", []))
        rules = collect_rules(node)
        for name, raw in node.get("properties", {}).items():
            child, list_name = self.resolve(raw)
            items, item_list = self.resolve(child.get("items", {})) if child.get("type") == "array" else ({}, None)
            conditions = tuple(rules.conditions.get(name, ()))
            requirement = "wajib" if name in required else "bersyarat" if conditions else "pilihan"
            notes = [*rules.notes.get(name, ())]
            if child.get("x-petunjuk"):
                notes.append(str(child["x-petunjuk"]))
            notes.extend(self.limits(child))
            _, key_list = self.resolve(child.get("propertyNames", {}))
            if key_list:
                notes.append("nama kolom di dalamnya diambil dari daftar kode di bawah, nilainya true atau false")
            codes = list_name or item_list or key_list
            yield Field(
                path=(*path, name), title=str(child.get("title", name)), description=str(child.get("description", "")),
                kind=self.kind(child, list_name), requirement=requirement, conditions=conditions, notes=tuple(notes),
                examples=tuple(_value(e) for e in child.get("examples", [])),
                codelist=self.codelists[codes] if codes else None, depth=len(path) - path.count("[]"),
            )
            if child.get("type") == "object":
                yield from self.fields(child, (*path, name))
            if items.get("type") == "object":
                yield from self.fields(items, (*path, name, "[]"))

    @staticmethod
    def limits(node: Mapping[str, Any]) -> Iterator[str]:
        if "minItems" in node and node["minItems"] > 0:
            yield f"paling sedikit {node['minItems']} isian"
        if node.get("uniqueItems"):
            yield "tanpa isian ganda"
        if "minimum" in node and "maximum" in node:
            yield f"antara {node['minimum']} dan {node['maximum']}"
        elif "minimum" in node:
            yield f"paling kecil {node['minimum']}"
        if "maxLength" in node:
            yield f"paling banyak {node['maxLength']} karakter"


def reference_fields(document: Mapping[str, Any], codelists: CodeLists) -> list[Field]:
    return list(_Walker(document, codelists).fields(document))


def used_codelists(fields: Sequence[Field]) -> list[CodeList]:
    seen: dict[str, CodeList] = {}
    for item in fields:
        if item.codelist is not None:
            seen.setdefault(item.codelist.name, item.codelist)
    return sorted(seen.values(), key=lambda c: c.name)


def pages(ctx: SiteContext) -> Iterator[Page]:
    document = ctx.schema.document
    fields = reference_fields(document, ctx.model.index.codelists)
    schema_url = f"{ctx.config.repo_url}/blob/{ctx.config.edit_branch}/schema/kerja-sama.schema.json" \
        if ctx.config.repo_url else ""
    body = ctx.render("schema_reference.html", fields=fields, codelists=used_codelists(fields),
                      codes_url=relative_url(URL, "panduan/kode-diagnostik/"), schema_url=schema_url,
                      version=ctx.schema.version, schema_title=document.get("title", ""),
                      schema_description=document.get("description", ""))
    yield markdown_page(PATH, "Referensi skema", body)
