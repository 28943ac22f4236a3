"""JSON Schema stage: validate one record's data and translate every error into a diagnostic.

The schema is checked once when loaded; ``$ref`` resolves only inside the schema (an empty
registry, so nothing is ever fetched from the network). Messages and hints are Indonesian
and name the field by its schema title; the location comes from the loader's line map.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry

from generator.diagnostics import Diagnostic, json_path, make
from generator.yamlstrict import Path as InstancePath
from generator.yamlstrict import Position

TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "true atau false",
    "array": "daftar (baris diawali '- ')",
    "object": "kumpulan kolom (nama: nilai)",
    "null": "kosong",
}
_YAML11_BOOLS = {"yes", "no", "y", "n", "on", "off", "ya", "tidak", "benar", "salah"}


def _describe(value: Any) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"


@dataclass(frozen=True)
class Schema:
    """A checked JSON Schema with the helpers the translation needs."""

    document: Mapping[str, Any]
    validator: Draft202012Validator

    @classmethod
    def load(cls, path: Path) -> Schema:
        document = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        validator = Draft202012Validator(
            document, registry=Registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        return cls(document, validator)

    @property
    def version(self) -> str:
        return str(self.document.get("x-versi-skema", "0"))

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow a local ``$ref`` (``#/$defs/x``) once, merging sibling annotations."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return node
        target = self.document["$defs"][ref.removeprefix("#/$defs/")]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}

    def node_at(self, path: Iterable[str | int]) -> Mapping[str, Any] | None:
        """The schema describing the instance at ``path``, or None outside the schema."""
        node: Mapping[str, Any] = self.document
        for part in path:
            node = self.resolve(node)
            nxt = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
            if not isinstance(nxt, Mapping):
                return None
            node = nxt
        return self.resolve(node)

    def title(self, path: InstancePath) -> str:
        node = self.node_at(path)
        name = ".".join(str(p) for p in path if isinstance(p, str)) or "berkas"
        if node and node.get("title"):
            return f"{name} ({node['title']})"
        return name

    def check(self, data: Mapping[str, Any], file: str, lines: Mapping[InstancePath, Position],
              record_id: str | None = None) -> list[Diagnostic]:
        """All schema diagnostics for one record; an empty list when valid."""
        seen: set[tuple[str, str, str]] = set()
        out: list[Diagnostic] = []
        for error in self.validator.iter_errors(data):
            for diagnostic in self._translate(error, file, lines, record_id):
                key = (diagnostic.code, diagnostic.json_path, diagnostic.message)
                if key not in seen:
                    seen.add(key)
                    out.append(diagnostic)
        return sorted(out)

    # -- translation ---------------------------------------------------------------------
    def _translate(self, error: ValidationError, file: str, lines: Mapping[InstancePath, Position],
                   record_id: str | None) -> Iterator[Diagnostic]:
        path: InstancePath = tuple(error.absolute_path)
        keyword = str(error.validator)
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        hint: str | None = schema.get("x-petunjuk")

        def emit(code: str, message: str, at: InstancePath = path, hint: str | None = hint) -> Diagnostic:
            line, column = _position(lines, at)
            return make(code, file, message, line=line, column=column, json_path=json_path(at),
                        hint=hint, record_id=record_id)

        instance: Any = error.instance
        value: Any = error.validator_value
        if keyword == "required":
            assert isinstance(instance, Mapping)
            for name in value:
                if name not in instance:
                    yield emit("skema-wajib", f"Kolom wajib {self.title((*path, name))} belum diisi.",
                               at=(*path, name) if (*path, name) in lines else path)
            return
        if keyword == "additionalProperties":
            assert isinstance(instance, Mapping)
            known = list(schema.get("properties", {}))
            for name in instance:
                if name in known:
                    continue
                close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
                tip = f"Mungkin maksud Anda '{close[0]}'?" if close else None
                yield emit("skema-kolom-tidak-dikenal", f"Kolom '{name}' tidak dikenal di {self.title(path)}.",
                           at=(*path, name), hint=tip)
            return
        if keyword == "type":
            expected = value
            names = " atau ".join(TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
            tip = hint
            if expected == "boolean" and isinstance(instance, str) and instance.lower() in _YAML11_BOOLS:
                tip = f"Tulis true atau false tanpa tanda kutip (bukan '{instance}')."
            elif instance is None:
                tip = "Isi nilainya, atau hapus kolom ini bila tidak wajib."
            yield emit("skema-tipe", f"{self.title(path)} harus berupa {names}, bukan {_describe(instance)}.",
                       hint=tip)
            return
        if keyword == "enum":
            allowed = list(value)
            close = difflib.get_close_matches(str(instance), [str(a) for a in allowed], n=1, cutoff=0.6)
            shown = ", ".join(str(a) for a in allowed[:12]) + (", ..." if len(allowed) > 12 else "")
            tip = f"Mungkin maksud Anda '{close[0]}'? Pilihan: {shown}." if close else f"Pilihan: {shown}."
            yield emit("skema-nilai-tidak-dikenal",
                       f"Nilai {_describe(instance)} tidak dikenal untuk {self.title(path)}.", hint=tip)
            return
        if keyword == "pattern":
            tip = schema.get("description") or hint
            yield emit("skema-pola", f"Bentuk {self.title(path)} salah: {_describe(instance)}.", hint=tip)
            return
        if keyword == "format":
            yield emit("skema-tanggal", f"{self.title(path)}: {_describe(instance)} bukan tanggal yang ada.")
            return
        if keyword in {"minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"}:
            limit = value
            what = "paling sedikit" if keyword.startswith("min") else "paling banyak"
            unit = {"Items": "isian", "Length": "karakter", "Properties": "kolom"}[keyword[3:]]
            message = f"{self.title(path)} harus memuat {what} {limit} {unit}."
            if keyword == "minLength" and limit == 1:
                message = f"{self.title(path)} tidak boleh kosong."
            yield emit("skema-jumlah", message)
            return
        if keyword in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            bound = "paling kecil" if "inimum" in keyword else "paling besar"
            yield emit("skema-batas-nilai",
                       f"{self.title(path)} bernilai {_describe(instance)}; batas {bound} {value}.")
            return
        if keyword == "uniqueItems":
            yield emit("skema-duplikat", f"{self.title(path)} memuat isian yang sama lebih dari sekali.")
            return
        if keyword in {"anyOf", "oneOf"} and error.context:
            options = [e for e in error.context if e.validator == "required"]
            if options and len(options) == len(error.context):
                required: list[Any] = [n for e in options for n in list(e.validator_value)]  # type: ignore[arg-type]
                names = " atau ".join(sorted({str(n) for n in required}))
                yield emit("skema-wajib", f"Salah satu kolom wajib diisi: {names}.")
                return
            inner = best_match(error.context)
            yield from self._translate(inner, file, lines, record_id)
            return
        # contains/minContains/maxContains, const, not, false schemas: say what the schema says
        detail = {
            "contains": "tidak memuat isian yang diminta",
            "minContains": "tidak memuat isian yang diminta",
            "maxContains": "memuat terlalu banyak isian yang sama jenisnya",
            "const": f"harus bernilai {_describe(value)}",
            "not": "berisi kombinasi kolom yang tidak diizinkan",
        }.get(keyword, "tidak memenuhi syarat skema")
        yield emit("skema-syarat", f"{self.title(path)} {detail}.")


def _position(lines: Mapping[InstancePath, Position], path: InstancePath) -> Position:
    """The recorded position of ``path`` or of its nearest recorded ancestor."""
    for end in range(len(path), -1, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return (1, 1)
