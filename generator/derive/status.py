"""Status engine: where an agreement stands in its lifecycle on a given as-of date.

Pure: a record, the as-of date and the thresholds in, a :class:`Status` out. The end date
is the last day in force, so an agreement ending on 2026-12-31 is still running that day.

The words are not here: every label, colour and meaning of a status, and the grouping that
count tables use, come from the code list ``schema/kode/status-terhitung.yaml`` through
:class:`Vocabulary`. A status made by the index carries its vocabulary, so ``status.label``
is the code list's word wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from babel.lists import format_list

from generator.read.codelists import CodeList, CodeListError, CodeLists, is_preliminary, is_signed
from generator.read.record import Record, parse_date

CODELIST = "status_terhitung"

DEFAULT_THRESHOLDS: tuple[int, ...] = (180, 90, 30)


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
    def rank(self) -> int:
        """Position in the lifecycle; moving the as-of date forward never lowers it."""
        return _RANKS[self]

    @property
    def running(self) -> bool:
        """In force with a known term. An unknown term is its own state, never counted as running."""
        return self in {Phase.BERLAKU, Phase.SEGERA_BERAKHIR}

    @property
    def open(self) -> bool:
        """Signed and not known to have ended: running, or in force for an unknown term."""
        return self.running or self is Phase.TIDAK_DIKETAHUI

    @property
    def ended(self) -> bool:
        return self in {Phase.BERAKHIR, Phase.BERAKHIR_TANPA_KEPUTUSAN, Phase.DIAKHIRI_LEBIH_AWAL}


_RANKS = {
    Phase.DALAM_PROSES: 0, Phase.DIBATALKAN: 0, Phase.BELUM_BERLAKU: 1, Phase.BERLAKU: 2,
    Phase.TIDAK_DIKETAHUI: 2, Phase.SEGERA_BERAKHIR: 3, Phase.BERAKHIR: 4,
    Phase.BERAKHIR_TANPA_KEPUTUSAN: 4, Phase.DIAKHIRI_LEBIH_AWAL: 5,
}


class Bucket(StrEnum):
    """The groups count tables show (``kelompok`` of the code list); the value is the CSS/data slug."""

    BERJALAN = "berjalan"
    TIDAK_DIKETAHUI = "tidak-diketahui"
    BERAKHIR = "berakhir"
    PROSES = "proses"


@dataclass(frozen=True)
class Term:
    """The words of one status or group: its code, label, colour token and meaning."""

    code: str
    label: str
    colour: str
    """Colour token: CSS ``--ks-<colour>``; :meth:`Vocabulary.hex` gives its value."""
    meaning: str
    window_label: str | None = None
    """Label with the warning window, ``{hari}`` standing for the days (``segera berakhir``)."""

    @property
    def title(self) -> str:
        """The label with its first letter raised, for the start of a heading or a table cell."""
        return self.label[:1].upper() + self.label[1:]


@dataclass(frozen=True)
class Vocabulary:
    """Every status word: the code list ``status_terhitung`` read into terms per phase and group."""

    phases: Mapping[Phase, Term]
    """In code-list order (the order of every legend)."""
    groups: Mapping[Bucket, Term]
    """In code-list order (the column order of count tables)."""
    group_of: Mapping[Phase, Bucket]
    colours: Mapping[str, str]

    @classmethod
    def from_codelists(cls, codelists: CodeLists) -> Vocabulary:
        return cls.from_codelist(codelists[CODELIST])

    @classmethod
    def from_codelist(cls, codes: CodeList) -> Vocabulary:
        """Read and check the list: every phase and group exactly once, every colour defined."""
        colours = {str(k): str(v) for k, v in (codes.extra.get("warna") or {}).items()}
        try:
            phases = {Phase(item.code): _term(item.code, item.label, item.attrs) for item in codes}
            group_of = {Phase(item.code): Bucket(str(item.attrs["kelompok"])) for item in codes}
            groups = {Bucket(str(g["kode"])): _term(str(g["kode"]), str(g["label"]), g) for g in codes.extra["kelompok"]}
        except (KeyError, ValueError, TypeError) as exc:
            raise CodeListError(f"{CODELIST}: {exc}") from exc
        missing = [p.value for p in Phase if p not in phases] + [b.value for b in Bucket if b not in groups]
        unknown = sorted({t.colour for t in (*phases.values(), *groups.values())} - colours.keys())
        if missing or unknown or len(phases) != len(codes.codes):
            raise CodeListError(f"{CODELIST}: kode hilang {missing}, warna tanpa nilai {unknown}, atau kode ganda")
        groups = {b: replace(term, meaning=term.meaning or _group_meaning(b, phases, group_of))
                  for b, term in groups.items()}
        return cls(phases, groups, group_of, colours)

    def phase(self, phase: Phase) -> Term:
        return self.phases[phase]

    def of(self, code: str) -> Term:
        """The term of a status code (templates name statuses by code)."""
        return self.phases[Phase(code)]

    def group(self, which: Bucket) -> Term:
        return self.groups[which]

    def members(self, which: Bucket) -> tuple[Term, ...]:
        """The statuses of a group, in code-list order."""
        return tuple(term for phase, term in self.phases.items() if self.group_of[phase] is which)

    def hex(self, colour: str) -> str:
        return self.colours[colour]

    def label(self, phase: Phase, window: int | None = None) -> str:
        term = self.phases[phase]
        if window is not None and term.window_label:
            return term.window_label.replace("{hari}", str(window))
        return term.label

    def labels(self, phase: Phase, windows: tuple[int, ...]) -> frozenset[str]:
        """Every label a status of this phase may print (with each window), for checks."""
        return frozenset({self.label(phase), *(self.label(phase, w) for w in windows)})


def _group_meaning(which: Bucket, phases: Mapping[Phase, Term], group_of: Mapping[Phase, Bucket]) -> str:
    """A group's meaning made of its members' labels: ``Naskah berstatus berlaku atau segera berakhir.``"""
    members = [term for phase, term in phases.items() if group_of[phase] is which]
    if len(members) == 1:
        return members[0].meaning
    return f"Naskah berstatus {format_list([t.label for t in members], style='or', locale='id')}." if members else ""


def _term(code: str, label: str, attrs: Mapping[str, object]) -> Term:
    window = attrs.get("label_jendela")
    return Term(code, label, str(attrs["warna"]), str(attrs.get("arti", "")), str(window) if window else None)


class Worded:
    """A status's words from the code list ``status_terhitung``: its term, label, meaning and group,
    from its phase and window (:class:`Status` and :class:`Shown`)."""

    phase: Phase
    window: int | None
    words: Vocabulary | None

    @property
    def vocabulary(self) -> Vocabulary:
        if self.words is None:
            raise LookupError("status dihitung tanpa daftar kode status_terhitung; beri compute(words=...)")
        return self.words

    @property
    def term(self) -> Term:
        return self.vocabulary.phase(self.phase)

    @property
    def label(self) -> str:
        return self.vocabulary.label(self.phase, self.window)

    @property
    def meaning(self) -> str:
        return self.term.meaning

    @property
    def bucket(self) -> Bucket:
        return self.vocabulary.group_of[self.phase]

    @property
    def shown(self) -> Shown:
        """The status without the date it was computed on (see :class:`Shown`)."""
        return Shown(self.phase, self.window, self.words)


@dataclass(frozen=True)
class Status(Worded):
    """Computed status of one agreement on one as-of date, with the words to show it."""

    phase: Phase
    as_of: dt.date
    days_left: int | None = None
    """Days from the as-of date to the end date (0 on the last day); None when unknown."""
    window: int | None = None
    """Smallest threshold (in days) the end date falls within, for ``segera berakhir``."""
    words: Vocabulary | None = field(default=None, compare=False, repr=False)
    """The status code list; set by :func:`compute` when given (the index always gives it)."""


@dataclass(frozen=True)
class Shown(Worded):
    """A status as an agreement's page shows it: the phase and window with their words, not the
    as-of date or the days left. The page then changes when the status changes, not every day:
    its cached output is keyed by what it shows (issue 16: a daily rebuild with no data change made
    every agreement page again, as costly as a cold build)."""

    phase: Phase
    window: int | None = None
    words: Vocabulary | None = field(default=None, compare=False, repr=False)


def renewal_start(renewals: Iterable[Record]) -> dt.date | None:
    """First day in force of the earliest signed renewal, or None when none is signed and dated."""
    starts = [r.start for r in renewals if is_signed(r) and not is_preliminary(r) and r.start is not None]
    return min(starts) if starts else None


def effective_end(record: Record, renewal_start: dt.date | None) -> dt.date | None:
    """Last day in force: the recorded end, cut to the day before a renewal starts."""
    end = record.end
    if renewal_start is None:
        return end
    cut = renewal_start - dt.timedelta(days=1)
    return cut if end is None or cut < end else end


def renewal_decided(record: Record, renewed: bool) -> bool:
    decision = record.get("keputusan_perpanjangan")
    return renewed or bool(decision and decision.get("keputusan") in {"diperpanjang", "tidak_diperpanjang"})


def compute(record: Record, as_of: dt.date, *, thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS,  # noqa: PLR0913 - the clock, thresholds, words and renewal facts are parameters, never read inside
            renewed: bool = False, words: Vocabulary | None = None,
            renewal_start: dt.date | None = None) -> Status:
    """Status of ``record`` on ``as_of``. ``renewed`` is True when a later record renews it.

    ``renewal_start`` is the first day in force of the renewing record: the renewed document
    ends the day before (issue 18), whatever its own recorded end says.

    ``words`` (the status code list) lets the status name itself (``label``); the computation
    never reads it.
    """
    found = _phase(record, as_of, thresholds, renewed or renewal_start is not None, renewal_start)
    return found if words is None else replace(found, words=words)


def _phase(record: Record, as_of: dt.date, thresholds: tuple[int, ...], renewed: bool,  # noqa: PLR0911 - one return per lifecycle phase
           renewal_start: dt.date | None) -> Status:
    recorded = record.get("status")
    if recorded == "dibatalkan":
        return Status(Phase.DIBATALKAN, as_of)
    if not is_signed(record) or is_preliminary(record):
        return Status(Phase.DALAM_PROSES, as_of)
    termination = record.get("pengakhiran")
    ended_early = parse_date(termination.get("tanggal")) if termination else None
    if ended_early is not None and ended_early <= as_of:
        return Status(Phase.DIAKHIRI_LEBIH_AWAL, as_of)
    start, end = record.start, effective_end(record, renewal_start)
    if start is not None and as_of < start:
        return Status(Phase.BELUM_BERLAKU, as_of, (end - as_of).days if end else None)
    if end is None and record.end_year is not None:
        return _year_only_end(record.end_year, as_of, thresholds, renewal_decided(record, renewed))
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


def _year_only_end(year: int, as_of: dt.date, thresholds: tuple[int, ...], decided: bool) -> Status:
    """Status of a signed record whose source states only the year it ends (``tahun_berakhir``).

    Before that year it is in force: it cannot have ended before 1 January of it. Within that
    year nobody knows whether it has ended, so it is "masa berlaku tidak diketahui", never
    "berakhir". After it, it has ended. No end date is made up, so ``days_left`` stays None.

    "Segera berakhir" before the year: exactly what the window logic above would say for an end
    on 1 January of that year, the earliest possible end. The window counts the days to that
    earliest end; the status does not show them as days left. So on 1 January of the year a
    "segera berakhir" becomes "masa berlaku tidak diketahui": the one step where the rank falls as
    the as-of date moves on, because what is known about the end really becomes less certain.
    """
    if as_of.year > year:  # ended; like a dated end, without a renewal decision it says so
        return Status(Phase.BERAKHIR if decided else Phase.BERAKHIR_TANPA_KEPUTUSAN, as_of)
    if as_of.year == year:
        return Status(Phase.TIDAK_DIKETAHUI, as_of)
    earliest_end = (dt.date(year, 1, 1) - as_of).days
    windows = [t for t in sorted(thresholds) if earliest_end <= t]
    if windows:
        return Status(Phase.SEGERA_BERAKHIR, as_of, None, windows[0])
    return Status(Phase.BERLAKU, as_of)
