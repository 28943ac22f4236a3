"""The control tool's computations: renewal deadlines, SOP progress, stage times, ``simbolis``.

Pure: the index (records and their statuses on the as-of date), the SOP and the settings in;
frozen values out. Pages, the agreement-page partial, the calendar and the feed read these
values; nothing here formats HTML or reads a file or the clock.

Rules (each is printed on the site next to its result):

* Renewal: the evaluation that precedes a renewal decision starts ``evaluation_months`` before
  the end date, and the decision is due ``decision_days`` before it. An evaluation counts once a
  monev or a ``monitoring_evaluasi`` step is dated on or after the start; a decision counts
  once ``keputusan_perpanjangan`` is ``diperpanjang``/``tidak_diperpanjang`` or a later
  record renews the agreement.
* SOP progress: a step's due date is its ``tenggat``, else its start plus the stage's
  ``target_hari``; a recorded step not finished after its due date is overdue. A running
  agreement's monev is due ``target_hari`` after the last monev (or after the start), and its
  renewal decision by the decision deadline. When such a step has no data and the record rests
  on news reports alone (no SOP step or monev recorded), its absence says nothing: it is
  ``unrecorded``, a completeness task, not an overdue step.
* ``simbolis`` is evidence that nothing happened, never missing data: a running agreement whose
  last monev rated it ``tidak_berjalan``; or whose monev is recorded while every indicator's
  recorded realisation is zero; or a framework document (a code of ``jenis_naskah`` flagged
  ``kerangka``: KB, NK, MoU) signed ``followup_months`` or more ago with no implementing document,
  no work plan and no monev recorded, when the record rests on the document or the city's own
  records (``tingkat_kepastian`` other than ``media``): a register built from news reports cannot
  show that a follow-up does not exist, so for those the follow-up is a completeness task.
* Completeness: what a running or signed agreement does not record yet (success indicators, a
  monev in the last ``monev_months`` months, the end date, the implementing unit; and what the
  signed document states: signing date, number, every party's signatory, a published scan). A
  task for the unit that holds the data, shown as such, not as an accusation; ``kerjasama
  cakupan`` and /panduan/cakupan/ send it to each unit (generator/site/coverage.py).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel.lists import format_list
from babel.units import format_unit
from dateutil.relativedelta import relativedelta

from generator.check.rules import dprd_required
from generator.check.sop import Sop, SopPath, Stage
from generator.derive.index import RegisterIndex
from generator.derive.status import Phase, Status
from generator.read.codelists import CodeLists, is_preliminary, is_signed
from generator.read.record import Record, parse_date

if TYPE_CHECKING:
    from generator.settings import SiteConfig

LOCALE = "id"
FINAL_DECISIONS = frozenset({"diperpanjang", "tidak_diperpanjang"})
APPROVAL_STAGES = frozenset({"persetujuan_dprd", "persetujuan_pusat"})
"""SOP stages whose code is also the record key of the approval they stand for."""
NOT_RUNNING = "tidak_berjalan"
MEDIA_ONLY = "media"  # tingkat_kepastian: the record rests on news reports only
# Stages with a meaning of their own here (codes of schema/kode/tahapan-sop.yaml).
IMPLEMENTATION = "pelaksanaan"
DECISION = "pengakhiran_perpanjangan"
EVALUATION = "monitoring_evaluasi"


@dataclass(frozen=True)
class Settings:
    """Configurable windows (``mkdocs.yml`` ``extra.kerjasama``)."""

    evaluation_months: int = 6
    decision_days: int = 90
    monev_months: int = 12
    followup_months: int = 12
    """A framework document with no follow-up this long after signing counts as symbolic."""


class State(StrEnum):
    """State of a deadline or an SOP step; the value is the CSS slug."""

    BELUM = "belum"
    BERJALAN = "berjalan"
    TERLAMBAT = "terlambat"
    SELESAI = "selesai"
    SELESAI_TERLAMBAT = "selesai-terlambat"
    TIDAK_TERCATAT = "tidak-tercatat"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    State.BELUM: "belum tiba",
    # Not "berjalan": a step's state must not read as the agreement's status (an agreement whose
    # end date is unknown has an open implementation step, not a "running" agreement).
    State.BERJALAN: "belum selesai",
    State.TERLAMBAT: "terlambat",
    State.SELESAI: "selesai",
    State.SELESAI_TERLAMBAT: "selesai, melewati target",
    State.TIDAK_TERCATAT: "tidak tercatat",
}


def duration_text(start: dt.date, end: dt.date) -> str:
    """Calendar distance in Indonesian words via Babel: ``1 bulan dan 14 hari``, ``2 tahun``.

    Order does not matter; the two largest non-zero units are kept (exact to the day below one
    month). Zero is ``0 hari``.
    """
    early, late = sorted((start, end))
    delta = relativedelta(late, early)
    parts = [(delta.years, "duration-year"), (delta.months, "duration-month"), (delta.days, "duration-day")]
    words = tuple(_unit_text(value, unit) for value, unit in parts if value)
    return _list_text(words[:2]) if words else _unit_text(0, "duration-day")


# Babel's formats are slow (about 50 us) and the same few (``3 bulan``, ``14 hari``) recur
# across agreements and builds; each is a function of its arguments.
@lru_cache(maxsize=1024)
def _unit_text(value: int, unit: str) -> str:
    return format_unit(value, unit, length="long", locale=LOCALE)


@lru_cache(maxsize=4096)
def _list_text(words: tuple[str, ...]) -> str:
    return format_list(list(words), locale=LOCALE)


# --- renewal deadlines ------------------------------------------------------------------------
@dataclass(frozen=True)
class Renewal:
    """Deadlines dated from the end date, and whether they were met by the as-of date."""

    end: dt.date
    evaluation_start: dt.date
    decision_due: dt.date
    evaluation_date: dt.date | None
    decision: str | None
    decision_date: dt.date | None
    renewed_by: tuple[str, ...]
    evaluation: State
    decided: State

    @property
    def late(self) -> bool:
        return State.TERLAMBAT in (self.evaluation, self.decided)


def _monev(record: Record, as_of: dt.date) -> list[Mapping[str, Any]]:
    """Monev entries dated on or before the as-of date, oldest first."""
    entries = [m for m in record.get("monev", ()) if (parse_date(m.get("tanggal")) or as_of) <= as_of]
    return sorted(entries, key=lambda m: str(m.get("tanggal")))


def renewal(record: Record, status: Status, settings: Settings, renewed_by: Sequence[Record] = ()) -> Renewal | None:
    """Renewal deadlines of a signed agreement with a known end date; None otherwise."""
    end, as_of = record.end, status.as_of
    if end is None or not is_signed(record) or status.phase in {Phase.DIAKHIRI_LEBIH_AWAL, Phase.DIBATALKAN}:
        return None
    start = end - relativedelta(months=settings.evaluation_months)
    due = end - dt.timedelta(days=settings.decision_days)
    evaluated = [parse_date(m.get("tanggal")) for m in _monev(record, as_of)]
    evaluated += [parse_date(s.get("tanggal_mulai")) for s in record.get("tahapan_sop", ())
                  if s.get("tahap") == EVALUATION]
    on_time = sorted(d for d in evaluated if d is not None and start <= d <= as_of)
    evaluation_date = on_time[0] if on_time else None
    if evaluation_date is not None:
        evaluation = State.SELESAI_TERLAMBAT if evaluation_date > due else State.SELESAI
    else:
        evaluation = State.TERLAMBAT if as_of > start else State.BELUM
    decision = record.get("keputusan_perpanjangan") or {}
    decision_date = parse_date(decision.get("tanggal"))
    final = decision.get("keputusan") in FINAL_DECISIONS and (decision_date is None or decision_date <= as_of)
    if final or renewed_by:
        decided = State.SELESAI_TERLAMBAT if decision_date and decision_date > due else State.SELESAI
    elif as_of > due:
        decided = State.TERLAMBAT
    else:
        decided = State.BERJALAN if as_of >= start else State.BELUM
    return Renewal(end, start, due, evaluation_date, decision.get("keputusan"), decision_date,
                   tuple(r.id for r in renewed_by), evaluation, decided)


# --- SOP progress ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One stage for one agreement: dates met, due date and state."""

    stage: Stage
    state: State
    started: dt.date | None = None
    finished: dt.date | None = None
    due: dt.date | None = None
    note: str | None = None
    inferred: bool = False
    """True when taken from the recorded status or dates rather than a ``tahapan_sop`` entry."""


@dataclass(frozen=True)
class Progress:
    """Where an agreement stands in the SOP on the as-of date."""

    path: SopPath
    steps: tuple[Step, ...]
    reached: Step | None
    next_stage: Stage | None
    next_due: dt.date | None
    overdue: tuple[Step, ...]
    """Steps past their due date: recorded late, or due by rule where the register's silence is evidence."""
    unrecorded: tuple[Step, ...] = ()
    """Steps due by rule that the register holds no data about (a record sourced only from news reports,
    with no SOP step or monev recorded): a completeness task for the unit, never shown as late."""

    @property
    def next_unrecorded(self) -> bool:
        """The next step is one the register has no data about (its due date says nothing)."""
        return self.next_stage is not None and any(s.stage.code == self.next_stage.code for s in self.unrecorded)


def silence_is_evidence(record: Record) -> bool:
    """Whether a step the register does not record can be read as not done: the record rests on the
    document or the city's own records, or it keeps SOP steps here. A record built from news reports
    alone cannot show that a monev or a decision did not happen."""
    return record.get("tingkat_kepastian") != MEDIA_ONLY or bool(record.get("tahapan_sop"))


def _recorded_step(stage: Stage, entry: Mapping[str, Any], as_of: dt.date) -> Step:
    started, finished = parse_date(entry.get("tanggal_mulai")), parse_date(entry.get("tanggal_selesai"))
    due = parse_date(entry.get("tenggat"))
    if due is None and started is not None and stage.target_days:
        due = started + dt.timedelta(days=stage.target_days)
    if finished is not None and finished <= as_of:
        state = State.SELESAI_TERLAMBAT if due is not None and finished > due else State.SELESAI
    else:
        finished = None
        state = State.TERLAMBAT if due is not None and as_of > due else State.BERJALAN
    return Step(stage, state, started, finished, due, entry.get("catatan"))


def _entries(record: Record, as_of: dt.date) -> dict[str, Mapping[str, Any]]:
    """The latest recorded entry per stage, ignoring entries that start after the as-of date."""
    out: dict[str, Mapping[str, Any]] = {}
    for entry in record.get("tahapan_sop", ()):
        begun = parse_date(entry.get("tanggal_mulai"))
        if begun is not None and begun > as_of:
            continue
        previous = out.get(entry["tahap"])
        if previous is None or str(entry.get("tanggal_mulai", "")) >= str(previous.get("tanggal_mulai", "")):
            out[entry["tahap"]] = entry
    return out


def _known_step(stage: Stage, record: Record, status: Status, entries: Mapping[str, Mapping[str, Any]],  # noqa: PLR0911 - one return per way a stage can be known (recorded, signed, monev, decision)
                renewal_info: Renewal | None) -> Step | None:
    """A step with data: recorded, or inferred from the signing date, status, monev or decision."""
    as_of, phase = status.as_of, status.phase
    if stage.code in entries:
        return _recorded_step(stage, entries[stage.code], as_of)
    # An approval stage (persetujuan_dprd, persetujuan_pusat) is done when the record holds that
    # approval's number or date (issue 18: a foreign MoU passes 6 and 6a before it is signed).
    given = record.get(stage.code)
    if stage.code in APPROVAL_STAGES and isinstance(given, Mapping) and (given.get("tanggal") or given.get("nomor")):
        return Step(stage, State.SELESAI, finished=parse_date(given.get("tanggal")), inferred=True)
    # A signed Letter of Intent completes its own signing stage and nothing after it (issue 18).
    signed = is_signed(record) and phase is not Phase.DALAM_PROSES
    if stage.signing and is_signed(record) and (stage.document_types is None
                                                or record.get("jenis_naskah") in stage.document_types):
        return Step(stage, State.SELESAI, finished=record.date("tanggal_tanda_tangan"), inferred=True)
    if stage.recurring and signed:
        dates = [parse_date(m.get("tanggal")) for m in _monev(record, as_of)]
        if dates and dates[-1] is not None:
            return Step(stage, State.SELESAI, started=dates[-1], finished=dates[-1], inferred=True)
    if stage.code == DECISION and renewal_info and renewal_info.decided in {
            State.SELESAI, State.SELESAI_TERLAMBAT}:
        return Step(stage, renewal_info.decided, finished=renewal_info.decision_date,
                    due=renewal_info.decision_due, inferred=True)
    if stage.code == IMPLEMENTATION and signed and phase is not Phase.BELUM_BERLAKU:
        if phase.open:
            return Step(stage, State.BERJALAN, started=record.start, inferred=True)
        termination = record.get("pengakhiran") or {}
        stop = parse_date(termination.get("tanggal")) or record.end
        return Step(stage, State.SELESAI, started=record.start, finished=stop, inferred=True)
    if record.get("status") in stage.statuses and not is_signed(record):
        return Step(stage, State.BERJALAN, inferred=True)
    return None


def _late_decision(steps: Sequence[Step], status: Status, renewal_info: Renewal | None) -> Step | None:
    """The renewal decision of a running agreement, past its deadline and not recorded."""
    if not (renewal_info and renewal_info.decided is State.TERLAMBAT and status.phase.running):
        return None
    decision_step = next((s for s in steps if s.stage.code == DECISION), None)
    if decision_step is None:
        return None
    return Step(decision_step.stage, State.TERLAMBAT, due=renewal_info.decision_due, inferred=True)


def progress(record: Record, status: Status, sop: Sop, renewal_info: Renewal | None) -> Progress:  # noqa: PLR0912, PLR0915 - one branch per kind of SOP evidence
    """SOP progress of one agreement on the status's as-of date."""
    as_of = status.as_of
    path = sop.path_for(record)
    approval = record.get("persetujuan_dprd") or {}
    needs_dprd = bool(dprd_required(record) or approval.get("diperlukan"))
    stages = sop.applicable(record, path, needs_dprd)
    entries = _entries(record, as_of)
    known = [_known_step(stage, record, status, entries, renewal_info) for stage in stages]
    last = max((i for i, step in enumerate(known) if step is not None), default=-1)
    steps = tuple(step if step is not None else Step(stage, State.TIDAK_TERCATAT if i < last else State.BELUM)
                  for i, (stage, step) in enumerate(zip(stages, known, strict=True)))
    reached = steps[last] if last >= 0 else None
    overdue = [step for step in steps if step.state is State.TERLAMBAT]  # recorded steps: always evidence
    unrecorded: list[Step] = []
    grounded = silence_is_evidence(record)
    next_stage, next_due = None, None
    open_steps = [s for s in steps if s.state in {State.BERJALAN, State.TERLAMBAT} and not s.inferred]
    if status.phase in {Phase.DIBATALKAN, Phase.DIAKHIRI_LEBIH_AWAL}:
        pass
    elif open_steps:
        next_stage, next_due = open_steps[-1].stage, open_steps[-1].due
    elif status.phase.open or status.phase is Phase.BELUM_BERLAKU:
        candidates: list[tuple[dt.date, Stage]] = []
        for step in steps:
            if step.stage.recurring and step.stage.target_days and record.start:
                base = step.finished or record.start
                due = base + dt.timedelta(days=step.stage.target_days)
                candidates.append((due, step.stage))
                if as_of > due and status.phase.running:
                    late = Step(step.stage, State.TERLAMBAT, started=step.finished, due=due, inferred=True)
                    (overdue if grounded or step.finished else unrecorded).append(late)
        decision = next((s.stage for s in steps if s.stage.code == DECISION), None)
        if decision is not None and renewal_info and renewal_info.decided is not State.SELESAI:
            candidates.append((renewal_info.decision_due, decision))
        if candidates and status.phase is Phase.TIDAK_DIKETAHUI:
            # An unknown term is not "in force" (issue 18): the next step is named, but no
            # deadline is dated from it, so nothing reads as late.
            next_stage = min(candidates, key=lambda c: (c[0], c[1].order))[1]
        elif candidates:
            next_due, next_stage = min(candidates, key=lambda c: (c[0], c[1].order))
    elif status.phase.ended:
        decision = next((s.stage for s in steps if s.stage.code == DECISION), None)
        if decision is not None and renewal_info and renewal_info.decided is State.TERLAMBAT:
            next_stage, next_due = decision, renewal_info.decision_due
    elif reached is not None and reached.state in {State.SELESAI, State.SELESAI_TERLAMBAT}:
        following = steps[last + 1] if last + 1 < len(steps) else None
        if following is not None:
            next_stage = following.stage
            if reached.finished and following.stage.target_days:
                next_due = reached.finished + dt.timedelta(days=following.stage.target_days)
    else:
        following = steps[last + 1] if 0 <= last < len(steps) - 1 else (steps[0] if last < 0 and steps else None)
        next_stage = following.stage if following else None
    decision_late = _late_decision(steps, status, renewal_info)
    if decision_late is not None:
        (overdue if grounded else unrecorded).append(decision_late)
    return Progress(path, steps, reached, next_stage, next_due, tuple(overdue), tuple(unrecorded))


# --- evaluation ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    """One success indicator, with realisation as a share of the target when computable."""

    name: str
    unit: str
    baseline: float | None
    target: float
    actual: float | None
    measured: dt.date | None
    note: str | None

    @property
    def achievement(self) -> float | None:
        """Realised / target in percent (one decimal); None without a realisation or a zero target."""
        if self.actual is None or not self.target:
            return None
        return round(100 * self.actual / self.target, 1)


@dataclass(frozen=True)
class Symbolic:
    """The ``simbolis`` signal: evidence recorded in the data that the agreement produces nothing."""

    running: bool
    no_followup: bool
    """A framework document signed ``followup_months`` or more ago, with no implementing document,
    work plan or monev recorded."""
    last_monev_not_running: bool
    zero_realisation: bool
    """Monev is recorded and every indicator's recorded realisation is zero."""
    last_monev: dt.date | None
    months: int = 12
    followup_months: int = 12

    @property
    def symbolic(self) -> bool:
        return self.running and (self.no_followup or self.last_monev_not_running or self.zero_realisation)

    @property
    def reasons(self) -> tuple[str, ...]:
        if not self.running:
            return ()
        found = [(f"tidak ada tindak lanjut (PKS, rencana kerja atau monev) {self.followup_months} bulan setelah "
                  "penandatanganan", self.no_followup),
                 ("monev terakhir menilai tidak berjalan", self.last_monev_not_running),
                 ("monev tercatat, tetapi realisasi setiap indikator nol", self.zero_realisation)]
        return tuple(text for text, hit in found if hit)


@dataclass(frozen=True)
class Gap:
    """One fact a signed agreement does not record yet: a stable code and the site's words for it."""

    code: str
    text: str


@dataclass(frozen=True)
class Completeness:
    """Facts a running or signed agreement does not record yet: a task for its unit, not a verdict."""

    gaps: tuple[Gap, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The gaps in the site's words."""
        return tuple(gap.text for gap in self.gaps)

    @property
    def complete(self) -> bool:
        return not self.gaps


SCAN = "naskah"  # dokumen[].jenis of a published scan of the signed document


def gap_texts(settings: Settings) -> dict[str, str]:
    """Every fact :func:`completeness` looks for, by code, in the order it reports them."""
    return {
        "indikator_keberhasilan": "indikator keberhasilan",
        "monev": f"monev dalam {settings.monev_months} bulan terakhir",
        "tanggal_berakhir": "tanggal berakhir",
        "perangkat_daerah": "perangkat daerah pelaksana",
        "tindak_lanjut": "tindak lanjut (PKS, rencana kerja atau monev)",
        # Issue 14: what the signed document states, for the unit that holds it.
        "tanggal_tanda_tangan": "tanggal penandatanganan",
        "nomor_naskah": "nomor naskah",
        "penandatangan": "penandatangan setiap pihak",
        "pindaian_naskah": "pindaian naskah yang ditandatangani",
        # Issue 12: a renewal decision due by rule that the register holds no data about.
        "keputusan_perpanjangan": "keputusan perpanjangan",
    }


def monev_window_start(as_of: dt.date, settings: Settings) -> dt.date:
    """First day of the monev window (``monev_months`` before the as-of date)."""
    return as_of - relativedelta(months=settings.monev_months)


def is_framework(record: Record, codelists: CodeLists) -> bool:
    """A KB, NK or MoU: the ``kerangka`` flag of its ``jenis_naskah`` code."""
    code = codelists["jenis_naskah"].find(record.get("jenis_naskah"))
    return bool(code is not None and code.get("kerangka"))


def no_followup(record: Record, status: Status, settings: Settings, *, framework: bool,
                implemented_by: Sequence[Record]) -> bool:
    """A framework document signed ``followup_months`` ago or more with no implementing document,
    work plan or monev recorded (whatever its source; :func:`symbolic` decides what that proves)."""
    signed = record.date("tanggal_tanda_tangan") or record.start
    return (framework and signed is not None and signed + relativedelta(months=settings.followup_months) <= status.as_of
            and not implemented_by and not record.get("rencana_kerja") and not _monev(record, status.as_of))


def symbolic(record: Record, status: Status, settings: Settings, *, framework: bool = False,
             implemented_by: Sequence[Record] = ()) -> Symbolic:
    as_of = status.as_of
    entries = _monev(record, as_of)
    dates = [d for d in (parse_date(m.get("tanggal")) for m in entries) if d is not None]
    last = entries[-1] if entries else None
    realised = [i.get("realisasi") for i in record.get("indikator_keberhasilan", ())]
    return Symbolic(
        running=status.phase.open,
        no_followup=(record.get("tingkat_kepastian") != MEDIA_ONLY
                     and no_followup(record, status, settings, framework=framework, implemented_by=implemented_by)),
        last_monev_not_running=last is not None and last.get("penilaian") == NOT_RUNNING,
        zero_realisation=bool(entries) and bool(realised) and all(r == 0 for r in realised),
        last_monev=dates[-1] if dates else None,
        months=settings.monev_months,
        followup_months=settings.followup_months,
    )


def completeness(record: Record, status: Status, settings: Settings, *, framework: bool = False,  # noqa: PLR0913 - one keyword per other computation it reads
                 implemented_by: Sequence[Record] = (), unrecorded: Sequence[Step] = ()) -> Completeness:
    """What the register does not know yet about a signed agreement, in the words of the site.
    ``unrecorded``: the SOP steps due by rule that it holds no data about (:class:`Progress`)."""
    if not is_signed(record) or is_preliminary(record):  # an LoI has no term, indicators or monev
        return Completeness(())
    window = monev_window_start(status.as_of, settings)
    recent = any(window <= d for d in (parse_date(m.get("tanggal")) for m in _monev(record, status.as_of)) if d)
    found = {
        "indikator_keberhasilan": status.phase.open and not record.get("indikator_keberhasilan"),
        "monev": status.phase.open and not recent,
        "tanggal_berakhir": record.end is None and not status.phase.ended,
        "perangkat_daerah": record.get("perangkat_daerah") == "tidak_diketahui",
        "tindak_lanjut": (status.phase.open and record.get("tingkat_kepastian") == MEDIA_ONLY
                          and no_followup(record, status, settings, framework=framework, implemented_by=implemented_by)),
        "tanggal_tanda_tangan": record.date("tanggal_tanda_tangan") is None,
        "nomor_naskah": not record.get("nomor_naskah"),
        "penandatangan": any(not party.get("penandatangan") for party in record.get("para_pihak", ())),
        "pindaian_naskah": not any(d.get("jenis") == SCAN for d in record.get("dokumen", ())),
        "keputusan_perpanjangan": any(step.stage.code == DECISION for step in unrecorded),
    }
    return Completeness(tuple(Gap(code, text) for code, text in gap_texts(settings).items() if found[code]))


def indicators(record: Record) -> tuple[Indicator, ...]:
    return tuple(
        Indicator(str(i["indikator"]), str(i["satuan"]), i.get("baseline"), i["target"], i.get("realisasi"),
                  parse_date(i.get("per_tanggal")), i.get("keterangan"))
        for i in record.get("indikator_keberhasilan", ())
    )


# --- everything for one register ---------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ControlValues:
    """The control values of one agreement besides its record and status (shared by
    :class:`AgreementControl` and the agreement page's view of it, which shows the status without
    its as-of date: generator.site.pages.agreement.ShownControl)."""

    renewal: Renewal | None
    progress: Progress
    symbolic: Symbolic
    completeness: Completeness
    indicators: tuple[Indicator, ...]
    monev: tuple[Mapping[str, Any], ...]
    """Monev history up to the as-of date, newest first."""

    def values(self) -> dict[str, Any]:
        """These values by field name, to make another :class:`ControlValues` of them."""
        return {f.name: getattr(self, f.name) for f in fields(ControlValues)}


@dataclass(frozen=True, kw_only=True)
class AgreementControl(ControlValues):
    """All control values of one agreement."""

    record: Record
    status: Status


@dataclass(frozen=True)
class StageTime:
    stage: Stage
    count: int
    median_days: float | None


@dataclass(frozen=True)
class Control:
    """Control values of every agreement on the index's as-of date."""

    as_of: dt.date
    sop: Sop
    settings: Settings
    agreements: Mapping[str, AgreementControl]

    def get(self, record_id: str) -> AgreementControl | None:
        """For templates: ``control.get(record.id)``."""
        return self.agreements.get(record_id)

    def stage_times(self) -> tuple[StageTime, ...]:
        """Median days from start to finish per stage, over every recorded step with both dates."""
        spans: dict[str, list[int]] = {}
        for item in self.agreements.values():
            for entry in item.record.get("tahapan_sop", ()):
                begun, done = parse_date(entry.get("tanggal_mulai")), parse_date(entry.get("tanggal_selesai"))
                if begun and done and done <= self.as_of:
                    spans.setdefault(entry["tahap"], []).append((done - begun).days)
        return tuple(StageTime(stage, len(spans.get(stage.code, [])),
                               statistics.median(spans[stage.code]) if stage.code in spans else None)
                     for stage in self.sop.stages if stage.per_agreement)


def build(index: RegisterIndex, sop: Sop, settings: Settings) -> Control:
    items: dict[str, AgreementControl] = {}
    for record in index.records:
        status = index.get_status(record)
        renewal_info = renewal(record, status, settings, index.renewed_by.get(record.id, ()))
        framework, children = is_framework(record, index.codelists), index.children.get(record.id, ())
        steps = progress(record, status, sop, renewal_info)
        items[record.id] = AgreementControl(
            record=record, status=status, renewal=renewal_info, progress=steps,
            symbolic=symbolic(record, status, settings, framework=framework, implemented_by=children),
            completeness=completeness(record, status, settings, framework=framework, implemented_by=children,
                                      unrecorded=steps.unrecorded),
            indicators=indicators(record), monev=tuple(reversed(_monev(record, status.as_of))),
        )
    return Control(index.as_of, sop, settings, items)


def settings_from(config: SiteConfig) -> Settings:
    return Settings(evaluation_months=config.evaluation_months, decision_days=config.decision_days)


def for_site(index: RegisterIndex, config: SiteConfig) -> Control:
    """The control values of a site: SOP from the code lists, windows from the site settings."""
    return build(index, Sop.from_codelists(index.codelists), settings_from(config))
