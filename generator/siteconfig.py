"""Site settings from ``mkdocs.yml`` (``extra.kerjasama``), the one place they are configured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import load_config

from generator.settings import SiteConfig


def from_extra(site_url: str | None, extra: dict[str, Any]) -> SiteConfig:
    settings = extra.get("kerjasama", {}) or {}
    thresholds = tuple(int(t) for t in settings.get("ambang_hari", (180, 90, 30)))
    return SiteConfig(
        site_url=(site_url or "http://localhost:8000/").rstrip("/") + "/",
        repo_url=str(settings.get("repo_url", "")).rstrip("/"),
        edit_branch=str(settings.get("cabang", "main")),
        thresholds=thresholds,
        evaluation_months=int(settings.get("evaluasi_bulan_sebelum_berakhir", 6)),
        decision_days=int(settings.get("keputusan_hari_sebelum_berakhir", 90)),
    )


def from_mkdocs(config: Any) -> SiteConfig:
    """From a loaded MkDocs config object."""
    return from_extra(config.get("site_url"), dict(config.get("extra") or {}))


def load(project_root: Path) -> SiteConfig:
    """Read ``mkdocs.yml`` through MkDocs' own loader (it understands ``!ENV``)."""
    config = load_config(config_file=str(project_root / "mkdocs.yml"))
    return from_mkdocs(config)
