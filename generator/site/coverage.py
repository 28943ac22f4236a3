"""The coverage report (issue 14): per unit and per year, each record and the facts it misses.

Pure: the control values (:mod:`generator.derive.control`, whose :func:`~generator.derive.control.completeness`
is the one computation of what a record misses) and the index in, a frozen :class:`Report` out.
``kerjasama cakupan`` prints it (text, JSON or Markdown, formatted here as strings) and the staff
page /panduan/cakupan/ (generator/site/pages/coverage.py) renders the same value, so the numbers are
the same in both places.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.derive.control import AgreementControl, Control, gap_texts
from generator.derive.index import RegisterIndex
from generator.site.opendata import urls

UNKNOWN_YEAR = "tahun tidak diketahui"
UNKNOWN_UNIT = "tidak_diketahui"


@dataclass(frozen=True)
class Item:
    """One record of a unit with the facts it misses (codes of :func:`generator.derive.control.gap_texts`)."""

    id: str
    title: str
    year: int | None
    status: str
    gaps: tuple[str, ...]
    url: str


@dataclass(frozen=True)
class Year:
    year: int | None
    items: tuple[Item, ...]

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else UNKNOWN_YEAR


@dataclass(frozen=True)
class Unit:
    """One implementing unit (``perangkat_daerah``): its records by signing year, newest first."""

    code: str
    name: str
    years: tuple[Year, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for year in self.years for item in year.items)

    @property
    def incomplete(self) -> int:
        return sum(1 for item in self.items if item.gaps)

    def gap_counts(self) -> dict[str, int]:
        return _counts(self.items)


@dataclass(frozen=True)
class Report:
    as_of: dt.date
    gaps: Mapping[str, str]
    """Every fact looked for, code -> the site's words, in report order."""
    units: tuple[Unit, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for unit in self.units for item in unit.items)

    @property
    def incomplete(self) -> int:
        return sum(1 for item in self.items if item.gaps)

    def gap_counts(self) -> dict[str, int]:
        return _counts(self.items)

    def text(self, codes: tuple[str, ...]) -> str:
        """The gaps' words, joined: ``nomor naskah, pindaian naskah yang ditandatangani``."""
        return ", ".join(self.gaps[code] for code in codes)


def _counts(items: tuple[Item, ...]) -> dict[str, int]:
    found = Counter(code for item in items for code in item.gaps)
    return {code: found[code] for code in found}


def _item(entry: AgreementControl) -> Item:
    record = entry.record
    return Item(record.id, record.title, record.signed_year, entry.status.label,
                tuple(gap.code for gap in entry.completeness.gaps), urls.agreement(record.id))


def report(control: Control, index: RegisterIndex, unit: str | None = None) -> Report:
    """The report for every unit, or for the unit with code ``unit`` (its records only)."""
    groups: dict[str, list[Item]] = {}
    for record in index.records:
        code = str(record.get("perangkat_daerah"))
        if unit is None or code == unit:
            groups.setdefault(code, []).append(_item(control.agreements[record.id]))
    units = []
    for code, items in groups.items():
        years: dict[int | None, list[Item]] = {}
        for item in sorted(items, key=lambda i: i.id):
            years.setdefault(item.year, []).append(item)
        ordered = sorted(years.items(), key=lambda kv: (kv[0] is None, -(kv[0] or 0)))
        units.append(Unit(code, index.label("perangkat_daerah", code), tuple(Year(y, tuple(i)) for y, i in ordered)))
    units.sort(key=lambda u: (u.code == UNKNOWN_UNIT, u.name.casefold()))  # "not known yet" last
    return Report(control.as_of, gap_texts(control.settings), tuple(units))


# --- output formats of `kerjasama cakupan` ------------------------------------------------------------
FORMATS = ("text", "json", "markdown")


def as_data(found: Report) -> dict[str, Any]:
    """The JSON document: keys in Indonesian like the open data; codes stable, words beside them."""
    return {
        "per_tanggal": found.as_of.isoformat(),
        "data_dicari": dict(found.gaps),
        "jumlah_naskah": len(found.items),
        "naskah_belum_lengkap": found.incomplete,
        "kekurangan": found.gap_counts(),
        "perangkat_daerah": [
            {"kode": unit.code, "nama": unit.name, "jumlah_naskah": len(unit.items),
             "naskah_belum_lengkap": unit.incomplete, "kekurangan": unit.gap_counts(),
             "tahun": [{"tahun": year.year, "naskah": [
                 {"id": item.id, "judul": item.title, "status": item.status, "kurang": list(item.gaps),
                  "alamat": item.url} for item in year.items]} for year in unit.years]}
            for unit in found.units],
    }


def as_json(found: Report) -> str:
    return json.dumps(as_data(found), ensure_ascii=False, indent=2) + "\n"


def _summary(found: Report) -> str:
    return (f"{len(found.items)} naskah dari {len(found.units)} perangkat daerah; "
            f"{found.incomplete} belum lengkap (per {found.as_of.isoformat()}).")


def as_text(found: Report) -> str:
    lines = [f"Cakupan data register per {found.as_of.isoformat()}", ""]
    for unit in found.units:
        lines.append(f"{unit.name} [{unit.code}]: {len(unit.items)} naskah, {unit.incomplete} belum lengkap")
        for year in unit.years:
            lines.append(f"  {year.label}")
            for item in year.items:
                lines.append(f"    - {item.id} ({item.status})")
                lines.append(f"      kurang: {found.text(item.gaps) if item.gaps else 'tidak ada'}")
        lines.append("")
    lines.append(_summary(found))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Markdown table cell text: a pipe or a line break in a title cannot break the table."""
    return " ".join(text.replace("|", "\\|").split())


def as_markdown(found: Report) -> str:
    lines = [f"# Cakupan data register per {found.as_of.isoformat()}", "", _summary(found), ""]
    for unit in found.units:
        lines += [f"## {_cell(unit.name)}", "", f"{len(unit.items)} naskah, {unit.incomplete} belum lengkap.", ""]
        for year in unit.years:
            lines += [f"### {year.label}", "", "| Naskah | Status | Belum dicatat |", "| --- | --- | --- |"]
            lines += [f"| {_cell(item.title)} (`{item.id}`) | {item.status} | "
                      f"{_cell(found.text(item.gaps)) if item.gaps else 'tidak ada'} |" for item in year.items]
            lines.append("")
    return "\n".join(lines)


RENDERERS = {"text": as_text, "json": as_json, "markdown": as_markdown}
