"""Reads and checks the register's data files other than agreements.

* ``schema/kode/tahapan-sop.yaml`` (the SOP as data) against ``schema/sop.schema.json``, plus
  its codes against the other code lists;
* ``data/tkksd.yaml`` (TKKSD membership by position and its work plan) against
  ``schema/tkksd.schema.json``, whose code-list ``$defs`` are refreshed from ``schema/kode/``;
* ``data/istilah.yaml`` (the public glossary) against ``schema/istilah.schema.json``;
* ``data/pengecualian-data-pribadi.yaml`` (the reviewed personal-data allow-list) against
  ``schema/pengecualian-data-pribadi.schema.json``: :func:`load_exemptions`, which the
  validator's environment calls, so ``kerjasama validate`` applies it as ``build`` does.

Problems are ordinary located diagnostics, so a broken data file stops the build with the same
messages the validator prints for agreements. A missing ``data/tkksd.yaml`` or ``data/istilah.yaml`` is not an
error: its page then says that no data has been recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry

from generator.check.checker import Schema, StrictValidator
from generator.check.privacy import EXEMPTIONS_FILE, EXEMPTIONS_SCHEMA, NO_EXEMPTIONS, Exemptions
from generator.check.schemagen import codelist_def
from generator.check.sop import code_problems
from generator.diagnostics import Diagnostic, json_path, make
from generator.project import Project
from generator.read.codelists import CodeLists
from generator.read.yamlstrict import read_text

SOP_FILE = "schema/kode/tahapan-sop.yaml"
SOP_SCHEMA = "schema/sop.schema.json"
TKKSD_FILE = "data/tkksd.yaml"
TKKSD_SCHEMA = "schema/tkksd.schema.json"
GLOSSARY_FILE = "data/istilah.yaml"
GLOSSARY_SCHEMA = "schema/istilah.schema.json"
# Optional data files: name in ``DataFiles.data`` -> (file, schema). A missing one is not an
# error; its page then says that nothing has been recorded.
OPTIONAL = {"tkksd": (TKKSD_FILE, TKKSD_SCHEMA), "istilah": (GLOSSARY_FILE, GLOSSARY_SCHEMA)}


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
    """Check the SOP file and read the optional data files that are present."""
    problems = check_sop(project, codelists)
    files = [SOP_FILE]
    data: dict[str, Any] = {}
    for name, (relative, schema) in OPTIONAL.items():
        if not (project.root / relative).is_file() or (project.root / relative).is_symlink():
            continue
        files.append(relative)
        value, found, _ = _read(project, relative, schema, codelists)
        problems.extend(found)
        if value is not None and not found:
            data[name] = value
    return DataFiles(tuple(files), data, tuple(sorted(problems)))


def load_exemptions(project: Project, codelists: CodeLists) -> tuple[Exemptions, tuple[Diagnostic, ...]]:
    """The reviewed allow-list of personal-data findings (``data/pengecualian-data-pribadi.yaml``).

    A missing file is an empty list. A malformed one is reported with its lines and lets nothing
    through, so a broken allow-list can only make the check stricter.
    """
    path = project.root / EXEMPTIONS_FILE
    if path.is_symlink():
        return NO_EXEMPTIONS, (make("tautan-simbolik", EXEMPTIONS_FILE, "Berkas ini adalah tautan simbolik."),)
    if not path.is_file():
        return NO_EXEMPTIONS, ()
    data, problems, lines = _read(project, EXEMPTIONS_FILE, EXEMPTIONS_SCHEMA, codelists)
    if data is None or problems:
        return NO_EXEMPTIONS, tuple(sorted(problems))
    return Exemptions.from_data(data, lines), ()
