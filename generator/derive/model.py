"""The site model: one typed, frozen view of the register on an as-of date.

Made once by :func:`generator.derive.model_builder.derive`; every page family, template and open-data file
reads it and none derives a status, a deadline, a row or a category again. Records stay as
loaded (generator.read.record); everything here is computed from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.derive.control import Control, Renewal
from generator.derive.index import RegisterIndex
from generator.derive.recordview import RecordView
from generator.derive.status import Bucket, Shown, Status
from generator.read.history import History
from generator.read.record import Record


@dataclass(frozen=True)
class Category:
    """A mapping category: a PP 28/2018 category, KSDD split by kind, or outside the KSD regime."""

    key: str
    short: str
    label: str


@dataclass(frozen=True)
class Named:
    """A code or slug with its display name."""

    key: str
    name: str


@dataclass(frozen=True)
class Row:
    """One agreement as the lists and the catalogue show it, its dates parsed once."""

    record: Record
    status: Status | Shown
    """The computed status; an agreement page keeps it as :class:`Shown` (generator.site.pages.agreement)."""
    url: str
    category: Category
    partners: tuple[Named, ...]
    sectors: tuple[Named, ...]
    unit: Named
    year: int | None
    signed: dt.date | None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def bucket(self) -> Bucket:
        return self.status.bucket


@dataclass(frozen=True)
class DataFiles:
    """The register's other checked data files the site shows (absent ones are None)."""

    tkksd: Mapping[str, Any] | None = None
    """TKKSD membership by position and work plan (``data/tkksd.yaml``)."""
    glossary: Mapping[str, Any] | None = None
    """The public glossary (``data/istilah.yaml``)."""


@dataclass(frozen=True)
class SiteModel:
    """Everything the site shows, computed once: index, statuses, control, rows, history, data."""

    index: RegisterIndex
    control: Control
    categories: tuple[Category, ...]
    category_by_key: Mapping[str, Category]
    rows: Mapping[str, Row]
    """Every record's row, by id."""
    views: Mapping[str, RecordView]
    """Every record's typed view for its page, by id."""
    history: History
    data: DataFiles

    @property
    def as_of(self) -> dt.date:
        return self.index.as_of

    def status(self, record: Record) -> Status:
        return self.index.status[record.id]

    def row(self, record: Record) -> Row:
        return self.rows[record.id]

    def view(self, record: Record) -> RecordView:
        return self.views[record.id]

    def category_of(self, record: Record) -> Category:
        return self.rows[record.id].category

    def renewal(self, record: Record) -> Renewal | None:
        """Renewal deadlines as the control tool dates them (the same values on every page and file)."""
        return self.control.agreements[record.id].renewal
