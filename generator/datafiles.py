"""Reads and checks the register's data files other than agreements.

* ``schema/kode/tahapan-sop.yaml`` (the SOP as data) against ``schema/sop.schema.json``, plus
  its codes against the other code lists;
* ``data/tkksd.yaml`` (TKKSD membership by position and its work plan) against
  ``schema/tkksd.schema.json``, whose code-list ``$defs`` are refreshed from ``schema/kode/``.

Problems are ordinary located diagnostics, so a broken data file stops the build with the same
messages the validator prints for agreements. A missing ``data/tkksd.yaml`` is not an error:
the TKKSD page then says that no data has been recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry

from generator.checker import Schema, StrictValidator
from generator.codelists import CodeLists
from generator.diagnostics import Diagnostic, json_path, make
from generator.project import Project
from generator.schemagen import codelist_def
from generator.sop import code_problems
from generator.yamlstrict import read_text

SOP_FILE = "schema/kode/tahapan-sop.yaml"
SOP_SCHEMA = "schema/sop.schema.json"
TKKSD_FILE = "data/tkksd.yaml"
TKKSD_SCHEMA = "schema/tkksd.schema.json"


@dataclass(frozen=True)
class DataFiles:
    """Checked data files: raw data by name (``tkksd``) and every problem found."""

    files: tuple[str, ...]
    data: Mapping[str, Any]
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def load_schema(path: Path, codelists: CodeLists) -> Schema:
    """A data-file schema whose code-list ``$defs`` come from the code lists, never the network."""
    document = json.loads(path.read_text(encoding="utf-8"))
    defs = document.get("$defs", {})
    document["$defs"] = {name: codelist_def(codelists[name]) if name in codelists.lists else value
                         for name, value in defs.items()}
    Draft202012Validator.check_schema(document)
    validator = StrictValidator(document, registry=Registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Schema(document, validator)


def _read(project: Project, relative: str, schema: str, codelists: CodeLists) -> tuple[Any, list[Diagnostic], Any]:
    path = project.root / relative
    parsed = read_text(path.read_bytes(), relative)
    if parsed.data is None:
        return None, list(parsed.diagnostics), parsed.lines
    problems = load_schema(project.root / schema, codelists).check(parsed.data, relative, parsed.lines)
    return parsed.data, list(parsed.diagnostics) + problems, parsed.lines


def check_sop(project: Project, codelists: CodeLists) -> list[Diagnostic]:
    data, problems, lines = _read(project, SOP_FILE, SOP_SCHEMA, codelists)
    if data is None or problems:
        return problems
    for path, message in code_problems(data, codelists):
        line, column = lines.get(path, (1, 1))
        problems.append(make("skema-nilai-tidak-dikenal", SOP_FILE, message.capitalize() + ".",
                             line=line, column=column, json_path=json_path(path)))
    return problems


def load(project: Project, codelists: CodeLists) -> DataFiles:
    """Check the SOP file and read ``data/tkksd.yaml`` when present."""
    problems = check_sop(project, codelists)
    files = [SOP_FILE]
    data: dict[str, Any] = {}
    if (project.root / TKKSD_FILE).is_file() and not (project.root / TKKSD_FILE).is_symlink():
        files.append(TKKSD_FILE)
        tkksd, found, _ = _read(project, TKKSD_FILE, TKKSD_SCHEMA, codelists)
        problems.extend(found)
        if tkksd is not None and not found:
            data["tkksd"] = tkksd
    return DataFiles(tuple(files), data, tuple(sorted(problems)))
