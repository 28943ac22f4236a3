"""Embed the code lists into the JSON Schema's ``$defs`` so the schema is self-contained.

The schema file is committed (editors and check-jsonschema read it directly); this module
rewrites only the code-list definitions and reports whether the committed file is current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.read.codelists import CodeList, CodeLists, phrases_of


def codelist_def(codes: CodeList) -> dict[str, Any]:
    """The ``$defs`` entry for one code list: an enum with Indonesian descriptions."""
    descriptions = []
    for item in codes:
        text = f"**{item.label}**"
        meaning = item.get("keterangan") or item.get("arti")
        if meaning:
            text += f": {meaning}"
        if item.get("kepastian"):
            text += f" [{item.get('kepastian')}]"
        descriptions.append(text)
    return {
        "type": "string",
        "title": codes.title,
        "description": codes.description,
        "enum": codes.values,
        "markdownEnumDescriptions": descriptions,
        # For suggestions when a value is unknown (issue 18): the list's name (its full list is at
        # /panduan/referensi-skema/#kode-<name>) and what each code answers to.
        "x-kode": codes.name,
        "x-saran": {item.code: list(phrases_of(item)) for item in codes},
    }


def with_codelists(schema: dict[str, Any], codelists: CodeLists) -> dict[str, Any]:
    """A copy of ``schema`` whose code-list ``$defs`` match the code lists."""
    result = dict(schema)
    defs = {k: v for k, v in schema.get("$defs", {}).items() if "enum" not in v}
    for codes in codelists:
        defs[codes.name] = codelist_def(codes)
    result["$defs"] = dict(sorted(defs.items()))
    return result


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def refresh(schema_file: Path, codelists: CodeLists) -> bool:
    """Rewrite the schema file if needed; return True when it changed."""
    current = schema_file.read_text(encoding="utf-8")
    wanted = dumps(with_codelists(json.loads(current), codelists))
    if wanted == current:
        return False
    schema_file.write_text(wanted, encoding="utf-8")
    return True


def is_current(schema_file: Path, codelists: CodeLists) -> bool:
    current = schema_file.read_text(encoding="utf-8")
    return dumps(with_codelists(json.loads(current), codelists)) == current
