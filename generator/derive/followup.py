"""Follow-up actions (``kerjasama tindak-lanjut``): what is due, per agreement and reason.

Pure: the control values of the register (:mod:`generator.derive.control`, which calls
:mod:`generator.derive.status` and :mod:`generator.check.sop`) in, a sorted tuple of :class:`Action` out.
Nothing is decided here that the site does not already show: every reason reads a value the
control pages compute, with the same windows (``mkdocs.yml`` ``extra.kerjasama``), so an issue
and the site never disagree.

Each action has a stable key ``<id>:<alasan>``; its ``fakta`` are the facts that, when they
change, earn the issue a comment (a count of days left changes daily and is left out). The
digest of the facts is stored in the issue (see :mod:`generator.commands.github_sync`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from dateutil.relativedelta import relativedelta

from generator.derive.control import DECISION, AgreementControl, Control, State, is_framework, no_followup
from generator.derive.index import RegisterIndex
from generator.derive.status import Phase
from generator.read.codelists import CodeLists


class Reason:
    """Reason codes (``alasan``): part of the key and of the issue labels; a contract."""

    ENDING = "segera-berakhir"
    ENDED_UNDECIDED = "berakhir-tanpa-keputusan"
    STEP_LATE = "tahap-terlambat"
    EVALUATION_LATE = "evaluasi-terlambat"
    DECISION_LATE = "keputusan-terlambat"
    NO_FOLLOWUP = "tanpa-tindak-lanjut"
    MISSING_FACTS = "data-belum-lengkap"


REASON_LABELS: Mapping[str, str] = {
    Reason.ENDING: "Segera berakhir",
    Reason.ENDED_UNDECIDED: "Berakhir tanpa keputusan perpanjangan",
    Reason.STEP_LATE: "Tahap SOP terlambat",
    Reason.EVALUATION_LATE: "Evaluasi sebelum perpanjangan terlambat",
    Reason.DECISION_LATE: "Keputusan perpanjangan terlambat",
    Reason.NO_FOLLOWUP: "KB/MoU tanpa PKS atau rencana kerja",
    Reason.MISSING_FACTS: "Data belum lengkap",
}

# How the unit closes each kind of action by fixing the data (shown in every issue body).
_HOW_TO_CLOSE: Mapping[str, str] = {
    Reason.ENDING: "Catat keputusan TKKSD di `keputusan_perpanjangan` (diperpanjang atau tidak_diperpanjang), "
                   "atau tambahkan naskah perpanjangan yang `memperpanjang` naskah ini.",
    Reason.ENDED_UNDECIDED: "Catat `keputusan_perpanjangan` (diperpanjang atau tidak_diperpanjang) dengan tanggalnya, "
                            "atau tambahkan naskah perpanjangan yang `memperpanjang` naskah ini.",
    Reason.STEP_LATE: "Isi `tanggal_selesai` tahap itu di `tahapan_sop` bila sudah selesai, atau catat monev terbaru "
                      "di `monev`.",
    Reason.EVALUATION_LATE: "Catat monev (di `monev`) atau tahap `monitoring_evaluasi` (di `tahapan_sop`) yang dilakukan "
                            "sejak evaluasi seharusnya dimulai.",
    Reason.DECISION_LATE: "Catat `keputusan_perpanjangan` (diperpanjang atau tidak_diperpanjang) dengan tanggalnya.",
    Reason.NO_FOLLOWUP: "Tambahkan PKS yang menunjuk naskah ini sebagai `naskah_induk`, isi `rencana_kerja`, "
                        "atau catat monev.",
    Reason.MISSING_FACTS: "Lengkapi data yang disebut di atas pada berkas naskah.",
}


@dataclass(frozen=True)
class Action:
    """One follow-up action: one agreement, one reason."""

    record_id: str
    reason: str
    unit: str
    """Code of ``perangkat_daerah`` (the unit that holds the data and answers for it)."""
    unit_label: str
    deadline: dt.date | None
    title: str
    facts: Mapping[str, Any]
    """What the action is about, without day counts: a change here is news for the issue."""
    body: str

    @property
    def key(self) -> str:
        return f"{self.record_id}:{self.reason}"

    @property
    def digest(self) -> str:
        """SHA-256 (first 16 hex digits) of the key, deadline, unit and facts."""
        payload = {"kunci": self.key, "tenggat": _iso(self.deadline), "unit": self.unit, "fakta": self.facts}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def as_json(self) -> dict[str, Any]:
        return {"kunci": self.key, "id": self.record_id, "alasan": self.reason,
                "label_alasan": REASON_LABELS[self.reason], "perangkat_daerah": self.unit,
                "label_perangkat_daerah": self.unit_label, "tenggat": _iso(self.deadline), "judul": self.title,
                "isi": self.body, "fakta": dict(self.facts), "sidik": self.digest}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Links:
    """Where an issue points: the agreement's page and its file in the repository's editor."""

    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"

    def page(self, record_id: str) -> str:
        return f"{self.site_url.rstrip('/')}/kerja-sama/{record_id}/" if self.site_url else ""

    def edit(self, record_id: str) -> str:
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/agreements/{record_id}.yaml"


def _found(item: AgreementControl, control: Control, codelists: CodeLists,
           children: tuple[Any, ...]) -> list[tuple[str, dt.date | None, dict[str, Any]]]:
    """(reason, deadline, facts) for every reason that applies to one agreement."""
    record, status, renewal = item.record, item.status, item.renewal
    found: list[tuple[str, dt.date | None, dict[str, Any]]] = []
    end = _iso(record.end)
    decided = renewal is not None and renewal.decided in {State.SELESAI, State.SELESAI_TERLAMBAT}
    # Only the end year known (tahun_berakhir): the reason stands, undated; no deadline is made from the year.
    year = {"tahun_berakhir": record.end_year} if record.end_year is not None else {}
    if status.phase is Phase.SEGERA_BERAKHIR and not decided:
        found.append((Reason.ENDING, record.end, {"tanggal_berakhir": end, "jendela_hari": status.window, **year}))
    if status.phase is Phase.BERAKHIR_TANPA_KEPUTUSAN:
        found.append((Reason.ENDED_UNDECIDED, record.end, {"tanggal_berakhir": end, **year}))
    late = sorted((s for s in item.progress.overdue if s.stage.code != DECISION),
                  key=lambda s: (s.due or dt.date.max, s.stage.order))
    if late and not status.phase.ended:
        found.append((Reason.STEP_LATE, late[0].due,
                      {"tahap": [{"tahap": s.stage.code, "label": s.stage.label, "tenggat": _iso(s.due)}
                                 for s in late]}))
    if renewal is not None and status.phase.running:
        if renewal.evaluation is State.TERLAMBAT:
            found.append((Reason.EVALUATION_LATE, renewal.evaluation_start,
                          {"mulai_evaluasi": _iso(renewal.evaluation_start), "tanggal_berakhir": end}))
        if renewal.decided is State.TERLAMBAT:
            found.append((Reason.DECISION_LATE, renewal.decision_due,
                          {"tenggat_keputusan": _iso(renewal.decision_due), "tanggal_berakhir": end}))
    settings = control.settings
    if status.phase.running and no_followup(record, status, settings, framework=is_framework(record, codelists),
                                            implemented_by=children):
        signed = record.date("tanggal_tanda_tangan") or record.start
        due = signed + relativedelta(months=settings.followup_months) if signed else None
        found.append((Reason.NO_FOLLOWUP, due, {"ditandatangani": _iso(signed),
                                                "bulan": settings.followup_months}))
    if item.completeness.missing:
        found.append((Reason.MISSING_FACTS, None, {"kurang": list(item.completeness.missing)}))
    return found


def _body(action: Action, record_title: str, links: Links) -> str:
    """The issue body in Indonesian Markdown (no as-of-dependent text, so it stays stable)."""
    reason = action.reason
    lines = [f"**Naskah:** {record_title} (`{action.record_id}`)",
             f"**Perangkat daerah:** {action.unit_label}",
             f"**Alasan:** {REASON_LABELS[reason]}"]
    if action.deadline is not None:
        lines.append(f"**Tenggat:** {action.deadline.isoformat()}")
    lines.append("")
    lines.extend(_fact_lines(reason, action.facts))
    lines += ["", "**Cara menyelesaikan:** " + _HOW_TO_CLOSE[reason],
              "Isu ini ditutup otomatis pada pemeriksaan harian berikutnya setelah perubahan data digabung "
              "ke cabang utama."]
    page, edit = links.page(action.record_id), links.edit(action.record_id)
    if page:
        lines.append(f"- Halaman naskah: {page}")
    if edit:
        lines.append(f"- Ubah berkas: {edit}")
    return "\n".join(lines)


def _fact_lines(reason: str, facts: Mapping[str, Any]) -> list[str]:  # noqa: PLR0911 - one wording per reason
    if reason == Reason.ENDING and facts.get("tahun_berakhir"):
        return [f"Naskah berakhir tahun {facts['tahun_berakhir']} (tanggal tidak diketahui); paling cepat 1 Januari "
                f"{facts['tahun_berakhir']}, dalam {facts['jendela_hari']} hari atau kurang, dan belum ada keputusan "
                "perpanjangan."]
    if reason == Reason.ENDED_UNDECIDED and facts.get("tahun_berakhir"):
        return [f"Naskah berakhir tahun {facts['tahun_berakhir']} (tanggal tidak diketahui) tanpa keputusan "
                "perpanjangan yang tercatat."]
    if reason == Reason.ENDING:
        return [f"Naskah berakhir pada {facts['tanggal_berakhir']} (dalam {facts['jendela_hari']} hari atau kurang) "
                "dan belum ada keputusan perpanjangan."]
    if reason == Reason.ENDED_UNDECIDED:
        end = facts["tanggal_berakhir"] or "tanggal yang tidak tercatat"
        return [f"Naskah berakhir pada {end} tanpa keputusan perpanjangan yang tercatat."]
    if reason == Reason.STEP_LATE:
        return ["Tahap SOP yang melewati tenggat:"] + [
            f"- {s['label']} (tenggat {s['tenggat'] or 'tidak tercatat'})" for s in facts["tahap"]]
    if reason == Reason.EVALUATION_LATE:
        return [f"Evaluasi sebelum keputusan perpanjangan seharusnya dimulai {facts['mulai_evaluasi']} "
                f"(naskah berakhir {facts['tanggal_berakhir']}), tetapi belum ada monev sejak tanggal itu."]
    if reason == Reason.DECISION_LATE:
        return [f"Keputusan perpanjangan seharusnya diambil paling lambat {facts['tenggat_keputusan']} "
                f"(naskah berakhir {facts['tanggal_berakhir']})."]
    if reason == Reason.NO_FOLLOWUP:
        return [f"Naskah kerangka (KB/NK/MoU) ditandatangani {facts['ditandatangani']}; {facts['bulan']} bulan "
                "kemudian belum tercatat PKS, rencana kerja atau monev."]
    return ["Data yang belum tercatat:"] + [f"- {text}" for text in facts["kurang"]]


def actions(index: RegisterIndex, control: Control, links: Links = Links()) -> tuple[Action, ...]:
    """Every action due on the control's as-of date, sorted by key."""
    units = index.codelists["perangkat_daerah"]
    out: list[Action] = []
    for record_id, item in control.agreements.items():
        unit = str(item.record.get("perangkat_daerah") or "tidak_diketahui")
        unit_label = units.label(unit)
        children = index.children.get(record_id, ())
        for reason, deadline, facts in _found(item, control, index.codelists, children):
            title = f"{REASON_LABELS[reason]}: {item.record.title}"
            draft = Action(record_id, reason, unit, unit_label, deadline, title, facts, "")
            out.append(replace(draft, body=_body(draft, item.record.title, links)))
    return tuple(sorted(out, key=lambda a: a.key))


def to_json(found: tuple[Action, ...], as_of: dt.date) -> str:
    data = {"tanggal_acuan": as_of.isoformat(), "jumlah": len(found), "tindakan": [a.as_json() for a in found]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Register text in a Markdown table cell: inert (the job summary renders HTML)."""
    return html.escape(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(found: tuple[Action, ...], as_of: dt.date) -> str:
    lines = [f"# Tindak lanjut per {as_of.isoformat()}", "", f"{len(found)} tindakan.", ""]
    if found:
        lines += ["| Kunci | Alasan | Perangkat daerah | Tenggat | Judul |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| `{a.key}` | {REASON_LABELS[a.reason]} | {_cell(a.unit_label)} | {_iso(a.deadline) or '-'} | "
                  f"{_cell(a.title)} |" for a in found]
    return "\n".join(lines) + "\n"
