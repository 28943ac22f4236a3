"""`kerjasama ringkasan`: the pull request's job summary names added, changed, removed
agreements and status changes, in Indonesian, with data escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from constants import REPO

from generator.commands.cli import main


def test_summary_lists_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = tmp_path / "repo"
    shutil.copytree(REPO / "schema", head / "schema")
    shutil.copytree(REPO / "agreements", head / "agreements")
    base = tmp_path / "dasar"
    shutil.copytree(REPO / "agreements", base)
    # in the pull request: one file added, one changed (its end date makes it end), one removed
    (base / "2025-bpjs-kesehatan-uhc.yaml").rename(base / "zz-dihapus.yaml")  # invalid in the base (id differs)
    added = head / "agreements" / "2024-kejari-datun-satpol-pp.yaml"
    (base / added.name).unlink()
    changed = head / "agreements" / "2018-kejari-bantuan-hukum-datun.yaml"
    text = changed.read_text(encoding="utf-8")
    assert "masa_berlaku_tidak_diketahui: true\n" in text
    changed.write_text(text.replace("masa_berlaku_tidak_diketahui: true\n", 'tanggal_berakhir: "2023-05-14"\n')
                       .replace("judul: ", "judul: <b>Baru</b> ", 1), encoding="utf-8")

    code = main(["--root", str(head), "ringkasan", "--dasar", str(base), "--as-of", "2026-11-27"])
    out = capsys.readouterr().out
    assert code == 0
    assert "## Ringkasan pemeriksaan register" in out
    assert "### Naskah ditambah (2)" in out  # 2024-kejari... and 2025-bpjs... are not in the base
    assert "<code>agreements/2024-kejari-datun-satpol-pp.yaml</code>" in out
    assert "### Naskah diubah (1)" in out
    assert "<code>agreements/2018-kejari-bantuan-hukum-datun.yaml</code>" in out
    assert "### Naskah dihapus (1)" in out and "<code>agreements/zz-dihapus.yaml</code>" in out
    assert "### Status yang berubah (1)" in out  # added and invalid files have no status to compare
    assert "<td>masa berlaku tidak diketahui</td><td>berakhir" in out
    assert "&lt;b&gt;Baru&lt;/b&gt;" in out and "<b>Baru</b>" not in out
    assert "27 November 2026" in out


def test_empty_base_reports_every_agreement_as_added(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "kosong"
    base.mkdir()
    assert main(["--root", str(REPO), "ringkasan", "--dasar", str(base), "--as-of", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    count = len(list((REPO / "agreements").glob("*.yaml")))
    assert f"### Naskah ditambah ({count})" in out
    assert "### Naskah dihapus (0)" in out and "**0 galat**" in out
