"""`kerjasama build` harms nothing it does not own and never publishes half a site.

- A `--site-dir` that is, holds or lies inside a project input (or `.git`), and a non-empty folder
  that is not a site this tool built, are refused before anything is written.
- MkDocs builds beside the site; the site is replaced only after every check, so a failed or
  interrupted build (Ctrl-C, a full disk) leaves the previous site byte-identical.
- One lock per checkout: a second build, `generate` or the hooks' generation waits, then gives up.
- Faults of the machine are one Indonesian line with exit 1 (130 for Ctrl-C), never a traceback.

Tests run as root here and in CI, where chmod cannot make a folder read-only: faults are injected
at the write functions instead, or made real where root cannot help it (a file where a folder goes).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import AS_OF, file_tree, make_site_project

import generator.commands.build as build_module
from generator.commands import lock, mkdocs_plugin, publish
from generator.commands.cli import EXIT_INTERRUPTED, main
from generator.faults import Fault
from generator.project import Project

ARGS = ("--as-of", AS_OF.isoformat())


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.kerjasama-"))


def run(capsys: pytest.CaptureFixture[str], project: Project, *argv: str) -> tuple[int, str, str]:
    code = main(["--root", str(project.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_fault_line(err: str) -> str:
    """The last line of stderr, which must be the fault; no traceback anywhere."""
    assert "Traceback" not in err
    line = err.strip().splitlines()[-1]
    assert line.startswith("kerjasama: "), err
    return line


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A checkout with every input and a `.git` folder; the refusal tests never generate in it."""
    project = make_site_project(tmp_path_factory.mktemp("safety") / "repo")
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    for name in ("tests", "benchmarks"):
        (project.root / name).mkdir()
        (project.root / name / "keep.py").write_text("# kept\n", encoding="utf-8")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh checkout of the real register for tests that generate."""
    return make_site_project(tmp_path / "repo")


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    """A previously published site: this tool's marker and a page."""
    site = tmp_path / "site"
    (site / "katalog").mkdir(parents=True)
    (site / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
    (site / "katalog" / "index.html").write_text("<p>situs lama</p>\n", encoding="utf-8")
    return site


# --- refused output folders ----------------------------------------------------------------------
@pytest.mark.parametrize("site_dir", [
    "agreements", ".", "docs", "docs/_generated", "schema", "data", "generator", "tests", "benchmarks",
    "mkdocs.yml", ".git", ".git/objects", "agreements/situs", "..", "/",
])
def test_site_dir_on_a_project_input_is_refused(repo: Project, site_dir: str, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = file_tree(repo.root)
    monkeypatch.chdir(repo.root)  # relative, as typed at the command line
    code, out, err = run(capsys, repo, "build", "--site-dir", site_dir, *ARGS)
    assert code == 2
    line = one_fault_line(err)
    assert "--site-dir" in line and "situs tidak dibangun" in line and "(pilih folder" in line
    assert file_tree(repo.root) == before  # nothing deleted, nothing generated
    assert not repo.generated.exists() and out == ""


def test_foreign_folder_is_refused_and_kept(repo: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("rahasia\n", encoding="utf-8")
    (home / "catatan.txt").write_text("penting\n", encoding="utf-8")
    before = file_tree(home)
    code, _, err = run(capsys, repo, "build", "--site-dir", str(home), *ARGS)
    assert code == 2
    assert f"tanpa {publish.MARKER}" in one_fault_line(err)
    assert file_tree(home) == before


def test_default_site_that_links_to_a_foreign_folder_is_refused(repo: Project, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The default site/ is accepted without the marker (sites built before it), but not through a link."""
    foreign = tmp_path / "lain"
    foreign.mkdir()
    (foreign / "data.txt").write_text("x\n", encoding="utf-8")
    (repo.root / "site").symlink_to(foreign)
    try:
        code, _, err = run(capsys, repo, "build", *ARGS)
    finally:
        (repo.root / "site").unlink()
    assert code == 2 and "bukan situs hasil kerjasama build" in one_fault_line(err)
    assert (foreign / "data.txt").read_text(encoding="utf-8") == "x\n"


def test_site_path_that_is_a_file_is_a_fault(repo: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "site"
    target.write_text("bukan folder\n", encoding="utf-8")
    code, _, err = run(capsys, repo, "build", "--site-dir", str(target), *ARGS)
    assert code == 1
    assert "adalah berkas, bukan folder" in one_fault_line(err)
    assert target.read_text(encoding="utf-8") == "bukan folder\n"


@pytest.mark.parametrize("name", ["baru", "kosong", "situs-lama"])
def test_new_empty_and_marked_folders_are_accepted(repo: Project, tmp_path: Path, name: str) -> None:
    site = tmp_path / name
    if name != "baru":
        site.mkdir()
    if name == "situs-lama":
        (site / publish.MARKER).write_text(publish.MARKER_TEXT, encoding="utf-8")
        (site / "index.html").write_text("<p>lama</p>", encoding="utf-8")
    publish.check_site_dir(repo, site)  # no Fault
    publish.check_site_dir(repo, repo.root / "site")  # the checkout's own site/, marked or not


# --- failed and interrupted builds leave the previous site -------------------------------------
def fake_mkdocs(outcome: Callable[[], int]) -> Callable[..., int]:
    """MkDocs that writes half a site into its output folder, then ends as ``outcome`` says (one
    page that search indexes, so Pagefind, which runs after it, has something to index)."""
    def run_mkdocs(project: Project, site_dir: Path, as_of: object, **_: object) -> int:
        (site_dir / "katalog").mkdir(parents=True)
        (site_dir / "katalog" / "index.html").write_text(
            '<html lang="id"><body><article data-pagefind-body><h1>Katalog</h1><p>setengah</p></article></body></html>\n',
            encoding="utf-8")
        return outcome()
    return run_mkdocs


def _interrupt() -> int:
    raise KeyboardInterrupt


@pytest.mark.parametrize(("outcome", "code", "says"), [
    (_interrupt, EXIT_INTERRUPTED, "dihentikan"),
    (lambda: 1, 1, "mkdocs build --strict gagal; situs sebelumnya tidak diubah"),
    (lambda: 0, 1, "masalah pada situs hasil bangun; situs sebelumnya tidak diubah"),  # half a site fails the inventory
], ids=["ctrl-c", "mkdocs-fails", "checks-fail"])
def test_failed_build_leaves_previous_site(project: Project, old_site: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], outcome: Callable[[], int],
                                           code: int, says: str) -> None:
    before = file_tree(old_site)
    monkeypatch.setattr(build_module, "run_mkdocs", fake_mkdocs(outcome))
    got, _, err = run(capsys, project, "build", "--site-dir", str(old_site), *ARGS)
    assert got == code
    assert "Traceback" not in err and says in err.strip().splitlines()[-1]
    assert file_tree(old_site) == before
    assert leftovers(old_site) == []
    with lock.held(project.root, wait=0):  # released
        pass


def test_publish_fault_leaves_previous_site(project: Project, old_site: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = file_tree(old_site)
    monkeypatch.setattr(build_module, "run_mkdocs", fake_mkdocs(lambda: 0))
    monkeypatch.setattr(build_module, "POSTBUILD_CHECKS", ())

    def full_disk(staged: Path, site_dir: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(site_dir))

    monkeypatch.setattr(publish, "_swap", full_disk)
    code, _, err = run(capsys, project, "build", "--site-dir", str(old_site), *ARGS)
    assert code == 1
    assert one_fault_line(err) == (f"kerjasama: gagal menerbitkan situs: {old_site}: ruang disk penuh "
                                   "(kosongkan ruang disk lalu ulangi)")
    assert file_tree(old_site) == before and leftovers(old_site) == []


def test_unwritable_site_parent_is_a_fault(project: Project, old_site: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Root ignores chmod: the refusal of a read-only folder is injected where the folder is made."""
    def read_only(*_: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(publish.tempfile, "mkdtemp", read_only)
    code, _, err = run(capsys, project, "build", "--site-dir", str(old_site), *ARGS)
    assert code == 1
    assert "gagal menyiapkan folder situs" in one_fault_line(err) and "tidak ada izin" in err
    assert old_site.joinpath("katalog", "index.html").is_file()


def test_swap_replaces_the_site_whole(tmp_path: Path, old_site: Path) -> None:
    with publish.staging(old_site) as staged:
        (staged / "index.html").write_text("<p>baru</p>", encoding="utf-8")
        assert publish.publish(staged, old_site) is None
    assert file_tree(old_site) == {publish.MARKER: publish.MARKER_TEXT.encode(), "index.html": b"<p>baru</p>"}
    assert leftovers(old_site) == []


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path, old_site: Path) -> None:
    (tmp_path / ".site.kerjasama-baru-x" / "a").mkdir(parents=True)
    (tmp_path / ".site.kerjasama-lama-y").mkdir()
    # Pagefind's page links beside the staged site (generator/site/search.py), left by a killed build.
    (tmp_path / "..site.kerjasama-baru-x.pagefind-kerja-sama-0.z").mkdir()
    (tmp_path / ".situs-lain").mkdir()
    with publish.staging(old_site) as staged:
        assert leftovers(old_site) == [staged.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".situs-lain", "site"]


# --- generation faults -------------------------------------------------------------------------
def test_generated_folder_that_is_a_file_is_a_fault(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.generated.write_text("bukan folder\n", encoding="utf-8")
    code, _, err = run(capsys, project, "generate", *ARGS)
    assert code == 1
    assert "gagal menulis halaman ke docs/_generated" in one_fault_line(err)


@pytest.mark.parametrize(("error", "says"), [
    (OSError(errno.ENOSPC, "No space left on device"), "ruang disk penuh"),
    (PermissionError(errno.EACCES, "Permission denied"), "tidak ada izin"),
    (OSError(errno.EROFS, "Read-only file system"), "sistem berkas hanya-baca"),
])
def test_write_fault_in_generation_is_one_line(project: Project, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str], error: OSError, says: str) -> None:
    def failing(target: str, data: bytes) -> None:
        error.filename = target
        raise error

    monkeypatch.setattr(build_module, "_write_file", failing)
    code, _, err = run(capsys, project, "generate", *ARGS)
    assert code == 1
    line = one_fault_line(err)
    assert line.startswith("kerjasama: gagal menulis halaman ke docs/_generated: ") and says in line
    assert str(project.generated) in line


def test_write_fault_in_forked_children_arrives_as_one_line(project: Project, old_site: Path, forking: list[int],
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`build` generates in a forked child (in_child) whose forked worker (map_chunks) writes half the
    families: an OSError raised in the worker comes back through both as the same one-line fault."""
    parent = os.getpid()
    real_write = build_module._write_file
    monkeypatch.setattr(build_module, "PARALLEL_MIN_RECORDS", 1)

    def failing_in_a_child(target: str, data: bytes) -> None:
        if parent not in {os.getpid(), os.getppid()} and target.endswith(".json"):  # a worker of the child: open data
            (tmp_path / "raised-in").write_text(f"{os.getppid()}", encoding="utf-8")
            raise PermissionError(errno.EACCES, "Permission denied", target)
        real_write(target, data)

    monkeypatch.setattr(build_module, "_write_file", failing_in_a_child)
    before = file_tree(old_site)
    code, _, err = run(capsys, project, "build", "--site-dir", str(old_site), *ARGS)
    assert code == 1
    assert "gagal menulis halaman ke docs/_generated:" in one_fault_line(err) and "tidak ada izin" in err
    assert int((tmp_path / "raised-in").read_text(encoding="utf-8")) != parent  # a grandchild raised it
    assert file_tree(old_site) == before


def test_interrupted_generation_is_repaired_by_the_next(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Generation trusts no file it finds: after Ctrl-C halfway, a torn page and a stale file, the
    next generation writes the same tree as an undisturbed one."""
    assert run(capsys, project, "generate", *ARGS)[0] == 0
    clean = file_tree(project.generated)
    for page in list(project.generated.rglob("*.md"))[:5]:
        page.unlink()
    real_write = build_module._write_file
    written: list[str] = []

    def interrupted(target: str, data: bytes) -> None:
        if len(written) == 3:
            with open(target, "wb") as file:
                file.write(data[: len(data) // 2])  # torn mid-write
            raise KeyboardInterrupt
        written.append(target)
        real_write(target, data)

    monkeypatch.setattr(build_module, "_write_file", interrupted)
    code, _, err = run(capsys, project, "generate", *ARGS)
    assert code == EXIT_INTERRUPTED and "dihentikan" in one_fault_line(err)
    assert file_tree(project.generated) != clean
    (project.generated / "usang.md").write_text("---\ntitle: usang\n---\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "_write_file", real_write)
    assert run(capsys, project, "generate", *ARGS)[0] == 0
    assert file_tree(project.generated) == clean


# --- the lock ----------------------------------------------------------------------------------
def test_second_writer_gives_up_after_waiting(project: Project, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    with lock.held(project.root):  # flock: a second open file conflicts even in one process
        code, _, err = run(capsys, project, "generate", *ARGS)
    assert code == 1
    assert "Menunggu proses lain" in err
    assert "proses lain masih membangun atau menulis halaman proyek ini" in one_fault_line(err)
    assert not project.generated.exists()


def test_second_writer_goes_on_when_the_first_ends(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    taken, release = threading.Event(), threading.Event()

    def holder() -> None:
        with lock.held(project.root):
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    taken.wait(10)
    threading.Timer(0.5, release.set).start()
    try:
        code, out, err = run(capsys, project, "generate", *ARGS)
    finally:
        release.set()
        thread.join()
    assert code == 0 and "Menunggu proses lain" in err and "halaman dibuat" in out


def test_hooks_generation_takes_the_same_lock(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` regenerates through the plugin: it waits for a running build, then gives up."""
    from mkdocs.exceptions import PluginError  # noqa: PLC0415

    monkeypatch.delenv(mkdocs_plugin.READY_ENV, raising=False)
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.2)
    config = SimpleNamespace(config_file_path=str(project.root / "mkdocs.yml"))
    with lock.held(project.root), pytest.raises(PluginError, match="proses lain masih membangun"):
        mkdocs_plugin.KerjasamaPlugin().on_pre_build(config=config)  # type: ignore[arg-type]
    assert not project.generated.exists()


def test_fault_travels_from_a_forked_child(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import parallel  # noqa: PLC0415

    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)

    def fail() -> None:
        raise Fault("pesan", "saran", 2)

    with pytest.raises(Fault) as info:
        parallel.in_child(fail)
    assert (info.value.line(), info.value.exit_code) == ("pesan (saran)", 2)


# --- real builds -------------------------------------------------------------------------------
def kerjasama(project: Project, site: Path, *, cache: bool = True) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KERJASAMA_AS_OF=AS_OF.isoformat())
    if not cache:
        env["KERJASAMA_CACHE"] = "0"
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "build",
                             "--site-dir", str(site)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Path, dict[str, bytes]]]:
    root = tmp_path_factory.mktemp("built")
    project = make_site_project(root / "repo")
    site = root / "site"
    process = kerjasama(project, site)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out[-2000:] + err[-2000:]
    yield project, site, file_tree(site)


@pytest.mark.slow
def test_built_site_carries_the_marker(built: tuple[Project, Path, dict[str, bytes]]) -> None:
    _, site, files = built
    assert files[publish.MARKER] == publish.MARKER_TEXT.encode()
    assert "katalog/index.html" in files and leftovers(site) == []


def _staged_has_pages(site: Path) -> bool:
    return any(any(folder.iterdir()) for folder in site.parent.glob(f".{site.name}.kerjasama-baru-*"))


@pytest.mark.slow
@pytest.mark.parametrize("during", ["generation", "mkdocs"])
def test_ctrl_c_leaves_previous_site(built: tuple[Project, Path, dict[str, bytes]], during: str) -> None:
    """A real `kerjasama build` gets SIGINT while it generates (the staging folder beside the site
    exists, still empty) or while MkDocs writes into that folder. Without the build cache: a warm
    build can be past MkDocs before the signal is sent."""
    project, site, files = built
    ready = (lambda: bool(leftovers(site))) if during == "generation" else (lambda: _staged_has_pages(site))
    process = kerjasama(project, site, cache=False)
    deadline = time.monotonic() + 300
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == EXIT_INTERRUPTED, err[-2000:]
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("kerjasama: dihentikan")
    assert file_tree(site) == files
    assert leftovers(site) == []


@pytest.mark.slow
def test_two_builds_at_once_one_waits_and_the_site_is_whole(built: tuple[Project, Path, dict[str, bytes]]) -> None:
    project, site, files = built
    first, second = kerjasama(project, site), kerjasama(project, site)
    results = [process.communicate(timeout=600) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [err[-2000:] for _, err in results]
    assert any("Menunggu proses lain" in err for _, err in results)
    assert not any("Traceback" in err for _, err in results)
    assert file_tree(site) == files  # the same commit and as-of date: byte-identical, whole
    assert leftovers(site) == []
