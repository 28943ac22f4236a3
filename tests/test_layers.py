"""The generator's layers point one way: read -> check -> derive -> site -> verify, commands on top.

A module's stage is its package: ``generator/read/``, ``generator/check/``, ``generator/derive/``,
``generator/site/`` (with ``pages/`` and ``opendata/``), ``generator/verify/`` and
``generator/commands/`` (with ``spreadsheet/``); the modules at the top of ``generator/`` are
"base", what every stage shares (the clock, the project's paths, the one diagnostic type,
settings). A module may import only modules of its own stage or of a stage below it (imports
inside functions and under ``TYPE_CHECKING`` count too), and the import graph has no cycle. Only
the MkDocs adapter imports MkDocs, and ``kerjasama validate`` runs without loading MkDocs or Jinja
(checked in a fresh interpreter, as a user runs it).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"
STAGES = ("base", "read", "check", "derive", "site", "verify", "commands")

# ``python -m generator`` needs its ``__main__`` at the top of the package; it is the command line.
TOP_LEVEL_COMMANDS = {"__main__"}

# Imports that still point up a stage, each with its reason; the test fails when one disappears,
# so this list only shrinks. rules (check) dates its "signed in the future" and expiry rules with
# the status computation.
UPWARD = {("check.rules", "derive.status")}

ONLY_ADAPTER = {"mkdocs": {"commands.mkdocs_plugin"}, "jinja2": {"commands.mkdocs_plugin", "site.render"}}


def stage_of(module: str) -> str:
    """The stage of a module (without the ``generator.`` prefix), read from its package path."""
    first, _, rest = module.partition(".")
    if module in TOP_LEVEL_COMMANDS:
        return "commands"
    if not rest and first not in STAGES:
        return "base"
    return first


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(generator modules, other top-level packages) that ``path`` imports anywhere."""
    ours, others = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}"[10:] in modules
                     else node.module for alias in node.names]
        for name in names:
            if name == "generator" or name.startswith("generator."):
                ours.add(name[len("generator."):] if name != "generator" else "")
            else:
                others.add(name.split(".")[0])
    return ours, others


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules)[0] - {name, ""} for name, path in modules.items()}


def test_every_module_is_in_a_stage_package_or_base() -> None:
    modules = _modules()
    packages = {name.split(".")[0] for name in modules if "." in name}
    assert packages <= set(STAGES) - {"base"}, "a package of generator/ that is not a stage"
    assert {stage_of(name) for name in modules} == set(STAGES)
    assert stage_of("clock") == "base"
    assert stage_of("derive") == "derive"
    assert stage_of("derive.model_builder") == "derive"
    assert stage_of("site.pages.agreement") == "site"
    assert stage_of("commands.spreadsheet.reader") == "commands"
    assert stage_of("__main__") == "commands"


def test_imports_point_down_the_stages() -> None:
    rank = {stage: n for n, stage in enumerate(STAGES)}
    upward = {(module, target) for module, targets in _graph().items() for target in targets
              if rank[stage_of(target)] > rank[stage_of(module)]}
    described = {f"{m} ({stage_of(m)}) -> {t} ({stage_of(t)})" for m, t in upward - UPWARD}
    assert described == set()
    assert upward >= UPWARD, f"no longer needed, remove from UPWARD: {sorted(UPWARD - upward)}"


def test_no_import_cycles() -> None:
    graph = _graph()
    cycles = []
    for start in sorted(graph):
        stack, seen = [(start, (start,))], set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph[node]):
                if nxt == start:
                    cycles.append(" -> ".join((*trail, start)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*trail, nxt)))
    assert cycles == []


def test_only_the_adapter_imports_mkdocs_and_only_site_code_jinja() -> None:
    modules = _modules()
    for package, allowed in ONLY_ADAPTER.items():
        users = {name for name, path in modules.items() if package in _imports(path, modules)[1]}
        assert users <= allowed, (package, sorted(users - allowed))


def test_validate_loads_neither_mkdocs_nor_jinja() -> None:
    code = ("import sys, json\n"
            "from generator.commands.cli import main\n"
            f"code = main(['--root', {str(REPO)!r}, 'validate', '--as-of', '2026-12-04', '--format', 'json'])\n"
            "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'jinja2', 'matplotlib', 'material'})\n"
            "print(json.dumps([code, loaded]), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    code_and_loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert code_and_loaded == [0, []], done.stderr[-2000:]
