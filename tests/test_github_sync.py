"""Follow-up issues synced with a local fake of the GitHub REST API: create, comment, close, reopen,
never duplicate; pagination; rate limits waited out or reported."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakegithub import TOKEN, FakeGitHub, serve

from generator.commands import github_sync
from generator.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "followup"
FILLERS = 120  # more than one page of 100: the issues the sync makes land on the second page


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("schema", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    shutil.copytree(FIXTURES, tmp_path / "agreements")
    return tmp_path


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    with serve() as server:
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        yield server


def day(root: Path, fake: FakeGitHub, as_of: str) -> list[tuple[str, str]]:
    """One daily run; the writes it made (method, path)."""
    before = len(fake.requests)
    assert main(["--root", str(root), "tindak-lanjut", "--sinkron-github", "--as-of", as_of]) == 0
    return [(m, p) for m, p in fake.requests[before:] if m != "GET"]


def by_key(fake: FakeGitHub) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for issue in fake.issues.values():
        if "pull_request" in issue:
            continue
        mark = github_sync.read_marker(str(issue["body"]), github_sync.FOLLOWUP_KIND)
        if mark is not None:
            assert mark[0] not in found, f"duplicate issue for {mark[0]}"
            found[mark[0]] = issue
    return found


def test_three_days_create_comment_close_and_never_duplicate(root: Path, fake: FakeGitHub) -> None:
    for n in range(FILLERS):  # hand-made issues with the label but no marker are left alone
        fake.add(f"Catatan {n}", "dibuat petugas", [github_sync.LABEL])
    fake.add("PR", "<!-- kerjasama:tindak-lanjut kunci=2021-kb-air-bersih:segera-berakhir sidik=0 -->",
             [github_sync.LABEL], pull=True)  # a pull request is not an issue

    # Day 1: 61 days before the end (90-day window); the decision is already late.
    day(root, fake, "2025-12-01")
    issues = by_key(fake)
    assert set(issues) == {"2021-kb-air-bersih:segera-berakhir", "2021-kb-air-bersih:keputusan-terlambat",
                           "2025-kb-pariwisata:data-belum-lengkap"}
    ending = issues["2021-kb-air-bersih:segera-berakhir"]
    assert ending["title"] == "Segera berakhir: Kesepakatan Bersama Layanan Air Bersih"
    assert {label["name"] for label in ending["labels"]} == {  # type: ignore[attr-defined]
        "tindak-lanjut", "alasan:segera-berakhir", "unit:dinas_perkim"}
    assert all(int(i["number"]) > FILLERS for i in issues.values())  # type: ignore[call-overload]
    # labels made first: GitHub would drop unknown ones, and an unlabelled issue is not found again
    assert {"tindak-lanjut", "alasan:segera-berakhir", "unit:dinas_perkim", "unit:dinas_pariwisata"} <= fake.labels

    # Day 1 again: nothing changed, nothing written (the issues are found on page 2).
    assert day(root, fake, "2025-12-01") == []
    assert any("page=2" in path for method, path in fake.requests if method == "GET")

    # Day 2: the 30-day window: the same issue gets a comment and a new body; no new issue.
    number = int(ending["number"])  # type: ignore[call-overload]
    writes = day(root, fake, "2026-01-10")
    assert sorted(writes) == [("PATCH", f"/repos/o/r/issues/{number}"),
                              ("POST", f"/repos/o/r/issues/{number}/comments")]
    assert fake.comments[number][0].startswith("**Fakta berubah.**")
    assert "30 hari" in str(fake.issues[number]["body"])
    assert set(by_key(fake)) == set(issues)

    # Day 3: the agreement ended without a decision; the two earlier actions are resolved.
    day(root, fake, "2026-04-01")
    after = by_key(fake)
    assert set(after) == set(issues) | {
        "2021-kb-air-bersih:berakhir-tanpa-keputusan", "2025-kb-pariwisata:tahap-terlambat",
        "2025-kb-pariwisata:tanpa-tindak-lanjut", "2026-kb-pembahasan:tahap-terlambat"}
    for key in ("2021-kb-air-bersih:segera-berakhir", "2021-kb-air-bersih:keputusan-terlambat"):
        closed = after[key]
        assert closed["state"] == "closed"
        assert fake.comments[int(closed["number"])][-1].startswith("**Selesai.**")  # type: ignore[call-overload]
    assert after["2025-kb-pariwisata:data-belum-lengkap"]["state"] == "open"

    # Day 3 again: closed issues stay closed and get no second comment; nothing is duplicated.
    assert day(root, fake, "2026-04-01") == []


def test_a_closed_issue_due_again_is_reopened_not_duplicated(root: Path, fake: FakeGitHub) -> None:
    day(root, fake, "2026-04-01")
    key = "2026-kb-pembahasan:tahap-terlambat"
    number = int(by_key(fake)[key]["number"])  # type: ignore[call-overload]
    fake.issues[number]["state"] = "closed"  # closed by hand (or resolved earlier) while still due
    writes = day(root, fake, "2026-04-02")
    assert sorted(writes) == [("PATCH", f"/repos/o/r/issues/{number}"),
                              ("POST", f"/repos/o/r/issues/{number}/comments")]
    assert fake.issues[number]["state"] == "open"
    assert fake.comments[number][-1].startswith("**Dibuka kembali.**")
    assert len(by_key(fake)) == 5


def test_resolved_then_due_again_reopens(root: Path, fake: FakeGitHub) -> None:
    """Resolved by the data (closed), then due again after a later edit: the same issue reopens."""
    day(root, fake, "2026-04-01")
    path = root / "agreements" / "2026-kb-pembahasan.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace('    tenggat: "2026-02-01"\n', '    tenggat: "2026-02-01"\n'
                                     '    tanggal_selesai: "2026-03-01"\n'), encoding="utf-8")
    day(root, fake, "2026-04-02")
    key = "2026-kb-pembahasan:tahap-terlambat"
    issue = by_key(fake)[key]
    assert issue["state"] == "closed"
    path.write_text(original, encoding="utf-8")  # the finish date was wrong and is removed again
    day(root, fake, "2026-04-03")
    assert by_key(fake)[key]["state"] == "open"
    assert [c[:18] for c in fake.comments[int(issue["number"])]] == [  # type: ignore[call-overload]
        "**Selesai.** Tinda", "**Dibuka kembali.*"]


def test_labels_added_by_hand_are_kept_when_the_unit_changes(root: Path, fake: FakeGitHub) -> None:
    day(root, fake, "2026-04-01")
    key = "2026-kb-pembahasan:tahap-terlambat"
    number = int(by_key(fake)[key]["number"])  # type: ignore[call-overload]
    fake.labels.add("prioritas")
    fake.issues[number]["labels"].append({"name": "prioritas"})
    path = root / "agreements" / "2026-kb-pembahasan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("perangkat_daerah: dinas_perdagangan",
                                                             "perangkat_daerah: dinas_pariwisata"), encoding="utf-8")
    day(root, fake, "2026-04-01")
    assert sorted(label["name"] for label in fake.issues[number]["labels"]) == [
        "alasan:tahap-terlambat", "prioritas", "tindak-lanjut", "unit:dinas_pariwisata"]
    assert fake.comments[number][-1].startswith("**Fakta berubah.**")


def test_plan_is_pure_and_matches_the_rules() -> None:
    assert github_sync.plan([], []) == []
    stale = github_sync.Issue(7, "open", "x", github_sync.marker(github_sync.FOLLOWUP_KIND, "a:b", "0"))
    ops = github_sync.plan([], [stale])
    assert [(op.kind, op.number) for op in ops] == [("comment", 7), ("update", 7)]
    assert ops[1].payload == {"state": "closed", "state_reason": "completed"}


def client(fake: FakeGitHub, slept: list[float], *, max_wait: float = 60) -> github_sync.GitHub:
    return github_sync.GitHub("o/r", TOKEN, fake.url, max_wait=max_wait, sleep=slept.append, clock=lambda: 1000.0)


def test_rate_limit_is_waited_out_when_short(fake: FakeGitHub) -> None:
    fake.add("a", "b", [github_sync.LABEL])
    fake.rate_limits += [(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1010"}),
                         (429, {"retry-after": "3"})]
    slept: list[float] = []
    found = list(client(fake, slept).issues(github_sync.LABEL))
    assert [i.number for i in found] == [1]
    assert slept == [11.0, 3.0]  # until the reset (+1 s), then the retry-after


def test_rate_limit_too_long_fails_clearly(fake: FakeGitHub) -> None:
    fake.rate_limits.append((429, {"retry-after": "3600"}))
    slept: list[float] = []
    with pytest.raises(github_sync.SyncError, match=r"batas laju GitHub.*3600 detik"):
        list(client(fake, slept).issues(github_sync.LABEL))
    assert slept == []


def test_rate_limit_that_does_not_lift_fails_after_the_attempts(fake: FakeGitHub) -> None:
    fake.rate_limits += [(429, {"retry-after": "1"})] * 5
    slept: list[float] = []
    with pytest.raises(github_sync.SyncError, match="batas laju"):
        client(fake, slept).create({"title": "t", "body": "b"})
    assert slept == [1.0, 1.0] and fake.issues == {}


def test_rate_limit_in_the_command_exits_1_with_a_message(root: Path, fake: FakeGitHub,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    fake.rate_limits.append((403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999"}))
    assert main(["--root", str(root), "tindak-lanjut", "--sinkron-github", "--as-of", "2026-04-01"]) == 1
    assert "batas laju GitHub" in capsys.readouterr().err
    assert fake.issues == {}


def test_a_refusal_that_is_not_a_rate_limit_is_not_retried(fake: FakeGitHub) -> None:
    bad = github_sync.GitHub("o/r", "wrong", fake.url, sleep=lambda s: None)
    with pytest.raises(github_sync.SyncError, match="HTTP 401"):
        list(bad.issues(github_sync.LABEL))
    assert len(fake.requests) == 1


def test_sync_needs_a_token(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["--root", str(root), "tindak-lanjut", "--sinkron-github", "--as-of", "2026-04-01"]) == 2
    assert "GITHUB_TOKEN" in capsys.readouterr().err


def test_link_report_keeps_one_marker_issue(tmp_path: Path, fake: FakeGitHub) -> None:
    report = tmp_path / "out.md"
    report.write_text("| Errors | 1 |\n\n- [404] https://example.org/hilang\n", encoding="utf-8")
    args = ["tautan", "--laporkan", str(report)]
    assert main([*args, "--kode-lychee", "2"]) == 0
    assert main([*args, "--kode-lychee", "2"]) == 0  # the same report: nothing new
    assert len(fake.issues) == 1
    issue = fake.issues[1]
    assert issue["state"] == "open" and "https://example.org/hilang" in str(issue["body"])
    assert json.dumps(issue["labels"]) == json.dumps([{"name": github_sync.LINK_LABEL}])
    report.write_text("| Errors | 0 |\n", encoding="utf-8")
    assert main([*args, "--kode-lychee", "0"]) == 0
    assert fake.issues[1]["state"] == "closed" and len(fake.issues) == 1
    assert fake.comments[1][-1].startswith("**Selesai.**")


def test_a_next_page_on_another_host_is_refused() -> None:
    client = github_sync.GitHub("o/r", TOKEN, "https://api.github.com")
    assert client._next('<https://api.github.com/repos/o/r/issues?page=2>; rel="next"') == (
        "https://api.github.com/repos/o/r/issues?page=2")
    assert client._next("") is None
    with pytest.raises(github_sync.SyncError, match="alamat lain"):
        client._next('<https://evil.example/steal>; rel="next"')
