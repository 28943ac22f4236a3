"""`kerjasama tautan`: every sumber and dokumen URL once, sorted, with the records citing it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("schema", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", tmp_path / "agreements")
    return tmp_path


def test_urls_once_each_sorted(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(root), "tautan"]) == 0
    assert capsys.readouterr().out == (
        "https://example.org/berita/air-bersih\n"
        "https://example.org/berita/bersama\n"  # cited by two records, listed once
        "https://example.org/berita/pasar\n"
        "https://example.org/naskah/kb-air-bersih.pdf\n"  # a dokumen URL
    )


def test_json_names_the_records_and_fields(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(root), "tautan", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_url = {item["url"]: item["dirujuk"] for item in data}
    assert by_url["https://example.org/berita/bersama"] == [
        {"id": "2021-kb-air-bersih", "kolom": "sumber"}, {"id": "2025-kb-pariwisata", "kolom": "sumber"}]
    assert by_url["https://example.org/naskah/kb-air-bersih.pdf"] == [{"id": "2021-kb-air-bersih", "kolom": "dokumen"}]
    assert [item["url"] for item in data] == sorted(by_url)


def test_the_real_register(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "tautan"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == sorted(set(lines)) and len(lines) >= 10
    assert all(line.startswith(("https://", "http://")) for line in lines)


def test_an_invalid_register_gives_no_list(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "agreements" / "2021-kb-air-bersih.yaml").write_text("id: [\n", encoding="utf-8")
    assert main(["--root", str(root), "tautan"]) == 1
    assert capsys.readouterr().out == ""
