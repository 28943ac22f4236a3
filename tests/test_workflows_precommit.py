"""pre-commit: our hook and check-jsonschema check the same schema, and agree where they can.

check-jsonschema (an independent JSON Schema validator, the same one the pre-commit hook runs)
is run on the fixture corpus and the real register:

* valid fixtures and agreements/: both accept every file;
* every fixture our validator rejects with a pure schema code (stage ``skema``): check-jsonschema
  rejects it too;
* every fixture whose only errors are cross-field or cross-record rules (stage ``aturan``):
  check-jsonschema accepts it. Only ``kerjasama validate`` catches those (ids, references,
  dates against each other, PP 28/2018 rules, unsafe URLs, personal data);
* file and YAML hazards (stages ``berkas`` and ``yaml``) are ours: check-jsonschema accepts some
  (merge keys, bidi and zero-width characters, file names) and crashes on a cyclic alias.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from constants import REPO

from generator.check.validate import Environment, validate
from generator.diagnostics import CATALOGUE
from generator.project import Project

FIXTURES = REPO / "tests" / "fixtures"
SCHEMA = "schema/kerja-sama.schema.json"
BIN = Path(sys.executable).parent
# Hostile files that make check-jsonschema itself fail (no report at all), not just reject.
CRASHES_CHECK_JSONSCHEMA = {"tests/fixtures/invalid/yaml-anchor-alias/alias-melingkar.yaml"}
# A few file and YAML hazards check-jsonschema accepts although ours refuses them (documentation).
ONLY_OURS_EXAMPLES = {
    "tests/fixtures/invalid/yaml-merge-key/kunci-gabung.yaml",
    "tests/fixtures/invalid/karakter-terlarang/bidi-rlo.yaml",
    "tests/fixtures/invalid/karakter-terlarang/pemisah-paragraf-u2029.yaml",
    "tests/fixtures/invalid/nama-berkas-tidak-sah/ekstensi-yml.yml",
}

# Schema errors that rest on how a value was written in YAML, which check-jsonschema does not see:
# JSON Schema calls 1e3 and 2024.0 integers, and the YAML 1.2 core schema reads True and FALSE as
# booleans. Ours keeps the token's kind (generator/read/yamlstrict.py, checker.StrictValidator).
ONLY_OURS_SCHEMA = {
    "tests/fixtures/invalid/skema-tipe/nilai-rupiah-eksponen.yaml",
    "tests/fixtures/invalid/skema-tipe/tahun-desimal.yaml",
    "tests/fixtures/invalid/skema-tipe/true-huruf-besar.yaml",
}


def invalid_files() -> list[Path]:
    return sorted(p for p in (FIXTURES / "invalid").rglob("*") if p.is_file())


def check_jsonschema(files: list[str]) -> dict[str, bool]:
    """File -> accepted, from one run of check-jsonschema with JSON output."""
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", SCHEMA, "--output-format", "json", *files],
                          cwd=REPO, capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(proc.stdout)
    rejected = {e["filename"] for e in report.get("errors", [])} | {e["filename"] for e in report.get("parse_errors", [])}
    return {f: f not in rejected for f in files}


def our_codes(env: Environment, as_of: dt.date, path: Path) -> set[str]:
    """Error codes of one fixture, checked the way the fixture corpus is (single file with valid/, or its folder)."""
    single = path.parent.parent == FIXTURES / "invalid"  # invalid/<code>/<file>, else invalid/<code>/<case>/<file>
    register = FIXTURES / "valid" if single else path.parent
    result = validate(Environment(Project(REPO, register=register), env.schema, env.codelists), as_of, [path])
    return {d.code for d in result.errors}


@pytest.fixture(scope="module")
def verdicts() -> dict[str, bool]:
    files = [p.relative_to(REPO).as_posix() for p in invalid_files()]
    files = [f for f in files if f not in CRASHES_CHECK_JSONSCHEMA]
    files += sorted(p.relative_to(REPO).as_posix() for p in (FIXTURES / "valid").glob("*.yaml"))
    files += sorted(p.relative_to(REPO).as_posix() for p in (REPO / "agreements").glob("*.yaml"))
    return check_jsonschema(files)


def test_both_accept_the_valid_fixtures_and_the_register(verdicts: dict[str, bool], env: Environment,
                                                         as_of: dt.date) -> None:
    good = [f for f in verdicts if not f.startswith("tests/fixtures/invalid/")]
    assert len(good) >= 15
    assert [f for f in good if not verdicts[f]] == []
    assert validate(env, as_of).errors == []


def test_they_agree_on_schema_errors_and_only_ours_sees_rules(verdicts: dict[str, bool], env: Environment,
                                                              as_of: dt.date) -> None:
    schema_cases, rule_cases, checked = [], [], 0
    for path in invalid_files():
        file = path.relative_to(REPO).as_posix()
        if file in CRASHES_CHECK_JSONSCHEMA:
            continue
        stages = {CATALOGUE[c].stage for c in our_codes(env, as_of, path)}
        checked += 1
        if "skema" in stages:
            schema_cases.append(file)
        elif stages == {"aturan"}:
            rule_cases.append(file)
    assert len(schema_cases) >= 20 and len(rule_cases) >= 10, (checked, len(schema_cases), len(rule_cases))
    assert [f for f in schema_cases if verdicts[f] and f not in ONLY_OURS_SCHEMA] == [], \
        "check-jsonschema accepted a schema error"
    assert sorted(ONLY_OURS_SCHEMA) == sorted(f for f in schema_cases if f in ONLY_OURS_SCHEMA)
    assert [f for f in sorted(ONLY_OURS_SCHEMA) if not verdicts[f]] == []
    assert [f for f in rule_cases if not verdicts[f]] == [], "a rule-only case is not a schema error"
    assert [f for f in sorted(ONLY_OURS_EXAMPLES) if not verdicts[f]] == []


def test_cyclic_alias_breaks_check_jsonschema_but_not_ours(env: Environment, as_of: dt.date) -> None:
    for file in CRASHES_CHECK_JSONSCHEMA:
        proc = subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", SCHEMA, "--output-format", "json", file],
                              cwd=REPO, capture_output=True, text=True, check=False, timeout=120)
        assert proc.returncode != 0
        assert our_codes(env, as_of, REPO / file) == {"yaml-anchor-alias"}


def test_pre_commit_config_runs_both_on_the_register() -> None:
    proc = subprocess.run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
                          cwd=REPO, capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}
    local_repo, ours = hooks["kerjasama-validate"]
    assert local_repo["repo"] == "local" and ours["entry"] == "make validate" and ours["pass_filenames"] is False
    remote, theirs = hooks["check-jsonschema"]
    assert remote["repo"] == "https://github.com/python-jsonschema/check-jsonschema"
    assert remote["rev"] == importlib.metadata.version("check-jsonschema")  # the hook runs what the test ran
    assert theirs["args"] == ["--schemafile", SCHEMA]
    for hook in (ours, theirs):
        assert re.search(hook["files"], "agreements/2024-kejari-datun-satpol-pp.yaml")
        assert not re.search(hook["files"], "generator/commands/cli.py")


def test_our_hook_runs_on_every_file_validate_reads() -> None:
    """kerjasama validate checks the data files too (issue 17): pre-commit must run it when they change."""
    import re  # noqa: PLC0415

    import yaml  # noqa: PLC0415

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "kerjasama-validate")
    for path in ("agreements/x.yaml", "data/tkksd.yaml", "data/istilah.yaml", "data/pengecualian-data-pribadi.yaml",
                 "schema/kode/tahapan-sop.yaml", "schema/kerja-sama.schema.json"):
        assert re.search(hook["files"], path), path
