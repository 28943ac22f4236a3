"""Search bundles (issue 16): a large register's agreement pages are indexed by Pagefind in bundles of their own.

The bundle an agreement is in depends on its id only (a hash prefix) and on the number of bits,
which grows with the register: checked on made-up ids. Then one small register (tests/fixtures/site,
9 agreements) is built by ``kerjasama build`` with the bundle size lowered to 5, which splits its
agreement pages into two bundles beside ``pagefind/``: the Cari page names them, an edit of one
record runs Pagefind for that record's bundle only (Pagefind's runs are counted), and the warm
result equals a cold build byte for byte. The post-build scan trusts each bundle's Pagefind code by
its pinned hash and refuses anything else there. (A search in Chromium: tests/browser/test_search_bundles.py.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import AS_OF, REPO, file_tree, located, make_site_project

from generator import cachedir
from generator.commands.cli import main
from generator.site import search
from generator.verify.sitescan import Scanner

FIXTURE = REPO / "tests" / "fixtures" / "site"
SIZE = 5  # 9 agreements: two agreement bundles of 4 and 5 pages
EDITED = "2021-swasta-parkir"
IDS = [f"{2010 + i % 17}-mitra-{i:05d}-kerja-sama" for i in range(20_000)]


def test_bits_grow_with_the_register() -> None:
    assert [search.split_bits(n, 5_000) for n in (0, 43, 5_000, 5_001, 10_000, 10_001, 20_000, 50_000)] == \
        [0, 0, 0, 1, 1, 2, 2, 4]
    assert search.split_bits(10**9, 1) == search.MAX_BITS
    assert search.partition(IDS[:5_000], 5_000) == {}  # one bundle: pagefind/ as before
    assert search.partition(IDS[:43]) == {}  # the default size


def test_an_agreement_stays_in_its_bundle_until_the_register_doubles() -> None:
    def where(groups: dict[str, list[str]]) -> dict[str, str]:
        return {agreement_id: folder for folder, ids in groups.items() for agreement_id in ids}

    six, ten = where(search.partition(IDS[:6_000], 5_000)), where(search.partition(IDS[:10_000], 5_000))
    assert set(six.values()) == {f"{search.BUNDLE_PREFIX}0", f"{search.BUNDLE_PREFIX}1"}
    assert all(ten[agreement_id] == folder for agreement_id, folder in six.items())  # 4,000 added: none moved
    edited = where(search.partition([*IDS[:4_999], "2026-baru", *IDS[5_000:10_000]], 5_000))  # one replaced
    assert all(edited[agreement_id] == folder for agreement_id, folder in ten.items() if agreement_id in edited)
    # Past 10,000 each bundle splits in two: an agreement goes into a half of its own bundle.
    split = search.partition(IDS[:10_001], 5_000)
    assert len(split) == 4
    assert all(where(split)[agreement_id].startswith(folder) for agreement_id, folder in ten.items())
    sizes = [len(ids) for ids in search.partition(IDS, 5_000).values()]
    assert len(sizes) == 4 and sum(sizes) == 20_000 and max(sizes) <= 5_000 * 1.05


def test_the_bundle_size_is_a_positive_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(search.BUNDLE_ENV, raising=False)
    assert search.bundle_size() == search.BUNDLE_SIZE
    monkeypatch.setenv(search.BUNDLE_ENV, "12")
    assert search.bundle_size() == 12
    for wrong in ("0", "-3", "lima", "2.5"):
        monkeypatch.setenv(search.BUNDLE_ENV, wrong)
        with pytest.raises(ValueError, match=search.BUNDLE_ENV):
            search.bundle_size()


def test_bundle_folders() -> None:
    assert search.is_bundle("pagefind") and search.is_bundle("pagefind-kerja-sama-0110")
    assert not any(search.is_bundle(name) for name in ("pagefind-kerja-sama-", "pagefind-kerja-sama-2",
                                                       "pagefind-kerja-sama-01/x", "pagefindx", "kerja-sama"))


class Builds:
    """`kerjasama build` of one project into numbered site folders, counting Pagefind's runs."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
        self.root, self.monkeypatch, self.capfd = root, monkeypatch, capfd
        self.project = make_site_project(root / "repo", FIXTURE)
        self.count = 0
        self.runs: list[str] = []
        tool, real_run = str(search.executable()), subprocess.run

        def counting(argv: list[str], *args: object, **kwargs: object) -> object:
            if argv and argv[0] == tool:
                self.runs.append(Path(argv[argv.index("--output-path") + 1]).name)
            return real_run(argv, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(search.subprocess, "run", counting)

    def build(self, cache: Path) -> tuple[Path, list[str]]:
        """The built site and the bundles Pagefind ran for."""
        self.count += 1
        site = self.root / f"site-{self.count}"
        self.monkeypatch.setenv(cachedir.ENVIRONMENT, str(cache))
        self.monkeypatch.delenv(cachedir.SWITCH, raising=False)
        self.runs.clear()
        self.capfd.readouterr()
        code = main(["--root", str(self.project.root), "build", "--as-of", AS_OF.isoformat(), "--site-dir", str(site)])
        out, err = self.capfd.readouterr()
        assert code == 0, out[-3000:] + err[-3000:]
        return site, list(self.runs)


def _named(site: Path) -> str | None:
    html = (site / "cari" / "index.html").read_text(encoding="utf-8")
    box = html[html.index('<div id="ks-cari"'):]
    box = box[:box.index(">")]
    return box.split('data-ks-bundles="')[1].split('"')[0] if "data-ks-bundles" in box else None


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture register built once with bundles of at most about 5 agreement pages."""
    root = tmp_path_factory.mktemp("bundles")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(search.BUNDLE_ENV, str(SIZE))
        monkeypatch.setenv(cachedir.SWITCH, "0")
        project = make_site_project(root / "repo", FIXTURE)
        site = root / "site"
        assert main(["--root", str(project.root), "build", "--as-of", AS_OF.isoformat(), "--site-dir", str(site)]) == 0
    return site


def test_an_edit_runs_pagefind_for_its_bundle_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(search.BUNDLE_ENV, str(SIZE))
    builds = Builds(tmp_path, monkeypatch, capfd)
    groups = search.partition(p.stem for p in (builds.project.root / "agreements").glob("*.yaml"))
    assert [len(ids) for ids in groups.values()] == [4, 5]
    edited_bundle = next(folder for folder, ids in groups.items() if EDITED in ids)
    warm_cache = tmp_path / "cache-warm"

    first, runs = builds.build(warm_cache)
    assert runs == [search.FOLDER, *groups]  # one after another, pagefind/ first
    assert sorted(p.name for p in first.iterdir() if search.is_bundle(p.name)) == [search.FOLDER, *groups]
    assert _named(first) == " ".join(f"../{folder}/" for folder in groups)
    pages = {folder: search.plan(first)[i].pages for i, folder in enumerate([search.FOLDER, *groups])}
    assert not any(p.is_relative_to(first / "kerja-sama") for p in pages[search.FOLDER])
    for folder, ids in groups.items():
        assert sorted(p.parent.name for p in pages[folder]) == ids

    again, runs = builds.build(warm_cache)  # nothing changed: every bundle copied from the cache
    assert runs == []
    assert file_tree(again) == file_tree(first)

    # A scope item, shown on the record's own page only: Pagefind runs for its bundle, nothing else.
    record = builds.project.root / "agreements" / f"{EDITED}.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("  - Penarikan retribusi parkir\n", "  - Penarikan retribusi parkir dan pengawasan "
                                   "juru parkir liar\n", 1), encoding="utf-8")
    assert record.read_text(encoding="utf-8") != text
    warm, runs = builds.build(warm_cache)
    assert runs == [edited_bundle]
    cold, cold_runs = builds.build(tmp_path / "cache-cold")
    assert cold_runs == [search.FOLDER, *groups]
    assert file_tree(warm) == file_tree(cold)
    assert file_tree(warm / edited_bundle) != file_tree(first / edited_bundle)
    assert all(file_tree(warm / folder) == file_tree(first / folder) for folder in [search.FOLDER, *groups]
               if folder != edited_bundle)

    # The default size: one bundle again, pagefind/ over every page, named nowhere; the split's entries go.
    monkeypatch.delenv(search.BUNDLE_ENV)
    single, runs = builds.build(warm_cache)
    assert runs == [search.FOLDER]
    assert [p.name for p in single.iterdir() if search.is_bundle(p.name)] == [search.FOLDER]
    assert _named(single) is None
    assert sorted(p.name for p in (warm_cache / search.FOLDER).iterdir()) == [search.FOLDER]


def test_the_inventory_finds_a_bundle_the_search_page_does_not_name(split_site: Path, tmp_path: Path) -> None:
    from generator.verify.postbuild import search_entries  # noqa: PLC0415

    ids = sorted(p.name for p in (split_site / "kerja-sama").iterdir())
    assert search_entries(split_site) == ids
    site = tmp_path / "site"
    shutil.copytree(split_site, site)
    cari = site / "cari" / "index.html"
    named = _named(site)
    assert named is not None
    cari.write_text(cari.read_text(encoding="utf-8").replace(named, named.split()[0]), encoding="utf-8")
    assert search_entries(site)[-1].startswith("<bundel indeks di halaman Cari: pagefind-kerja-sama-0; di situs: ")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("tambahan.js", b"alert(1)", "berkas tak dikenal di folder Pagefind"),
    ("fragment/x.js", b"alert(1)", "berkas tak dikenal di folder Pagefind"),
    ("pagefind-ui.css.map", b"{}", "berkas tak dikenal di folder Pagefind"),
    ("pagefind.js", None, "berkas Pagefind berubah (bukan versi 1.5.2 yang tercatat)"),
])
def test_the_scan_refuses_foreign_code_in_every_bundle(split_site: Path, tmp_path: Path, name: str,
                                                       content: bytes | None, expected: str) -> None:
    bundles = sorted(p.name for p in split_site.iterdir() if search.is_bundle(p.name))
    assert len(bundles) == 3
    clean, site = tmp_path / "clean", tmp_path / "site"  # two folders: the scan keeps a path's hash
    docs = REPO / "docs"
    for folder in bundles:
        shutil.copytree(split_site / folder, clean / folder)
        shutil.copytree(split_site / folder, site / folder)
    assert Scanner(clean, docs, "localhost:8000").scan() == []  # Pagefind's own files, in each bundle
    for folder in bundles:
        target = site / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if content is not None else target.read_bytes() + b";window.__pwned=1")
    problems = Scanner(site, docs, "localhost:8000").scan()
    assert located(problems) == [f"{folder}/{name}:1: {expected}" for folder in bundles]


def test_a_page_may_load_a_bundle_script_only_as_written_by_pagefind(split_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    folder = f"{search.BUNDLE_PREFIX}1"
    shutil.copytree(split_site / folder, site / folder)
    (site / "pagefind-kerja-sama-x").mkdir()  # not a bundle's name: Pagefind's bytes are not trusted there
    shutil.copy2(split_site / folder / "pagefind-ui.js", site / "pagefind-kerja-sama-x" / "pagefind-ui.js")
    page = site / "cari" / "index.html"
    page.parent.mkdir(parents=True)

    def scripts(folder: str) -> str:
        return f'<html><body><script src="../{folder}/pagefind-ui.js"></script></body></html>'

    page.write_text(scripts(folder), encoding="utf-8")
    assert Scanner(site, REPO / "docs", "localhost:8000").scan() == []
    page.write_text(scripts("pagefind-kerja-sama-x"), encoding="utf-8")
    assert [d.code for d in Scanner(site, REPO / "docs", "localhost:8000").scan()] == ["situs-skrip"]
    tampered = f"{search.BUNDLE_PREFIX}0"  # another path: the scan keeps a path's hash
    shutil.copytree(split_site / tampered, site / tampered)
    (site / tampered / "pagefind-ui.js").write_bytes((site / tampered / "pagefind-ui.js").read_bytes() + b";1")
    page.write_text(scripts(tampered), encoding="utf-8")
    assert "situs-skrip" in [d.code for d in Scanner(site, REPO / "docs", "localhost:8000").scan()]
