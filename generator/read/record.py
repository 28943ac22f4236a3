"""The immutable record: one agreement as loaded and validated, never enriched in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from generator.read.yamlstrict import InstancePath, LineMap, Position

_PLAIN = frozenset({str, int, float, bool, type(None)})
_NO_POSITIONS: Mapping[InstancePath, Position] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """Deep read-only copy: mappings become MappingProxyType, lists become tuples."""
    # Exact classes first: loaded data holds only these, and the isinstance check against
    # the Mapping ABC was most of the cost of freezing a large register (issue 8).
    # Leaves are kept without a call: they are most values.
    cls = value.__class__
    if cls in _PLAIN:
        return value
    if cls is dict:
        return MappingProxyType({k: v if v.__class__ in _PLAIN else freeze(v) for k, v in value.items()})
    if cls is list:
        return tuple([v if v.__class__ in _PLAIN else freeze(v) for v in value])
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain JSON-ready copy of a frozen value."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def parse_date(value: Any) -> dt.date | None:
    """A schema-checked ``YYYY-MM-DD`` string as a date; None when absent."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return None


@dataclass(frozen=True)
class Record:
    """One agreement file that passed the loader and the schema."""

    id: str
    file: str
    data: Mapping[str, Any]
    lines: Mapping[InstancePath, Position]

    @classmethod
    def create(cls, file: str, data: Mapping[str, Any], lines: Mapping[InstancePath, Position]) -> Record:
        # A LineMap is read-only already, and copying it would build it (see yamlstrict).
        kept = lines if isinstance(lines, LineMap) else MappingProxyType(dict(lines))
        return cls(str(data["id"]), file, freeze(data), kept)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def date(self, key: str) -> dt.date | None:
        return parse_date(self.data.get(key))

    @property
    def title(self) -> str:
        return str(self.data["judul"])

    @property
    def start(self) -> dt.date | None:
        """First day in force: ``tanggal_mulai``, else the signing date."""
        return self.date("tanggal_mulai") or self.date("tanggal_tanda_tangan")

    @property
    def end(self) -> dt.date | None:
        """Last day in force, or None when unknown or not yet set."""
        return self.date("tanggal_berakhir")

    @property
    def signed_year(self) -> int | None:
        """Year of signing from the date, else from ``tahun_tanda_tangan``."""
        signed = self.date("tanggal_tanda_tangan")
        year = self.data.get("tahun_tanda_tangan")
        return signed.year if signed else (year if isinstance(year, int) else None)

    @property
    def end_year(self) -> int | None:
        """Year the agreement ends when only the year is known (``tahun_berakhir``); None with a
        date or without it. Never turned into a date: the day within the year is unknown."""
        if self.end is not None:
            return None
        year = self.data.get("tahun_berakhir")
        return year if isinstance(year, int) and not isinstance(year, bool) else None

    @property
    def signing_year_unknown(self) -> bool:
        """A signed document whose signing date and year are both unknown (``tahun_tanda_tangan_tidak_diketahui``)."""
        return self.data.get("tahun_tanda_tangan_tidak_diketahui") is True

    @property
    def year(self) -> int | None:
        """Year of the agreement: of its signing, else of its first dated stage or activity
        (an exploration with no document yet, issue 18); None when nothing is dated."""
        signed = self.signed_year
        if signed is not None:
            return signed
        if self.signing_year_unknown:  # signed, but when is unknown: a later visit is not its year
            return None
        dates = [parse_date(step.get(key)) for step in self.data.get("tahapan_sop", ())
                 for key in ("tanggal_mulai", "tanggal_selesai")]
        dates += [parse_date(event.get("tanggal")) for event in self.data.get("kegiatan", ())]
        known = [d for d in dates if d is not None]
        return min(known).year if known else None

    @property
    def partners(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(p for p in self.data["para_pihak"] if not p.get("pihak_kota"))

    def without_positions(self) -> Record:
        """The same record without its line map, for the register once every diagnostic is made.

        A clean file's map keeps the file's text until a diagnostic asks for a line: 70 MB at
        20,000 agreements that no page needs (issue 8).
        """
        return Record(self.id, self.file, self.data, _NO_POSITIONS)

    def position(self, path: InstancePath) -> Position:
        if self.lines is _NO_POSITIONS:
            raise ValueError(f"{self.file}: positions are dropped after validation; place diagnostics during it")
        for end in range(len(path), -1, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return (1, 1)
