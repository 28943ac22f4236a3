"""Validator rules about provenance (issue 14): what :mod:`generator.check.provenance` cannot show.

Each rule looks at one record. An unknown ``mendukung`` or ``jenis`` code needs no rule here: the
schema's enum (from the code lists) refuses it as ``skema-nilai-tidak-dikenal``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from generator.check import provenance
from generator.diagnostics import Diagnostic, json_path, make
from generator.read.codelists import CodeLists
from generator.read.record import Record
from generator.read.yamlstrict import InstancePath


class Context(Protocol):
    """What these rules read of :class:`generator.check.rules.Context` (which imports this module to
    register the rules, so this module does not import it back)."""

    @property
    def codelists(self) -> CodeLists: ...


def _at(record: Record, code: str, message: str, path: InstancePath) -> Diagnostic:
    line, column = record.position(path)
    return make(code, record.file, message, line=line, column=column, json_path=json_path(path),
                record_id=record.id)


def rule_parts_without_source(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """A part the record fills that no source supports (every source lists ``mendukung``)."""
    item = provenance.of(record, ctx.codelists)
    for part in item.unsupported:
        yield _at(record, "bagian-tanpa-sumber",
                  f"Bagian '{part.group.code}' ({part.group.label}) diisi, tetapi tidak ada sumber yang "
                  "mendukungnya: setiap sumber mendaftar mendukung tanpa kode ini.", ("sumber",))
    filled = {part.group.code for part in item.parts}
    for source in item.sources:
        for position, code in enumerate(source.supports or ()):
            if code not in filled:
                yield _at(record, "mendukung-bagian-kosong",
                          f"Sumber ke-{source.number} mendukung bagian '{code}', tetapi berkas tidak mengisi "
                          "kolom bagian itu.", ("sumber", source.number - 1, "mendukung", position))


def rule_certainty(record: Record, ctx: Context) -> Iterator[Diagnostic]:
    """``tingkat_kepastian`` claims more than the most certain source or published scan."""
    claimed = provenance.claimed_rank(record, ctx.codelists)
    evidence = provenance.evidence_rank(record, ctx.codelists)
    if claimed is not None and claimed < evidence:
        kinds = ctx.codelists[provenance.KINDS]
        needed = kinds.codes[claimed].label.lower()
        best = kinds.codes[evidence].label.lower()
        yield _at(record, "asal-data-melebihi-sumber",
                  f"tingkat_kepastian '{record.get('tingkat_kepastian')}' memerlukan sumber berjenis {needed} "
                  f"atau lebih pasti; sumber paling pasti yang tercatat: {best}.", ("tingkat_kepastian",))


RULES = (rule_parts_without_source, rule_certainty)
