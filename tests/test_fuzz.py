"""Fuzzing the loader and the validator with hypothesis: random bytes, random YAML structures and
mutated valid agreements. Whatever goes in, nothing raises, and every file that does not become a
record is named by at least one located error. Text that stays valid also goes through the index
and every page family in memory.

Each test is bounded by ``settings(max_examples=..., deadline=...)``; in CI the examples are
derandomised so the time and the outcome of a run are stable.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

import yaml
from constants import AS_OF, REPO
from hostile.corpus import text_paths
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.check import datafiles
from generator.check.validate import Environment, Result, check_loaded
from generator.commands.build import FAMILIES, collect_pages, context_for
from generator.diagnostics import Diagnostic
from generator.read.loader import Loaded, load_file
from generator.read.yamlstrict import read_text
from generator.settings import SiteConfig

CI = os.environ.get("CI") == "true"
FILE = "agreements/fuzz.yaml"
BOUNDED = settings(max_examples=120, deadline=dt.timedelta(seconds=5), derandomize=CI, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                          HealthCheck.data_too_large])
REAL = sorted((REPO / "agreements").glob("*.yaml"))


def check_all(env: Environment, loaded: list[Loaded]) -> Result:
    result = check_loaded(env, AS_OF, loaded)
    recorded = {r.file for r in result.records}
    for item in loaded:
        errors = [d for d in result.errors if d.file == item.file]
        assert item.file in recorded or errors, f"{item.file} vanished without a diagnostic"
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message and "Traceback" not in diagnostic.message
    return result


def loaded_from(raw: bytes, file: str = FILE) -> Loaded:
    parsed = read_text(raw, file)
    return Loaded(file, parsed.data, parsed.lines, parsed.diagnostics)


# --- random bytes -------------------------------------------------------------------------------
@BOUNDED
@given(st.binary(max_size=2000))
def test_random_bytes(env: Environment, raw: bytes) -> None:
    check_all(env, [loaded_from(raw)])


@BOUNDED
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_random_text(env: Environment, text: str) -> None:
    check_all(env, [loaded_from(text.encode("utf-8"))])


# --- random YAML structures ---------------------------------------------------------------------
def _keys(env: Environment) -> list[str]:
    return sorted(env.schema.document["properties"])


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=40), st.sampled_from(["2024-05-22", "2025-02-30", "yes", "no", "010", "62.71",
                                                           "https://palangkaraya.go.id/", "javascript:x", "~", ""]))


def structures(keys: list[str]) -> st.SearchStrategy[Any]:
    key = st.one_of(st.sampled_from(keys), st.text(max_size=12))
    return st.recursive(scalars, lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(key, children, max_size=6)), max_leaves=30)


@BOUNDED
@given(data=st.data())
def test_random_yaml_structures(env: Environment, data: st.DataObject) -> None:
    value = data.draw(structures(_keys(env)))
    style = data.draw(st.sampled_from([False, True, None]))
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=style)
    check_all(env, [loaded_from(text.encode("utf-8"))])


# --- mutated valid agreements --------------------------------------------------------------------
def _real(env: Environment, index: int) -> Loaded:
    return load_file(env.project, REAL[index % len(REAL)])


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


def _apply(data: dict[str, Any], path: tuple[Any, ...], action: str, new: Any) -> None:
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "hapus":
        del parent[last]
    elif action == "ganti":
        parent[last] = new
    elif action == "tambah" and isinstance(parent[last], list):
        parent[last].append(new)
    elif action == "tambah" and isinstance(parent[last], dict):
        parent[last][str(new)[:20] or "x"] = new


@BOUNDED
@given(data=st.data())
def test_mutated_valid_agreements(env: Environment, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(REAL) - 1))
    original = _real(env, index).data
    assert original is not None
    mutated = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 4))):
        paths = [p for p in _paths(mutated) if p]
        if not paths:
            break
        _apply(mutated, data.draw(st.sampled_from(paths)), data.draw(st.sampled_from(["hapus", "ganti", "tambah"])),
               data.draw(structures(_keys(env))))
    text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=data.draw(st.booleans()))
    others = [_real(env, i) for i in range(len(REAL)) if i != index]
    check_all(env, [*others, loaded_from(text.encode("utf-8"), REAL[index].relative_to(REPO).as_posix())])


@BOUNDED
@given(data=st.data())
def test_mutated_bytes_of_valid_agreements(env: Environment, data: st.DataObject) -> None:
    raw = bytearray(REAL[data.draw(st.integers(0, len(REAL) - 1))].read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(raw)))
        if data.draw(st.booleans()) and position < len(raw):
            del raw[position:position + data.draw(st.integers(1, 8))]
        else:
            raw[position:position] = data.draw(st.binary(min_size=1, max_size=6))
    check_all(env, [loaded_from(bytes(raw))])


# Text a contributor may legitimately type: any printable characters, line breaks included.
prose = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")) | st.just("\n"),
                min_size=1, max_size=80).filter(lambda s: s.strip())


def render_all(env: Environment, loaded: list[Loaded]) -> list[str]:
    result = check_all(env, loaded)
    assert result.errors == []
    ctx = context_for(env, result, AS_OF, SiteConfig(), datafiles.load(env.project, env.codelists).data)
    return [page.path for page in collect_pages(ctx, FAMILIES)]


def test_partner_name_with_line_break_renders_every_page(env: Environment) -> None:
    """Found by the fuzzer below: a line break in a partner's name (valid YAML text) crashed the
    per-partner calendar (an iCalendar content line may not contain a raw line break)."""
    loaded = [_real(env, i) for i in range(len(REAL))]
    data = copy.deepcopy(loaded[0].data)
    assert data is not None
    data["para_pihak"][1]["nama"] = "Mitra baris satu\nbaris dua"
    loaded[0] = loaded_from(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"), loaded[0].file)
    assert any(path.startswith("mitra/") for path in render_all(env, loaded))


@settings(BOUNDED, max_examples=15, deadline=dt.timedelta(seconds=20),
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # shrinking a page build takes minutes
@given(data=st.data())
def test_valid_random_text_renders_every_page(env: Environment, data: st.DataObject) -> None:
    """Random prose in free-text fields of a real agreement: still valid, and the index and every
    page family render it without raising."""
    index = data.draw(st.integers(0, len(REAL) - 1))
    loaded = [_real(env, i) for i in range(len(REAL))]
    target = loaded[index]
    assert target.data is not None
    mutated = copy.deepcopy(target.data)
    for path in text_paths(env.schema, target.data):
        if data.draw(st.booleans()):
            parent: Any = mutated
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = data.draw(prose)
    text = yaml.safe_dump(mutated, allow_unicode=True)
    loaded[index] = loaded_from(text.encode("utf-8"), target.file)
    if check_all(env, loaded).errors:  # e.g. the text happens to look like a phone number: reported
        return
    assert any(path.startswith("kerja-sama/") for path in render_all(env, loaded))
