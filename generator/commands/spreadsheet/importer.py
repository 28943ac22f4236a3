"""``kerjasama tabel impor``: a workbook's rows checked as the files they would become.

Cells become would-be records; every would-be file is checked by the real validator together
with the whole register (in a temporary copy), and each diagnostic's JSON path is mapped back
to the cell it came from. :func:`plan` only computes; :func:`write` is the one writer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from generator.check.validate import Environment, validate
from generator.commands.spreadsheet.flatten import Path, RowKey, cell_path, leaves
from generator.commands.spreadsheet.layout import ID_COLUMN, Layout, Sheet, Slot, build_layout
from generator.commands.spreadsheet.merge import MergeError, changed_text, expected_data, new_text
from generator.commands.spreadsheet.reader import Located, WorkbookData, read
from generator.diagnostics import Diagnostic, make
from generator.project import Project
from generator.read.loader import Loaded, load_all
from generator.site.scaffold import ScaffoldError, target_path

_TOKEN = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int
    column: int


@dataclass
class Rows:
    """One record as the workbook gives it: leaves with their cells, rows by sheet and key."""

    record_id: str
    id_place: Place
    leaves: dict[Path, Any] = field(default_factory=dict)
    cells: dict[Path, Place] = field(default_factory=dict)
    rows: dict[tuple[str, RowKey], int] = field(default_factory=dict)
    only_id: bool = False


@dataclass(frozen=True)
class Change:
    """One file to write: new or changed, with its text."""

    record_id: str
    path: FsPath
    text: str
    new: bool


@dataclass
class Plan:
    """What an import would do, and every problem that stops it."""

    workbook: str
    problems: list[Located] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, list[Located]] = field(default_factory=dict)
    """Problems of one record, by id; the others (whole workbook, sheets) are in ``problems``."""

    @property
    def errors(self) -> list[Located]:
        return [p for p in self.all_problems if p.diagnostic.is_error]

    @property
    def all_problems(self) -> list[Located]:
        return self.problems + [p for found in self.refused.values() for p in found]


class _Collector:
    """The workbook's rows gathered by record, with the problems found on the way."""

    def __init__(self, env: Environment, name: str, layout: Layout, book: WorkbookData) -> None:
        self.env = env
        self.name = name
        self.layout = layout
        self.book = book
        self.records: dict[str, Rows] = {}
        self.loose: list[Located] = []
        self.by_id: dict[str, list[Located]] = {}

    def record_problem(self, record_id: str | None, code: str, message: str, place: Place | None,
                       hint: str | None = None) -> None:
        located = Located(make(code, self.name, message, line=place.row if place else 1,
                               column=place.column if place else 1, hint=hint, record_id=record_id),
                          place.sheet if place else None, place.row if place else 0, place.column if place else 0)
        (self.by_id.setdefault(record_id, []) if record_id else self.loose).append(located)

    def main(self) -> None:
        sheet = self.layout.sheets[0]
        data = self.book.sheets.get(sheet.name)
        if data is None:
            return
        for row, cells in sorted(data.rows.items()):
            id_cell = cells.get(ID_COLUMN)
            if id_cell is None:
                first = min(cells.values(), key=lambda c: c.column)
                self.record_problem(None, "tabel-id-kosong", "Baris berisi data tanpa id naskah.",
                                    Place(sheet.name, row, first.column))
                continue
            record_id = str(id_cell.value)
            place = Place(sheet.name, row, id_cell.column)
            if record_id in self.records:
                self.record_problem(record_id, "tabel-baris-ganda", f"id {record_id} sudah dipakai baris "
                             f"{self.records[record_id].id_place.row}.", place)
                continue
            rows = Rows(record_id, place, only_id=len(cells) == 1)
            rows.rows[(sheet.name, ())] = row
            self.records[record_id] = rows
            self._cells(sheet, (), cells, rows, row)

    def _cells(self, sheet: Sheet, key: RowKey, cells: Mapping[str, Any], rows: Rows, row: int) -> None:
        for column in sheet.columns:
            cell = cells.get(column.header)
            if cell is not None:
                path = cell_path(sheet, key, column)
                rows.leaves[path] = cell.value
                rows.cells[path] = Place(sheet.name, row, cell.column)

    def lists(self) -> None:
        for sheet in self.layout.sheets[1:]:
            data = self.book.sheets.get(sheet.name)
            if data is None:
                continue
            for row, cells in sorted(data.rows.items()):
                self._list_row(sheet, row, cells)

    def _list_row(self, sheet: Sheet, row: int, cells: Mapping[str, Any]) -> None:
        id_cell = cells.get(ID_COLUMN)
        first = min(cells.values(), key=lambda c: c.column)
        if id_cell is None:
            self.record_problem(None, "tabel-id-kosong", "Baris berisi data tanpa id naskah.",
                                Place(sheet.name, row, first.column))
            return
        record_id = str(id_cell.value)
        rows = self.records.get(record_id)
        if rows is None:
            self.record_problem(None, "tabel-id-tidak-ada", f"id {record_id} tidak ada di lembar naskah.",
                         Place(sheet.name, row, id_cell.column))
            return
        key: list[int | str] = []
        for column in sheet.keys:
            cell = cells.get(column.header)
            value = None if cell is None else cell.value
            good = isinstance(value, str) and value != "" if column.header == "kunci" else (
                isinstance(value, int) and not isinstance(value, bool) and value >= 1)
            if not good:
                where = cell.column if cell is not None else id_cell.column
                self.record_problem(record_id, "tabel-urutan", f"Kolom {column.header} harus diisi "
                             f"{'nama kunci' if column.header == 'kunci' else 'nomor urut 1, 2, 3, ...'}.",
                             Place(sheet.name, row, where))
                return
            key.append(value)  # type: ignore[arg-type]
        if (sheet.name, tuple(key)) in rows.rows:
            self.record_problem(record_id, "tabel-baris-ganda", f"Baris untuk id {record_id} dan urutan {tuple(key)} sudah ada "
                         f"(baris {rows.rows[(sheet.name, tuple(key))]}).", Place(sheet.name, row, id_cell.column))
            return
        rows.rows[(sheet.name, tuple(key))] = row
        self._cells(sheet, tuple(key), cells, rows, row)

    def positions(self) -> None:
        """List positions run 1, 2, 3 ... under each parent, with no gap."""
        for rows in self.records.values():
            groups: dict[tuple[str, RowKey], list[tuple[int, int]]] = {}
            for (name, key), row in rows.rows.items():
                if key and isinstance(key[-1], int):
                    groups.setdefault((name, key[:-1]), []).append((key[-1], row))
            for (name, _parent), found in groups.items():
                for expected, (position, row) in enumerate(sorted(found), start=1):
                    if position != expected:
                        self.record_problem(rows.record_id, "tabel-urutan", f"Urutan {position} di lembar {name}: nomor urut "
                                     f"harus 1, 2, 3, ... tanpa lompatan (yang diharapkan {expected}).",
                                     Place(name, row, 1))
                        break


def locate(layout: Layout, book: WorkbookData, rows: Rows, path: Path) -> Place:
    """The cell a JSON path of a would-be record comes from (or would go to)."""
    if path in rows.cells:
        return rows.cells[path]
    for sheet in reversed(layout.sheets):
        key = _key_for(sheet, path)
        if key is None:
            continue
        found = rows.rows.get((sheet.name, key[0]))
        if found is None:
            continue
        columns = book.sheets[sheet.name].columns if sheet.name in book.sheets else {}
        for column in sheet.columns:
            if column.path and tuple(key[1][:len(column.path)]) == column.path and column.header in columns:
                return Place(sheet.name, found, columns[column.header])
            if not column.path and not key[1] and column.header in columns:
                return Place(sheet.name, found, columns[column.header])
        return Place(sheet.name, found, columns.get(ID_COLUMN, 1))
    return rows.id_place


def _key_for(sheet: Sheet, path: Path) -> tuple[RowKey, Path] | None:
    if len(path) < len(sheet.template):
        return None
    key: list[int | str] = []
    for part, want in zip(path, sheet.template, strict=False):
        if isinstance(want, Slot):
            key.append(part + 1 if isinstance(part, int) else part)
        elif part != want:
            return None
    return tuple(key), path[len(sheet.template):]


def parse_json_path(text: str) -> Path:
    out: list[str | int] = []
    for match in _TOKEN.finditer(text):
        name, index, quoted = match.groups()
        out.append(name if name else int(index) if index else json.loads(quoted))
    return tuple(out)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _existing(project: Project) -> dict[str, Loaded]:
    out: dict[str, Loaded] = {}
    for item in load_all(project):
        if item.data is not None and isinstance(item.data.get("id"), str):
            out[item.data["id"]] = item
    return out


def plan(env: Environment, as_of: dt.date, workbook: FsPath, name: str, *, partial: bool = False) -> Plan:
    """Everything the import would write, and every problem, located; writes nothing."""
    layout = build_layout(env.schema)
    book = read(workbook, layout, name)
    result = Plan(name)
    if book.full or any(p.sheet is None for p in book.problems):
        result.problems = list(book.problems)
        return result
    collector = _Collector(env, name, layout, book)
    collector.main()
    collector.lists()
    collector.positions()
    owners = {(sheet, row): rows.record_id for rows in collector.records.values() for (sheet, _key), row in rows.rows.items()}
    for problem in book.problems:  # a refused cell belongs to its row's record
        owner = owners.get((problem.sheet or "", problem.row))
        (collector.by_id.setdefault(owner, []) if owner else collector.loose).append(problem)
    existing = _existing(env.project)
    texts: dict[str, Change] = {}
    for record_id, rows in collector.records.items():
        change = _one(collector, rows, existing.get(record_id))
        if change is not None:
            texts[record_id] = change
        elif record_id in existing and record_id not in collector.by_id:
            result.unchanged.append(record_id)
    for located in _validated(collector, as_of, texts):
        collector.by_id.setdefault(located.diagnostic.record_id or "", []).append(located)
    result.problems = collector.loose + collector.by_id.pop("", [])
    result.refused = collector.by_id
    blocked = {k for k, v in result.refused.items() if any(p.diagnostic.is_error for p in v)}
    # --sebagian writes the records without an error; a problem no record owns stops every write.
    if not result.errors or (partial and not any(p.diagnostic.is_error for p in result.problems)):
        result.changes = [c for k, c in sorted(texts.items()) if k not in blocked]
    return result


def _one(collector: _Collector, rows: Rows, old: Loaded | None) -> Change | None:
    env = collector.env
    try:
        path = target_path(env.project, rows.record_id)
    except ScaffoldError as exc:
        collector.record_problem(rows.record_id, "skema-pola", str(exc), rows.id_place)
        return None
    if old is None and path.exists():
        collector.record_problem(rows.record_id, "tabel-tidak-tertulis", f"Berkas {path.name} sudah ada tetapi tidak "
                                 "terbaca sebagai naskah; perbaiki dulu dengan kerjasama validate.", rows.id_place)
        return None
    if old is None:
        try:
            _data, text = new_text(rows.record_id, rows.leaves, env.schema, env.codelists)
        except MergeError as exc:
            collector.record_problem(rows.record_id, "tabel-tidak-tertulis", f"Naskah baru tidak dapat ditulis: {exc}.",
                                     rows.id_place)
            return None
        return Change(rows.record_id, path, text, True)
    if rows.only_id:
        collector.record_problem(rows.record_id, "tabel-hapus-naskah", f"Baris naskah {rows.record_id} kosong selain id; "
                          "impor tidak menghapus naskah.", rows.id_place)
        return None
    return _changed(collector, rows, old)


def _changed(collector: _Collector, rows: Rows, old: Loaded) -> Change | None:
    """The edited text of an existing record, or None when nothing changed or a deletion was refused."""
    env, layout, book = collector.env, collector.layout, collector.book
    assert old.data is not None
    before = leaves(layout, old.data)
    for path_, value in before.items():
        if path_ not in rows.leaves and _column_present(layout, book, path_):
            place = locate(layout, book, rows, path_)
            if (place.sheet, place.row, place.column) in book.refused:
                continue
            collector.record_problem(rows.record_id, "tabel-hapus-isian", f"Sel kosong, padahal register mencatat {value!r} "
                              f"di {_dotted(path_)}; impor tidak menghapus isian.", place)
    changes = {p: v for p, v in rows.leaves.items() if p not in before or not _same(before[p], v)}
    if not changes:
        return None
    expected = expected_data(old.data, changes)
    try:
        text = changed_text((env.project.root / old.file).read_text(encoding="utf-8"), expected, changes, env.schema)
    except (MergeError, OSError) as exc:
        collector.record_problem(rows.record_id, "tabel-tidak-tertulis", f"Berkas {old.file} tidak dapat disunting: {exc}.",
                          rows.id_place)
        return None
    return Change(rows.record_id, env.project.root / old.file, text, False)


def _dotted(path: Path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _column_present(layout: Layout, book: WorkbookData, path: Path) -> bool:
    """A missing column leaves its fields as they are; only an emptied cell deletes."""
    for sheet in layout.sheets:
        found = _key_for(sheet, path)
        if found is None:
            continue
        rest = found[1]
        for column in sheet.columns:
            if column.path == rest and (column.path or len(path) == len(sheet.template)):
                data = book.sheets.get(sheet.name)
                return data is not None and column.header in data.columns
    return True


def _validated(collector: _Collector, as_of: dt.date, texts: Mapping[str, Change]) -> Iterable[Located]:
    """The validator's diagnostics of the would-be files, each at the cell it comes from."""
    env, layout, book = collector.env, collector.layout, collector.book
    if not texts:
        return []
    with tempfile.TemporaryDirectory(prefix="kerjasama-tabel-") as tmp:
        root = FsPath(tmp)
        register = root / "agreements"
        register.mkdir()
        for source in env.project.agreements.iterdir():
            if source.is_file() and not source.is_symlink() and not source.name.startswith("."):
                shutil.copyfile(source, register / source.name)
        chosen = []
        for change in texts.values():
            target = register / change.path.name
            target.write_text(change.text, encoding="utf-8")
            chosen.append(target)
        checked = validate(replace(env, project=Project(root)), as_of, chosen)
    out: list[Located] = []
    by_file = {f"agreements/{c.path.name}": c.record_id for c in texts.values()}
    for diagnostic in checked.diagnostics:
        record_id = by_file.get(diagnostic.file)
        if record_id is None:
            continue
        rows = collector.records[record_id]
        place = locate(layout, book, rows, parse_json_path(diagnostic.json_path))
        if (place.sheet, place.row, place.column) in book.refused:
            continue  # the refused cell is reported already; its absence is not news
        moved = Diagnostic(collector.name, place.row, place.column, diagnostic.code, diagnostic.message, diagnostic.hint,
                           diagnostic.json_path, record_id, diagnostic.severity)
        out.append(Located(moved, place.sheet, place.row, place.column))
    return out


def write(changes: Sequence[Change]) -> None:
    """Write the planned files: a new one exclusively, a changed one by atomic replacement."""
    for change in changes:
        if change.new:
            with change.path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(change.text)
            continue
        temporary = change.path.with_name(f".{change.path.name}.tabel")
        temporary.write_text(change.text, encoding="utf-8", newline="\n")
        os.replace(temporary, change.path)
