"""The generator's layers point one way: read -> check -> derive -> site -> verify, commands on top.

Every module of ``generator/`` is listed in :data:`LAYERS` with its stage; a module may import
only modules of its own stage or of a stage below it (imports inside functions and under
``TYPE_CHECKING`` count too), and the import graph has no cycle. The table is also the map for
the coming move into stage packages (``read/``, ``check/``, ``derive/``, ``site/``, ``verify/``,
``commands/``): each module goes to the folder of its stage. Only the MkDocs adapter imports
MkDocs, and ``kerjasama validate`` runs without loading MkDocs or Jinja (checked in a fresh
interpreter, as a user runs it).
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

# module (without the ``generator.`` prefix) -> stage. "base" is what every stage shares: values
# without a stage of their own (the clock, the project's paths, the one diagnostic type, settings).
LAYERS: dict[str, str] = {
    "": "base", "clock": "base", "project": "base", "faults": "base", "parallel": "base",
    "settings": "base", "diagnostics": "base",
    # read: hostile text -> data + line map; the records; code lists; git history; mkdocs.yml
    "yamlstrict": "read", "loader": "read", "record": "read", "codelists": "read", "history": "read",
    "siteconfig": "read",
    # check: schema, rules, data files, the SOP code list, partner identity across files
    "fastschema": "check", "checker": "check", "privacy": "check", "partners": "check", "rules": "check",
    "sop": "check", "schemagen": "check", "datafiles": "check", "validate": "check",
    "provenance": "check", "provenance_rules": "check", "continuity": "check",
    # derive: one typed model of the register on an as-of date
    "status": "derive", "index": "derive", "control": "derive", "siteurls": "derive", "model": "derive",
    "derive": "derive", "recordview": "derive", "ringkasan": "derive",
    # the control loop's values: actions due, the URLs to check
    "followup": "derive", "links": "derive",
    # site: page families, open data, templates and their helpers, search index, example file
    "page": "site", "render": "site", "charts": "site", "search": "site", "scaffold": "site",
    "opendata": "site", "opendata.api": "site", "opendata.badge": "site", "opendata.calendar": "site",
    "opendata.computed": "site", "opendata.feed": "site", "opendata.openapi": "site", "opendata.table": "site",
    "opendata.urls": "site", "coverage": "site", "formschema": "site", "vendored": "site",
    "pages": "site", "pages.agreement": "site", "pages.catalogue": "site", "pages.codes": "site",
    "pages.evaluation": "site", "pages.expiry": "site", "pages.glossary": "site", "pages.guide": "site",
    "pages.home": "site", "pages.listing": "site", "pages.mapping": "site", "pages.opendata": "site",
    "pages.schema_reference": "site", "pages.sop": "site", "pages.tkksd": "site",
    "pages.coverage": "site", "pages.form": "site", "pages.redirects": "site",
    # verify: the post-build scan and inventory
    "sitescan": "verify", "postbuild": "verify",
    # commands: the command line, the build runner, the MkDocs adapter and what only they use
    "build": "commands", "publish": "commands", "lock": "commands", "reporters": "commands",
    "interview": "commands", "cli": "commands", "__main__": "commands", "mkdocs_plugin": "commands",
    "cli_control": "commands", "github_sync": "commands",
    # the spreadsheet door (kerjasama tabel): a command-line tool over the validator and the writer
    "spreadsheet": "commands", "spreadsheet.commands": "commands", "spreadsheet.export": "commands",
    "spreadsheet.flatten": "commands", "spreadsheet.importer": "commands", "spreadsheet.layout": "commands",
    "spreadsheet.merge": "commands", "spreadsheet.reader": "commands",
}

# Imports that still point up a stage, each with its reason; the test fails when one disappears,
# so this list only shrinks. rules (check) dates its "signed in the future" and expiry rules with
# the status computation.
UPWARD = {("rules", "status")}

ONLY_ADAPTER = {"mkdocs": {"mkdocs_plugin"}, "jinja2": {"mkdocs_plugin", "render"}}


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


def test_every_module_has_a_stage() -> None:
    assert sorted(set(_modules()) - set(LAYERS)) == []
    assert sorted(set(LAYERS) - set(_modules())) == []
    assert set(LAYERS.values()) <= set(STAGES)


def test_imports_point_down_the_stages() -> None:
    rank = {stage: n for n, stage in enumerate(STAGES)}
    upward = {(module, target) for module, targets in _graph().items() for target in targets
              if rank[LAYERS[target]] > rank[LAYERS[module]]}
    described = {f"{m} ({LAYERS[m]}) -> {t} ({LAYERS[t]})" for m, t in upward - UPWARD}
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
            "from generator.cli import main\n"
            f"code = main(['--root', {str(REPO)!r}, 'validate', '--as-of', '2026-12-04', '--format', 'json'])\n"
            "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'jinja2', 'matplotlib', 'material'})\n"
            "print(json.dumps([code, loaded]), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    code_and_loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert code_and_loaded == [0, []], done.stderr[-2000:]
