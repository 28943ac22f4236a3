"""History from a real git repository made in the test, with fixed dates so results are reproducible."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, make_site_project
from constants import AS_OF

from generator.check.validate import Environment, validate
from generator.commands.build import generate
from generator.project import Project
from generator.read import history
from generator.read.siteconfig import load as load_config
from generator.settings import SiteConfig
from generator.site.opendata import urls

FIXTURE = REPO / "tests" / "fixtures" / "opendata"
KEPT = "2022-katingan-kb-air-minum"
RENAMED_FROM, RENAMED_TO = "2020-bank-kas-daerah", "2020-bank-contoh-kas-daerah"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str, date: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Petugas Uji", GIT_AUTHOR_EMAIL="uji@contoh.invalid", GIT_COMMITTER_NAME="Petugas Uji",
               GIT_COMMITTER_EMAIL="uji@contoh.invalid", GIT_CONFIG_NOSYSTEM="1", HOME=str(root))
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _commit(root: Path, message: str, date: str) -> str:
    _git(root, "add", "-A", "agreements")
    _git(root, "commit", "-q", "-m", message, date=date)
    return _git(root, "rev-parse", "HEAD").strip()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str]]:
    """A checkout with four commits: import, a field change, a broken then repaired file, a rename."""
    project = make_site_project(tmp_path_factory.mktemp("history") / "repo", FIXTURE)
    root = project.root
    _git(root, "init", "-q", "-b", "main")
    hashes = {"import": _commit(root, "Impor register awal", "2026-01-05T10:00:00+07:00")}
    kept = root / "agreements" / f"{KEPT}.yaml"
    _edit(kept, "nomor_naskah: 002/KB/2022", "nomor_naskah: 002/KB/II/2022")
    _edit(kept, "  - Pengolahan air baku\n", "  - Pengolahan air baku\n  - Pengujian mutu air\n")
    hashes["edit"] = _commit(root, "Nomor naskah dan ruang lingkup menurut naskah asli", "2026-03-02T09:30:00+07:00")
    original = kept.read_text(encoding="utf-8")
    kept.write_text(original + "judul: [tidak tertutup\n", encoding="utf-8")
    hashes["broken"] = _commit(root, "Salah ketik", "2026-03-03T08:00:00+07:00")
    kept.write_text(original, encoding="utf-8")
    hashes["repair"] = _commit(root, "Perbaiki salah ketik", "2026-03-03T08:05:00+07:00")
    old = root / "agreements" / f"{RENAMED_FROM}.yaml"
    new = root / "agreements" / f"{RENAMED_TO}.yaml"
    _git(root, "mv", str(old.relative_to(root)), str(new.relative_to(root)))
    _edit(new, f"id: {RENAMED_FROM}", f"id: {RENAMED_TO}")
    hashes["rename"] = _commit(root, "Ganti id naskah kas daerah", "2026-04-01T14:00:00+07:00")
    return project, hashes


def _history(project: Project) -> history.History:
    env = Environment.load(project)
    return history.collect(project, validate(env, AS_OF).records)


def test_changes_per_agreement(repo: tuple[Project, dict[str, str]]) -> None:
    project, hashes = repo
    found = _history(project)
    assert found.available and found.complete and found.reason == ""
    kept = found.of(KEPT)
    assert [c.commit for c in kept.changes] == [hashes[k] for k in ("repair", "broken", "edit", "import")]
    repair, broken, edit, created = kept.changes
    assert created.created and created.subject == "Impor register awal" and created.day == dt.date(2026, 1, 5)
    assert edit.fields == ("nomor_naskah", "ruang_lingkup") and edit.readable
    assert edit.committed == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert edit.short == hashes["edit"][:7]
    assert not broken.readable and broken.fields == ()
    assert not repair.readable  # the version before it could not be read, so the change is unknown
    assert kept.last == repair and kept.first == created


def test_history_follows_renames(repo: tuple[Project, dict[str, str]]) -> None:
    project, hashes = repo
    renamed = _history(project).of(RENAMED_TO)
    assert [c.commit for c in renamed.changes] == [hashes["rename"], hashes["import"]]
    assert renamed.changes[0].fields == ("id",)
    assert renamed.changes[0].path == f"agreements/{RENAMED_TO}.yaml"
    assert renamed.changes[1].path == f"agreements/{RENAMED_FROM}.yaml"


def test_recent_is_newest_first(repo: tuple[Project, dict[str, str]]) -> None:
    project, hashes = repo
    recent = _history(project).recent(3)
    assert [(rid, c.commit) for rid, c in recent] == [
        (RENAMED_TO, hashes["rename"]), (KEPT, hashes["repair"]), (KEPT, hashes["broken"])]


def test_outside_git_history_is_unavailable(tmp_path: Path) -> None:
    project = make_site_project(tmp_path / "copy", FIXTURE)
    found = _history(project)
    assert not found.available and len(found.entries) == 0
    assert "di luar repositori git" in found.reason


def test_a_project_inside_another_repository_does_not_borrow_its_history(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    project = make_site_project(outer / "nested", FIXTURE)
    _git(outer, "init", "-q", "-b", "main")
    _git(outer, "add", "-A")
    _git(outer, "commit", "-q", "-m", "luar", date="2026-01-01T00:00:00+07:00")
    assert not _history(project).available
    (project.root / ".git").mkdir()  # a .git that is not a repository: git fails, the build goes on
    broken = _history(project)
    assert not broken.available and "tidak dapat dibaca" in broken.reason


def test_a_given_history_travels_in_the_model_not_the_settings(repo: tuple[Project, dict[str, str]]) -> None:
    project, _ = repo
    given = history.History(True, entries={})
    generated = generate(project, AS_OF, SiteConfig(), history=given)  # git is not asked
    assert generated.model.history is given
    assert generated.model.history.of(KEPT).changes == ()
    assert not hasattr(SiteConfig(), "history")


def test_parsers() -> None:
    log = ("\x1eccc\x1fc\x1f2026-01-06T10:00:00+07:00\x1fGanti nama lagi\n\nR100\tagreements/b.yaml\tagreements/c.yaml\n"
           "\x1ebbb\x1fb\x1f2026-01-05T10:00:00+07:00\x1fGanti nama\n\nR097\tagreements/a.yaml\tagreements/b.yaml\n"
           "M\tagreements/z.yaml\n"
           "\x1eaaa\x1fa\x1f2026-01-04T10:00:00+07:00\x1fAwal\n\nA\tagreements/a.yaml\nA\tagreements/z.yaml\n"
           "\x1e000\x1f0\x1f2026-01-01T10:00:00+07:00\x1fBerkas lama yang dihapus\n\nD\tagreements/a.yaml\n")
    parsed = history.parse_log(log)
    assert [(c.short, [(t.status, t.path, t.old) for t in touches]) for c, touches in parsed] == [
        ("c", [("R", "agreements/c.yaml", "agreements/b.yaml")]),
        ("b", [("R", "agreements/b.yaml", "agreements/a.yaml"), ("M", "agreements/z.yaml", None)]),
        ("a", [("A", "agreements/a.yaml", None), ("A", "agreements/z.yaml", None)]),
        ("0", [("D", "agreements/a.yaml", None)]),
    ]
    found = history.follow(parsed, {"agreements/c.yaml": "c", "agreements/z.yaml": "z"})
    assert {rid: [(c.short, c.path) for c in commits] for rid, commits in found.items()} == {
        "c": [("c", "agreements/c.yaml"), ("b", "agreements/b.yaml"), ("a", "agreements/a.yaml")],
        "z": [("b", "agreements/z.yaml"), ("a", "agreements/z.yaml")],
    }  # the history of c ends where its first path was added; an older, deleted a.yaml is another file
    batch = b"aaa blob 4\nx: 1\nbbb missing\nccc blob 0\n\n"
    assert history.parse_batch(batch, 3) == [b"x: 1", None, b""]
    assert history.changed_fields({"a": 1, "b": [1]}, {"b": [1, 2], "c": None}) == ("a", "b", "c")


# --- the pages and outputs that show history ------------------------------------------------------
def _section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start:page.index("</section>", start)]


@pytest.fixture(scope="module")
def generated(repo: tuple[Project, dict[str, str]]) -> Callable[[str], str]:
    project, _ = repo
    generate(project, AS_OF, load_config(project.root))

    def read(path: str) -> str:
        return (project.generated / path).read_text(encoding="utf-8")

    return read


def test_agreement_page_shows_history(generated: Callable[[str], str], repo: tuple[Project, dict[str, str]]) -> None:
    _, hashes = repo
    page = _section(generated(f"kerja-sama/{KEPT}.md"), 'id="riwayat-perubahan"')
    assert "<strong>Terakhir diperbarui:</strong> <time datetime=\"2026-03-03\">3 Maret 2026</time>" in page
    assert f"/commit/{hashes['edit']}\"" in page
    # What changed in the data, in the schema's words; never the commit subject (developer text).
    assert "Nomor naskah dan ruang lingkup menurut naskah asli" not in page
    assert "Diperbarui: nomor naskah (Pemko) dan ruang lingkup." in page
    assert "<code>" not in page
    assert "Data diperbarui; bagian yang berubah tidak dapat ditentukan." in page
    assert page.count("<li><time") == 4
    # The footer's date (front matter, issue 16): the day the data last changed, from the same history.
    assert '\ndiubah: "3 Maret 2026"\n' in generated(f"kerja-sama/{KEPT}.md").split("\n---\n", 1)[0] + "\n"


def test_home_page_shows_recent_changes(generated: Callable[[str], str]) -> None:
    home = _section(generated("index.md"), 'aria-labelledby="perubahan-terbaru"')
    assert home.index(RENAMED_TO) < home.index(KEPT)
    assert "Diperbarui: ID register." in home
    assert "Ganti id naskah kas daerah" not in home  # the commit subject


def test_feed_and_json_carry_history(generated: Callable[[str], str], repo: tuple[Project, dict[str, str]]) -> None:
    _, hashes = repo
    feed = feedparser.parse(generated(urls.FEED))
    assert not feed.bozo
    change = next(e for e in feed.entries if e.id.endswith(f"/{KEPT}/perubahan/{hashes['edit']}"))
    assert change.updated == "2026-03-02T09:30:00+07:00"
    assert change.summary == "Diperbarui: nomor naskah (Pemko) dan ruang lingkup."
    created = next(e for e in feed.entries if e.id.endswith(f"/{KEPT}/baru"))
    assert created.updated == "2026-01-05T10:00:00+07:00"  # the first commit, not the signing date
    computed = json.loads(generated(urls.api_record(KEPT)))["terhitung"]
    assert computed["terakhir_diperbarui"] == {"tanggal": "2026-03-03", "commit": hashes["repair"][:7]}


def test_shallow_clone_is_reported_incomplete(repo: tuple[Project, dict[str, str]], tmp_path: Path) -> None:
    project, hashes = repo
    clone = tmp_path / "dangkal"
    _git(tmp_path, "clone", "-q", "--depth", "1", project.root.as_uri(), str(clone))
    shutil.copytree(project.root / "schema", clone / "schema")  # only agreements/ is committed
    found = _history(Project(clone))
    assert found.available and not found.complete
    assert "shallow clone" in found.reason
    only = found.of(KEPT).changes
    # The boundary commit shows every file as added; it is not where the agreement was added.
    assert [c.commit for c in only] == [hashes["rename"]]
    assert not only[0].created and not only[0].readable
