"""The schema is a contract for editors and reusers: every field is titled and described."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator

from generator.check.validate import Environment


def _properties(node: Any, defs: dict[str, Any], path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    for name, prop in node.get("properties", {}).items():
        target = defs[prop["$ref"].rsplit("/", 1)[-1]] if "$ref" in prop else {}
        yield f"{path}.{name}", {**target, **prop}
        yield from _properties(prop, defs, f"{path}.{name}")
        yield from _properties(prop.get("items"), defs, f"{path}.{name}[]")


def test_schema_is_valid_draft_2020_12(env: Environment) -> None:
    document = json.loads(env.project.schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_property_has_a_title_and_a_description(env: Environment) -> None:
    document = json.loads(env.project.schema_file.read_text(encoding="utf-8"))
    props = list(_properties(document, document["$defs"]))
    assert len(props) > 80
    untitled = [path for path, prop in props if not prop.get("title") or not prop.get("description")]
    assert untitled == []


def test_every_code_list_is_in_the_schema(env: Environment) -> None:
    document = json.loads(env.project.schema_file.read_text(encoding="utf-8"))
    for codes in env.codelists:
        assert document["$defs"][codes.name]["enum"] == codes.values


def test_fixed_keys_exist(env: Environment) -> None:
    properties = json.loads(env.project.schema_file.read_text(encoding="utf-8"))["properties"]
    fixed = ["id", "judul", "jenis_naskah", "kategori", "para_pihak", "perangkat_daerah", "urusan",
             "tanggal_tanda_tangan", "tanggal_mulai", "tanggal_berakhir", "sumber", "dokumen"]
    assert [key for key in fixed if key not in properties] == []
