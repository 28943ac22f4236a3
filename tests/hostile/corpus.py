"""The hostile corpus: the manifest, payload mutations of valid agreements, and a hostile register.

Used by tests/test_hostile.py and the browser tests (through the ``hostile_site`` fixture).
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.check.checker import Schema
from generator.project import Project
from generator.read.loader import load_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFEST: dict[str, Any] = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
BASE = HERE / "dasar-lengkap.yaml"
TEXT_DIR = HERE / "teks"
REFUSE_DIR = HERE / "tolak"

InstancePath = tuple[str | int, ...]


@dataclass(frozen=True)
class Payload:
    name: str
    text: str


PAYLOADS = tuple(Payload(p["nama"], p["teks"]) for p in MANIFEST["muatan"])


def _node(schema: Schema, path: InstancePath) -> Mapping[str, Any] | None:
    """The schema node for an instance path, following ``items``, ``properties`` and
    ``additionalProperties``."""
    node: Mapping[str, Any] = schema.resolve(schema.document)
    for part in path:
        if isinstance(part, int):
            nxt = node.get("items")
        else:
            nxt = node.get("properties", {}).get(part, node.get("additionalProperties"))
        if not isinstance(nxt, Mapping):
            return None
        node = schema.resolve(nxt)
    return node


def _is_prose(schema: Schema, node: Mapping[str, Any]) -> bool:
    """A string node with no code list, format, constant or pattern other than $defs/teks's "not blank"."""
    blank = schema.document["$defs"]["teks"]["pattern"]
    return node.get("type") == "string" and node.get("pattern", blank) == blank and not any(
        key in node for key in ("enum", "format", "const"))


def is_free_text(schema: Schema, path: InstancePath) -> bool:
    """A string field whose value is prose: no code list, pattern, format or constant."""
    node = _node(schema, path)
    return node is not None and _is_prose(schema, node)


def text_paths(schema: Schema, data: Any, path: InstancePath = ()) -> Iterator[InstancePath]:
    """Every free-text leaf of a record."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from text_paths(schema, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_paths(schema, value, (*path, index))
    elif isinstance(data, str) and is_free_text(schema, path):
        yield path


def schema_text_fields(schema: Schema, node: Mapping[str, Any] | None = None,
                       path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every free-text field the schema allows, with ``[]`` for list items and ``*`` for free keys."""
    node = schema.resolve(schema.document if node is None else node)
    if _is_prose(schema, node):
        yield path
    for key, child in node.get("properties", {}).items():
        yield from schema_text_fields(schema, child, (*path, key))
    if isinstance(node.get("items"), Mapping):
        yield from schema_text_fields(schema, node["items"], (*path, "[]"))
    if isinstance(node.get("additionalProperties"), Mapping):
        yield from schema_text_fields(schema, node["additionalProperties"], (*path, "*"))


def field_of(schema: Schema, path: InstancePath) -> tuple[str, ...]:
    """The schema field of an instance path (``para_pihak[1].nama`` -> ``para_pihak.[].nama``)."""
    out: list[str] = []
    node: Mapping[str, Any] = schema.resolve(schema.document)
    for part in path:
        if isinstance(part, int):
            out.append("[]")
            node = schema.resolve(node.get("items", {}))
        elif part in node.get("properties", {}):
            out.append(part)
            node = schema.resolve(node["properties"][part])
        else:
            out.append("*")
            node = schema.resolve(node.get("additionalProperties", {}))
    return tuple(out)


def _set(data: Any, path: InstancePath, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def mutate(schema: Schema, data: dict[str, Any], text: str, record_id: str) -> tuple[dict[str, Any], list[InstancePath]]:
    """A copy of ``data`` with ``text`` in every free-text field it fits (maxLength)."""
    out = copy.deepcopy(data)
    out["id"] = record_id
    changed = []
    for path in text_paths(schema, data):
        node = _node(schema, path) or {}
        # Partner pages group names by slug; the record id keeps each case's partner its own.
        value = f"{text} ({record_id})" if path[0] == "para_pihak" and path[-1] == "nama" else text
        if len(value) <= int(node.get("maxLength", 10**6)):
            _set(out, path, value)
            changed.append(path)
    return out, changed


def twin_text(text: str) -> str:
    """Text with the same line structure and length as ``text`` but nothing a parser could act on."""
    return re.sub(r"[^\n]", "x", text)


def read_data(path: Path) -> dict[str, Any]:
    loaded = load_file(Project(REPO), path)
    assert loaded.data is not None, loaded.diagnostics
    return loaded.data


def write(path: Path, data: Mapping[str, Any]) -> None:
    path.write_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


@dataclass(frozen=True)
class HostileCase:
    """One mutated agreement in the hostile register."""

    record_id: str
    payload: Payload
    paths: tuple[InstancePath, ...]
    twin_id: str | None = None


def case_id(index: int, kind: str) -> str:
    return f"h{index:02d}-{kind}"


def build_register(schema: Schema, dest: Path) -> list[HostileCase]:
    """The real register plus, for every payload: the complete base agreement with the payload in
    every free-text field, its twin with neutral text of the same shape, and one real agreement
    (in turn) with the payload in its free-text fields. Also the hand-written teks/ cases."""
    dest.mkdir(parents=True, exist_ok=True)
    real = sorted((REPO / "agreements").glob("*.yaml"))
    for path in real:
        shutil.copy2(path, dest / path.name)
    for path in sorted(TEXT_DIR.glob("*.yaml")):
        shutil.copy2(path, dest / path.name)
    base = read_data(BASE)
    cases = []
    for index, payload in enumerate(PAYLOADS, start=1):
        full_id, twin_id = case_id(index, "lengkap"), case_id(index, "kembar")
        data, paths = mutate(schema, base, payload.text, full_id)
        write(dest / f"{full_id}.yaml", data)
        twin, _ = mutate(schema, base, twin_text(payload.text), twin_id)
        write(dest / f"{twin_id}.yaml", twin)
        cases.append(HostileCase(full_id, payload, tuple(paths), twin_id))
        origin = real[(index - 1) % len(real)]
        real_id = case_id(index, "nyata")
        data, paths = mutate(schema, read_data(origin), payload.text, real_id)
        write(dest / f"{real_id}.yaml", data)
        cases.append(HostileCase(real_id, payload, tuple(paths)))
    return cases


@dataclass(frozen=True)
class HostileSite:
    """The hostile register built into a real site, with what was put where."""

    built: Any  # conftest.BuiltSite
    cases: tuple[HostileCase, ...]
