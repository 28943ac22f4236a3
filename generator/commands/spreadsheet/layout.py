"""The workbook's shape, derived from the JSON Schema alone.

Every array in the schema becomes a sheet keyed by ``id`` and its position (a nested array
by the positions of every array above it), every free-keyed object (``additionalProperties``)
a sheet keyed by ``id`` and ``kunci``, and every other leaf a column. Nothing here names a
field of an agreement, so a key added to the schema appears in the workbook by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.check.checker import Schema

MAIN_SHEET = "naskah"
GUIDE_SHEET = "petunjuk"
CODES_SHEET = "daftar_kode"
ID_COLUMN = "id"
POSITION = "urutan"
KEY_COLUMN = "kunci"
VALUE_COLUMN = "nilai"
SHEET_NAME_MAX = 31  # Excel's limit


class Kind(StrEnum):
    """What a cell holds; decides how a cell is read and written."""

    TEXT = "teks"
    DATE = "tanggal"
    INTEGER = "bilangan_bulat"
    NUMBER = "angka"
    BOOLEAN = "logika"
    CODE = "kode"


@dataclass(frozen=True)
class Slot:
    """A placeholder in a sheet's path template: a list position or a free key (named by its key column)."""

    name: str


@dataclass(frozen=True)
class Column:
    """One data column: its header, the path below the sheet's item and how its cells read."""

    header: str
    path: tuple[str, ...]
    kind: Kind
    title: str
    description: str
    codelist: str | None = None
    """Name of the schema ``$defs`` enum (also the code list) for a coded column."""
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """One sheet: the record path it covers (with slots for positions and keys) and its columns."""

    name: str
    template: tuple[str | Slot, ...]
    keys: tuple[Column, ...]
    """Key columns after ``id``: one per slot, in order."""
    columns: tuple[Column, ...]
    title: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return (ID_COLUMN, *(k.header for k in self.keys), *(c.header for c in self.columns))


@dataclass(frozen=True)
class Layout:
    """Every sheet of the workbook, ``naskah`` first."""

    sheets: tuple[Sheet, ...]
    codelists: Mapping[str, tuple[str, ...]]
    """Coded columns' allowed values by ``$defs`` name, in schema order."""

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def _enum_name(raw: Mapping[str, Any]) -> str | None:
    ref = raw.get("$ref")
    return ref.removeprefix("#/$defs/") if isinstance(ref, str) and ref.startswith("#/$defs/") else None


class _Walker:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.sheets: list[Sheet] = []
        self.codelists: dict[str, tuple[str, ...]] = {}
        self.names: set[str] = set()

    def resolve(self, raw: Mapping[str, Any]) -> Mapping[str, Any]:
        node = dict(self.schema.resolve(raw))
        for key in ("title", "description"):  # the local title and description win over the $def's
            if key in raw:
                node[key] = raw[key]
        return node

    def sheet_name(self, dotted: str) -> str:
        name = dotted if len(dotted) <= SHEET_NAME_MAX else dotted[-SHEET_NAME_MAX:]
        number = 2
        while name in self.names or name in {GUIDE_SHEET, CODES_SHEET}:
            suffix = f"~{number}"
            name = dotted[-(SHEET_NAME_MAX - len(suffix)):] + suffix
            number += 1
        self.names.add(name)
        return name

    def leaf(self, header: str, path: tuple[str, ...], raw: Mapping[str, Any]) -> Column:
        node = self.resolve(raw)
        title, description = str(node.get("title", "")), str(node.get("description", ""))
        enum = node.get("enum")
        if isinstance(enum, list) and all(isinstance(v, str) for v in enum):
            name = _enum_name(raw) or header
            self.codelists.setdefault(name, tuple(enum))
            return Column(header, path, Kind.CODE, title, description, name, tuple(enum))
        kind = {"integer": Kind.INTEGER, "number": Kind.NUMBER, "boolean": Kind.BOOLEAN}.get(str(node.get("type")))
        if kind is None:
            kind = Kind.DATE if node.get("format") == "date" else Kind.TEXT
        return Column(header, path, kind, title, description)

    def walk(self, node: Mapping[str, Any], prefix: tuple[str, ...], template: tuple[str | Slot, ...],
             columns: list[Column]) -> None:
        """Columns of an object's properties into ``columns``; arrays and maps become sheets."""
        for key, raw in node.get("properties", {}).items():
            child = self.resolve(raw)
            here = (*prefix, key)
            if child.get("type") == "array" and isinstance(child.get("items"), Mapping):
                self.array(child, (*template, *here), child)
            elif child.get("type") == "object" and child.get("properties"):
                self.walk(child, here, template, columns)
            elif child.get("type") == "object" and isinstance(child.get("additionalProperties"), Mapping):
                self.mapping(child, (*template, *here))
            else:
                columns.append(self.leaf(".".join(here), here, raw))

    def _keys(self, template: tuple[str | Slot, ...]) -> tuple[Column, ...]:
        slots = [s for s in template if isinstance(s, Slot)]
        return tuple(Column(s.name, (), Kind.TEXT if s.name == KEY_COLUMN else Kind.INTEGER,
                            "Kunci" if s.name == KEY_COLUMN else "Urutan",
                            "Nama kunci." if s.name == KEY_COLUMN else "Nomor urut isian, mulai dari 1.")
                     for s in slots)

    def _dotted(self, template: tuple[str | Slot, ...]) -> str:
        return ".".join(p for p in template if isinstance(p, str))

    def array(self, node: Mapping[str, Any], template: tuple[str | Slot, ...], raw: Mapping[str, Any]) -> None:
        dotted = self._dotted(template)
        outer = sum(isinstance(p, Slot) for p in template)
        slot = Slot(POSITION if outer == 0 else f"{POSITION}_{dotted.rsplit('.', 1)[-1]}")
        full = (*template, slot)
        name = self.sheet_name(dotted)
        index = len(self.sheets)
        self.sheets.append(Sheet(name, full, (), ()))  # reserve the place: parents before children
        columns: list[Column] = []
        items = node["items"]
        resolved = self.resolve(items)
        if resolved.get("type") == "object" and resolved.get("properties"):
            self.walk(resolved, (), full, columns)
        else:
            columns.append(self.leaf(VALUE_COLUMN, (), items))
        self.sheets[index] = Sheet(name, full, self._keys(full), tuple(columns), str(raw.get("title", "")))

    def mapping(self, node: Mapping[str, Any], template: tuple[str | Slot, ...]) -> None:
        dotted = self._dotted(template)
        full = (*template, Slot(KEY_COLUMN))
        names = node.get("propertyNames")
        keys = list(self._keys(full))
        if isinstance(names, Mapping) and _enum_name(names):
            coded = self.leaf(KEY_COLUMN, (), names)
            keys[-1] = Column(KEY_COLUMN, (), coded.kind, "Kunci", coded.description, coded.codelist, coded.codes)
        value = self.leaf(VALUE_COLUMN, (), node["additionalProperties"])
        self.sheets.append(Sheet(self.sheet_name(dotted), full, tuple(keys), (value,), str(node.get("title", ""))))


def build_layout(schema: Schema) -> Layout:
    """The workbook's sheets for this schema: ``naskah`` first, then lists and maps in schema order."""
    walker = _Walker(schema)
    walker.names.add(MAIN_SHEET)
    walker.sheets.append(Sheet(MAIN_SHEET, (), (), ()))
    columns: list[Column] = []
    walker.walk(schema.document, (), (), columns)
    main = [c for c in columns if c.header != ID_COLUMN]
    walker.sheets[0] = Sheet(MAIN_SHEET, (), (), tuple(main), "Naskah")
    return Layout(tuple(walker.sheets), dict(walker.codelists))
