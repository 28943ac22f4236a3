"""Generation shared with a forked worker writes exactly what one process writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from constants import AS_OF

from benchmarks import synth
from generator.commands import build as build_module
from generator.commands.build import generate
from generator.project import Project
from generator.read.siteconfig import load as load_siteconfig
from tests.conftest import make_site_project


def _project(root: Path) -> Project:
    register = root.with_name(root.name + "-register")
    synth.write_register(register, 60, seed=3)
    return make_site_project(root, register)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shared_generation_writes_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 forking: list[int]) -> None:
    one, two = _project(tmp_path / "one"), _project(tmp_path / "two")
    alone = generate(one, AS_OF, load_siteconfig(one.root))  # 60 agreements: below the threshold

    monkeypatch.setattr(build_module, "PARALLEL_MIN_RECORDS", 10)
    (two.generated / "stale" / "old.md").parent.mkdir(parents=True)
    (two.generated / "stale" / "old.md").write_text("dibuang", encoding="utf-8")
    shared = generate(two, AS_OF, load_siteconfig(two.root))

    assert forking, "generation did not use a worker"
    assert _files(one.generated) == _files(two.generated)
    assert [(p.path, p.sha256) for p in alone.pages] == [(p.path, p.sha256) for p in shared.pages]
    assert shared.written == alone.written == len(alone.pages)
    assert shared.removed == 1 and not (two.generated / "stale").exists()


def test_two_families_writing_one_path_stop_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path / "dup")
    monkeypatch.setattr(build_module, "PARALLEL_MIN_RECORDS", 10)
    families = (build_module.FAMILIES[-1], build_module.FAMILIES[-1])
    with pytest.raises(ValueError, match="two page families write"):
        generate(project, AS_OF, load_siteconfig(project.root), families)


def test_above_the_maximum_generation_stays_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           forking: list[int]) -> None:
    project = _project(tmp_path / "besar")
    monkeypatch.setattr(build_module, "PARALLEL_MIN_RECORDS", 10)
    monkeypatch.setattr(build_module, "PARALLEL_MAX_RECORDS", 50)  # the register has 60
    generated = generate(project, AS_OF, load_siteconfig(project.root))
    assert not forking and len(generated.record_ids) == 60
