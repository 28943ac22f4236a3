"""Records to cells and cells to records, following the :mod:`layout` (pure functions).

A record becomes *leaves*: the full JSON path of every value a cell can hold, mapped to that
value. A path's list positions are 0-based here; sheets show them 1-based (``urutan``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.check.checker import Schema
from generator.commands.spreadsheet.layout import Column, Layout, Sheet, Slot

Path = tuple[str | int, ...]
RowKey = tuple[int | str, ...]
"""A row's key after ``id``: 1-based positions and free keys, one per slot of its sheet."""

_MISSING = object()


def _matches(node: Any, template: tuple[str | Slot, ...], path: Path = (), key: RowKey = ()) -> Iterator[tuple[Path, RowKey]]:
    """Every path in ``node`` that fits the template, with its row key."""
    if not template:
        yield path, key
        return
    head, rest = template[0], template[1:]
    if isinstance(head, Slot):
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _matches(item, rest, (*path, index), (*key, index + 1))
        elif isinstance(node, Mapping):
            for name, item in node.items():
                yield from _matches(item, rest, (*path, name), (*key, name))
    elif isinstance(node, Mapping) and head in node:
        yield from _matches(node[head], rest, (*path, head), key)


def _get(node: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def sheet_rows(sheet: Sheet, data: Mapping[str, Any]) -> dict[RowKey, dict[str, Any]]:
    """The rows one record gives a sheet: row key -> header -> value (absent values left out)."""
    rows: dict[RowKey, dict[str, Any]] = {}
    for path, key in _matches(data, sheet.template):
        item = _at(data, path)
        cells: dict[str, Any] = {}
        for column in sheet.columns:
            value = _get(item, column.path)
            if value is not _MISSING and not isinstance(value, (list, Mapping)):
                cells[column.header] = value
        rows[key] = cells
    return rows


def _at(node: Any, path: Path) -> Any:
    for part in path:
        node = node[part]
    return node


def row_path(sheet: Sheet, key: RowKey) -> Path:
    """The JSON path of the list item or map entry a row stands for (the record for ``naskah``)."""
    out: list[str | int] = []
    values = iter(key)
    for part in sheet.template:
        if isinstance(part, Slot):
            value = next(values)
            out.append(value - 1 if isinstance(value, int) else value)
        else:
            out.append(part)
    return tuple(out)


def cell_path(sheet: Sheet, key: RowKey, column: Column) -> Path:
    """The full JSON path of one cell of a row (positions 0-based)."""
    return (*row_path(sheet, key), *column.path)


def leaves(layout: Layout, data: Mapping[str, Any]) -> dict[Path, Any]:
    """Every value of a record that the workbook can hold, by full path."""
    out: dict[Path, Any] = {}
    for sheet in layout.sheets:
        for key, cells in sheet_rows(sheet, data).items():
            for column in sheet.columns:
                if column.header in cells:
                    out[cell_path(sheet, key, column)] = cells[column.header]
    return out


def assign(target: dict[str, Any], path: Path, value: Any) -> None:
    """Set ``value`` at ``path``, making the objects and list items on the way (plain data)."""
    node: Any = target
    for part, nxt in zip(path, (*path[1:], None), strict=True):
        if nxt is None:
            if isinstance(part, int):
                while len(node) <= part:
                    node.append(None)
            node[part] = value
            return
        fresh: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = fresh
        elif part not in node:
            node[part] = fresh
        node = node[part]


def ordered(schema: Schema, node: Any, path: Path = ()) -> Any:
    """Plain data with every object's keys in the schema's property order (unknown keys last)."""
    if isinstance(node, list):
        return [ordered(schema, item, (*path, index)) for index, item in enumerate(node)]
    if not isinstance(node, Mapping):
        return node
    described = schema.node_at(path) or {}
    order = {name: index for index, name in enumerate(described.get("properties", {}))}
    keys = sorted(node, key=lambda k: (order.get(k, len(order)), list(node).index(k)))
    return {k: ordered(schema, node[k], (*path, k)) for k in keys}
