"""The SOP as data: stages and paths from ``schema/kode/tahapan-sop.yaml``.

The file is a code list (the ``tahap`` values of ``tahapan_sop`` in agreement files) that also
carries each stage's responsible party, inputs, outputs, target, legal basis and path, and the
paths themselves. ``schema/sop.schema.json`` checks its shape (see :mod:`generator.check.datafiles`);
this module turns the loaded code list into typed values and checks its codes against the
other code lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.read.codelists import Code, CodeList, CodeLists, is_preliminary, preliminary_kinds, signed_states
from generator.read.record import Record

CODELIST = "tahapan_sop"
OPENING_FLAGS = ("kerangka", "pendahuluan")
"""Flags of ``jenis_naskah`` codes that open a cooperation (a KB, NK, MoU or LoI, not a PKS): a
record without a document yet goes the way of these until it has one (issue 18)."""
DPRD_RULE = "persetujuan_dprd"
"""``syarat`` of the stage at which DPRD approval is given."""
CENTRAL_STAGE = "persetujuan_pusat"
"""The stage at which the central government approves (only on the foreign path); also the key of
the agreement's field that records that approval."""


@dataclass(frozen=True)
class Stage:
    """One SOP stage, in the order of the procedure."""

    code: str
    order: int
    number: str
    label: str
    responsible: str
    inputs: str
    outputs: str
    target: str | None
    target_days: int | None
    basis: str
    certainty: str
    paths: tuple[str, ...]
    condition: str | None
    condition_rule: str | None
    document_types: tuple[str, ...] | None
    statuses: tuple[str, ...]
    per_agreement: bool
    signing: bool
    recurring: bool

    @classmethod
    def from_code(cls, item: Code, order: int) -> Stage:
        def opt(name: str) -> str | None:
            value = item.get(name)
            return None if value is None else str(value)

        types = item.get("naskah")
        return cls(
            code=item.code, order=order, number=str(item.get("nomor")), label=item.label,
            responsible=str(item.get("penanggung_jawab")), inputs=str(item.get("masukan")),
            outputs=str(item.get("keluaran")), target=opt("target"), target_days=item.get("target_hari"),
            basis=str(item.get("dasar")), certainty=str(item.get("kepastian")),
            paths=tuple(item.get("jalur", ())), condition=opt("bersyarat"), condition_rule=opt("syarat"),
            document_types=tuple(types) if types is not None else None,
            statuses=tuple(item.get("status_naskah", ())), per_agreement=item.get("per_naskah", True) is not False,
            signing=item.get("penandatanganan") is True, recurring=item.get("berulang") is True,
        )


@dataclass(frozen=True)
class SopPath:
    """A path through the stages for some categories of cooperation."""

    code: str
    label: str
    categories: tuple[str, ...]
    default: bool
    description: str
    certainty: str


@dataclass(frozen=True)
class Sop:
    """The whole procedure: title, note, stages in order and paths."""

    title: str
    description: str
    stages: tuple[Stage, ...]
    paths: tuple[SopPath, ...]
    opening_kinds: frozenset[str] = frozenset()
    """Document kinds that open a cooperation (see :data:`OPENING_FLAGS`)."""

    @classmethod
    def from_codelists(cls, codelists: CodeLists) -> Sop:
        codes: CodeList = codelists[CODELIST]
        stages = tuple(Stage.from_code(item, order) for order, item in enumerate(codes))
        paths = tuple(
            SopPath(str(p["kode"]), str(p["label"]), tuple(p["kategori"]), p.get("bawaan") is True,
                    str(p["keterangan"]), str(p["kepastian"]))
            for p in codes.extra.get("jalur", ())
        )
        opening = frozenset(item.code for item in codelists["jenis_naskah"]
                            if any(item.get(flag) is True for flag in OPENING_FLAGS))
        return cls(codes.title, codes.description, stages, paths, opening)

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise KeyError(code)

    def path_for(self, record: Record) -> SopPath:
        """The path an agreement follows, by its category (the default path otherwise)."""
        category = record.get("kategori")
        for path in self.paths:
            if category in path.categories:
                return path
        return next(path for path in self.paths if path.default)

    def stages_on(self, path: SopPath) -> tuple[Stage, ...]:
        return tuple(stage for stage in self.stages if path.code in stage.paths)

    def applicable(self, record: Record, path: SopPath, needs_dprd: bool | None) -> tuple[Stage, ...]:
        """Stages this agreement goes through: its path, its document type, its conditions.

        A conditional stage whose condition cannot be decided from the data (``needs_dprd`` is
        None) is kept when the agreement records it, and left out otherwise.
        """
        recorded = {step.get("tahap") for step in record.get("tahapan_sop", ())}
        kind = record.get("jenis_naskah")
        # After a Letter of Intent its path goes on to the document it leads to (a foreign MoU).
        preliminary_done = max((s.order for s in self.stages_on(path) if s.signing and s.document_types
                                and kind in s.document_types), default=None) if kind in preliminary_kinds() else None
        out = []
        for stage in self.stages_on(path):
            if not stage.per_agreement:
                continue
            opening = bool(self.opening_kinds.intersection(stage.document_types or ()))
            # A record without a document yet (an exploration) goes the way of an opening document.
            follows = opening and (kind is None or (preliminary_done is not None and stage.order > preliminary_done))
            if stage.document_types is not None and kind not in stage.document_types and not follows:
                continue
            if stage.condition_rule == "persetujuan_dprd" and not (needs_dprd or stage.code in recorded):
                continue
            out.append(stage)
        return tuple(out)


def signing_stage(sop: Sop, record: Record) -> Stage | None:
    """The stage at which this record's document is signed on its path (None: no document yet)."""
    kind = record.get("jenis_naskah")
    if kind is None:
        return None
    path = sop.path_for(record)
    return next((s for s in sop.stages_on(path)
                 if s.signing and s.document_types is not None and kind in s.document_types), None)


def dprd_stage_reached(sop: Sop, record: Record) -> bool:
    """Whether the record stands at or past its path's DPRD approval stage (issue 18).

    The path is the single source: a path without the stage (sinergi) never reaches it; a record
    waiting for DPRD approval stands at it; a signed binding document stands at or past it (on the
    general path the KB signing is followed by the DPRD stage, on the foreign path the MoU is
    signed after it). A Letter of Intent (its own signing stage before DPRD) and a record before
    any signing (exploration, proposal, drafting) have not reached it.
    """
    path = sop.path_for(record)
    dprd = next((s for s in sop.stages_on(path) if s.condition_rule == DPRD_RULE), None)
    status = record.get("status")
    if dprd is None or status == "dibatalkan":
        return False
    if status in dprd.statuses:
        return True
    if status not in signed_states() or is_preliminary(record):
        return False
    signing = signing_stage(sop, record)
    return signing is None or not _before_dprd_only(sop, path, signing, dprd)


def central_stage_reached(sop: Sop, record: Record) -> bool:
    """Whether the record stands past its path's central-approval stage (6a, issue 18).

    Only a path that has the stage (the foreign one) reaches it. The record's own stage decides:
    the stage where its document is signed, or, before signing, the stage its status and document
    kind place it at. A foreign MoU being drafted or signed (6b), or a PKS under it, is past 6a; a
    Letter of Intent (3a), an exploration or a record waiting for DPRD approval (6) is not. A signed
    document whose kind has no signing stage on the path counts as past it, as for DPRD approval.
    """
    path = sop.path_for(record)
    stages = sop.stages_on(path)
    central = next((s for s in stages if s.code == CENTRAL_STAGE), None)
    status, kind = record.get("status"), record.get("jenis_naskah")
    if central is None or status == "dibatalkan" or is_preliminary(record):
        return False
    if status in central.statuses:
        return True
    if status in signed_states():
        signing = signing_stage(sop, record)
        return signing is None or signing.order > central.order
    current = next((s for s in reversed(stages) if status in s.statuses
                    and (s.document_types is None or kind in s.document_types)), None)
    return current is not None and current.order > central.order


def _before_dprd_only(sop: Sop, path: SopPath, signing: Stage, dprd: Stage) -> bool:
    """A signing stage that only preliminary documents reach, placed before the DPRD stage."""
    kinds = set(signing.document_types or ())
    return signing.order < dprd.order and bool(kinds) and kinds <= preliminary_kinds()


def code_problems(data: Mapping[str, Any], codelists: CodeLists) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Codes in the raw SOP data that other code lists do not know, as (path, message)."""
    known_paths = {p.get("kode") for p in data.get("jalur", ())}
    checks = (("jalur", None), ("naskah", "jenis_naskah"), ("status_naskah", "status_naskah"))
    for index, stage in enumerate(data.get("nilai", ())):
        for key, listname in checks:
            allowed = known_paths if listname is None else set(codelists[listname].values)
            for position, value in enumerate(stage.get(key, ())):
                if value not in allowed:
                    yield ("nilai", index, key, position), f"'{value}' tidak dikenal untuk {key}"
    categories = set(codelists["kategori"].values)
    for index, path in enumerate(data.get("jalur", ())):
        for position, value in enumerate(path.get("kategori", ())):
            if value not in categories:
                yield ("jalur", index, "kategori", position), f"kategori '{value}' tidak dikenal"
