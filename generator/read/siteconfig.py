"""Site settings from ``mkdocs.yml`` (``extra.kerjasama``), the one place they are configured.

Read without MkDocs, so ``kerjasama validate`` never loads it: ``mkdocs.yml`` is YAML with one
tag of MkDocs' own, ``!ENV`` (MkDocs reads it with pyyaml-env-tag: the first named environment
variable that is set, else the last item as the default). tests/test_siteconfig.py checks that
these settings equal those read through MkDocs' own loader.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

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
    """From a loaded MkDocs config object (the MkDocs adapter has one)."""
    return from_extra(config.get("site_url"), dict(config.get("extra") or {}))


class _Loader(yaml.SafeLoader):
    """Safe YAML plus MkDocs' ``!ENV`` tag."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(None, None, f"!ENV expects a name or a list, not {type(node).__name__}",
                                                node.start_mark)
    for name in names:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]  # PyYAML's resolver is untyped
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


_Loader.add_constructor("!ENV", _env_tag)


def load(project_root: Path) -> SiteConfig:
    """Read ``mkdocs.yml``'s ``site_url`` and ``extra`` (``!ENV`` values from the environment)."""
    text = (project_root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader subclass with one extra tag
    return from_extra(config.get("site_url"), dict(config.get("extra") or {}))
