"""The settings read without MkDocs equal those MkDocs' own loader gives, with and without ``!ENV``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from mkdocs.config import load_config

from generator.read import siteconfig


@pytest.mark.parametrize("env", [{}, {"KERJASAMA_SITE_URL": "https://kerjasama.example/sub",
                                      "KERJASAMA_REPO_URL": "https://git.example/r/"}])
def test_settings_equal_mkdocs_own_reading(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KERJASAMA_SITE_URL", "KERJASAMA_REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    ours = siteconfig.load(REPO)
    assert ours == siteconfig.from_mkdocs(load_config(config_file=str(REPO / "mkdocs.yml")))
    if env:
        assert ours.site_url == "https://kerjasama.example/sub/" and ours.repo_url == "https://git.example/r"


def test_env_tag_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KS_A", raising=False)
    monkeypatch.setenv("KS_B", "https://b.example/")
    monkeypatch.setenv("KS_C", "https://git.example/c/")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Uji\n"
        "site_url: !ENV [KS_A, KS_B, 'https://default.example/']\n"
        "extra:\n  kerjasama:\n    repo_url: !ENV KS_C\n    ambang_hari: [60, 30]\n", encoding="utf-8")
    found = siteconfig.load(tmp_path)
    assert found == siteconfig.from_mkdocs(load_config(config_file=str(tmp_path / "mkdocs.yml")))
    assert found.site_url == "https://b.example/" and found.repo_url == "https://git.example/c"
    assert found.thresholds == (60, 30)
