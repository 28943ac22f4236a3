"""Work shared with forked workers gives the same list, in the same order, as a plain loop."""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import MappingProxyType

import pytest

import generator.parallel as parallel_module
import generator.verify.postbuild as postbuild
from generator import cachedir
from generator.parallel import map_chunks
from generator.verify.sitescan import Scanner


def _square(items: Sequence[int]) -> list[int]:
    return [i * i for i in items]


def test_map_chunks_keeps_order(forking: list[int]) -> None:
    items = list(range(101))
    assert map_chunks(_square, items, min_items=10) == _square(items)
    assert forking == [2]


def test_work_that_cannot_be_pickled_reaches_the_workers(forking: list[int]) -> None:
    squares = MappingProxyType({i: i * i for i in range(101)})  # pickle refuses a mapping proxy
    assert map_chunks(lambda items: [squares[i] for i in items], list(range(101)), min_items=10) == _square(range(101))
    assert forking == [2]


def test_small_input_stays_in_process(forking: list[int]) -> None:
    assert map_chunks(_square, [1, 2, 3], min_items=10) == [1, 4, 9]
    assert forking == []


def test_parallel_site_scan_equals_sequential(real_site, forking: list[int],  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    pages = sorted(real_site.site.rglob("*.html"))
    monkeypatch.setattr(postbuild, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setenv(cachedir.ENVIRONMENT, str(tmp_path))  # a cold scan cache, filled by the workers
    sequential = Scanner(real_site.site, real_site.project.docs, "localhost:8000", "/").scan()
    parallel = postbuild.scan_site(real_site.project, real_site.site, real_site.generated)
    assert forking == [2]
    assert parallel == sequential
    assert postbuild.scan_site(real_site.project, real_site.site, real_site.generated) == sequential  # warm
    assert forking == [2, 2]
    assert len(pages) > 10


def test_in_child_returns_the_result_and_raises_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_module.threading, "active_count", lambda: 1)  # see the forking fixture
    parent = os.getpid()
    assert parallel_module.in_child(os.getpid) != parent
    assert parallel_module.in_child(lambda: {"naskah": (1, 2)}) == {"naskah": (1, 2)}
    with pytest.raises(ValueError, match="rusak"):
        parallel_module.in_child(lambda: (_ for _ in ()).throw(ValueError("rusak")))
    with pytest.raises(RuntimeError, match="tidak dapat dikirim"):
        parallel_module.in_child(lambda: (lambda: None))  # a result that cannot be pickled
