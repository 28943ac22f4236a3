"""The control-loop workflows (issue 15): daily follow-up issues and the weekly link check.

Linting (actionlint, zizmor, SHA pins, thin make calls, least privilege) is in test_workflows.py,
which reads every workflow; this file checks what these two must do.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
FLOWS = REPO / ".github" / "workflows"


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((FLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def on(data: dict[Any, Any]) -> Any:
    return data.get("on", data.get(True))


def test_follow_up_runs_daily_at_0100_wib_and_by_hand() -> None:
    data = load("tindak-lanjut.yml")
    assert on(data)["schedule"] == [{"cron": "0 18 * * *"}]  # 18:00 UTC = 01:00 WIB (UTC+7)
    assert "workflow_dispatch" in on(data)
    job = data["jobs"]["sinkron"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[0] == "make tindak-lanjut-sinkron"
    sync = next(step for step in job["steps"] if step.get("run") == "make tindak-lanjut-sinkron")
    assert sync["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert data["concurrency"]["cancel-in-progress"] is False  # two syncs at once could duplicate an issue


def test_link_check_is_weekly_cached_retried_and_never_fails_the_build() -> None:
    data = load("periksa-tautan.yml")
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", on(data)["schedule"][0]["cron"])
    assert "workflow_dispatch" in on(data)
    check = data["jobs"]["periksa"]
    assert "permissions" not in check  # the read-only token of the workflow
    steps = check["steps"]
    assert [s["run"] for s in steps if "run" in s] == ["make tautan"]
    lychee = next(s for s in steps if s.get("uses", "").startswith("lycheeverse/lychee-action@"))
    args = lychee["with"]["args"]
    assert "tautan.txt" in args and "--cache" in args and "--max-retries" in args
    assert lychee["with"]["fail"] is False
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".lycheecache"
    report = data["jobs"]["laporkan"]
    assert report["needs"] == "periksa"
    assert [s["run"] for s in report["steps"] if "run" in s] == ["make laporan-tautan"]
    env = next(s for s in report["steps"] if "run" in s)["env"]
    assert env["LYCHEE_EXIT_CODE"] == "${{ needs.periksa.outputs.kode }}"
    assert check["outputs"]["kode"] == "${{ steps.lychee.outputs.exit_code }}"


def test_lycheeignore_is_reasoned() -> None:
    lines = (REPO / ".lycheeignore").read_text(encoding="utf-8").splitlines()
    patterns = [line for line in lines if line.strip() and not line.startswith("#")]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)
        index = lines.index(pattern)
        assert lines[index - 1].startswith("#"), f"no reason given above {pattern}"


def test_make_targets_call_the_commands() -> None:
    proc = subprocess.run(["make", "-n", "tautan", "laporan-tautan", "tindak-lanjut-sinkron"], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=60)
    assert "kerjasama tautan > tautan.txt" in proc.stdout
    assert 'kerjasama tautan --laporkan lychee/out.md --kode-lychee "${LYCHEE_EXIT_CODE:-1}"' in proc.stdout
    assert "kerjasama tindak-lanjut --sinkron-github" in proc.stdout
