"""Status engine: where an agreement stands in its lifecycle on a given as-of date.

Pure: a record, the as-of date and the thresholds in, a :class:`Status` out. The end date
is the last day in force, so an agreement ending on 2026-12-31 is still running that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from generator.record import Record, parse_date

DEFAULT_THRESHOLDS: tuple[int, ...] = (180, 90, 30)
SIGNED_STATES = frozenset({"ditandatangani", "berlaku", "berakhir", "diakhiri_lebih_awal"})


class Phase(StrEnum):
    """Computed lifecycle phase; the value is the slug used in URLs, CSS and data."""

    DALAM_PROSES = "dalam-proses"
    DIBATALKAN = "dibatalkan"
    BELUM_BERLAKU = "belum-berlaku"
    BERLAKU = "berlaku"
    SEGERA_BERAKHIR = "segera-berakhir"
    TIDAK_DIKETAHUI = "masa-berlaku-tidak-diketahui"
    BERAKHIR = "berakhir"
    BERAKHIR_TANPA_KEPUTUSAN = "berakhir-tanpa-keputusan"
    DIAKHIRI_LEBIH_AWAL = "diakhiri-lebih-awal"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """Position in the lifecycle; moving the as-of date forward never lowers it."""
        return _RANKS[self]

    @property
    def running(self) -> bool:
        return self in {Phase.BERLAKU, Phase.SEGERA_BERAKHIR, Phase.TIDAK_DIKETAHUI}

    @property
    def ended(self) -> bool:
        return self in {Phase.BERAKHIR, Phase.BERAKHIR_TANPA_KEPUTUSAN, Phase.DIAKHIRI_LEBIH_AWAL}


_LABELS = {
    Phase.DALAM_PROSES: "dalam proses",
    Phase.DIBATALKAN: "dibatalkan",
    Phase.BELUM_BERLAKU: "belum berlaku",
    Phase.BERLAKU: "berlaku",
    Phase.SEGERA_BERAKHIR: "segera berakhir",
    Phase.TIDAK_DIKETAHUI: "masa berlaku tidak diketahui",
    Phase.BERAKHIR: "berakhir",
    Phase.BERAKHIR_TANPA_KEPUTUSAN: "berakhir tanpa keputusan perpanjangan",
    Phase.DIAKHIRI_LEBIH_AWAL: "diakhiri lebih awal",
}
_RANKS = {
    Phase.DALAM_PROSES: 0, Phase.DIBATALKAN: 0, Phase.BELUM_BERLAKU: 1, Phase.BERLAKU: 2,
    Phase.TIDAK_DIKETAHUI: 2, Phase.SEGERA_BERAKHIR: 3, Phase.BERAKHIR: 4,
    Phase.BERAKHIR_TANPA_KEPUTUSAN: 4, Phase.DIAKHIRI_LEBIH_AWAL: 5,
}


@dataclass(frozen=True)
class Status:
    """Computed status of one agreement on one as-of date."""

    phase: Phase
    as_of: dt.date
    days_left: int | None = None
    """Days from the as-of date to the end date (0 on the last day); None when unknown."""
    window: int | None = None
    """Smallest threshold (in days) the end date falls within, for ``segera berakhir``."""

    @property
    def label(self) -> str:
        if self.phase is Phase.SEGERA_BERAKHIR and self.window is not None:
            return f"segera berakhir (≤ {self.window} hari)"
        return self.phase.label


def is_signed(record: Record) -> bool:
    return record.get("status") in SIGNED_STATES


def renewal_decided(record: Record, renewed: bool) -> bool:
    decision = record.get("keputusan_perpanjangan")
    return renewed or bool(decision and decision.get("keputusan") in {"diperpanjang", "tidak_diperpanjang"})


def compute(record: Record, as_of: dt.date, *, thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS,  # noqa: PLR0911 - one return per lifecycle phase
            renewed: bool = False) -> Status:
    """Status of ``record`` on ``as_of``. ``renewed`` is True when a later record renews it."""
    recorded = record.get("status")
    if recorded == "dibatalkan":
        return Status(Phase.DIBATALKAN, as_of)
    if not is_signed(record):
        return Status(Phase.DALAM_PROSES, as_of)
    termination = record.get("pengakhiran")
    ended_early = parse_date(termination.get("tanggal")) if termination else None
    if ended_early is not None and ended_early <= as_of:
        return Status(Phase.DIAKHIRI_LEBIH_AWAL, as_of)
    start, end = record.start, record.end
    if start is not None and as_of < start:
        return Status(Phase.BELUM_BERLAKU, as_of, (end - as_of).days if end else None)
    if end is None:
        if recorded == "berakhir":  # the dates cannot tell; the recorded status stands
            phase = Phase.BERAKHIR if renewal_decided(record, renewed) else Phase.BERAKHIR_TANPA_KEPUTUSAN
            return Status(phase, as_of)
        return Status(Phase.TIDAK_DIKETAHUI, as_of)
    days_left = (end - as_of).days
    if days_left < 0:
        phase = Phase.BERAKHIR if renewal_decided(record, renewed) else Phase.BERAKHIR_TANPA_KEPUTUSAN
        return Status(phase, as_of, days_left)
    windows = [t for t in sorted(thresholds) if days_left <= t]
    if windows:
        return Status(Phase.SEGERA_BERAKHIR, as_of, days_left, windows[0])
    return Status(Phase.BERLAKU, as_of, days_left)
