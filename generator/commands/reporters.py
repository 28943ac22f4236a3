"""Reporters: the only place that turns diagnostics into text for people and machines."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.diagnostics import CATALOGUE, Diagnostic, Severity

FORMATS = ("text", "json", "github")


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    affected = len({d.file for d in diagnostics})
    if not diagnostics:
        return f"Register sah: {files_checked} berkas diperiksa, tidak ada galat."
    return (f"{errors} galat, {warnings} peringatan dalam {affected} berkas "
            f"({files_checked} berkas diperiksa).")


def _one_line(value: str) -> str:
    """Keep one diagnostic on one line: a key or file name with a line break cannot forge another."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def text(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    lines = []
    for d in diagnostics:
        lines.append(f"{_one_line(d.file)}:{d.line}:{d.column}: {d.severity.value} [{d.code}] {_one_line(d.message)}")
        if d.hint:
            lines.append(f"    petunjuk: {_one_line(d.hint)}")
    lines.append(summary(diagnostics, files_checked))
    return "\n".join(lines) + "\n"


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "berkas": d.file, "baris": d.line, "kolom": d.column, "kode": d.code,
        "tingkat": d.severity.value, "pesan": d.message, "petunjuk": d.hint,
        "jalur": d.json_path, "id": d.record_id, "judul_kode": CATALOGUE[d.code].title,
    }


def as_json(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """GitHub Actions workflow commands, one annotation per diagnostic on its line."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity is Severity.ERROR else "warning"
        title = _escape_property(f"{d.code}: {CATALOGUE[d.code].title}")
        body = _escape_data(f"{d.message} Petunjuk: {d.hint}" if d.hint else d.message)
        lines.append(f"::{level} file={_escape_property(d.file)},line={d.line},col={d.column},title={title}::{body}")
    lines.append(summary(diagnostics, files_checked))
    return "\n".join(lines) + "\n"


RENDERERS = {"text": text, "json": as_json, "github": github}


def site_text(diagnostics: Sequence[Diagnostic]) -> str:
    """Problems of a built site (paths inside the site), then one summary line."""
    lines = [f"situs/{_one_line(d.file)}:{d.line}: {d.severity.value} [{d.code}] {_one_line(d.message)}"
             for d in diagnostics]
    lines.append(f"{len(diagnostics)} masalah pada situs hasil bangun; situs sebelumnya tidak diubah.")
    return "\n".join(lines) + "\n"
