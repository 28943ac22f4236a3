"""Cells into file text: a changed file edited in place, a new file written as ``kerjasama baru`` does.

A changed file goes through a ruamel.yaml round trip, so its modeline, comments, key order and
quoting stay; only the changed values are replaced, and a new key is put where the schema
orders it. The text is parsed back with the strict reader and must give exactly the intended
data, else nothing is written.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from generator.check.checker import Schema
from generator.commands.spreadsheet.flatten import Path, assign, ordered
from generator.read.codelists import CodeLists
from generator.read.yamlstrict import read_text
from generator.site.scaffold import ScaffoldError, render, scalar

WIDTH = 1_000_000


class MergeError(Exception):
    """The edited text would not say what the workbook says (the message names the reason)."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _styled(old: Any, value: Any) -> Any:
    """The new value in the style of the old one (quoted stays quoted, an unquoted date stays unquoted)."""
    if not isinstance(value, str):
        return value
    if isinstance(old, ScalarString):
        return type(old)(value)
    if isinstance(old, dt.date):
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            return DoubleQuotedScalarString(value)
    return DoubleQuotedScalarString(value) if scalar(value).startswith(('"', "'")) else value


def _position(schema: Schema, container: CommentedMap, path: Path, key: str) -> int:
    described = schema.node_at(path) or {}
    order = list(described.get("properties", {}))
    if key not in order:
        return len(container)
    rank = order.index(key)
    return sum(1 for k in container if k in order and order.index(k) < rank)


def _set(schema: Schema, doc: CommentedMap, path: Path, value: Any) -> None:
    node: Any = doc
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        fresh: Any = None if last else (CommentedSeq() if isinstance(path[depth + 1], int) else CommentedMap())
        if isinstance(part, int):
            if len(node) < part:
                raise MergeError(f"isian ke-{part + 1} tidak dapat dibuat sebelum isian ke-{len(node) + 1}")
            if part == len(node):
                node.append(_styled(None, value) if last else fresh)
            elif last:
                node[part] = _styled(node[part], value)
        elif part in node:
            if last:
                node[part] = _styled(node[part], value)
        else:
            node.insert(_position(schema, node, path[:depth], part), part, _styled(None, value) if last else fresh)
        if not last:
            node = node[part]


def changed_text(text: str, expected: Mapping[str, Any], changes: Mapping[Path, Any], schema: Schema) -> str:
    """The file text with ``changes`` applied, proven to read back as ``expected``."""
    yaml = _yaml()
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        raise MergeError(f"berkas tidak terbaca oleh ruamel.yaml: {exc}") from exc
    if not isinstance(doc, CommentedMap):
        raise MergeError("isi berkas bukan kumpulan kolom")
    for path in sorted(changes, key=_sort_key):
        _set(schema, doc, path, changes[path])
    out = io.StringIO()
    yaml.dump(doc, out)
    result = out.getvalue()
    parsed = read_text(result.encode("utf-8"), "tabel.yaml")
    if parsed.data != expected:
        raise MergeError("hasil suntingan tidak terbaca kembali sama persis")
    return result


def _sort_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def new_text(record_id: str, leaves: Mapping[Path, Any], schema: Schema, codelists: CodeLists) -> tuple[dict[str, Any], str]:
    """A new record's data and text, written by ``kerjasama baru``'s writer."""
    data: dict[str, Any] = {"id": record_id}
    for path in sorted(leaves, key=_sort_key):
        assign(data, path, leaves[path])
    data = ordered(schema, data)
    try:
        return data, render(data, schema, codelists)
    except (ScaffoldError, TypeError) as exc:
        raise MergeError(str(exc)) from exc


def expected_data(old: Mapping[str, Any], changes: Mapping[Path, Any]) -> dict[str, Any]:
    """The old record's data with the changes applied (plain data, for the read-back check)."""
    data = copy.deepcopy(dict(old))
    for path in sorted(changes, key=_sort_key):
        assign(data, path, changes[path])
    return data
